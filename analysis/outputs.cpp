#include "analysis/outputs.h"

#include "analysis/grid_map.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "analysis/metric_catalogue.h"
#include "analysis/stats.h"
#include "analysis/steady_state.h"
#include "engine/sim/time.h"

namespace govgrid {
namespace {

using Json = nlohmann::ordered_json;  // keys in insertion order: stable, readable files

// ---------------------------------------------------------------------------------------
// Checks and aggregation shared by the file writers and the terminal table.

void validate(const RunReport& r) {
  if (r.spec == nullptr) throw std::invalid_argument("RunReport: spec is null");
  if (r.world == nullptr) throw std::invalid_argument("RunReport: world is null");
  const std::size_t grids = r.world->grids.size();
  const std::size_t districts = r.world->districts.size();
  for (std::size_t s = 0; s < r.world->streets.size(); ++s) {
    if (r.world->streets[s].district >= districts) {
      throw std::invalid_argument(fmt::format("RunReport: street {} is in district {}, the world has {} districts", s,
                                              r.world->streets[s].district, districts));
    }
  }
  for (const StationInfo& s : r.world->stations) {
    if (s.kind != StationInfo::Kind::department) continue;
    const World::Department* unit = s.owner < r.world->departments.size() ? &r.world->departments[s.owner] : nullptr;
    if (unit == nullptr || (unit->district != World::Department::kCity && unit->district >= districts)) {
      throw std::invalid_argument(fmt::format("RunReport: a department station's unit {} is not one of the world's {} "
                                              "department units in its {} districts",
                                              s.owner, r.world->departments.size(), districts));
    }
  }
  for (const ReplicationResult& rep : r.replications) {
    if (rep.grids.size() != grids) {
      throw std::invalid_argument(fmt::format(
          "RunReport: replication {} has {} grid tallies, the world has {} grids", rep.replication,
          rep.grids.size(), grids));
    }
    for (const CaseRecord& c : rep.cases) {
      if (c.grid >= grids || c.category >= r.spec->categories.size() ||
          c.channel >= static_cast<int>(r.spec->residents.channels.size())) {
        throw std::invalid_argument(fmt::format(
            "RunReport: replication {} case {}: grid {}, category {} or channel {} out of range "
            "({} grids, {} categories, {} channels)",
            rep.replication, c.case_id, c.grid, c.category, c.channel, grids,
            r.spec->categories.size(), r.spec->residents.channels.size()));
      }
    }
  }
}

// District-wide metric values, [replication][metric].
std::vector<std::vector<double>> district_metrics(const RunReport& r) {
  std::vector<std::vector<double>> values;
  values.reserve(r.replications.size());
  for (const ReplicationResult& rep : r.replications) {
    values.push_back(derive_metrics(district_tally(rep), rep.measured_days));
  }
  return values;
}

std::vector<Interval> metric_intervals(const std::vector<std::vector<double>>& per_rep) {
  const std::size_t m = metric_defs().size();
  std::vector<Interval> out;
  out.reserve(m);
  std::vector<double> column(per_rep.size());
  for (std::size_t k = 0; k < m; ++k) {
    for (std::size_t i = 0; i < per_rep.size(); ++i) column[i] = per_rep[i][k];
    out.push_back(mean_ci95(column));
  }
  return out;
}

struct Conservation {
  std::uint64_t created = 0, closed = 0, open = 0;
  bool holds = true;
};

// Every case created is either closed or still open (docs/model.md): checked per replication
// on the whole-run counts, warm-up included.
Conservation conservation(const RunReport& r) {
  Conservation c;
  for (const ReplicationResult& rep : r.replications) {
    c.created += rep.cases_created_all;
    c.closed += rep.cases_closed_all;
    c.open += rep.cases_open_all;
    if (rep.cases_created_all != rep.cases_closed_all + rep.cases_open_all) c.holds = false;
  }
  return c;
}

std::uint64_t total_events(const RunReport& r) {
  std::uint64_t events = 0;
  for (const ReplicationResult& rep : r.replications) events += rep.perf.events;
  return events;
}

double events_per_second(const RunReport& r) {
  return r.wall_seconds > 0.0 ? static_cast<double>(total_events(r)) / r.wall_seconds
                              : std::numeric_limits<double>::quiet_NaN();
}

// ---------------------------------------------------------------------------------------
// CSV.

class CsvWriter {
 public:
  CsvWriter& text(std::string_view s) {
    sep();
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
      out_.append(s);
    } else {
      out_.push_back('"');
      for (const char ch : s) {
        if (ch == '"') out_.push_back('"');
        out_.push_back(ch);
      }
      out_.push_back('"');
    }
    return *this;
  }
  // fmt's "{}" for a double is the shortest string that reads back as the same double.
  CsvWriter& number(double v) {
    sep();
    if (!std::isnan(v)) fmt::format_to(std::back_inserter(out_), "{}", v);
    return *this;
  }
  template <class Int>
    requires std::is_integral_v<Int>
  CsvWriter& integer(Int v) {
    sep();
    fmt::format_to(std::back_inserter(out_), "{}", static_cast<std::int64_t>(v));
    return *this;
  }
  CsvWriter& integer(std::uint64_t v) {
    sep();
    fmt::format_to(std::back_inserter(out_), "{}", v);
    return *this;
  }
  CsvWriter& numbers(const std::vector<double>& vs) {
    for (const double v : vs) number(v);
    return *this;
  }
  void end_row() {
    out_.push_back('\n');
    fresh_ = true;
  }
  const std::string& str() const { return out_; }

