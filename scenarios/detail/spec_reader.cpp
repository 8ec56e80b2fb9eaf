#include "scenarios/detail/spec_reader.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace govgrid::detail {

namespace {

const std::vector<std::string> kLevelKeys = {"grid", "community", "street", "department"};
const std::vector<std::string> kAgeKeys = {"young", "adult", "elderly"};
// Sums of shares are typed by hand (0.33 + 0.33 + 0.34): allow rounding, not real gaps.
constexpr double kSumTolerance = 1e-6;

std::string format_number(double v) { return fmt::format("{:.6g}", v); }

/// `grid 0.4 + community 0.3 + …` for sum messages.
template <std::size_t N>
std::string sum_terms(const std::vector<std::string>& names, const std::array<double, N>& v) {
  std::vector<std::string> terms;
  for (std::size_t i = 0; i < N; ++i) terms.push_back(names[i] + " " + format_number(v[i]));
  return join(terms, " + ");
}

/// A map of shares keyed by `names`; absent keys are 0. With `sum_to_one`, the shares must
/// add up to 1. Returns true when `out` was set.
template <std::size_t N>
bool read_shares(const MapReader& parent, std::string_view key, std::array<double, N>& out,
                 const std::vector<std::string>& names, bool sum_to_one, Need need) {
  const std::string what = fmt::format("a map of shares by {}", join(names, "/"));
  if (need == Need::required && !parent.require(key, what)) return false;
  if (!parent.has(key)) return false;
  const MapReader map(parent.log(), parent.get(key), parent.at(key), names, what);
  if (!map.is_map()) return false;
  std::array<double, N> v{};
  bool ok = true;
  for (std::size_t i = 0; i < N; ++i)
    ok = (!map.has(names[i]) || map.number(names[i], v[i], kShare)) && ok;
  if (!ok) return false;
  if (sum_to_one) {
    double sum = 0.0;
    for (double s : v) sum += s;
    if (std::abs(sum - 1.0) > kSumTolerance) {
      parent.log().add(map.path(), map.node(),
                       fmt::format("expected shares summing to 1, got {} ({})", format_number(sum),
                                   sum_terms(names, v)));
      return false;
    }
  }
  out = v;
  return true;
}

/// A map of distributions keyed by `names` (levels); absent keys keep their defaults.
template <std::size_t N>
void read_distributions(const MapReader& parent, std::string_view key,
                        std::array<Distribution, N>& out, const std::vector<std::string>& names) {
  if (!parent.has(key)) return;
  const MapReader map(parent.log(), parent.get(key), parent.at(key), names,
                      fmt::format("a map of distributions by {}", join(names, "/")));
  for (std::size_t i = 0; i < N; ++i) map.distribution(names[i], out[i]);
}

void read_shift(const MapReader& parent, std::string_view key, ShiftSpec& out) {
  if (!parent.has(key)) return;
  const MapReader m(parent.log(), parent.get(key), parent.at(key),
                    {"start_h", "hours", "days_per_week", "max_overtime_h_per_day"},
                    "a shift (a map with start_h, hours, days_per_week, max_overtime_h_per_day)");
  if (!m.is_map()) return;
  m.number("start_h", out.start_h, Range{0.0, 24.0, false, true, "an hour of day, 0 to under 24"});
  const bool hours_ok =
      !m.has("hours") ||
      m.number("hours", out.hours,
               Range{0.0, 24.0, true, false, "a number of hours, over 0 and at most 24"});
  m.integer("days_per_week", out.days_per_week,
            Range{1.0, 7.0, false, false, "an integer from 1 to 7"});
  const bool overtime_ok =
      !m.has("max_overtime_h_per_day") ||
      m.number("max_overtime_h_per_day", out.max_overtime_h_per_day, kNonNegative);
  if (hours_ok && overtime_ok && out.hours + out.max_overtime_h_per_day > 24.0) {
    const std::string_view at =
        m.has("max_overtime_h_per_day") ? "max_overtime_h_per_day" : "hours";
    parent.log().add(
        m.at(at), m.get(at),
        fmt::format("expected hours + max_overtime_h_per_day <= 24, got {} + {} = {}",
                    format_number(out.hours), format_number(out.max_overtime_h_per_day),
                    format_number(out.hours + out.max_overtime_h_per_day)));
  }
}

// ---------------------------------------------------------------------------------------
// World

GridSpec read_grid(IssueLog& log, const YAML::Node& node, const KeyPath& path, UniqueNames& names) {
  GridSpec grid;
  static const std::vector<RetiredKey> kRetired = {{"grid_workers", "workers"}};
  const MapReader g(log, node, path, {"name", "residents", "workers"},
                    "a grid (a map with name and residents)", kRetired);
  if (!g.is_map()) return grid;
  if (g.text("name", grid.name, Need::required)) names.add(grid.name, g.get("name"), path);
  g.integer("residents", grid.residents, kAtLeastOne, Need::required);
  double workers = 0.0;
  if (g.number("workers", workers, kPositive)) grid.workers = workers;
  return grid;
}

CommunitySpec read_community(IssueLog& log, const YAML::Node& node, const KeyPath& path,
                             UniqueNames& names) {
  CommunitySpec community;
  const MapReader c(log, node, path, {"name", "staff", "grids"},
                    "a community (a map with name and grids)");
  if (!c.is_map()) return community;
  if (c.text("name", community.name, Need::required)) {
    names.add(community.name, c.get("name"), path);
  }
  int staff = 0;
  if (c.integer("staff", staff, kAtLeastOne)) community.staff = staff;
  c.require("grids", "a non-empty list of grids");
  UniqueNames grid_names(log, "grid");
  for_each_element(log, c.get("grids"), c.at("grids"), "grids", true,
                   [&](const YAML::Node& e, const KeyPath& p) {
                     community.grids.push_back(read_grid(log, e, p, grid_names));
                   });
  return community;
}

StreetSpec read_street(IssueLog& log, const YAML::Node& node, const KeyPath& path,
                       UniqueNames& names) {
  StreetSpec street;
  const MapReader s(log, node, path, {"name", "staff", "communities"},
                    "a street (a map with name and communities)");
  if (!s.is_map()) return street;
  if (s.text("name", street.name, Need::required)) names.add(street.name, s.get("name"), path);
  int staff = 0;
  if (s.integer("staff", staff, kAtLeastOne)) street.staff = staff;
  s.require("communities", "a non-empty list of communities");
  UniqueNames community_names(log, "community");
  for_each_element(log, s.get("communities"), s.at("communities"), "communities", true,
                   [&](const YAML::Node& e, const KeyPath& p) {
                     street.communities.push_back(read_community(log, e, p, community_names));
                   });
  return street;
}

void read_world(const MapReader& top, WorldSpec& world) {
  IssueLog& log = top.log();
  if (!top.require("world", "a map with either generate or streets")) return;
  const MapReader w(log, top.get("world"), top.at("world"), {"generate", "streets"},
                    "a map with either generate or streets");
  if (!w.is_map()) return;
  const bool generated = w.has("generate"), listed = w.has("streets");
  if (generated && listed) {
    log.add(w.path(), w.node(),
            "expected exactly one of generate (a district made from counts) or streets (a listed "
            "district), got both");
  } else if (!generated && !listed) {
    log.add(w.path(), w.node(),
            "expected exactly one of generate (a district made from counts) or streets (a listed "
            "district), got neither");
  }
  if (generated) {
    const MapReader g(
        log, w.get("generate"), w.at("generate"),
        {"streets", "communities_per_street", "grids_per_community", "residents_per_grid"},
        "a map of counts and distributions");
    if (g.is_map()) {
      WorldGeneratorSpec gen;
      g.integer("streets", gen.streets, kAtLeastOne);
      g.distribution("communities_per_street", gen.communities_per_street);
      g.distribution("grids_per_community", gen.grids_per_community);
      g.distribution("residents_per_grid", gen.residents_per_grid);
      world.generate = gen;
    }
  }
  if (listed) {
    UniqueNames names(log, "street");
    for_each_element(log, w.get("streets"), w.at("streets"), "streets", true,
                     [&](const YAML::Node& e, const KeyPath& p) {
                       world.streets.push_back(read_street(log, e, p, names));
                     });
  }
}

// ---------------------------------------------------------------------------------------
// Residents and channels

void check_channel_preferences(IssueLog& log, const MapReader& residents,
                               const std::vector<ChannelSpec>& channels) {
  std::vector<std::string> names;
  for (const auto& c : channels) names.push_back(c.name);
  for (int g = 0; g < kAgeGroupCount; ++g) {
    double sum = 0.0;
    std::vector<std::string> terms;
    for (const auto& c : channels) {
      sum += c.preference[static_cast<std::size_t>(g)];
      terms.push_back(c.name + " " + format_number(c.preference[static_cast<std::size_t>(g)]));
    }
    if (std::abs(sum - 1.0) > kSumTolerance) {
      log.add(residents.at("channels"), residents.get("channels"),
              fmt::format(
                  "expected the channels' preference.{} to sum to 1 over channels, got {} ({})",
                  kAgeKeys[static_cast<std::size_t>(g)], format_number(sum), join(terms, " + ")));
    }
  }
}

void read_residents(const MapReader& top, ResidentSpec& res) {
  IssueLog& log = top.log();
  if (!top.require("residents", "a map with age_mix, channels and trust settings")) return;
  const MapReader r(log, top.get("residents"), top.at("residents"),
                    {"age_mix", "trust_initial", "trust_learning_rate", "trust_report_elasticity",
                     "trust_reference", "report_delay_h", "channels"});
  if (!r.is_map()) return;
  read_shares(r, "age_mix", res.age_mix, kAgeKeys, true, Need::optional);
  r.distribution("trust_initial", res.trust_initial);
  r.number("trust_learning_rate", res.trust_learning_rate, kShare);
  r.number("trust_report_elasticity", res.trust_report_elasticity, kAnyNumber);
  r.number("trust_reference", res.trust_reference, kShare);
  r.distribution("report_delay_h", res.report_delay_h);

  r.require("channels", "a non-empty list of reporting channels");
  UniqueNames names(log, "channel");
  bool all_read = true;
  const bool listed =
      for_each_element(log, r.get("channels"), r.at("channels"), "channels", true,
                       [&](const YAML::Node& e, const KeyPath& p) {
                         const MapReader c(log, e, p, {"name", "intake_h", "preference"},
                                           "a channel (a map with name, intake_h and preference)");
                         if (!c.is_map()) {
                           all_read = false;
                           return;
                         }
                         ChannelSpec channel;
                         if (c.text("name", channel.name, Need::required))
                           names.add(channel.name, c.get("name"), p);
                         c.distribution("intake_h", channel.intake_h);
                         all_read = read_shares(c, "preference", channel.preference, kAgeKeys,
                                                false, Need::required) &&
                                    all_read;
                         res.channels.push_back(std::move(channel));
                       });
  // Sums only mean something once every channel's preferences were read.
  if (listed && all_read) check_channel_preferences(log, r, res.channels);
}

// ---------------------------------------------------------------------------------------
// Departments and categories

void read_departments(const MapReader& top, std::vector<DepartmentSpec>& out) {
  IssueLog& log = top.log();
  UniqueNames names(log, "department");
  for_each_element(log, top.get("departments"), top.at("departments"), "departments", false,
                   [&](const YAML::Node& e, const KeyPath& p) {
                     const MapReader d(log, e, p, {"name", "crews", "shift", "wage_per_year"},
                                       "a department (a map with name and crews)");
                     if (!d.is_map()) return;
                     DepartmentSpec dep;
                     if (d.text("name", dep.name, Need::required)) {
                       names.add(dep.name, d.get("name"), p);
                     }
                     d.integer("crews", dep.crews, kAtLeastOne);
                     read_shift(d, "shift", dep.shift);
                     d.number("wage_per_year", dep.wage_per_year, kNonNegative);
                     out.push_back(std::move(dep));
                   });
}

void read_category_departments(const MapReader& c, const std::vector<std::string>& known,
                               CategorySpec& cat) {
  IssueLog& log = c.log();
  for_each_element(
      log, c.get("departments"), c.at("departments"), "department names", false,
      [&](const YAML::Node& e, const KeyPath& p) {
        const auto name = read_string(log, e, p);
        if (!name) return;
        if (std::find(known.begin(), known.end(), *name) == known.end()) {
          log.add(p, e,
                  fmt::format("expected the name of a department listed under departments ({}), "
                              "got \"{}\"{}",
                              known.empty() ? "none are listed" : join(known), *name,
                              did_you_mean(*name, known)));
        } else if (std::find(cat.departments.begin(), cat.departments.end(), *name) !=
                   cat.departments.end()) {
          log.add(p, e, fmt::format("expected each department once, got \"{}\" again", *name));
        }
        // Kept even when unknown, so a misspelt list does not also read as an empty one.
        cat.departments.push_back(*name);
      });
}

CategorySpec read_category(IssueLog& log, const YAML::Node& node, const KeyPath& path,
                           const std::vector<std::string>& departments, UniqueNames& names) {
  CategorySpec cat;
  const MapReader c(
      log, node, path,
      {"name", "rate_per_1000_per_day", "patrol_visible", "report_probability", "level_shares",
       "service_h", "departments", "joint_share", "response_deadline_h", "resolution_deadline_h",
       "unresolvable_share", "growth_per_day", "light"},
      "a category (a map with name, rate_per_1000_per_day and level_shares)");
  if (!c.is_map()) return cat;
  if (c.text("name", cat.name, Need::required)) names.add(cat.name, c.get("name"), path);
  c.number("rate_per_1000_per_day", cat.rate_per_1000_per_day, kNonNegative, Need::required);
  c.number("patrol_visible", cat.patrol_visible, kShare);
  c.number("report_probability", cat.report_probability, kShare);
  const bool shares_read =
      read_shares(c, "level_shares", cat.level_shares, kLevelKeys, true, Need::required);
  read_distributions(c, "service_h", cat.service_h, kLevelKeys);
  read_category_departments(c, departments, cat);

  const double department_share = cat.level_shares[static_cast<int>(Level::department)];
  if (shares_read && department_share > 0.0 && cat.departments.empty()) {
    log.add(c.at("departments"), c.has("departments") ? c.get("departments") : c.node(),
            fmt::format("expected at least one department to own the department-level cases "
                        "(level_shares.department is {}), got {}",
                        format_number(department_share),
                        c.has("departments") ? describe(c.get("departments")) : "none"));
  }
  c.number("joint_share", cat.joint_share, kShare);
  const bool response_ok = !c.has("response_deadline_h") ||
                           c.number("response_deadline_h", cat.response_deadline_h, kPositive);
  const bool resolution_ok =
      !c.has("resolution_deadline_h") ||
      c.number("resolution_deadline_h", cat.resolution_deadline_h, kPositive);
  if (response_ok && resolution_ok && cat.response_deadline_h > cat.resolution_deadline_h) {
    const std::string_view at =
        c.has("response_deadline_h") ? "response_deadline_h" : "resolution_deadline_h";
    log.add(c.at(at), c.get(at),
            fmt::format("expected response_deadline_h <= resolution_deadline_h, got {} > {}",
                        format_number(cat.response_deadline_h),
                        format_number(cat.resolution_deadline_h)));
  }
  c.number("unresolvable_share", cat.unresolvable_share, kShare);
  c.number("growth_per_day", cat.growth_per_day, kNonNegative);
  c.boolean("light", cat.light);
  return cat;
}

void read_categories(const MapReader& top, const std::vector<DepartmentSpec>& departments,
                     std::vector<CategorySpec>& out) {
  IssueLog& log = top.log();
  if (!top.require("categories", "a non-empty list of case categories")) return;
  std::vector<std::string> known;
  for (const auto& d : departments) known.push_back(d.name);
  UniqueNames names(log, "category");
  for_each_element(log, top.get("categories"), top.at("categories"), "categories", true,
                   [&](const YAML::Node& e, const KeyPath& p) {
                     out.push_back(read_category(log, e, p, known, names));
                   });
}

// ---------------------------------------------------------------------------------------
// Staffing and policies

void read_grid_workers(const MapReader& top, GridWorkerSpec& gw) {
  IssueLog& log = top.log();
  static const std::vector<RetiredKey> kRetired = {
      {"priority", "policies.job_priority (admin_first is now pushed_down_first)"}};
  const MapReader g(log, top.get("grid_workers"), top.at("grid_workers"),
                    {"per_grid", "per_1000_residents", "budget_per_year", "shift",
                     "patrols_per_day", "patrol_h", "detect_probability", "wage_per_year"},
                    "a map", kRetired);
  if (!g.is_map()) return;
  g.number("per_grid", gw.per_grid, kPositive);
  double value = 0.0;
  if (g.number("per_1000_residents", value, kPositive)) gw.per_1000_residents = value;
  if (g.number("budget_per_year", value, kPositive)) gw.budget_per_year = value;
  const int ways = g.has("per_grid") + g.has("per_1000_residents") + g.has("budget_per_year");
  if (ways > 1) {
    const std::string_view at = g.has("budget_per_year") ? "budget_per_year" : "per_1000_residents";
    log.add(g.at(at), g.get(at),
            "expected one way to set the number of grid workers (per_grid, per_1000_residents or "
            "budget_per_year), got " + std::to_string(ways));
  }
  read_shift(g, "shift", gw.shift);
  g.number("patrols_per_day", gw.patrols_per_day, kNonNegative);
  g.number("patrol_h", gw.patrol_h, kNonNegative);
  g.number("detect_probability", gw.detect_probability, kShare);
  g.number("wage_per_year", gw.wage_per_year, kNonNegative);
}

void read_office(const MapReader& top, std::string_view key, OfficeSpec& office) {
  const MapReader o(top.log(), top.get(key), top.at(key), {"staff", "shift", "wage_per_year"});
  if (!o.is_map()) return;
  o.integer("staff", office.staff, kAtLeastOne);
  read_shift(o, "shift", office.shift);
  o.number("wage_per_year", office.wage_per_year, kNonNegative);
}

void read_pushed_down_tasks(const MapReader& top, std::vector<PushedDownTaskSpec>& out) {
  IssueLog& log = top.log();
  UniqueNames names(log, "pushed-down task");
  for_each_element(log, top.get("pushed_down_tasks"), top.at("pushed_down_tasks"),
                   "pushed-down tasks", false, [&](const YAML::Node& e, const KeyPath& p) {
                     const MapReader t(
                         log, e, p,
                         {"name", "rate_per_worker_per_week", "duration_h", "on_responsibility_list"},
                         "a task (a map with name, rate_per_worker_per_week and duration_h)");
                     if (!t.is_map()) return;
                     PushedDownTaskSpec task;
                     if (t.text("name", task.name, Need::required))
                       names.add(task.name, t.get("name"), p);
                     t.number("rate_per_worker_per_week", task.rate_per_worker_per_week,
                              kNonNegative, Need::required);
                     t.distribution("duration_h", task.duration_h);
                     t.boolean("on_responsibility_list", task.on_responsibility_list);
                     out.push_back(std::move(task));
                   });
}

void read_whistle(const MapReader& top, WhistleSpec& whistle) {
  static const std::vector<RetiredKey> kRetired = {{"report_h", "report_for_duty_h"},
                                                    {"transfer_h", "sequential_transfer_h"}};
  const MapReader w(top.log(), top.get("whistle"), top.at("whistle"),
                    {"enabled", "report_for_duty_h", "sequential_transfer_h"}, "a map", kRetired);
  if (!w.is_map()) return;
  w.boolean("enabled", whistle.enabled);
  w.distribution("report_for_duty_h", whistle.report_for_duty_h);
  w.distribution("sequential_transfer_h", whistle.sequential_transfer_h);
}

/// One named policy: `out` becomes the enum value at the name's index in `names`.
template <class E, std::size_t N>
void read_policy(const MapReader& m, std::string_view key, E& out,
                 const std::array<const char*, N>& names) {
  if (!m.has(key)) return;
  const std::vector<std::string> allowed(names.begin(), names.end());
  if (const auto v = read_choice(m.log(), m.get(key), m.at(key), allowed))
    out = static_cast<E>(std::find(allowed.begin(), allowed.end(), *v) - allowed.begin());
}

void read_policies(const MapReader& top, PolicySpec& p) {
  const MapReader m(top.log(), top.get("policies"), top.at("policies"),
                    {"dispatch", "escalation", "task_intake", "helpers", "job_priority", "duty_rota"},
                    "a map of named policies");
  if (!m.is_map()) return;
  read_policy(m, "dispatch", p.dispatch, kDispatchPolicyNames);
  read_policy(m, "escalation", p.escalation, kEscalationPolicyNames);
  read_policy(m, "task_intake", p.task_intake, kTaskIntakePolicyNames);
  read_policy(m, "helpers", p.helpers, kHelperPolicyNames);
  read_policy(m, "job_priority", p.job_priority, kJobPriorityNames);
  read_policy(m, "duty_rota", p.duty_rota, kDutyRotaNames);
}

void read_remedies(const MapReader& top, const PolicySpec& policies, RemediesSpec& r) {
  // The switches became named policies; their old keys say where they went.
  static const std::vector<RetiredKey> kRetired = {
      {"pooling", "policies.dispatch: pooling (true) or own_grid (false)"},
      {"neighbour_help", "policies.dispatch: neighbour_help (true) or own_grid (false)"},
      {"responsibility_list", "policies.task_intake: responsibility_list (true) or accept_all (false)"},
      {"admin_duration_factor", "pushed_down_duration_factor"}};
  const MapReader m(top.log(), top.get("remedies"), top.at("remedies"),
                    {"resources_follow_tasks", "paid_hour_wage", "pushed_down_duration_factor",
                     "neighbour_backlog_threshold", "travel_h", "volunteer_hours_per_grid_per_week",
                     "volunteer_response_h", "escalation_backlog_threshold"},
                    "a map", kRetired);
  if (!m.is_map()) return;
  m.number("resources_follow_tasks", r.resources_follow_tasks, kShare);
  m.number("paid_hour_wage", r.paid_hour_wage, kNonNegative);
  static constexpr Range kFactor{0.0, 1.0, true, false, "a factor above 0 and at most 1"};
  m.number("pushed_down_duration_factor", r.pushed_down_duration_factor, kFactor);
  m.integer("neighbour_backlog_threshold", r.neighbour_backlog_threshold, kAtLeastOne);
  m.distribution("travel_h", r.travel_h);
  const bool hours_read = m.number("volunteer_hours_per_grid_per_week",
                                   r.volunteer_hours_per_grid_per_week, kNonNegative);
  m.distribution("volunteer_response_h", r.volunteer_response_h);
  // 0 used to mean off; off is now policies.escalation: by_need.
  static constexpr Range kThreshold{1.0, std::numeric_limits<double>::infinity(), false, false,
                                    "an integer >= 1 (no backlog escalation: policies.escalation: by_need)"};
  const bool threshold_read =
      m.integer("escalation_backlog_threshold", r.escalation_backlog_threshold, kThreshold);

  // A value that used to switch a remedy on, now without its policy, would silently do
  // nothing: say which policy to choose.
  if (hours_read && r.volunteer_hours_per_grid_per_week > 0.0 &&
      policies.helpers != HelperPolicy::party_volunteers) {
    top.log().add(m.at("volunteer_hours_per_grid_per_week"),
                  m.get("volunteer_hours_per_grid_per_week"),
                  fmt::format("expected 0 unless policies.helpers is party_volunteers, got {} with "
                              "policies.helpers none; set policies.helpers: party_volunteers",
                              format_number(r.volunteer_hours_per_grid_per_week)));
  }
  if (threshold_read && policies.escalation != EscalationPolicy::backlog_threshold) {
    top.log().add(m.at("escalation_backlog_threshold"), m.get("escalation_backlog_threshold"),
                  fmt::format("expected no backlog threshold unless policies.escalation is "
                              "backlog_threshold, got {} with policies.escalation by_need; set "
                              "policies.escalation: backlog_threshold (or remove this key)",
                              r.escalation_backlog_threshold));
  }
}

void read_platform(const MapReader& top, PlatformSpec& p) {
  const MapReader m(top.log(), top.get("platform"), top.at("platform"),
                    {"intake_factor", "handover_factor", "merge_duplicates", "paperwork_h_per_case"});
  if (!m.is_map()) return;
  m.number("intake_factor", p.intake_factor, kNonNegative);
  m.number("handover_factor", p.handover_factor, kNonNegative);
  m.boolean("merge_duplicates", p.merge_duplicates);
  m.number("paperwork_h_per_case", p.paperwork_h_per_case, kNonNegative);
}

void read_grid_networks(const MapReader& top, GridNetworksSpec& g) {
  static const std::vector<RetiredKey> kRetired = {{"transfer_h", "misrouted_transfer_h"}};
  const MapReader m(top.log(), top.get("grid_networks"), top.at("grid_networks"),
                    {"systems", "merged", "misrouted_share", "misrouted_transfer_h",
                     "merged_service_factor"},
                    "a map", kRetired);
  if (!m.is_map()) return;
  m.integer("systems", g.systems, kAtLeastOne);
  m.boolean("merged", g.merged);
  m.number("misrouted_share", g.misrouted_share, kShare);
  m.distribution("misrouted_transfer_h", g.misrouted_transfer_h);
  m.number("merged_service_factor", g.merged_service_factor, kPositive);
}

void read_handling(const MapReader& top, HandlingSpec& handling) {
  const MapReader h(
      top.log(), top.get("handling"), top.at("handling"),
      {"assess_h", "handover_h", "feedback_h", "rating_share", "reopen_share", "max_reopenings"});
  if (!h.is_map()) return;
  read_distributions(h, "assess_h", handling.assess_h, {"grid", "community", "street"});
  read_distributions(h, "handover_h", handling.handover_h, {"community", "street"});
  h.distribution("feedback_h", handling.feedback_h);
  h.number("rating_share", handling.rating_share, kShare);
  h.number("reopen_share", handling.reopen_share, kShare);
  h.integer("max_reopenings", handling.max_reopenings, kNonNegativeInt);
}

void read_satisfaction(const MapReader& top, SatisfactionSpec& s) {
  const MapReader m(top.log(), top.get("satisfaction"), top.at("satisfaction"),
                    {"intercept", "resolved", "contacted", "late_penalty", "early_bonus",
                     "extra_contact_penalty", "trust_expectation"});
  if (!m.is_map()) return;
  // Signs are fixed by the formula (penalties are subtracted), so coefficients are >= 0;
  // only the intercept and the trust scaling may be negative.
  m.number("intercept", s.intercept, kAnyNumber);
  m.number("resolved", s.resolved, kNonNegative);
  m.number("contacted", s.contacted, kNonNegative);
  m.number("late_penalty", s.late_penalty, kNonNegative);
  m.number("early_bonus", s.early_bonus, kNonNegative);
  m.number("extra_contact_penalty", s.extra_contact_penalty, kNonNegative);
  m.number("trust_expectation", s.trust_expectation, kAnyNumber);
}

void read_run(const MapReader& top, RunSpec& run) {
  IssueLog& log = top.log();
  const MapReader r(log, top.get("run"), top.at("run"),
                    {"days", "warmup_days", "replications", "seed", "sync_window_h"});
  if (!r.is_map()) return;
  const bool days_ok = !r.has("days") || r.number("days", run.days, kPositive);
  const bool warmup_ok =
      !r.has("warmup_days") || r.number("warmup_days", run.warmup_days, kNonNegative);
  if (days_ok && warmup_ok && run.days <= run.warmup_days) {
    const std::string_view at = r.has("days") ? "days" : "warmup_days";
    log.add(r.at(at), r.get(at),
            fmt::format("expected days > warmup_days (nothing would be measured), got days {} "
                        "and warmup_days {}",
                        format_number(run.days), format_number(run.warmup_days)));
  }
  r.integer("replications", run.replications, kAtLeastOne);
  if (r.has("seed")) {
    if (const auto seed = read_unsigned(log, r.get("seed"), r.at("seed"))) run.seed = *seed;
  }
  r.number("sync_window_h", run.sync_window_h, kPositive);
}

}  // namespace

