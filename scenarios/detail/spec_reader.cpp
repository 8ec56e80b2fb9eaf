// The scenario schema: every key declared once, with its type and check, unit and one-line
// doc, bound to the ScenarioSpec member it fills (see schema.h). The loader reads with these
// declarations and `govgrid schema` prints them; scenarios/README.md holds that output.
// Checks across keys follow the keys they span.
#include "scenarios/detail/spec_reader.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "scenarios/detail/schema.h"

namespace govgrid::detail {

namespace {

using Context = ScenarioSpec;

const std::vector<std::string> kLevelKeys = {"grid", "community", "street", "department"};
const std::vector<std::string> kAgeKeys = {"young", "adult", "elderly"};
constexpr double kInf = std::numeric_limits<double>::infinity();

// Ranges with their own words (the common ones are in yaml_reader.h).
constexpr Range kHourOfDay{0.0, 24.0, false, true, "an hour of day, 0 to under 24"};
constexpr Range kShiftHours{0.0, 24.0, true, false, "a number of hours, over 0 and at most 24"};
constexpr Range kDaysPerWeek{1.0, 7.0, false, false, "an integer from 1 to 7"};
constexpr Range kFactor{0.0, 1.0, true, false, "a factor above 0 and at most 1"};
// 0 used to mean "off"; off is now policies.escalation: by_need.
constexpr Range kThreshold{1.0, kInf, false, false,
                           "an integer >= 1 (no backlog escalation: policies.escalation: by_need)"};

// Upper bounds: every number has one, wide enough for any district worth simulating and small
// enough that counts fit their types and a run's size stays computable (issue 13: 2^32 workers
// per grid used to wrap to none, 1e300 days to run nothing, rates of 1e20 to run for ever).
// Memory is checked separately, before a run, from the scenario's size (govgrid run).
constexpr Range kStaff{1.0, 10000.0, false, false, "an integer from 1 to 10000"};
constexpr Range kWage{0.0, 1e9, false, false, "a number of yuan from 0 to 1e9"};
constexpr Range kHourlyWage{0.0, 1e6, false, false, "a number of yuan from 0 to 1e6"};
constexpr Range kBudgetOrZero{0.0, 1e12, false, false, "a number of yuan from 0 to 1e12"};
constexpr Range kBudget{0.0, 1e12, true, false, "a number of yuan > 0 and at most 1e12"};
constexpr Range kResidents{1.0, WorldGeneratorSpec::kMaxResidentsPerGrid, false, false,
                           "an integer from 1 to 1000000"};
constexpr double kMaxCommunitiesPerStreet = WorldGeneratorSpec::kMaxCommunitiesPerStreet;
constexpr double kMaxGridsPerCommunity = WorldGeneratorSpec::kMaxGridsPerCommunity;
constexpr double kMaxResidentsPerGrid = WorldGeneratorSpec::kMaxResidentsPerGrid;
constexpr Range kStreets{1.0, 1000.0, false, false, "an integer from 1 to 1000"};
constexpr Range kWorkersPerGrid{0.0, 1000.0, true, false, "a number > 0 and at most 1000"};
constexpr Range kWorkersPer1000{0.0, 1000.0, true, false, "a number > 0 and at most 1000 (one per resident)"};
constexpr Range kPatrolsPerDay{0.0, 100.0, false, false, "a number from 0 to 100"};
constexpr Range kHoursInADay{0.0, 24.0, false, false, "a number of hours from 0 to 24"};
constexpr Range kDetectRate{0.0, 1000.0, false, false, "a number from 0 to 1000 per hour"};
constexpr Range kVisibilityDays{0.0, 36525.0, false, false, "a number of days from 0 to 36525"};
constexpr Range kDeadline{0.0, 1e6, true, false, "a number of hours > 0 and at most 1e6"};
constexpr Range kCaseRate{0.0, 1000.0, false, false, "a number from 0 to 1000 (one problem per resident per day)"};
constexpr Range kTaskRate{0.0, 1000.0, false, false, "a number from 0 to 1000"};
constexpr Range kGrowth{0.0, 1000.0, false, false, "a number from 0 to 1000"};
constexpr Range kVolunteerHours{0.0, 10000.0, false, false, "a number from 0 to 10000"};
constexpr Range kFactorUpTo1000{0.0, 1000.0, false, false, "a factor from 0 to 1000"};
constexpr Range kPositiveFactorUpTo1000{0.0, 1000.0, true, false, "a factor > 0 and at most 1000"};
constexpr Range kPaperwork{0.0, 100.0, false, false, "a number of hours from 0 to 100"};
constexpr Range kSystems{1.0, 100.0, false, false, "an integer from 1 to 100"};
constexpr Range kReopenings{0.0, 100.0, false, false, "an integer from 0 to 100"};
constexpr Range kLogit{-1000.0, 1000.0, false, false, "a number from -1000 to 1000"};
constexpr Range kLogitNonNegative{0.0, 1000.0, false, false, "a number from 0 to 1000"};
constexpr Range kExpectedShare{0.001, 10.0, false, false, "a share of the deadline from 0.001 to 10"};
constexpr Range kDays{0.0, RunSpec::kMaxDays, true, false, "a number of days > 0 and at most 36525 (100 years)"};
constexpr Range kWarmupDays{0.0, RunSpec::kMaxDays, false, true, "a number of days >= 0 and under 36525 (100 years)"};
constexpr Range kReplications{1.0, RunSpec::kMaxReplications, false, false, "an integer from 1 to 10000"};
// Cross-street messages land at the end of a window: a window longer than a day changes the
// answers (departments see their cases days late), one shorter than 36 s only costs time.
constexpr Range kSyncWindow{0.01, 24.0, false, false, "a number of hours from 0.01 to 24"};
constexpr Range kDepartmentTransfer{0.01, 24.0, false, false,
                                    "a number of hours from 0.01 to 24 (positive: it is the simulator's lookahead)"};
constexpr Range kMonth{1.0, 12.0, false, false, "an integer from 1 (January) to 12"};

// ---------------------------------------------------------------------------------------
// Shifts and offices

const Section<ShiftSpec>& shift_section() {
  static const Section<ShiftSpec> s = [] {
    Section<ShiftSpec> s("a shift (a map with start_h, hours, days_per_week, max_overtime_h_per_day)", "shift");
    s.number("start_h", &ShiftSpec::start_h, kHourOfDay, {"hour of day", "when the shift starts"})
        .number("hours", &ShiftSpec::hours, kShiftHours,
                {"h", "shift length; hours: 24 with days_per_week: 7 is around the clock"})
        .integer("days_per_week", &ShiftSpec::days_per_week, kDaysPerWeek,
                 {"days", "working days, Monday first (day 0 of a run is a Monday)"})
        .number("max_overtime_h_per_day", &ShiftSpec::max_overtime_h_per_day, kHoursInADay,
                {"h/day", "how long past shift end staff keep taking work (加班)"})
        .note("When a group of staff is on duty. `hours + max_overtime_h_per_day` ≤ 24. Its defaults "
              "depend on where it is used: see that key's default.")
        .summary([](const ShiftSpec& v) {
          return fmt::format("start {}, {} h, {} days, {}", format_number(v.start_h), format_number(v.hours),
                             v.days_per_week,
                             v.max_overtime_h_per_day > 0.0
                                 ? "overtime " + format_number(v.max_overtime_h_per_day) + " h"
                                 : std::string("no overtime"));
        })
        .check([](const MapReader& m, ShiftSpec& v, const ReadOutcome& o, const Context&) {
          if (!o.ok("hours") || !o.ok("max_overtime_h_per_day") || v.hours + v.max_overtime_h_per_day <= 24.0)
            return;
          const std::string_view at = m.has("max_overtime_h_per_day") ? "max_overtime_h_per_day" : "hours";
          m.log().add(m.at(at), m.get(at),
                      fmt::format("expected hours + max_overtime_h_per_day <= 24, got {} + {} = {}",
                                  format_number(v.hours), format_number(v.max_overtime_h_per_day),
                                  format_number(v.hours + v.max_overtime_h_per_day)));
        });
    return s;
  }();
  return s;
}

const Section<OfficeSpec>& office_section() {
  static const Section<OfficeSpec> s = [] {
    Section<OfficeSpec> s;
    s.integer("staff", &OfficeSpec::staff, kStaff, {"staff", "staff per office"})
        .section("shift", &OfficeSpec::shift, shift_section(), {"", "when they are on duty"})
        .number("wage_per_year", &OfficeSpec::wage_per_year, kWage, {"yuan/year", "per staff member"})
        .number("staff_per_10000_residents", &OfficeSpec::staff_per_10000_residents,
                Range{0.0, 10000.0, true, false, "a number > 0 and at most 10000"},
                {"staff", "instead of `staff`: per 10,000 residents of the office's area × its street's demand_factor × "
                          "handling_factor (its expected workload), rounded up [E]",
                 "`staff` per office"});
    return s;
  }();
  return s;
}

// ---------------------------------------------------------------------------------------
// World

const Section<GridSpec>& grid_section() {
  static const Section<GridSpec> s = [] {
    Section<GridSpec> s("a grid (a map with name and residents)");
    s.text("name", &GridSpec::name, {"", "unique within its community"}, Need::required)
        .integer("residents", &GridSpec::residents, kResidents, {"residents", "residents of the grid"},
                 Need::required)
        .number("workers", &GridSpec::workers, kWorkersPerGrid,
                {"workers", "grid workers (网格员) assigned to this grid", "from `grid_workers`"})
        .retired("grid_workers", "workers");
    return s;
  }();
  return s;
}

const Section<CommunitySpec>& community_section() {
  static const Section<CommunitySpec> s = [] {
    Section<CommunitySpec> s("a community (a map with name and grids)");
    s.text("name", &CommunitySpec::name, {"", "unique within its street"}, Need::required)
        .text("name_zh", &CommunitySpec::name_zh, {"", "its Chinese name in reports, e.g. 幸福里社区"})
        .integer("staff", &CommunitySpec::staff, kStaff,
                 {"staff", "this community office's staff", "`community_staff.staff`"})
        .list("grids", &CommunitySpec::grids, grid_section(),
              {"grids", "grid", true, Need::required, "a non-empty list of grids"},
              {"", "the community's grids (网格), at least one"});
    return s;
  }();
  return s;
}

/// A district's street names: listed, or generated (S01 …, prefixed `<district>-` in a city).
std::vector<std::string> street_names_of(const std::string& district, const std::optional<WorldGeneratorSpec>& generate,
                                         const std::vector<StreetSpec>& listed) {
  std::vector<std::string> out;
  if (generate)
    for (int s = 0; s < generate->streets; ++s)
      out.push_back(district.empty() ? fmt::format("S{:02d}", s + 1) : fmt::format("{}-S{:02d}", district, s + 1));
  for (const auto& street : listed) out.push_back(street.name);
  return out;
}

// A street's factor: positive and not absurd (a tenth to ten times the district's norm).
constexpr Range kFactorRange{0.1, 10.0, false, false, "a factor from 0.1 to 10"};

const Section<StreetSpec>& street_section() {
  static const Section<StreetSpec> s = [] {
    Section<StreetSpec> s("a street (a map with name and communities)");
    s.text("name", &StreetSpec::name, {"", "unique among streets"}, Need::required)
        .text("name_zh", &StreetSpec::name_zh, {"", "its Chinese name in reports, e.g. 东风街道"})
        .integer("staff", &StreetSpec::staff, kStaff,
                 {"staff", "this street centre's staff", "`street_centre.staff`"})
        .number("demand_factor", &StreetSpec::demand_factor, kFactorRange,
                {"×", "every category's problem rate in this street × this (old housing, density) [E]"})
        .number("elderly_factor", &StreetSpec::elderly_factor, kFactorRange,
                {"×", "the elderly share of residents.age_mix × this, renormalised [E]"})
        .number("handling_factor", &StreetSpec::handling_factor, kFactorRange,
                {"×", "handling times at grid, community and street × this (staff experience) [E]"})
        .number("difficulty_factor", &StreetSpec::difficulty_factor, kFactorRange,
                {"×", "every category's unresolvable_share in this street × this (old estates, 历史遗留问题) [E]"})
        .list("communities", &StreetSpec::communities, community_section(),
              {"communities", "community", true, Need::required, "a non-empty list of communities"},
              {"", "the street's communities (社区), at least one"});
    return s;
  }();
  return s;
}

const Section<WorldGeneratorSpec>& generator_section() {
  static const Section<WorldGeneratorSpec> s = [] {
    Section<WorldGeneratorSpec> s("a map of counts and distributions");
    s.integer("streets", &WorldGeneratorSpec::streets, kStreets, {"streets", "number of streets (街道)"})
        .distribution("communities_per_street", &WorldGeneratorSpec::communities_per_street,
                      {"communities", "communities (社区) per street, rounded, at least 1 and at most 1000"},
                      kMaxCommunitiesPerStreet)
        .distribution("grids_per_community", &WorldGeneratorSpec::grids_per_community,
                      {"grids", "grids (网格) per community, rounded, at least 1 and at most 1000"},
                      kMaxGridsPerCommunity)
        .distribution("residents_per_grid", &WorldGeneratorSpec::residents_per_grid,
                      {"residents", "residents per grid, rounded, at least 1 and at most 1000000"},
                      kMaxResidentsPerGrid)
        .distribution("street_demand_factor", &WorldGeneratorSpec::street_demand_factor,
                      {"×", "per street: its demand_factor [E]"})
        .distribution("street_elderly_factor", &WorldGeneratorSpec::street_elderly_factor,
                      {"×", "per street: its elderly_factor [E]"})
        .distribution("street_handling_factor", &WorldGeneratorSpec::street_handling_factor,
                      {"×", "per street: its handling_factor [E]"})
        .distribution("street_difficulty_factor", &WorldGeneratorSpec::street_difficulty_factor,
                      {"×", "per street: its difficulty_factor [E]"});
    return s;
  }();
  return s;
}

/// Exactly one of the keys in `keys` is present in `m`.
void check_exactly_one(const MapReader& m, std::initializer_list<std::pair<const char*, const char*>> keys) {
  std::vector<std::string> present, wanted;
  for (const auto& [key, what] : keys) {
    if (m.has(key)) present.push_back(key);
    wanted.push_back(fmt::format("{} ({})", key, what));
  }
  if (present.size() == 1) return;
  std::string got = "neither";
  if (present.size() == 2) got = fmt::format("both {} and {}", present[0], present[1]);
  if (present.size() > 2) got = fmt::format("{} and {}", fmt::join(present.begin(), present.end() - 1, ", "), present.back());
  m.log().add(m.path(), m.node(), fmt::format("expected exactly one of {}, got {}", fmt::join(wanted, " or "), got));
}

const Section<DistrictSpec>& district_section() {
  static const Section<DistrictSpec> s = [] {
    Section<DistrictSpec> s("a district (a map with name and either generate or streets)");
    s.text("name", &DistrictSpec::name, {"", "unique among districts; generated streets are named <name>-S01 …"},
           Need::required)
        .text("name_zh", &DistrictSpec::name_zh, {"", "its Chinese name in reports, e.g. 东城区"})
        .section("generate", &DistrictSpec::generate, generator_section(),
                 {"", "its streets made from counts and distributions"})
        .list("streets", &DistrictSpec::streets, street_section(), {"streets", "street", true},
              {"", "its streets (街道), listed"})
        .number("department_crews_factor", &DistrictSpec::department_crews_factor,
                Range{0.01, 1000.0, false, false, "a factor from 0.01 to 1000"},
                {"×", "its crews of every department = the department's crews × this, rounded up (a "
                      "district twice the size `departments` was sized for sets 2)"})
        .note("Exactly one of `generate` and `streets`.")
        .check([](const MapReader& d, DistrictSpec&, const ReadOutcome&, const Context&) {
          check_exactly_one(d, {{"generate", "streets made from counts"}, {"streets", "listed streets"}});
        });
    return s;
  }();
  return s;
}

const Section<WorldSpec>& world_section() {
  static const Section<WorldSpec> s = [] {
    Section<WorldSpec> s("a map with generate, streets or districts");
    s.section("generate", &WorldSpec::generate, generator_section(),
              {"", "a district made from counts and distributions"})
        .list("streets", &WorldSpec::streets, street_section(), {"streets", "street", true},
              {"", "a listed district: its streets (街道)"})
        .list("districts", &WorldSpec::districts, district_section(), {"districts", "district", true},
              {"", "a city (市): its districts (区), each generated or listed, each with its own departments"})
        .note("Exactly one of `generate`, `streets` and `districts`.")
        .check([](const MapReader& w, WorldSpec& world, const ReadOutcome& o, const Context&) {
          check_exactly_one(w, {{"generate", "a district made from counts"},
                                {"streets", "a listed district"},
                                {"districts", "a city of districts"}});
          if (!o.read("districts")) return;
          // Street names identify streets city-wide (outputs, surges).
          std::vector<std::string> seen;
          const YAML::Node list = w.get("districts");
          for (std::size_t k = 0; k < world.districts.size() && k < list.size(); ++k)
            for (const std::string& name : street_names_of(world.districts[k].name, world.districts[k].generate,
                                                           world.districts[k].streets)) {
              if (std::find(seen.begin(), seen.end(), name) != seen.end())
                w.log().add(w.at("districts").element(k, world.districts[k].name), list[k],
                            fmt::format("expected street names unique in the city, got \"{}\" in two districts",
                                        shown(name)));
              seen.push_back(name);
            }
        });
    return s;
  }();
  return s;
}

// ---------------------------------------------------------------------------------------
// Residents and channels

void check_channel_preferences(const MapReader& residents, const std::vector<ChannelSpec>& channels) {
  for (int g = 0; g < kAgeGroupCount; ++g) {
    double sum = 0.0;
    std::vector<std::string> terms;
    for (const auto& c : channels) {
      sum += c.preference[static_cast<std::size_t>(g)];
      terms.push_back(c.name + " " + format_number(c.preference[static_cast<std::size_t>(g)]));
    }
    if (std::abs(sum - 1.0) > kSumTolerance) {
      residents.log().add(residents.at("channels"), residents.get("channels"),
                          fmt::format("expected the channels' preference.{} to sum to 1 over channels, got {} ({})",
                                      kAgeKeys[static_cast<std::size_t>(g)], format_number(sum),
                                      join(terms, " + ")));
    }
  }
}

const Section<ChannelSpec>& channel_section() {
  static const Section<ChannelSpec> s = [] {
    Section<ChannelSpec> s("a channel (a map with name, intake_h and preference)");
    s.text("name", &ChannelSpec::name, {"", "unique, e.g. hotline (12345), app, walk_in"}, Need::required)
        .distribution("intake_h", &ChannelSpec::intake_h,
                      {"h", "report → case accepted at the grid (受理 and 派单)"})
        .shares("preference", &ChannelSpec::preference, kAgeKeys, false,
                {"", "share of each age group that uses this channel"}, Need::required)
        .boolean("via_duty_desk", &ChannelSpec::via_duty_desk,
                 {"", "a 12345 ticket: the duty desk signs for it and contacts the requester (响应); false: the grid worker answers when picking it up"});
    return s;
  }();
  return s;
}

const Section<ResidentSpec>& residents_section() {
  static const Section<ResidentSpec> s = [] {
    Section<ResidentSpec> s("a map with age_mix, channels and trust settings");
    s.shares("age_mix", &ResidentSpec::age_mix, kAgeKeys, true, {"", "residents by age group"})
        .distribution("trust_initial", &ResidentSpec::trust_initial,
                      {"", "initial trust in the local government (信任), clamped to 0..1"})
        .number("trust_learning_rate", &ResidentSpec::trust_learning_rate, kShare,
                {"", "trust += rate × (outcome − trust) after each rated case"})
        .number("trust_report_elasticity", &ResidentSpec::trust_report_elasticity, kLogit,
                {"", "report probability × (1 + elasticity × (trust − trust_reference))"})
        .number("trust_reference", &ResidentSpec::trust_reference, kShare,
                {"", "trust at which a category's report_probability applies as written"})
        .distribution("report_delay_h", &ResidentSpec::report_delay_h,
                      {"h", "problem arising → an affected resident reports it (诉求)"})
        .list("channels", &ResidentSpec::channels, channel_section(),
              {"channels", "channel", true, Need::required, "a non-empty list of reporting channels"},
              {"", "reporting channels, at least one; for each age group their preferences sum to 1"},
              check_channel_preferences)
        .note("For each age group the channels' `preference` sums to 1. A share left out of a map "
              "of shares counts as 0.");
    return s;
  }();
  return s;
}

// ---------------------------------------------------------------------------------------
// Departments and categories

const Section<DepartmentSpec>& department_section() {
  static const Section<DepartmentSpec> s = [] {
    Section<DepartmentSpec> s("a department (a map with name and crews)");
    s.text("name", &DepartmentSpec::name, {"", "unique, e.g. urban_management (城管)"}, Need::required)
        .integer("crews", &DepartmentSpec::crews, kStaff, {"crews", "crews, each handling one case at a time"})
        .section("shift", &DepartmentSpec::shift, shift_section(), {"", "when they are on duty"})
        .number("wage_per_year", &DepartmentSpec::wage_per_year, kWage, {"yuan/year", "per crew"});
    return s;
  }();
  return s;
}

const Section<CitySpec>& city_section() {
  static const Section<CitySpec> s = [] {
    Section<CitySpec> s;
    s.list("departments", &CitySpec::departments, department_section(), {"departments", "department"},
           {"", "city departments (市级部门: utilities, municipal roads) taking tickets districts refer up"})
        .distribution("referral_h", &CitySpec::referral_h,
                      {"h", "a district crew's hours assessing a ticket before referring it to the city [E]"});
    return s;
  }();
  return s;
}

// A factor on a rate (weekday, month, hour of day, surge): relative, so 0 is allowed (no
// problems then) but not all of them.
constexpr Range kDemandFactor{0.0, 1000.0, false, false, "a factor from 0 to 1000"};
constexpr Range kDispersion{0.0, 100.0, false, false, "a variance from 0 to 100"};

template <std::size_t N>
void check_some_positive(const MapReader& m, std::string_view key, const std::array<double, N>& v,
                         const ReadOutcome& o) {
  if (!o.read(key)) return;
  for (double x : v)
    if (x > 0.0) return;
  m.log().add(m.at(key), m.get(key),
              fmt::format("expected at least one factor > 0 (they are relative), got all {} zero", N));
}

KeyState read_category_departments(const MapReader& c, CategorySpec& cat, const Context& ctx) {
  if (!c.has("departments")) return KeyState::absent;
  IssueLog& log = c.log();
  std::vector<std::string> known;
  for (const auto& d : ctx.departments) known.push_back(d.name);
  bool ok = true;
  const bool listed = for_each_element(
      log, c.get("departments"), c.at("departments"), "department names", false,
      [&](const YAML::Node& e, const KeyPath& p) {
        const auto name = read_string(log, e, p);
        if (!name) {
          ok = false;
          return;
        }
        if (std::find(known.begin(), known.end(), *name) == known.end()) {
          log.add(p, e,
                  fmt::format("expected the name of a department listed under departments ({}), got \"{}\"{}",
                              known.empty() ? "none are listed" : join(known), *name, did_you_mean(*name, known)));
          ok = false;
        } else if (std::find(cat.departments.begin(), cat.departments.end(), *name) != cat.departments.end()) {
          log.add(p, e, fmt::format("expected each department once, got \"{}\" again", *name));
          ok = false;
        }
        // Kept even when unknown, so a misspelt list does not also read as an empty one.
        cat.departments.push_back(*name);
      });
  return listed && ok ? KeyState::read : KeyState::bad;
}

const Section<DispatchShares>& dispatch_shares_section() {
  static const Section<DispatchShares> s = [] {
    Section<DispatchShares> s;
    s.number("to_department", &DispatchShares::to_department, kShare,
             {"", "department matters sent straight to the owning department(s); the rest via the street (吹哨) [E]"})
        .number("to_community", &DispatchShares::to_community, kShare,
                {"", "other tickets sent to the community office; the rest to the street [E]"})
        .number("misdispatch", &DispatchShares::misdispatch, kShare,
                {"", "other tickets sent to a department by mistake, which objects (派单异议) [E]"});
    return s;
  }();
  return s;
}

/// city_department names a city department, and a category referring tickets names one.
void check_city_department(const MapReader& c, const CategorySpec& cat, const ReadOutcome& o, const Context& ctx) {
  std::vector<std::string> known;
  for (const auto& d : ctx.city.departments) known.push_back(d.name);
  if (o.read("city_department") &&
      std::find(known.begin(), known.end(), cat.city_department) == known.end()) {
    c.log().add(c.at("city_department"), c.get("city_department"),
                fmt::format("expected the name of a department listed under city.departments ({}), got \"{}\"{}",
                            known.empty() ? "none are listed" : join(known), shown(cat.city_department),
                            did_you_mean(cat.city_department, known)));
  } else if (o.ok("city_share") && cat.city_share > 0.0 && !c.has("city_department")) {
    c.log().add(c.at("city_department"), c.node(),
                fmt::format("expected city_department: city_share is {}, so its referred tickets need a city "
                            "department to go to",
                            format_number(cat.city_share)));
  }
}

const Section<CategorySpec>& category_section() {
  static const Section<CategorySpec> s = [] {
    Section<CategorySpec> s("a category (a map with name, rate_per_1000_per_day and level_shares)");
    s.text("name", &CategorySpec::name, {"", "unique, e.g. sanitation (市容环境)"}, Need::required)
        .number("rate_per_1000_per_day", &CategorySpec::rate_per_1000_per_day, kCaseRate,
                {"per 1,000 residents per day", "problems arising"}, Need::required)
        .number("patrol_visible", &CategorySpec::patrol_visible, kShare,
                {"", "share of problems a patrol (巡查) can see at all"})
        .number("report_probability", &CategorySpec::report_probability, kShare,
                {"", "chance an affected resident reports it, at reference trust"})
        .shares("level_shares", &CategorySpec::level_shares, kLevelKeys, true,
                {"", "share of problems needing each level to resolve them (网格 → 社区 → 街道 → 部门)"},
                Need::required)
        .distributions("service_h", &CategorySpec::service_h, kLevelKeys,
                       {"h", "one handler's work at the resolving level"})
        .distributions("lead_h", &CategorySpec::lead_h, kLevelKeys,
                       {"h", "calendar time from the handler's work to the fix in place that takes no "
                             "handler's hours (parts, contractors, notices); fitted by `govgrid calibrate`"})
        .shares("lead_share", &CategorySpec::lead_share, kLevelKeys, false,
                {"", "share of fixes at each level that wait for lead_h; the rest are in place when the work ends"})
        .custom("departments", "list of department names", "[]",
                {"", "owners of department-level cases (权责清单), lead first; each listed under the top-level "
                     "`departments`; needed when level_shares.department > 0"},
                read_category_departments)
        .number("city_share", &CategorySpec::city_share, kShare,
                {"", "share of its department-level tickets the district's department cannot handle "
                     "(市管设施, cross-district) and refers to `city_department` after assessing it [E]"})
        .text("city_department", &CategorySpec::city_department,
              {"", "the city department (under `city.departments`) taking its referred tickets"})
        .number("joint_share", &CategorySpec::joint_share, kShare,
                {"", "share of department-level cases needing every listed department at once (协同处置)"})
        .number("response_deadline_h", &CategorySpec::response_deadline_h, kDeadline,
                {"h", "first contact (响应) must come within this"})
        .number("resolution_deadline_h", &CategorySpec::resolution_deadline_h, kDeadline,
                {"h", "SLA: feedback (办结) within this; at least response_deadline_h"})
        .number("unresolvable_share", &CategorySpec::unresolvable_share, kShare,
                {"", "demands that can only be explained, never fixed (Art. 11: outside duties, unlawful, policy gap) [E 0.03–0.1]"})
        .number("growth_per_day", &CategorySpec::growth_per_day, kGrowth,
                {"per day", "hazard that an unfound problem grows one level more serious (隐患)"})
        .boolean("light", &CategorySpec::light,
                 {"", "a light case that party volunteers may take (see `policies.helpers`)"})
        .number("mediable_share", &CategorySpec::mediable_share, kShare,
                {"", "share of its problems that are disputes party members can mediate (调解; `party`) [E]"})
        .number("unit_resource_share", &CategorySpec::unit_resource_share, kShare,
                {"", "share of its department-level problems a 大党委 unit's resources can fix from the "
                     "community (`party.big_committee`) [E]"})
        .section("dispatch", &CategorySpec::dispatch, dispatch_shares_section(),
                 {"", "its row of the dispatch catalogue (派单目录), used under `policies.ticket_dispatch: catalogue`"})
        .numbers("weekday_factors", &CategorySpec::weekday_factors, kDemandFactor, "7 factors, Monday first",
                 {"×", "the rate by day of the week (day 0 is a Monday); relative: divided by their mean, so "
                       "the weekly volume stays rate_per_1000_per_day"})
        .numbers("month_factors", &CategorySpec::month_factors, kDemandFactor, "12 factors, January first",
                 {"×", "the rate by calendar month (day 0 is the 1st of run.start_month); relative: divided "
                       "by their mean weighted by days, so the year's volume stays rate_per_1000_per_day"})
        .number("daily_dispersion", &CategorySpec::daily_dispersion, kDispersion,
                {"", "variance of a mean-1 gamma multiplier on the rate, drawn per street and day: 0 is "
                     "Poisson, more gives over-dispersed daily counts"})
        .check([](const MapReader& c, CategorySpec& cat, const ReadOutcome& o, const Context&) {
          check_some_positive(c, "weekday_factors", cat.weekday_factors, o);
          check_some_positive(c, "month_factors", cat.month_factors, o);
        })
        .check([](const MapReader& c, CategorySpec& cat, const ReadOutcome& o, const Context& ctx) {
          const double department_share = cat.level_shares[static_cast<int>(Level::department)];
          if (o.read("level_shares") && department_share > 0.0 && cat.departments.empty()) {
            c.log().add(c.at("departments"), c.has("departments") ? c.get("departments") : c.node(),
                        fmt::format("expected at least one department to own the department-level cases "
                                    "(level_shares.department is {}), got {}",
                                    format_number(department_share),
                                    c.has("departments") ? describe(c.get("departments")) : "none"));
          }
          check_city_department(c, cat, o, ctx);
          if (o.ok("response_deadline_h") && o.ok("resolution_deadline_h") &&
              cat.response_deadline_h > cat.resolution_deadline_h) {
            const std::string_view at = c.has("response_deadline_h") ? "response_deadline_h" : "resolution_deadline_h";
            c.log().add(c.at(at), c.get(at),
                        fmt::format("expected response_deadline_h <= resolution_deadline_h, got {} > {}",
                                    format_number(cat.response_deadline_h),
                                    format_number(cat.resolution_deadline_h)));
          }
        });
    return s;
  }();
  return s;
}

// ---------------------------------------------------------------------------------------
// Staffing, policies and remedies

const Section<HouseholdVisitSpec>& household_visit_section() {
  static const Section<HouseholdVisitSpec> s = [] {
    Section<HouseholdVisitSpec> s;
    static constexpr Range kVisitsPerYear{0.0, 1000.0, false, false, "a number from 0 to 1000"};
    static constexpr Range kPerHousehold{0.1, 100.0, false, false, "a number from 0.1 to 100"};
    static constexpr Range kWindowDays{0.0, RunSpec::kMaxDays, true, false, "a number of days > 0 and at most 36525"};
    s.number("ordinary_per_year", &HouseholdVisitSpec::ordinary_per_year, kVisitsPerYear,
             {"per household per year", "visits to each ordinary household (入户走访)"})
        .number("vulnerable_per_year", &HouseholdVisitSpec::vulnerable_per_year, kVisitsPerYear,
                {"per household per year", "visits to each vulnerable household (elderly living alone, poor, …)"})
        .number("vulnerable_share", &HouseholdVisitSpec::vulnerable_share, kShare,
                {"", "share of households that are vulnerable"})
        .number("residents_per_household", &HouseholdVisitSpec::residents_per_household, kPerHousehold,
                {"residents", "a grid's households are its residents ÷ this"})
        .distribution("duration_h", &HouseholdVisitSpec::duration_h, {"h", "one household visit, travel included"})
        .number("find_probability", &HouseholdVisitSpec::find_probability, kShare,
                {"", "chance a visit to the household with a hidden problem finds it; a visit to 1 of H "
                     "households finds each hidden problem no patrol can see with find_probability ÷ H"})
        .number("findable_days", &HouseholdVisitSpec::findable_days, kWindowDays,
                {"days", "a problem nobody reports stays findable by visits this long"})
        .number("carry_over_days", &HouseholdVisitSpec::carry_over_days, kWindowDays,
                {"working days", "visits owed beyond this many days' quota lapse"})
        .note("Each working day a grid's quota of visits (households × visits per household per year ÷ "
              "working days per year) is owed; visits fill time that ranked work leaves (see "
              "policies.job_priority).");
    return s;
  }();
  return s;
}

const Section<GridWorkerSpec>& grid_workers_section() {
  static const Section<GridWorkerSpec> s = [] {
    Section<GridWorkerSpec> s;
    s.number("per_grid", &GridWorkerSpec::per_grid, kWorkersPerGrid,
             {"workers per grid", "fractions pool grids of a community (0.5 = one worker for two grids)"})
        .number("per_1000_residents", &GridWorkerSpec::per_1000_residents, kWorkersPer1000,
                {"per 1,000 residents", "instead of per_grid: workers shared out by each grid's residents"})
        .number("budget_per_year", &GridWorkerSpec::budget_per_year, kBudget,
                {"yuan/year", "instead of per_grid: hire ⌊budget ÷ wage_per_year⌋ workers (wage_per_year > 0), "
                              "apportioned to communities by residents, each keeping at least one (so "
                              "max(hired, communities) in all), then shared out by residents"})
        .section("shift", &GridWorkerSpec::shift, shift_section(), {"", "when they are on duty"})
        .number("patrols_per_day", &GridWorkerSpec::patrols_per_day, kPatrolsPerDay,
                {"per grid per working day", "patrol walks (巡查)"})
        .number("patrol_h", &GridWorkerSpec::patrol_h, kHoursInADay, {"h", "one patrol walk"})
        .number("detect_rate_per_h", &GridWorkerSpec::detect_rate_per_h, kDetectRate,
                {"per patrol hour", "a walk of h hours finds a visible hidden problem with 1 − exp(−rate × h × "
                                    "visibility): more or longer walks find more, with diminishing returns"})
        .number("visibility_days", &GridWorkerSpec::visibility_days, kVisibilityDays,
                {"days", "a hidden problem's visibility is 1 − exp(−age / visibility_days): it becomes easier to "
                         "see as it develops (0: fully visible at once)"})
        .number("grown_visibility", &GridWorkerSpec::grown_visibility, kPositiveFactorUpTo1000,
                {"×", "visibility × this once the problem has grown more serious"})
        .number("wage_per_year", &GridWorkerSpec::wage_per_year, kWage, {"yuan/year", "per worker"})
        .section("visits", &GridWorkerSpec::visits, household_visit_section(),
                 {"", "household visits (走访): off unless a visit rate is set"})
        .retired("priority", "policies.job_priority (admin_first is now pushed_down_first)")
        .retired("detect_probability",
                 "detect_rate_per_h (a walk of patrol_h hours finds a problem of visibility v with "
                 "1 − exp(−detect_rate_per_h × patrol_h × v); 0.7 per 1 h walk is about 1.2)")
        .note("One of `per_grid`, `per_1000_residents` and `budget_per_year` sets how many there are.")
        .check([](const MapReader& g, GridWorkerSpec&, const ReadOutcome&, const Context&) {
          const int ways = g.has("per_grid") + g.has("per_1000_residents") + g.has("budget_per_year");
          if (ways <= 1) return;
          const std::string_view at = g.has("budget_per_year") ? "budget_per_year" : "per_1000_residents";
          g.log().add(g.at(at), g.get(at),
                      "expected one way to set the number of grid workers (per_grid, per_1000_residents or "
                      "budget_per_year), got " + std::to_string(ways));
        })
        .check([](const MapReader& g, GridWorkerSpec& w, const ReadOutcome& o, const Context&) {
          // A budget hires ⌊budget ÷ wage⌋ workers: at no wage that is no number at all.
          if (!o.read("budget_per_year") || !o.ok("wage_per_year") || !w.budget_per_year) return;
          const double budget = *w.budget_per_year, wage = w.wage_per_year;
          if (wage <= 0.0) {
            const std::string_view at = g.has("wage_per_year") ? "wage_per_year" : "budget_per_year";
            g.log().add(g.at(at), g.get(at),
                        fmt::format("expected wage_per_year > 0 with budget_per_year (the budget hires "
                                    "⌊budget ÷ wage⌋ workers), got wage_per_year {}",
                                    format_number(wage)));
          } else if (std::floor(budget / wage) > static_cast<double>(GridWorkerSpec::kMaxHiredWorkers)) {
            g.log().add(g.at("budget_per_year"), g.get("budget_per_year"),
                        fmt::format("expected a budget that hires at most {} grid workers, got {} ÷ {} = {}",
                                    GridWorkerSpec::kMaxHiredWorkers, format_number(budget), format_number(wage),
                                    format_number(std::floor(budget / wage))));
          }
        });
    return s;
  }();
  return s;
}

const Section<PushedDownTaskSpec>& pushed_down_task_section() {
  static const Section<PushedDownTaskSpec> s = [] {
    Section<PushedDownTaskSpec> s("a task (a map with name, per, rate_per_week and duration_h)");
    s.text("name", &PushedDownTaskSpec::name,
           {"", "unique, e.g. forms (报表), inspections (迎检), ledgers (台账), meetings (会议), app_checkins (打卡)"},
           Need::required)
        .choice("per", &PushedDownTaskSpec::per, kTaskUnitNames,
                {"", "who it lands on: each grid's worker station whatever its headcount, each community office, "
                     "or each grid worker"},
                Need::required)
        .number("rate_per_week", &PushedDownTaskSpec::rate_per_week, kTaskRate,
                {"per `per` per week", "tasks of this kind per grid, community office or worker, arriving in "
                                       "office hours (the street centre's shift)"},
                Need::required)
        .distribution("duration_h", &PushedDownTaskSpec::duration_h, {"h", "hours each takes"})
        .number("deadline_h", &PushedDownTaskSpec::deadline_h, kDeadline, {"h", "due this long after it arrives"})
        .number("inspection_share", &PushedDownTaskSpec::inspection_share, kShare,
                {"", "chance its completion is checked: a checked task done late is a penalty in the appraisal"})
        .boolean("on_responsibility_list", &PushedDownTaskSpec::on_responsibility_list,
                 {"", "whether the grid's 权责清单 includes this kind (used under "
                      "`policies.task_intake: responsibility_list`, for tasks landing on grid workers)"})
        .retired("rate_per_worker_per_week", "per: worker with rate_per_week (or per: grid / community_office)");
    return s;
  }();
  return s;
}

const Section<PolicySpec>& policies_section() {
  static const Section<PolicySpec> s = [] {
    Section<PolicySpec> s("a map of named policies");
    s.choice("dispatch", &PolicySpec::dispatch, kDispatchPolicyNames,
             {"", "who takes a new grid case: the grid's own worker; the community's least-loaded worker "
                  "(pooling, travel when away); an adjacent grid's worker once the own backlog reaches "
                  "remedies.neighbour_backlog_threshold"})
        .choice("escalation", &PolicySpec::escalation, kEscalationPolicyNames,
                {"", "a case goes up (上报) when its level cannot resolve it; backlog_threshold: also when its "
                     "grid has remedies.escalation_backlog_threshold cases waiting"})
        .choice("task_intake", &PolicySpec::task_intake, kTaskIntakePolicyNames,
                {"", "pushed-down tasks (下派事务): all done by grid workers, or those not on the responsibility "
                     "list (权责清单) go back to the community office"})
        .choice("helpers", &PolicySpec::helpers, kHelperPolicyNames,
                {"", "who else takes light grid cases: party volunteers (双报到, 党员中心户) with "
                     "remedies.volunteer_hours_per_grid_per_week, or double_report: 双报到 members as agents, "
                     "called by the community at peaks (party.double_report)"})
        .choice("job_priority", &PolicySpec::job_priority, kJobPriorityNames,
                {"", "how staff order their work: cases against pushed-down tasks (patrols first at shift start, "
                     "household visits in idle time); by_appraisal: ranked work (requests, inspected tasks) by "
                     "deadline ahead of the rest, with a share outcomes.ranking_pressure of patrols and visits "
                     "deferred behind both"})
        .choice("duty_rota", &PolicySpec::duty_rota, kDutyRotaNames,
                {"", "grid workers' week: the shift on its days_per_week, or the same weekly hours spread over "
                     "all seven days (weekend cover)"})
        .choice("ticket_dispatch", &PolicySpec::ticket_dispatch, kTicketDispatchNames,
                {"", "where a 12345 ticket goes first: the grid worker, climbing level by level; or the unit "
                     "the dispatch catalogue (派单目录, categories[].dispatch) names, at once (条例 Art. 11–12)"})
        .note("Behaviour chosen by name; the defaults are the model without remedies. Their parameters "
              "are under `remedies`.");
    return s;
  }();
  return s;
}

const Section<RemediesSpec>& remedies_section() {
  static const Section<RemediesSpec> s = [] {
    Section<RemediesSpec> s;
    s.number("resources_follow_tasks", &RemediesSpec::resources_follow_tasks, kShare,
             {"", "share of each pushed-down task's hours done by paid help that comes with it (费随事转)"})
        .number("paid_hour_wage", &RemediesSpec::paid_hour_wage, kHourlyWage,
                {"yuan/h", "that paid help, added to staff cost"})
        .number("pushed_down_duration_factor", &RemediesSpec::pushed_down_duration_factor, kFactor,
                {"×", "fewer forms and apps (减负): pushed-down task durations × this"})
        .integer("neighbour_backlog_threshold", &RemediesSpec::neighbour_backlog_threshold, kAtLeastOne,
                 {"cases", "dispatch: neighbour_help: cases waiting at which a grid sends new ones to a neighbour"})
        .distribution("travel_h", &RemediesSpec::travel_h,
                      {"h", "dispatch: pooling or neighbour_help: added to work away from the case's own grid"})
        .number("volunteer_hours_per_grid_per_week", &RemediesSpec::volunteer_hours_per_grid_per_week,
                kVolunteerHours,
                {"h per grid per week", "helpers: party_volunteers: hours that take light grid-level cases; "
                                        "refilled daily, a week's worth at most"})
        .distribution("volunteer_response_h", &RemediesSpec::volunteer_response_h,
                      {"h", "helpers: party_volunteers: until a volunteer reaches the case"})
        .number("volunteer_hour_cost", &RemediesSpec::volunteer_hour_cost, kHourlyWage,
                {"yuan per volunteer hour", "the community's coordination, insurance and meals per hour volunteers "
                                            "work (they are not paid) [E 30]"})
        .integer("escalation_backlog_threshold", &RemediesSpec::escalation_backlog_threshold, kThreshold,
                 {"cases", "escalation: backlog_threshold: a new case reaching a grid with this many waiting goes "
                           "straight to the community office"})
        // The switches became named policies; their old keys say where they went.
        .retired("pooling", "policies.dispatch: pooling (true) or own_grid (false)")
        .retired("neighbour_help", "policies.dispatch: neighbour_help (true) or own_grid (false)")
        .retired("responsibility_list", "policies.task_intake: responsibility_list (true) or accept_all (false)")
        .retired("admin_duration_factor", "pushed_down_duration_factor")
        .note("Parameters of the remedies for 小马拉大车; each is used only under the policy it names, "
              "and the defaults change nothing. Volunteer hours > 0 need `policies.helpers: party_volunteers`, "
              "and a backlog threshold may only be given under `policies.escalation: backlog_threshold`.")
        .check([](const MapReader& m, RemediesSpec& r, const ReadOutcome& o, const Context& ctx) {
          // A value that used to switch a remedy on, now without its policy, would silently
          // do nothing: say which policy to choose.
          if (o.read("volunteer_hours_per_grid_per_week") && r.volunteer_hours_per_grid_per_week > 0.0 &&
              ctx.policies.helpers != HelperPolicy::party_volunteers) {
            m.log().add(m.at("volunteer_hours_per_grid_per_week"), m.get("volunteer_hours_per_grid_per_week"),
                        fmt::format("expected 0 unless policies.helpers is party_volunteers, got {} with "
                                    "policies.helpers none; set policies.helpers: party_volunteers",
                                    format_number(r.volunteer_hours_per_grid_per_week)));
          }
          if (o.read("escalation_backlog_threshold") &&
              ctx.policies.escalation != EscalationPolicy::backlog_threshold) {
            m.log().add(m.at("escalation_backlog_threshold"), m.get("escalation_backlog_threshold"),
                        fmt::format("expected no backlog threshold unless policies.escalation is "
                                    "backlog_threshold, got {} with policies.escalation by_need; set "
                                    "policies.escalation: backlog_threshold (or remove this key)",
                                    r.escalation_backlog_threshold));
          }
        });
    return s;
  }();
  return s;
}

// ---------------------------------------------------------------------------------------
// Party organisation (党建引领)

constexpr Range kMembers{0.0, 100000.0, false, false, "an integer from 0 to 100000"};
constexpr Range kMembersCalled{1.0, 100000.0, false, false, "an integer from 1 to 100000"};
constexpr Range kHouseholdsPerMember{0.0, 10000.0, false, false, "a number of households from 0 to 10000"};
constexpr Range kPerWeek{0.0, 1000.0, false, false, "a number from 0 to 1000 per week"};
constexpr Range kMemberHoursPerYear{0.0, 8760.0, false, false, "a number of hours from 0 to 8760 (a year)"};
constexpr Range kHoursPerContact{0.0, 24.0, false, false, "a number of hours from 0 to 24"};
constexpr Range kPartyHalfLife{0.0, RunSpec::kMaxDays, true, false, "a number of days > 0 and at most 36525"};
constexpr Range kPartyElasticity{-100.0, 100.0, false, false, "a number from -100 to 100"};

const Section<DoubleReportSpec>& double_report_section() {
  static const Section<DoubleReportSpec> s = [] {
    Section<DoubleReportSpec> s;
    s.integer("members_per_community", &DoubleReportSpec::members_per_community, kMembers,
              {"members", "in-service party members registered with each community (双报到) [S ~100–115, PARAMETERS §2.5]"})
        .number("hours_per_member_per_year", &DoubleReportSpec::hours_per_member_per_year, kMemberHoursPerYear,
                {"h", "each member's commitment a year [S 20; 50 mandated in Xingtai, §7.1]"})
        .number("answer_share", &DoubleReportSpec::answer_share, kShare,
                {"", "chance a called member answers [S 0.3: 300 of 999 in half a day, Xinyang, §2.5]"})
        .integer("call_backlog", &DoubleReportSpec::call_backlog, kAtLeastOne,
                 {"cases", "cases waiting at a grid's workers when the community calls members for a light case [E]"})
        .integer("members_called", &DoubleReportSpec::members_called, kMembersCalled,
                 {"members", "members one call reaches, in turn [E]"})
        .distribution("travel_h", &DoubleReportSpec::travel_h, {"h", "a member's way to the case [E]"})
        .number("patrol_share", &DoubleReportSpec::patrol_share, kShare,
                {"", "share of the committed hours planned as evening and weekend patrols (志愿巡查), walked by "
                     "answer_share of the members; the rest answers calls [E; PARAMETERS §7.8]"})
        .number("patrol_detect_factor", &DoubleReportSpec::patrol_detect_factor, kShare,
                {"", "a member's walk finds this share of what a grid worker's walk of the same length would [E]"})
        .number("work_start_h", &DoubleReportSpec::work_start_h, kHourOfDay,
                {"hour", "members are at their own work from this hour on weekdays [E]"})
        .number("work_end_h", &DoubleReportSpec::work_end_h, kHourOfDay,
                {"hour", "… until this hour; a weekday call then is served after work"})
        .number("rating_elasticity", &DoubleReportSpec::rating_elasticity, kPartyElasticity,
                {"", "双向评价: answer share × max(0, 1 + elasticity × (members' rating − rating_reference)) [E]"})
        .number("rating_reference", &DoubleReportSpec::rating_reference, kShare,
                {"", "the rating at which participation is answer_share [E]"})
        .number("rating_half_life_days", &DoubleReportSpec::rating_half_life_days, kPartyHalfLife,
                {"days", "half-life of a community's rating of its members: satisfied, or fixed when unrated [E]"})
        .check([](const MapReader& m, DoubleReportSpec& d, const ReadOutcome& o, const Context&) {
          if (o.ok("work_start_h") && o.ok("work_end_h") && d.work_end_h < d.work_start_h)
            m.log().add(m.at("work_end_h"), m.get("work_end_h"),
                        fmt::format("expected work_end_h >= work_start_h ({}), got {}", format_number(d.work_start_h),
                                    format_number(d.work_end_h)));
        });
    return s;
  }();
  return s;
}

const Section<BigCommitteeSpec>& big_committee_section() {
  static const Section<BigCommitteeSpec> s = [] {
    Section<BigCommitteeSpec> s;
    s.integer("units_per_community", &BigCommitteeSpec::units_per_community, kMembers,
              {"units", "units stationed in the area in each community's 大党委 (共驻共建) [E]"})
        .number("hours_per_unit_per_year", &BigCommitteeSpec::hours_per_unit_per_year, kMemberHoursPerYear,
                {"h", "each unit's hours of help a year [E]"})
        .distribution("work_h", &BigCommitteeSpec::work_h, {"h", "a unit's hours on one case [E]"})
        .distribution("lead_h", &BigCommitteeSpec::lead_h,
                      {"h", "until the unit's resource (repair crew, funds, professional) is in place [E]"});
    return s;
  }();
  return s;
}

const Section<PartySpec>& party_section() {
  static const Section<PartySpec> s = [] {
    Section<PartySpec> s;
    s.number("branch_coverage", &PartySpec::branch_coverage, kShare,
             {"", "share of grids with a party branch (网格党支部); spread evenly and nested [lever]"})
        .integer("members_per_branch", &PartySpec::members_per_branch, kMembers,
                 {"members", "resident members and 党员中心户 per branch who link households [S 2–5 中心户 per grid, 宁海]"})
        .number("households_per_member", &PartySpec::households_per_member, kHouseholdsPerMember,
                {"households", "党员联户: households each member links [S 5–20, PARAMETERS §7.1]"})
        .number("contacts_per_week", &PartySpec::contacts_per_week, kPerWeek,
                {"per week", "a member's contacts with each linked household [E]"})
        .number("contact_h", &PartySpec::contact_h, kHoursPerContact, {"h", "a member's time per contact [E]"})
        .number("notice_probability", &PartySpec::notice_probability, kShare,
                {"", "chance one contact brings a household's hidden problem to light (治未病) [E]"})
        .number("report_boost", &PartySpec::report_boost, kShare,
                {"", "a linked household reports with P + boost × (1 − P) [E]"})
        .number("settle_share", &PartySpec::settle_share, kShare,
                {"", "of the mediable problems a member hears of, the share settled before any ticket [E]"})
        .number("community_settle_share", &PartySpec::community_settle_share, kShare,
                {"", "of mediable cases at the community office that need the street, the share members' mediation "
                     "settles there (矛盾村社化解) [E]"})
        .number("member_fix_share", &PartySpec::member_fix_share, kShare,
                {"", "of light grid-level problems a member hears of, the share the member fixes on the spot "
                     "(举手之劳) [E; 新干: 1,069 中心户 solved 3,300+ problems, PARAMETERS §2.5]"})
        .distribution("mediation_h", &PartySpec::mediation_h, {"h", "member hours per mediation [E]"})
        .distribution("mediation_reach_h", &PartySpec::mediation_reach_h,
                      {"h", "until a member mediator meets the parties of a case at the community office [E]"})
        .number("coordination_h", &PartySpec::coordination_h, kHoursPerContact,
                {"h", "community office staff's time each time it calls on members (a 双报到 call, a mediation), "
                      "queued at the office [E]"})
        .section("double_report", &PartySpec::double_report, double_report_section(),
                 {"", "双报到 members, called by the community under `policies.helpers: double_report`"})
        .section("big_committee", &PartySpec::big_committee, big_committee_section(),
                 {"", "the community's 大党委 units, an extra route beside the departments"})
        .note("Party organisation (docs/model.md section 8.5): branches whose members link households, hear of "
              "hidden problems and mediate disputes; 双报到 members answering calls; 大党委 units. The defaults "
              "(no branches, no members, no units) change nothing.")
        .check([](const MapReader& m, PartySpec& p, const ReadOutcome& o, const Context& ctx) {
          if (o.read("double_report") && p.double_report.members_per_community > 0 &&
              ctx.policies.helpers != HelperPolicy::double_report)
            m.log().add(m.at("double_report"), m.get("double_report"),
                        fmt::format("expected no 双报到 members unless policies.helpers is double_report, got {} "
                                    "members per community; set policies.helpers: double_report",
                                    p.double_report.members_per_community));
        });
    return s;
  }();
  return s;
}

// ---------------------------------------------------------------------------------------
// Platform, grid networks, whistle, handling, satisfaction, run

const Section<PlatformSpec>& platform_section() {
  static const Section<PlatformSpec> s = [] {
    Section<PlatformSpec> s;
    s.number("intake_factor", &PlatformSpec::intake_factor, kFactorUpTo1000,
             {"×", "channels' intake and dispatch delays × this"})
        .number("handover_factor", &PlatformSpec::handover_factor, kFactorUpTo1000,
                {"×", "hand-overs between levels × this"})
        .boolean("merge_duplicates", &PlatformSpec::merge_duplicates,
                 {"", "duplicate reports merged; when false each one costs the grid worker a triage"})
        .number("paperwork_h_per_case", &PlatformSpec::paperwork_h_per_case, kPaperwork,
                {"h per case step", "trail-keeping (留痕) at a grid worker, counted as pushed-down time"})
        .number("department_transfer_h", &PlatformSpec::department_transfer_h, kDepartmentTransfer,
                {"h", "a ticket to a department, or its report that the work is done, crossing the platform "
                      "between a street and the departments; positive, the simulator's lookahead [E]"})
        .number("running_cost_per_year", &PlatformSpec::running_cost_per_year, kBudgetOrZero,
                {"yuan per year", "licences, hosting and operators of the platform for the whole area, beyond the "
                                  "baseline's"});
    return s;
  }();
  return s;
}

const Section<GridNetworksSpec>& grid_networks_section() {
  static const Section<GridNetworksSpec> s = [] {
    Section<GridNetworksSpec> s;
    s.integer("systems", &GridNetworksSpec::systems, kSystems,
              {"systems", "grid systems over the same ground (综治, 城管, 民政 …)"})
        .boolean("merged", &GridNetworksSpec::merged, {"", "merged into one comprehensive grid (多网合一)"})
        .number("misrouted_share", &GridNetworksSpec::misrouted_share, kShare,
                {"", "unmerged: share of reports first reaching the wrong system's worker"})
        .distribution("misrouted_transfer_h", &GridNetworksSpec::misrouted_transfer_h,
                      {"h", "unmerged: the transfer of such a report to the right system"})
        .number("merged_service_factor", &GridNetworksSpec::merged_service_factor, kPositiveFactorUpTo1000,
                {"×", "merged: grid-level work takes this much longer (one worker covers every system)"})
        .retired("transfer_h", "misrouted_transfer_h")
        .note("Unmerged systems also divide each patrol's detection chance by `systems` (a walker looks "
              "for its own system's problems) and multiply paperwork by `systems` (one app per system).");
    return s;
  }();
  return s;
}

const Section<WhistleSpec>& whistle_section() {
  static const Section<WhistleSpec> s = [] {
    Section<WhistleSpec> s;
    s.boolean("enabled", &WhistleSpec::enabled, {"", "streets can summon departments (街乡吹哨、部门报到)"})
        .distribution("report_for_duty_h", &WhistleSpec::report_for_duty_h,
                      {"h", "with the whistle: until summoned departments report for duty (报到) and start"})
        .distribution("sequential_transfer_h", &WhistleSpec::sequential_transfer_h,
                      {"h", "without it: each ordinary street ↔ department transfer, one department at a time"})
        .retired("report_h", "report_for_duty_h")
        .retired("transfer_h", "sequential_transfer_h");
    return s;
  }();
  return s;
}

const Section<HandlingSpec>& handling_section() {
  static const Section<HandlingSpec> s = [] {
    Section<HandlingSpec> s;
    s.distributions("assess_h", &HandlingSpec::assess_h, {"grid", "community", "street"},
                    {"h", "triage (研判) at a level that cannot resolve the case, before passing it up"})
        .distributions("handover_h", &HandlingSpec::handover_h, {"community", "street"},
                       {"h", "hand-over into the next level up"})
        .distribution("feedback_h", &HandlingSpec::feedback_h, {"h", "resolution → the resident is told (反馈)"})
        .number("rating_share", &HandlingSpec::rating_share, kShare,
                {"", "share of residents who rate when told (回访)"})
        .number("reopen_share", &HandlingSpec::reopen_share, kShare,
                {"", "share of unsatisfied ratings that reopen the case (重办)"})
        .integer("max_reopenings", &HandlingSpec::max_reopenings, kReopenings,
                 {"reopenings", "per case"})
        .note("A distribution left out of a map of distributions by level keeps its default.");
    return s;
  }();
  return s;
}

const Section<DutyDeskSpec>& duty_desk_section() {
  static const Section<DutyDeskSpec> s = [] {
    Section<DutyDeskSpec> s;
    static constexpr Range kAttempts{1.0, 20.0, false, false, "a whole number from 1 to 20"};
    s.section("coverage", &DutyDeskSpec::coverage, shift_section(),
              {"", "hours the desk is staffed (值班); 24/7 by default (draft 12345 standard: sign for tickets 24/7)"})
        .distribution("sign_for_h", &DutyDeskSpec::sign_for_h, {"h", "within coverage, ticket → first call [E]"})
        .number("reach_probability", &DutyDeskSpec::reach_probability, kShare,
                {"", "chance the requester answers a call [E 0.9–0.98]"})
        .distribution("retry_h", &DutyDeskSpec::retry_h, {"h", "until the next call [E 2–4 h]"})
        .integer("max_attempts", &DutyDeskSpec::max_attempts, kAttempts,
                 {"calls", "before the desk leaves the contact to the handler [E]"})
        .note("Tickets from channels with via_duty_desk: true are signed for and the requester contacted "
              "(响应, 条例 Art. 15) by the street's duty desk, apart from the field work; 响应率 = requesters "
              "contacted within the response deadline ÷ requests.");
    return s;
  }();
  return s;
}

const Section<DispatchCatalogueSpec>& dispatch_catalogue_section() {
  static const Section<DispatchCatalogueSpec> s = [] {
    Section<DispatchCatalogueSpec> s;
    s.distribution("assign_down_h", &DispatchCatalogueSpec::assign_down_h,
                   {"h", "a street or community passing a ticket down to the unit that can fix it (× platform.handover_factor) [E]"})
        .distribution("objection_h", &DispatchCatalogueSpec::objection_h,
                      {"h", "a department objecting to a ticket it does not own (派单异议) until it is re-dispatched [E 1–3 days]"})
        .note("Used under `policies.ticket_dispatch: catalogue`; the catalogue's shares are per category "
              "(categories[].dispatch).");
    return s;
  }();
  return s;
}

const Section<OutcomeSpec>& outcomes_section() {
  static const Section<OutcomeSpec> s = [] {
    Section<OutcomeSpec> s;
    static constexpr Range kPositiveRef{0.0, 1e6, true, false, "a positive number"};
    s.number("explain_base", &OutcomeSpec::explain_base, kShare,
             {"", "chance a handler below the needed level closes by explanation (解释办结) instead of passing up [E 0.02–0.1]"})
        .number("explain_per_backlog", &OutcomeSpec::explain_per_backlog, kShare,
                {"", "added per explain_backlog_ref jobs waiting at the handler (capped at 2×) [E 0.05–0.2]"})
        .number("explain_backlog_ref", &OutcomeSpec::explain_backlog_ref, kPositiveRef,
                {"jobs", "jobs waiting per handler (cases and pushed-down tasks) that count as full [E]"})
        .number("explain_per_pressure", &OutcomeSpec::explain_per_pressure, kShare,
                {"", "× ranking_pressure: added to the chance under closure_rate; the share of the chance taken off under requesters_answer [E]"})
        .choice("appraisal_basis", &OutcomeSpec::appraisal_basis, kAppraisalBasisNames,
                {"", "what the ranking counts: closure_rate (办结率: pressure raises explanations) or "
                     "requesters_answer (回访 解决率/满意率: pressure lowers them)"})
        .number("ranking_pressure", &OutcomeSpec::ranking_pressure, kShare,
                {"", "weight of the performance ranking (考核排名) on handlers, 0..1; its effect on explanations depends on "
                     "appraisal_basis, and under policies.job_priority: by_appraisal that share of patrols and visits is "
                     "deferred [E]"})
        .number("bounce_share", &OutcomeSpec::bounce_share, kShare,
                {"", "without the whistle: chance a department objects to a transfer (推诿 / 派单异议) [E 0.1–0.3]"})
        .integer("max_bounces", &OutcomeSpec::max_bounces, kNonNegativeInt,
                 {"bounces", "after this many the street closes the case by explanation [E]"})
        .distribution("bounce_h", &OutcomeSpec::bounce_h, {"h", "until an objected transfer comes back [E 1–3 days]"})
        .number("resolved_if_fixed", &OutcomeSpec::resolved_if_fixed, kShare,
                {"", "chance the requester says \"resolved\" at the call-back (回访) when it was fixed [E 0.95–0.99]"})
        .number("explanation_effort", &OutcomeSpec::explanation_effort, kShare,
                {"", "ranked on the requesters' answers, units work on an explanation until it is accepted (做工作): "
                     "\"resolved\" after an explanation rises this × ranking_pressure of the way to 1 [E]"})
        .number("resolved_if_explained", &OutcomeSpec::resolved_if_explained, kShare,
                {"", "the same when it was closed by explanation [E 0.1–0.5; §1.4 s₀]"})
        .note("Every closure is fixed or explained (解释办结): demands that can only be explained "
              "(categories[].unresolvable_share), closures below the needed level, and department transfers "
              "that bounce too often. 解决率 is the requesters' answer at the call-back; overdue open tickets "
              "count as unresolved.");
    return s;
  }();
  return s;
}

const Section<SatisfactionSpec>& satisfaction_section() {
  static const Section<SatisfactionSpec> s = [] {
    Section<SatisfactionSpec> s;
    // Signs are fixed by the formula (penalties are subtracted), so coefficients are >= 0;
    // only the intercept and the trust scaling may be negative.
    s.number("intercept", &SatisfactionSpec::intercept, kLogit, {"logit", "the constant term"})
        .number("resolved", &SatisfactionSpec::resolved, kLogitNonNegative, {"logit", "added when the requester says \"resolved\" at the call-back"})
        .number("contacted", &SatisfactionSpec::contacted, kLogitNonNegative,
                {"logit", "added when the requester was contacted within the response deadline"})
        .number("late_penalty", &SatisfactionSpec::late_penalty, kLogitNonNegative,
                {"logit", "× ln(T/E) when later than expected"})
        .number("early_bonus", &SatisfactionSpec::early_bonus, kLogitNonNegative,
                {"logit", "× ln(E/T) when earlier than expected"})
        .number("extra_contact_penalty", &SatisfactionSpec::extra_contact_penalty, kLogitNonNegative,
                {"logit", "× each reopening (an extra round of contacts)"})
        .number("trust_expectation", &SatisfactionSpec::trust_expectation, kLogit,
                {"", "how trust scales the expected time E"})
        .number("expected_close_share", &SatisfactionSpec::expected_close_share, kExpectedShare,
                {"", "before any experience, residents expect a case to take this share of its deadline [E]"})
        .number("anchoring", &SatisfactionSpec::anchoring, kShare,
                {"", "how far each rated case moves the requester's expectation towards what it took (log scale; §4 ED anchoring) [E]"})
        .number("expected_contact_h", &SatisfactionSpec::expected_contact_h, kDeadline,
                {"h", "how long a requester expects to wait for the first contact [E]"})
        .number("late_contact_penalty", &SatisfactionSpec::late_contact_penalty, kLogitNonNegative,
                {"logit", "× ln(time to contact ÷ expected_contact_h) when later than that [E]"})
        .note("P(satisfied) = logistic(intercept + resolved·R + contacted·C − late_penalty·max(0, ln T/E) "
              "+ early_bonus·max(0, −ln T/E) − extra_contact_penalty·(n − 1) − late_contact_penalty·max(0, ln Tc/Ec)), "
              "T = report to feedback, E = the deadline × the requester's expectation share (expected_close_share, "
              "anchored on their own past cases) × (1 + trust_expectation·(trust − trust_reference)), Tc = report to "
              "first contact, Ec = expected_contact_h (满意率; docs/model.md section 6).");
    return s;
  }();
  return s;
}

// ---------------------------------------------------------------------------------------
// Demand that moves: surges, the hour-of-day profile, reputation; repeat tickets

/// The names a surge may list: the listed streets, or the generated ones (S01, S02, …; in a
/// city's districts <district>-S01 …).
std::vector<std::string> street_names(const WorldSpec& world) {
  std::vector<std::string> out = street_names_of("", world.generate, world.streets);
  for (const auto& d : world.districts) {
    const std::vector<std::string> names = street_names_of(d.name, d.generate, d.streets);
    out.insert(out.end(), names.begin(), names.end());
  }
  return out;
}

const Section<SurgeSpec>& surge_section() {
  static const Section<SurgeSpec> s = [] {
    static constexpr Range kStartDay{0.0, RunSpec::kMaxDays, false, false, "a day of the run from 0 to 36525"};
    static constexpr Range kSurgeDays{1.0, RunSpec::kMaxDays, false, false, "a number of days from 1 to 36525"};
    Section<SurgeSpec> s("a surge (a map with name, category, start_day, days and factor)");
    s.text("name", &SurgeSpec::name, {"", "e.g. rainstorm (暴雨), heating_start (供暖季开始)"}, Need::required)
        .text("category", &SurgeSpec::category, {"", "the category it multiplies, or all"})
        .integer("start_day", &SurgeSpec::start_day, kStartDay, {"day", "first day (day 0 is the run's first)"},
                 Need::required)
        .integer("days", &SurgeSpec::days, kSurgeDays, {"days", "how long it lasts"}, Need::required)
        .number("factor", &SurgeSpec::factor, kDemandFactor, {"×", "the rate × this while it lasts"}, Need::required)
        .names("streets", &SurgeSpec::streets, "street names",
               {"", "the streets it hits (listed names, or S01, S02 … of a generated world); empty: all"})
        .check([](const MapReader& m, SurgeSpec& surge, const ReadOutcome& o, const Context& ctx) {
          if (o.read("category") && surge.category != "all") {
            std::vector<std::string> known;
            for (const auto& c : ctx.categories) known.push_back(c.name);
            if (std::find(known.begin(), known.end(), surge.category) == known.end()) {
              known.push_back("all");
              m.log().add(m.at("category"), m.get("category"),
                          fmt::format("expected the name of a category or all ({}), got \"{}\"{}", join(known),
                                      shown(surge.category), did_you_mean(surge.category, known)));
            }
          }
          if (!o.read("streets")) return;
          const std::vector<std::string> known = street_names(ctx.world);
          const YAML::Node list = m.get("streets");
          for (std::size_t i = 0; i < surge.streets.size() && i < list.size(); ++i)
            if (std::find(known.begin(), known.end(), surge.streets[i]) == known.end())
              m.log().add(m.at("streets").element(i, ""), list[i],
                          fmt::format("expected the name of a street ({}), got \"{}\"{}",
                                      known.size() > 8 ? known.front() + " … " + known.back() : join(known),
                                      shown(surge.streets[i]), did_you_mean(surge.streets[i], known)));
        });
    return s;
  }();
  return s;
}

const Section<DemandSpec>& demand_section() {
  static const Section<DemandSpec> s = [] {
    static constexpr Range kHalfLife{0.0, RunSpec::kMaxDays, true, false, "a number of days > 0 and at most 36525"};
    static constexpr Range kElasticity{-100.0, 100.0, false, false, "a number from -100 to 100"};
    static constexpr Range kTrend{-0.9, 10.0, false, false, "a relative change per year from -0.9 to 10"};
    Section<DemandSpec> s;
    s.numbers("hour_of_day_factors", &DemandSpec::hour_of_day_factors, kDemandFactor,
              "24 factors, midnight first",
              {"×", "every category's rate by hour of day; relative: divided by their mean"})
        .list("surges", &DemandSpec::surges, surge_section(), {"surges", "surge"},
              {"", "surges (突发): a category's rate × factor for some days, e.g. a rainstorm"})
        .number("trend_per_year", &DemandSpec::trend_per_year, kTrend,
                {"per year", "every rate × (1 + trend_per_year)^(day / 365): volumes that grow (or shrink) year on "
                             "year; fitted by `govgrid calibrate`"})
        .number("reputation_half_life_days", &DemandSpec::reputation_half_life_days, kHalfLife,
                {"days", "half-life of a grid's reputation: the weighted mean of the satisfaction answers given there"})
        .number("reputation_elasticity", &DemandSpec::reputation_elasticity, kElasticity,
                {"", "report probabilities in a grid × max(0, 1 + elasticity × (reputation − reputation_reference)); "
                     "0: reputation has no effect"})
        .number("reputation_reference", &DemandSpec::reputation_reference, kShare,
                {"", "the reputation every grid starts at, at which report probabilities apply as written"})
        .note("Demand that moves (docs/model.md section 2.1). A category's rate is rate_per_1000_per_day × its "
              "weekday, month and hour factors (each normalised to mean 1) × a daily gamma multiplier "
              "(daily_dispersion) × every surge covering that day.")
        .check([](const MapReader& m, DemandSpec& d, const ReadOutcome& o, const Context&) {
          check_some_positive(m, "hour_of_day_factors", d.hour_of_day_factors, o);
        });
    return s;
  }();
  return s;
}

const Section<RepeatSpec>& repeat_section() {
  static const Section<RepeatSpec> s = [] {
    Section<RepeatSpec> s;
    s.number("after_explained", &RepeatSpec::after_explained, kShare,
             {"", "chance a requester files again about the same problem after a closure by explanation (解释办结)"})
        .number("after_unsatisfied", &RepeatSpec::after_unsatisfied, kShare,
                {"", "the same after a final \"unsatisfied\" rating at the call-back (回访)"})
        .distribution("delay_h", &RepeatSpec::delay_h, {"h", "closure → the new report"})
        .note("Repeat tickets (重复件): only requesters (not patrol finds) file again; the new case has the same "
              "category, grid, resident, channel and needed level, and may itself be repeated. After an "
              "explanation rated unsatisfied, either chance applies (1 − (1 − a)(1 − b)).");
    return s;
  }();
  return s;
}

const Section<RunSpec>& run_section() {
  static const Section<RunSpec> s = [] {
    Section<RunSpec> s;
    s.number("days", &RunSpec::days, kDays, {"days", "simulated days, warm-up included; more than warmup_days"})
        .number("warmup_days", &RunSpec::warmup_days, kWarmupDays,
                {"days", "cases arising before this are simulated but not measured"})
        .integer("replications", &RunSpec::replications, kReplications, {"runs", "independent replications"})
        .seed("seed", &RunSpec::seed, {"", "scenario seed; streams derive from (seed, stream, replication)"})
        .number("sync_window_h", &RunSpec::sync_window_h, kSyncWindow,
                {"h", "longest parallel time window; the simulator uses at most platform.department_transfer_h, so "
                      "results do not depend on it"})
        .integer("start_month", &RunSpec::start_month, kMonth,
                 {"month", "calendar month whose 1st is day 0 (1 = January), for categories[].month_factors"})
        .check([](const MapReader& r, RunSpec& run, const ReadOutcome& o, const Context&) {
          if (!o.ok("days") || !o.ok("warmup_days") || run.days > run.warmup_days) return;
          const std::string_view at = r.has("days") ? "days" : "warmup_days";
          r.log().add(r.at(at), r.get(at),
                      fmt::format("expected days > warmup_days (nothing would be measured), got days {} and "
                                  "warmup_days {}",
                                  format_number(run.days), format_number(run.warmup_days)));
        });
    return s;
  }();
  return s;
}

// ---------------------------------------------------------------------------------------
// The top level

const Section<UncertainParameter>& uncertain_parameter_section() {
  static const Section<UncertainParameter> s = [] {
    Section<UncertainParameter> s("an uncertain parameter (a map with key and value)");
    s.text("key", &UncertainParameter::key,
           {"", "a key path as for --set (categories.sanitation.rate_per_1000_per_day); not under world or run"},
           Need::required)
        .distribution("value", &UncertainParameter::value,
                      {"", "what it may be: each replication draws its own value (e.g. {dist: uniform, min: 0.3, max: 0.5})"})
        .check([](const MapReader& m, UncertainParameter& u, const ReadOutcome& o, const Context&) {
          if (!o.read("key")) return;
          // The world and the run must be the same in every replication: outputs are by grid and day.
          for (const char* fixed : {"world", "run", "uncertainty", "name", "description"}) {
            const std::string prefix = std::string(fixed);
            if (u.key == prefix || u.key.rfind(prefix + ".", 0) == 0)
              m.log().add(m.at("key"), m.get("key"),
                          fmt::format("expected a key outside {} (every replication has the same {}), got \"{}\"", fixed,
                                      fixed, shown(u.key)));
          }
          if (!m.has("value"))
            m.log().add(m.path(), m.node(), "expected `value`: the distribution each replication draws from");
        });
    return s;
  }();
  return s;
}

const Section<BilingualText>& bilingual_section() {
  static const Section<BilingualText> s = [] {
    Section<BilingualText> s("a map with en and zh");
    s.text("en", &BilingualText::en, {"", "in English"}).text("zh", &BilingualText::zh, {"", "in Chinese"});
    return s;
  }();
  return s;
}

/// `description`: English text, or a map with en and zh.
KeyState read_description(const MapReader& m, ScenarioSpec& spec, const Context&) {
  if (!m.has("description")) return KeyState::absent;
  const YAML::Node node = m.get("description");
  if (node.IsMap()) {
    const MapReader d(m.log(), node, m.at("description"), {"en", "zh"}, "a map with en and zh");
    const bool ok = d.text("en", spec.description) | d.text("zh", spec.description_zh);
    return ok ? KeyState::read : KeyState::bad;
  }
  return m.text("description", spec.description) ? KeyState::read : KeyState::bad;
}

const Section<ScenarioSpec>& scenario_section() {
  static const Section<ScenarioSpec> s = [] {
    Section<ScenarioSpec> s("a map of scenario keys at the top level");
    s.text("name", &ScenarioSpec::name, {"", "scenario name, used in outputs"}, Need::required)
        .section("title", &ScenarioSpec::title, bilingual_section(),
                 {"", "what reports call it, in English and Chinese: {en: Heavy load, zh: 小马拉大车（重负荷）}; default: the name"})
        .custom("description", "text, or a map with en and zh", "", {"", "free text (English), or {en: …, zh: …}"},
                read_description)
        .section("world", &ScenarioSpec::world, world_section(),
                 {"", "the world: a district's streets (街道), communities (社区) and grids (网格), or a city's districts (区)"}, Need::required)
        .section("residents", &ScenarioSpec::residents, residents_section(),
                 {"", "residents and how they report"}, Need::required)
        // Before categories, which name departments.
        .list("departments", &ScenarioSpec::departments, department_section(), {"departments", "department"},
              {"", "district departments (职能部门); needed when a category sends cases to departments; in a city "
                   "every district has its own"})
        .section("city", &ScenarioSpec::city, city_section(),
                 {"", "the city level (市) above the districts: its departments take what districts refer up"})
        .list("categories", &ScenarioSpec::categories, category_section(),
              {"categories", "category", true, Need::required, "a non-empty list of case categories"},
              {"", "case categories, at least one"})
        // After categories and world, whose names surges use.
        .section("demand", &ScenarioSpec::demand, demand_section(),
                 {"", "demand that moves: hour-of-day profile, surges, reputation"})
        .section("repeat", &ScenarioSpec::repeat, repeat_section(), {"", "repeat tickets (重复件)"})
        .section("grid_workers", &ScenarioSpec::grid_workers, grid_workers_section(), {"", "grid workers (网格员)"})
        .section("community_staff", &ScenarioSpec::community_staff, office_section(),
                 {"", "each community office (社区居委会)"})
        .section("street_centre", &ScenarioSpec::street_centre, office_section(),
                 {"", "each street centre (街道综治中心)"})
        .list("pushed_down_tasks", &ScenarioSpec::pushed_down_tasks, pushed_down_task_section(),
              {"pushed-down tasks", "pushed-down task"},
              {"", "work pushed down to grid workers from above (小马拉大车)"})
        // Before remedies, whose checks look at the policies.
        .section("policies", &ScenarioSpec::policies, policies_section(),
                 {"", "named policies: dispatch, escalation, task intake, helpers, job priority, duty rota, ticket dispatch"})
        .section("remedies", &ScenarioSpec::remedies, remedies_section(),
                 {"", "parameters of the remedies for 小马拉大车"})
        .section("party", &ScenarioSpec::party, party_section(),
                 {"", "party organisation (党建引领): grid branches, household links, mediation, 双报到, 大党委"})
        .section("platform", &ScenarioSpec::platform, platform_section(), {"", "the digital platform (一网统管)"})
        .section("grid_networks", &ScenarioSpec::grid_networks, grid_networks_section(),
                 {"", "separate or merged grid systems (多网合一)"})
        .section("whistle", &ScenarioSpec::whistle, whistle_section(), {"", "the street summoning departments (街乡吹哨、部门报到)"})
        .section("handling", &ScenarioSpec::handling, handling_section(),
                 {"", "triage, hand-overs, feedback and ratings"})
        .section("duty_desk", &ScenarioSpec::duty_desk, duty_desk_section(),
                 {"", "the desk that signs for 12345 tickets and contacts requesters (响应)"})
        .section("dispatch_catalogue", &ScenarioSpec::dispatch_catalogue, dispatch_catalogue_section(),
                 {"", "delays of the dispatch catalogue (派单目录): passing tickets down, objections"})
        .section("outcomes", &ScenarioSpec::outcomes, outcomes_section(),
                 {"", "how cases end: fixed or explained, and the requester's answer at the call-back"})
        .section("satisfaction", &ScenarioSpec::satisfaction, satisfaction_section(), {"", "the satisfaction model"})
        .section("run", &ScenarioSpec::run, run_section(), {"", "length, warm-up, replications, seed"})
        .list("uncertainty", &ScenarioSpec::uncertainty, uncertain_parameter_section(), {"uncertain parameters", "uncertain parameter"},
              {"", "estimated parameters and what they may be: each replication draws its own values, so intervals "
                   "include what we don't know (docs/model.md section 9.5)"})
        .note("A scenario that builds on another holds only `extends`, `name`, `description` and `set` "
              "(see `extends:` and `set:` in scenarios/README.md).");
    return s;
  }();
  return s;
}

}  // namespace

ScenarioSpec read_scenario(const YAML::Node& root, IssueLog& log) {
  ScenarioSpec spec;
  const Section<ScenarioSpec>& schema = scenario_section();
  const MapReader top(log, root, KeyPath{}, schema.keys(), schema.what(), schema.retired_keys());
  if (!top.is_map()) return spec;  // reported by `top`
  schema.read(top, spec, spec);
  return spec;
}

bool has_scenario_keys(const YAML::Node& root) {
  if (!root.IsMap()) return false;
  const std::vector<std::string>& keys = scenario_section().keys();
  for (const auto& kv : root) {
    if (!kv.first.IsScalar()) continue;
    const std::string& k = kv.first.Scalar();
    if (k == "extends" || std::find(keys.begin(), keys.end(), k) != keys.end()) return true;
  }
  return false;
}

SchemaDoc describe_scenario() {
  SchemaDoc doc;
  scenario_section().document(doc, ScenarioSpec{}, "");
  return doc;
}

}  // namespace govgrid::detail