 private:
  void sep() {
    if (!fresh_) out_.push_back(',');
    fresh_ = false;
  }
  std::string out_;
  bool fresh_ = true;
};

void header(CsvWriter& csv, std::initializer_list<std::string_view> leading, bool with_metrics) {
  for (const std::string_view h : leading) csv.text(h);
  if (with_metrics) {
    for (const MetricDef& m : metric_defs()) csv.text(m.name);
  }
  csv.end_row();
}

void write_file(const std::filesystem::path& path, const std::string& content) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) throw std::runtime_error(fmt::format("cannot open {} for writing", path.string()));
  f.write(content.data(), static_cast<std::streamsize>(content.size()));
  f.close();
  if (!f) throw std::runtime_error(fmt::format("cannot write {}", path.string()));
}

std::string metrics_csv(const RunReport& r, const std::vector<std::vector<double>>& district) {
  CsvWriter csv;
  header(csv, {"replication", "seed"}, true);
  for (std::size_t i = 0; i < r.replications.size(); ++i) {
    const ReplicationResult& rep = r.replications[i];
    csv.integer(rep.replication).integer(rep.seed).numbers(district[i]).end_row();
  }
  return csv.str();
}

std::string streets_csv(const RunReport& r) {
  const World& w = *r.world;
  CsvWriter csv;
  // The street's profile beside its metrics, so an analyst can see why it ranks where it does.
  header(csv, {"replication", "street", "street_name", "street_name_zh", "district", "residents", "demand_factor",
               "handling_factor", "difficulty_factor"},
         true);
  for (const ReplicationResult& rep : r.replications) {
    const std::vector<GridTally> streets = street_tallies(rep, w);
    for (std::size_t s = 0; s < streets.size(); ++s) {
      const World::Street& street = w.streets[s];
      csv.integer(rep.replication).integer(s).text(street.name).text(street.name_zh).integer(street.district);
      csv.integer(street.resident_count);
      csv.number(street.demand_factor).number(street.handling_factor).number(street.difficulty_factor);
      csv.numbers(derive_metrics(streets[s], rep.measured_days)).end_row();
    }
  }
  return csv.str();
}