ScenarioSpec read_scenario(const YAML::Node& root, IssueLog& log) {
  ScenarioSpec spec;
  const MapReader top(log, root, KeyPath{},
                      {"name", "description", "world", "residents", "categories", "grid_workers",
                       "community_staff", "street_centre", "departments", "pushed_down_tasks",
                       "policies", "remedies", "platform", "grid_networks", "whistle", "handling",
                       "satisfaction", "run"},
                      "a map of scenario keys at the top level");
  if (!top.is_map()) return spec;  // reported by `top`
  top.text("name", spec.name, Need::required);
  top.text("description", spec.description);
  read_world(top, spec.world);
  read_residents(top, spec.residents);
  read_departments(top, spec.departments);  // before categories, which name departments
  read_categories(top, spec.departments, spec.categories);
  read_grid_workers(top, spec.grid_workers);
  read_office(top, "community_staff", spec.community_staff);
  read_office(top, "street_centre", spec.street_centre);
  read_pushed_down_tasks(top, spec.pushed_down_tasks);
  read_policies(top, spec.policies);
  read_remedies(top, spec.policies, spec.remedies);
  read_platform(top, spec.platform);
  read_grid_networks(top, spec.grid_networks);
  read_whistle(top, spec.whistle);
  read_handling(top, spec.handling);
  read_satisfaction(top, spec.satisfaction);
  read_run(top, spec.run);
  return spec;
}

}  // namespace govgrid::detail