// A district's own department crews: its units' stations (the city's departments belong to none).
std::vector<long long> district_department_crews(const World& w) {
  std::vector<long long> crews(w.districts.size(), 0);
  for (const StationInfo& s : w.stations) {
    if (s.kind != StationInfo::Kind::department) continue;
    const std::uint32_t d = w.departments[s.owner].district;  // checked by validate()
    if (d != World::Department::kCity) crews[d] += s.servers;
  }
  return crews;
}

std::string districts_csv(const RunReport& r) {
  const World& w = *r.world;
  const std::vector<long long> crews = district_department_crews(w);
  CsvWriter csv;
  header(csv, {"replication", "district", "district_name", "district_name_zh", "residents", "streets", "department_crews"},
         true);
  for (const ReplicationResult& rep : r.replications) {
    const std::vector<GridTally> districts = district_tallies(rep, w);
    for (std::size_t d = 0; d < districts.size(); ++d) {
      const World::District& district = w.districts[d];
      csv.integer(rep.replication).integer(d).text(district.name).text(district.name_zh);
      csv.integer(district.resident_count).integer(district.street_count).integer(crews[d]);
      csv.numbers(derive_metrics(districts[d], rep.measured_days)).end_row();
    }
  }
  return csv.str();
}

std::string grids_csv(const RunReport& r) {
  const World& w = *r.world;
  CsvWriter csv;
  header(csv, {"replication", "grid", "grid_name", "community", "street", "residents"}, true);
  for (const ReplicationResult& rep : r.replications) {
    for (std::size_t g = 0; g < w.grids.size(); ++g) {
      const World::Grid& grid = w.grids[g];
      csv.integer(rep.replication).integer(g).text(grid.name).integer(grid.community);
      csv.integer(grid.street).integer(grid.residents);
      csv.numbers(derive_metrics(rep.grids[g], rep.measured_days)).end_row();
    }
  }
  return csv.str();
}

std::string monthly_csv(const RunReport& r) {
  const World& w = *r.world;
  const RunSpec& run = r.spec->run;
  const std::vector<double> starts = sim::month_starts_h(run.start_month, run.days);
  const double warmup_h = run.warmup_days * sim::kHoursPerDay, end_h = run.days * sim::kHoursPerDay;
  CsvWriter csv;
  header(csv,
         {"replication", "month", "calendar_month", "first_day", "days", "street", "street_name", "street_name_zh",
          "tickets", "contacted_on_time", "rated", "said_resolved", "satisfied", "open_overdue", "response_rate",
          "resolution_rate", "satisfaction_rate", "three_rate_score"},
         false);
  // The rates by the metric catalogue's own formulas, from a tally holding just these counts.
  const std::size_t rates[] = {*metric_index("response_rate"), *metric_index("resolution_rate"),
                               *metric_index("satisfaction_rate"), *metric_index("three_rate_score")};
  for (const ReplicationResult& rep : r.replications) {
    for (std::size_t m = 0; m < starts.size(); ++m) {
      const double end = m + 1 < starts.size() ? starts[m + 1] : end_h;
      if (end <= warmup_h) continue;  // nothing measured in it
      const auto first_day = static_cast<std::int64_t>(starts[m] / sim::kHoursPerDay);
      for (std::size_t s = 0; s < w.streets.size(); ++s) {
        // A result put together by hand (tests, tools) may hold no months: nothing to write.
        if (s >= rep.street_months.size() || m >= rep.street_months[s].size()) continue;
        const MonthTally& mt = rep.street_months[s][m];
        GridTally t;
        t.tickets_dispatched = mt.tickets, t.tickets_contacted_on_time = mt.contacted_on_time, t.rated = mt.rated;
        t.said_resolved = mt.said_resolved, t.satisfied = mt.satisfied, t.open_overdue = mt.open_overdue;
        const std::vector<double> v = derive_metrics(t, rep.measured_days);
        csv.integer(rep.replication).integer(m + 1).integer(sim::month_of_day(first_day, run.start_month) + 1);
        csv.integer(first_day).number((end - starts[m]) / sim::kHoursPerDay);
        csv.integer(s).text(w.streets[s].name).text(w.streets[s].name_zh);
        csv.integer(mt.tickets).integer(mt.contacted_on_time).integer(mt.rated).integer(mt.said_resolved);
        csv.integer(mt.satisfied).integer(mt.open_overdue);
        for (std::size_t i : rates) csv.number(v[i]);
        csv.end_row();
      }
    }
  }
  return csv.str();
}

std::string daily_csv(const RunReport& r) {
  CsvWriter csv;
  csv.text("replication").text("day");
  for (const std::string& c : daily_columns()) csv.text(c);
  csv.end_row();
  for (const ReplicationResult& rep : r.replications) {
    for (std::size_t day = 0; day < rep.daily.size(); ++day)
      csv.integer(rep.replication).integer(day).numbers(daily_values(rep.daily[day])).end_row();
  }
  return csv.str();
}

std::string cases_csv(const RunReport& r) {
  const ScenarioSpec& spec = *r.spec;
  CsvWriter csv;
  header(csv,
         {"replication", "case_id", "grid", "category", "category_name", "channel", "channel_name",
          "level_needed", "level_resolved", "reopenings", "rating", "grew", "joint", "arisen_h",
          "found_h", "accepted_h", "first_response_h", "handover_community_h", "handover_street_h",
          "handover_department_h", "resolved_h", "feedback_h", "rated_h", "closed_h", "repeat_of"},
         false);
  for (const ReplicationResult& rep : r.replications) {
    for (const CaseRecord& c : rep.cases) {
      csv.integer(rep.replication).integer(c.case_id).integer(c.grid).integer(c.category);
      csv.text(spec.categories[c.category].name).integer(c.channel);
      csv.text(c.channel == -1  ? std::string_view("patrol")
               : c.channel == -2 ? std::string_view("visit")
               : c.channel < 0  ? std::string_view("party_member")
                                : std::string_view(spec.residents.channels[c.channel].name));
      csv.integer(c.level_needed).integer(c.level_resolved).integer(c.reopenings).integer(c.rating);
      csv.integer(c.grew ? 1 : 0).integer(c.joint ? 1 : 0);
      csv.number(c.arisen_h).number(c.found_h).number(c.accepted_h).number(c.first_response_h);
      for (const double h : c.handover_h) csv.number(h);
      csv.number(c.resolved_h).number(c.feedback_h).number(c.rated_h).number(c.closed_h);
      if (c.repeat) csv.integer(c.repeat_of);
      else csv.text("");
      csv.end_row();
    }
  }
  return csv.str();
}

std::string case_events_csv(const RunReport& r) {
  const World& w = *r.world;
  CsvWriter csv;
  header(csv, {"replication", "case_id", "t_h", "event", "level", "level_name", "department", "department_name"},
         false);
  for (const ReplicationResult& rep : r.replications) {
    for (const CaseEventRecord& e : rep.case_events) {
      csv.integer(rep.replication).integer(e.case_id).number(e.t);
      csv.text(kCaseEventNames[static_cast<std::size_t>(e.event)]);
      csv.integer(e.level).text(e.level >= 0 && e.level < kLevelCount ? kLevelNames[static_cast<std::size_t>(e.level)] : "");
      csv.integer(e.department);
      csv.text(e.department >= 0 ? std::string_view(w.departments[static_cast<std::size_t>(e.department)].name)
                                 : std::string_view());
      csv.end_row();
    }
  }
  return csv.str();
}

std::string stations_csv(const RunReport& r) {
  const World& w = *r.world;
  CsvWriter csv;
  header(csv, {"replication", "station", "kind", "name", "street", "staff", "scheduled_h", "overtime_h", "case_h",
               "pushed_down_h", "patrol_h", "visit_h", "pushed_down_tasks_arrived", "pushed_down_tasks_refused",
               "paid_task_h", "pushed_down_tasks_done", "pushed_down_tasks_late", "pushed_down_tasks_penalised"},
         false);
  static constexpr std::array<const char*, 4> kKinds = {"grid_workers", "community", "street", "department"};
  for (const ReplicationResult& rep : r.replications) {
    for (std::size_t s = 0; s < rep.stations.size() && s < w.stations.size(); ++s) {
      const StationInfo& info = w.stations[s];
      const StationTally& t = rep.stations[s];
      std::string name;
      long long street = -1;
      switch (info.kind) {
        case StationInfo::Kind::grid_workers:
          name = w.grids[info.first_grid].name;
          if (info.grid_count > 1) name += "+" + std::to_string(info.grid_count - 1);
          street = w.grids[info.first_grid].street;
          break;
        case StationInfo::Kind::community:
          name = w.communities[info.owner].name;
          street = w.communities[info.owner].street;
          break;
        case StationInfo::Kind::street:
          name = w.streets[info.owner].name;
          street = info.owner;
          break;
        case StationInfo::Kind::department: name = w.departments[info.owner].name; break;
      }
      csv.integer(rep.replication).integer(s).text(kKinds[static_cast<std::size_t>(info.kind)]).text(name);
      csv.integer(street).integer(info.servers);
      csv.number(t.scheduled_h).number(t.overtime_h).number(t.case_h).number(t.pushed_down_h).number(t.patrol_h);
      csv.number(t.visit_h).number(t.tasks_arrived).number(t.tasks_refused).number(t.paid_h);
      csv.number(t.tasks_done).number(t.tasks_late).number(t.tasks_penalised);
      csv.end_row();
    }
  }
  return csv.str();
}

// ---------------------------------------------------------------------------------------
// summary.json.

Json staff_json(const World& w) {
  long long grid_workers = 0, community = 0, street = 0, department = 0;
  double cost = 0.0;
  for (const StationInfo& s : w.stations) {
    switch (s.kind) {
      case StationInfo::Kind::grid_workers: grid_workers += s.servers; break;
      case StationInfo::Kind::community: community += s.servers; break;
      case StationInfo::Kind::street: street += s.servers; break;
      case StationInfo::Kind::department: department += s.servers; break;
    }
    cost += s.servers * s.wage_per_year;
  }
  Json j;
  j["grid_workers"] = grid_workers;
  j["community_staff"] = community;
  j["street_centre_staff"] = street;
  j["department_crews"] = department;
  // Headcount × wage: the salaried staff alone. The whole cost (paid help, volunteers, the
  // platform) is the metric total_cost_per_year.
  j["annual_wage_cost_yuan"] = cost;
  return j;
}

/// The district's daily backlog and arrivals, means over replications, judged for steady state.
SteadyState run_steady_state(const RunReport& r) {
  std::size_t days = 0;
  for (const ReplicationResult& rep : r.replications) days = std::max(days, rep.daily.size());
  std::vector<double> backlog(days, 0.0), arrivals(days, 0.0), n(days, 0.0);
  for (const ReplicationResult& rep : r.replications) {
    for (std::size_t d = 0; d < rep.daily.size(); ++d) {
      backlog[d] += static_cast<double>(rep.daily[d].backlog);
      arrivals[d] += static_cast<double>(rep.daily[d].arrivals);
      n[d] += 1.0;
    }
  }
  for (std::size_t d = 0; d < days; ++d) backlog[d] /= n[d], arrivals[d] /= n[d];
  return steady_state(backlog, arrivals);
}

const char* verdict_key(SteadyState::Verdict v) {
  switch (v) {
    case SteadyState::Verdict::too_short: return "too_short";
    case SteadyState::Verdict::steady: return "steady";
    case SteadyState::Verdict::follows_demand: return "follows_demand";
    case SteadyState::Verdict::growing: return "growing";
  }
  return "";
}

std::string summary_json(const RunReport& r, const std::vector<Interval>& intervals) {
  const ScenarioSpec& spec = *r.spec;
  Json j;
  j["scenario"] = spec.name;
  j["title"] = {{"en", spec.title.en}, {"zh", spec.title.zh}};
  j["description"] = spec.description;
  j["description_zh"] = spec.description_zh;
  j["source_file"] = spec.source_file;
  j["overrides"] = r.overrides;
  j["effective_scenario"] = spec.effective_yaml;  // after extends:, set: and the overrides
  if (!spec.uncertainty.empty()) {
    // The parameters each replication drew (their values: uncertainty.csv).
    static constexpr const char* kKinds[] = {"fixed", "exponential", "lognormal", "uniform", "normal"};
    Json u = Json::array();
    for (const UncertainParameter& p : spec.uncertainty)
      u.push_back({{"key", p.key}, {"dist", kKinds[static_cast<int>(p.value.kind)]}, {"a", p.value.a}, {"b", p.value.b}});
    j["uncertainty"] = u;
  }
  j["world"] = {{"districts", r.world->districts.size()},
                {"streets", r.world->streets.size()},
                {"communities", r.world->communities.size()},
                {"grids", r.world->grids.size()},
                {"residents", r.world->resident_count()}};
  j["build"] = {{"version", GOVGRID_VERSION}, {"commit", GOVGRID_COMMIT}};
  j["seed"] = spec.run.seed;
  j["replications"] = r.replications.size();
  j["threads"] = r.threads;
  j["days"] = spec.run.days;
  j["warmup_days"] = spec.run.warmup_days;
  j["staff"] = staff_json(*r.world);
  const SteadyState steady = run_steady_state(r);
  j["steady_state"] = {{"verdict", verdict_key(steady.verdict)},
                       {"backlog_ratio", steady.backlog_ratio},
                       {"arrivals_ratio", steady.arrivals_ratio},
                       {"time_in_system_ratio", steady.time_in_system_ratio},
                       {"about", "last 30 days ÷ days 31–60, of the mean backlog, daily arrivals and their ratio"}};

  Json metrics = Json::object();
  const auto defs = metric_defs();
  for (std::size_t k = 0; k < defs.size(); ++k) {
    const Interval& ci = intervals[k];
    Json m;
    m["mean"] = ci.mean;  // NaN is written as null
    m["ci95_low"] = ci.lo;
    m["ci95_high"] = ci.hi;
    m["half_width"] = ci.half_width;
    m["n"] = ci.n;
    m["unit"] = defs[k].unit;
    m["en"] = defs[k].en;
    m["zh"] = defs[k].zh;
    metrics[std::string(defs[k].name)] = std::move(m);
  }
  j["metrics"] = std::move(metrics);

  Json perf;
  double setup = 0.0, run = 0.0;
  for (const ReplicationResult& rep : r.replications) {
    setup += rep.perf.setup_seconds;
    run += rep.perf.run_seconds;
  }
  perf["events"] = total_events(r);
  std::uint64_t station_events = 0;
  for (const ReplicationResult& rep : r.replications) station_events += rep.perf.station_events();
  perf["station_events"] = station_events;  // jobs arriving at and finished by stations (docs/performance.md)
  perf["wall_seconds"] = r.wall_seconds;
  perf["events_per_second"] = events_per_second(r);
  perf["setup_seconds"] = setup;
  perf["run_seconds"] = run;
  j["perf"] = std::move(perf);

  const Conservation c = conservation(r);
  j["conservation"] = {{"created", c.created}, {"closed", c.closed}, {"open", c.open},
                       {"holds", c.holds}};
  // Invalid UTF-8 in a name must not abort the whole output: replace it with U+FFFD.
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

// ---------------------------------------------------------------------------------------
// Terminal table.

std::string format_value(double v, std::string_view unit) {
  if (std::isnan(v)) return "n/a";
  if (unit == "share" || unit == "0..1" || unit == "per case" || unit == "per 1000/day") {
    return fmt::format("{:.4f}", v);
  }
  if (unit == "count") return fmt::format("{:.1f}", v);
  // Money and other large totals read better grouped and whole: 290,120,000.
  if (std::fabs(v) >= 1e5) {
    std::string digits = fmt::format("{}", std::llround(std::fabs(v)));
    for (auto i = static_cast<std::ptrdiff_t>(digits.size()) - 3; i > 0; i -= 3)
      digits.insert(static_cast<std::size_t>(i), ",");
    return (v < 0 ? "-" : "") + digits;
  }
  return fmt::format("{:.2f}", v);
}

std::string pad_right(const std::string& s, int width) {
  return s + std::string(static_cast<std::size_t>(std::max(0, width - display_width(s))), ' ');
}
std::string pad_left(const std::string& s, int width) {
  return std::string(static_cast<std::size_t>(std::max(0, width - display_width(s))), ' ') + s;
}

}  // namespace

const std::vector<std::string>& daily_columns() {
  static const std::vector<std::string> kColumns = {"arrivals", "resolutions", "closures", "backlog", "hidden",
                                                    "rated", "satisfied", "satisfaction_rate", "member_answer_share"};
  return kColumns;
}

std::vector<double> daily_values(const DailyRow& d) {
  constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();
  const auto count = [](std::uint64_t v) { return static_cast<double>(v); };
  return {count(d.arrivals), count(d.resolutions), count(d.closures), count(d.backlog), count(d.hidden),
          count(d.rated), count(d.satisfied),
          d.rated > 0 ? count(d.satisfied) / count(d.rated) : kUndefined,
          d.participation_n > 0 ? d.participation_sum / d.participation_n : kUndefined};
}

int display_width(std::string_view s) {
  int width = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    int len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
    char32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
    bool valid = len != 0 && i + len <= s.size();
    for (int k = 1; valid && k < len; ++k) {
      const auto bk = static_cast<unsigned char>(s[i + k]);
      if ((bk & 0xC0) != 0x80) valid = false;
      cp = (cp << 6) | (bk & 0x3F);
    }
    if (!valid) {  // a stray byte: one column, resynchronise on the next byte
      ++width;
      ++i;
      continue;
    }
    i += len;
    const bool zero = (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) ||
                      (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE00 && cp <= 0xFE0F);
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
                      (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
                      (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
                      (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
    width += zero ? 0 : wide ? 2 : 1;
  }
  return width;
}

void write_run_outputs(const RunReport& report, const std::filesystem::path& dir) {
  validate(report);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error(fmt::format("cannot create {}: {}", dir.string(), ec.message()));

  const auto district = district_metrics(report);
  write_file(dir / "summary.json", summary_json(report, metric_intervals(district)));
  write_file(dir / "metrics.csv", metrics_csv(report, district));
  write_file(dir / "streets.csv", streets_csv(report));
  write_file(dir / "districts.csv", districts_csv(report));
  write_file(dir / "grids.csv", grids_csv(report));
  write_file(dir / "daily.csv", daily_csv(report));
  write_file(dir / "monthly.csv", monthly_csv(report));
  write_file(dir / "grids.geojson",
             report.map_geojson.empty() ? generated_grid_map(*report.world).dump() : report.map_geojson);
  if (!report.uncertain_values.empty()) {
    // One row per replication and uncertain parameter: what each replication ran with.
    std::string csv = "replication,key,value\n";
    for (std::size_t r = 0; r < report.uncertain_values.size(); ++r)
      for (std::size_t k = 0; k < report.spec->uncertainty.size(); ++k)
        csv += fmt::format("{},{},{}\n", r, report.spec->uncertainty[k].key, report.uncertain_values[r][k]);
    write_file(dir / "uncertainty.csv", csv);
  } else {
    std::filesystem::remove(dir / "uncertainty.csv", ec);
  }

  const bool any_cases = std::any_of(report.replications.begin(), report.replications.end(),
                                     [](const ReplicationResult& rep) { return !rep.cases.empty(); });
  write_file(dir / "stations.csv", stations_csv(report));
  if (any_cases) {
    write_file(dir / "cases.csv", cases_csv(report));
    write_file(dir / "case_events.csv", case_events_csv(report));
  } else {
    // A stale case log from an earlier run in the same directory would be mistaken for this one's.
    std::filesystem::remove(dir / "cases.csv", ec);
    std::filesystem::remove(dir / "case_events.csv", ec);
  }
}

std::string format_summary_table(const RunReport& report) {
  validate(report);
  const ScenarioSpec& spec = *report.spec;
  const auto intervals = metric_intervals(district_metrics(report));
  const auto defs = metric_defs();

  struct Row {
    std::string label, mean, ci, unit;
    bool heading = false;
  };
  std::vector<Row> rows;
  int current_group = -1;
  for (std::size_t k = 0; k < defs.size(); ++k) {
    const MetricDef& m = defs[k];
    if (static_cast<int>(m.group) != current_group) {
      current_group = static_cast<int>(m.group);
      const MetricGroupLabel g = metric_group_label(m.group);
      rows.push_back({fmt::format("{} {}", g.en, g.zh), "", "", "", true});
    }
    const Interval& ci = intervals[k];
    rows.push_back({fmt::format("  {}  {}", m.en, m.zh), format_value(ci.mean, m.unit),
                    ci.n >= 2 ? fmt::format("[{}, {}]", format_value(ci.lo, m.unit),
                                            format_value(ci.hi, m.unit))
                              : std::string("n/a"),
                    std::string(m.unit), false});
  }

  Row head{"Metric 指标", "Mean", "95% CI", "Unit", false};
  int w_label = display_width(head.label), w_mean = display_width(head.mean),
      w_ci = display_width(head.ci), w_unit = display_width(head.unit);
  for (const Row& r : rows) {
    if (r.heading) continue;
    w_label = std::max(w_label, display_width(r.label));
    w_mean = std::max(w_mean, display_width(r.mean));
    w_ci = std::max(w_ci, display_width(r.ci));
    w_unit = std::max(w_unit, display_width(r.unit));
  }

  std::string out = fmt::format("Scenario {}: {} replications, {} days (warm-up {}), seed {}\n\n",
                                spec.name, report.replications.size(), spec.run.days,
                                spec.run.warmup_days, spec.run.seed);
  const auto line = [&](const Row& r) {
    std::string s = fmt::format("{}  {}  {}  {}", pad_right(r.label, w_label),
                                pad_left(r.mean, w_mean), pad_right(r.ci, w_ci), r.unit);
    while (!s.empty() && s.back() == ' ') s.pop_back();
    out += s;
    out += '\n';
  };
  line(head);
  out += std::string(static_cast<std::size_t>(w_label + w_mean + w_ci + w_unit + 6), '-') + '\n';
  for (const Row& r : rows) {
    if (r.heading) {
      out += r.label + '\n';
    } else {
      line(r);
    }
  }

  const double eps = events_per_second(report);
  out += fmt::format("\nperf: {} events, {:.2f} s wall, {} events/s, {} thread{}\n",
                     total_events(report), report.wall_seconds,
                     std::isnan(eps) ? std::string("n/a") : fmt::format("{:.0f}", eps),
                     report.threads, report.threads == 1 ? "" : "s");
  const SteadyState steady = run_steady_state(report);
  if (steady.verdict == SteadyState::Verdict::too_short) {
    out += fmt::format("steady state: {}\n", steady_state_label(steady.verdict, false));
  } else {
    out += fmt::format("steady state: backlog {:+.1f}%, arrivals {:+.1f}%, time in system {:+.1f}% (last 30 days vs days 31–60): {}\n",
                       100.0 * (steady.backlog_ratio - 1.0), 100.0 * (steady.arrivals_ratio - 1.0),
                       100.0 * (steady.time_in_system_ratio - 1.0), steady_state_label(steady.verdict, false));
  }
  const Conservation c = conservation(report);
  out += fmt::format("conservation: created {} = closed {} + open {}: {}\n", c.created, c.closed,
                     c.open, c.holds ? "holds" : "VIOLATED");
  return out;
}

}  // namespace govgrid
