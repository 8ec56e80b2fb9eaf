// Tests of scenarios/: the shipped scenarios load, overrides work, and every kind of bad
// input is reported with its place (file:line:col), its key path and what was expected.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "govgrid/scenario_loader.h"
#include "govgrid/scenario_schema.h"

namespace govgrid {
namespace {

const std::filesystem::path kScenarioDir = std::filesystem::path(GOVGRID_SOURCE_DIR) / "scenarios";

// A small valid scenario. Tests edit it in place with `edit`, which keeps line numbers when
// the replacement has no newline; the line of each key is noted on the right.
constexpr std::string_view kBase = R"(name: tiny
world:
  streets:
    - name: s1
      communities:
        - name: c1
          grids:
            - name: g1
              residents: 1000
residents:
  channels:
    - name: hotline
      preference: {young: 1, adult: 1, elderly: 1}
departments:
  - name: urban_management
    crews: 3
categories:
  - name: sanitation
    rate_per_1000_per_day: 0.5
    level_shares: {grid: 0.5, community: 0.2, street: 0.2, department: 0.1}
    departments: [urban_management]
  - name: property
    rate_per_1000_per_day: 0.3
    level_shares: {grid: 1}
run:
  days: 60
  warmup_days: 10
)";
// Lines in kBase:  1 name   2 world   10 residents   11 channels   12 hotline   13 preference
// 14 departments   15 urban_management   16 crews   17 categories   18 sanitation
// 19 rate   20 level_shares   21 departments   22 property   25 run   26 days   27 warmup_days

/// kBase with `from` (which must occur once) replaced by `to`.
std::string edit(std::string_view from, std::string_view to,
                 std::string text = std::string(kBase)) {
  const auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << "test bug: \"" << from << "\" is not in the scenario";
  if (pos == std::string::npos) return text;
  EXPECT_EQ(text.find(from, pos + 1), std::string::npos)
      << "test bug: \"" << from << "\" is not unique";
  text.replace(pos, from.size(), to);
  return text;
}

std::vector<ScenarioIssue> issues_of(std::string_view yaml,
                                     const std::vector<std::string>& overrides = {}) {
  try {
    load_scenario_string(yaml, "test.yaml", overrides);
  } catch (const ScenarioError& e) {
    EXPECT_FALSE(e.issues().empty());
    return e.issues();
  }
  ADD_FAILURE() << "expected a ScenarioError, the scenario loaded";
  return {};
}

std::string all_messages(const std::vector<ScenarioIssue>& issues) {
  std::string out;
  for (const auto& i : issues) out += format_issue(i) + "\n";
  return out;
}

/// Expects an issue at key_path whose message contains every fragment; with line > 0, also
/// its place. Returns the formatted issue for further checks.
std::string expect_issue(const std::vector<ScenarioIssue>& issues, std::string_view key_path,
                         int line, int column, const std::vector<std::string>& fragments) {
  for (const auto& i : issues) {
    if (i.key_path != key_path) continue;
    if (line > 0 && (i.line != line || i.column != column)) continue;
    const bool all = std::all_of(fragments.begin(), fragments.end(), [&](const std::string& f) {
      return i.message.find(f) != std::string::npos;
    });
    if (all) return format_issue(i);
  }
  ADD_FAILURE() << "no issue at " << key_path << " " << line << ":" << column
                << " with the expected words; got:\n"
                << all_messages(issues);
  return {};
}

// ---------------------------------------------------------------------------------------
// The shipped scenarios

TEST(ShippedScenarios, BaseOfTheseTestsLoads) {
  const ScenarioSpec spec = load_scenario_string(kBase, "test.yaml");
  EXPECT_EQ(spec.name, "tiny");
  EXPECT_EQ(spec.source_file, "test.yaml");
  ASSERT_EQ(spec.categories.size(), 2u);
  EXPECT_DOUBLE_EQ(spec.categories[1].level_shares[0], 1.0);
  EXPECT_DOUBLE_EQ(spec.categories[1].level_shares[3], 0.0);  // absent shares are 0
}

TEST(ShippedScenarios, DistrictLoadsWithItsKeyFigures) {
  const ScenarioSpec spec = load_scenario_file(kScenarioDir / "district.yaml");
  EXPECT_EQ(spec.name, "district");
  EXPECT_EQ(spec.source_file, (kScenarioDir / "district.yaml").string());

  ASSERT_TRUE(spec.world.generate.has_value());
  EXPECT_TRUE(spec.world.streets.empty());
  const WorldGeneratorSpec& gen = *spec.world.generate;
  EXPECT_EQ(gen.streets, 16);
  ASSERT_EQ(gen.communities_per_street.kind, Distribution::Kind::uniform);
  ASSERT_EQ(gen.grids_per_community.kind, Distribution::Kind::uniform);
  ASSERT_EQ(gen.residents_per_grid.kind, Distribution::Kind::normal);
  const double grids = gen.streets * (gen.communities_per_street.a + gen.communities_per_street.b) /
                       2 * (gen.grids_per_community.a + gen.grids_per_community.b) / 2;
  EXPECT_NEAR(grids, 1000, 50);
  EXPECT_NEAR(grids * gen.residents_per_grid.a, 1.0e6, 0.05e6);

  ASSERT_EQ(spec.categories.size(), 10u);
  EXPECT_EQ(spec.categories[0].name, "sanitation");
  EXPECT_DOUBLE_EQ(spec.categories[0].rate_per_1000_per_day, 0.5);
  EXPECT_EQ(spec.departments.size(), 8u);
  EXPECT_EQ(spec.residents.channels.size(), 3u);
  EXPECT_TRUE(spec.whistle.enabled);

  // Pushed-down tasks landing on a grid's one worker take about 0.3 of a 40 h week
  // (docs/parameters.md §7.8: 0.25, 0.10–0.50); the community office's own are apart.
  double admin_h = 0.0;
  for (const auto& t : spec.pushed_down_tasks) {
    if (t.per == TaskUnit::community_office) continue;
    const Distribution& d = t.duration_h;
    double mean = d.a;
    if (d.kind == Distribution::Kind::lognormal) mean = d.a * std::exp(d.b * d.b / 2);
    if (d.kind == Distribution::Kind::uniform) mean = (d.a + d.b) / 2;
    admin_h += t.rate_per_week * mean;
  }
  EXPECT_NEAR(admin_h / 40.0, 0.30, 0.02);

  const auto utilities = std::find_if(spec.departments.begin(), spec.departments.end(),
                                      [](const auto& d) { return d.name == "utilities"; });
  ASSERT_NE(utilities, spec.departments.end());
  EXPECT_TRUE(utilities->shift.around_the_clock());

  EXPECT_DOUBLE_EQ(spec.run.days, 365);
  EXPECT_DOUBLE_EQ(spec.run.warmup_days, 30);
  EXPECT_EQ(spec.run.replications, 5);
}

TEST(ShippedScenarios, PoliciesAreReadByName) {
  const ScenarioSpec defaults = load_scenario_string(kBase, "test.yaml");
  EXPECT_EQ(defaults.policies.dispatch, DispatchPolicy::own_grid);
  EXPECT_EQ(defaults.policies.escalation, EscalationPolicy::by_need);
  EXPECT_EQ(defaults.policies.task_intake, TaskIntakePolicy::accept_all);
  EXPECT_EQ(defaults.policies.helpers, HelperPolicy::none);
  EXPECT_EQ(defaults.policies.job_priority, JobPriority::cases_first);
  EXPECT_EQ(defaults.policies.duty_rota, DutyRota::fixed_days);
  const ScenarioSpec spec = load_scenario_string(
      edit("run:\n", "policies:\n  dispatch: neighbour_help\n  escalation: backlog_threshold\n"
                     "  task_intake: responsibility_list\n  helpers: party_volunteers\n"
                     "  job_priority: pushed_down_first\n  duty_rota: seven_day\nrun:\n"),
      "test.yaml");
  EXPECT_EQ(spec.policies.dispatch, DispatchPolicy::neighbour_help);
  EXPECT_EQ(spec.policies.escalation, EscalationPolicy::backlog_threshold);
  EXPECT_EQ(spec.policies.task_intake, TaskIntakePolicy::responsibility_list);
  EXPECT_EQ(spec.policies.helpers, HelperPolicy::party_volunteers);
  EXPECT_EQ(spec.policies.job_priority, JobPriority::pushed_down_first);
  EXPECT_EQ(spec.policies.duty_rota, DutyRota::seven_day);
  EXPECT_EQ(spec.remedies.escalation_backlog_threshold, 8);  // the default under backlog_threshold
}

TEST(ShippedScenarios, EachRemedyFileChoosesItsPolicy) {
  const auto load = [](const char* file) { return load_scenario_file(kScenarioDir / file); };
  EXPECT_EQ(load("district.yaml").policies.job_priority, JobPriority::by_appraisal);
  EXPECT_EQ(load("heavy_load_pooling.yaml").policies.dispatch, DispatchPolicy::pooling);
  EXPECT_EQ(load("heavy_load_neighbour_help.yaml").policies.dispatch, DispatchPolicy::neighbour_help);
  EXPECT_EQ(load("heavy_load_responsibility_list.yaml").policies.task_intake,
            TaskIntakePolicy::responsibility_list);
  const ScenarioSpec volunteers = load("heavy_load_volunteers.yaml");
  EXPECT_EQ(volunteers.policies.helpers, HelperPolicy::party_volunteers);
  EXPECT_DOUBLE_EQ(volunteers.remedies.volunteer_hours_per_grid_per_week, 3);
  const ScenarioSpec escalation = load("heavy_load_escalation.yaml");
  EXPECT_EQ(escalation.policies.escalation, EscalationPolicy::backlog_threshold);
  EXPECT_EQ(escalation.remedies.escalation_backlog_threshold, 8);
  EXPECT_DOUBLE_EQ(load("heavy_load_fewer_forms.yaml").remedies.pushed_down_duration_factor, 0.5);
}

TEST(ShippedScenarios, ErlangCIsOneMM3Station) {
  const ScenarioSpec spec = load_scenario_file(kScenarioDir / "erlang_c.yaml");
  ASSERT_EQ(spec.world.streets.size(), 1u);
  ASSERT_EQ(spec.world.streets[0].communities.size(), 1u);
  ASSERT_EQ(spec.world.streets[0].communities[0].grids.size(), 1u);
  EXPECT_EQ(spec.world.streets[0].communities[0].grids[0].residents, 1000);
  EXPECT_DOUBLE_EQ(spec.grid_workers.per_grid, 3);
  EXPECT_TRUE(spec.grid_workers.shift.around_the_clock());
  EXPECT_DOUBLE_EQ(spec.grid_workers.shift.max_overtime_h_per_day, 0);
  EXPECT_DOUBLE_EQ(spec.grid_workers.patrols_per_day, 0);
  ASSERT_EQ(spec.categories.size(), 1u);
  const CategorySpec& c = spec.categories[0];
  EXPECT_DOUBLE_EQ(c.rate_per_1000_per_day, 24);
  EXPECT_DOUBLE_EQ(c.patrol_visible, 0);
  EXPECT_DOUBLE_EQ(c.report_probability, 1);
  EXPECT_DOUBLE_EQ(c.level_shares[0], 1);
  EXPECT_EQ(c.service_h[0].kind, Distribution::Kind::exponential);
  EXPECT_DOUBLE_EQ(c.service_h[0].a, 2);
  EXPECT_DOUBLE_EQ(c.unresolvable_share, 0);
  EXPECT_DOUBLE_EQ(c.growth_per_day, 0);
  EXPECT_EQ(spec.residents.report_delay_h.kind, Distribution::Kind::fixed);
  EXPECT_DOUBLE_EQ(spec.residents.report_delay_h.a, 0);
  ASSERT_EQ(spec.residents.channels.size(), 1u);
  EXPECT_DOUBLE_EQ(spec.residents.channels[0].intake_h.a, 0);
  EXPECT_TRUE(spec.pushed_down_tasks.empty());
}

// ---------------------------------------------------------------------------------------
// Overrides

TEST(Overrides, AddressListElementsByIndexAndByName) {
  const ScenarioSpec spec =
      load_scenario_string(kBase, "test.yaml",
                           {"categories.0.rate_per_1000_per_day=0.9",
                            "categories.property.rate_per_1000_per_day=0.2", "run.days=30"});
  EXPECT_DOUBLE_EQ(spec.categories[0].rate_per_1000_per_day, 0.9);
  EXPECT_DOUBLE_EQ(spec.categories[1].rate_per_1000_per_day, 0.2);
  EXPECT_DOUBLE_EQ(spec.run.days, 30);
}

TEST(Overrides, ValuesMayBeFlowMapsAndNewKeysOfExistingMaps) {
  const ScenarioSpec spec = load_scenario_string(
      kBase, "test.yaml",
      {"categories.sanitation.level_shares={grid: 1}",
       "residents.report_delay_h={dist: exponential, mean: 3}", "run.sync_window_h=2"});
  EXPECT_DOUBLE_EQ(spec.categories[0].level_shares[0], 1);
  EXPECT_EQ(spec.residents.report_delay_h.kind, Distribution::Kind::exponential);
  EXPECT_DOUBLE_EQ(spec.residents.report_delay_h.a, 3);
  EXPECT_DOUBLE_EQ(spec.run.sync_window_h, 2);
}

TEST(Overrides, ApplyToFilesAndLaterOnesWin) {
  const ScenarioSpec spec = load_scenario_file(
      kScenarioDir / "district.yaml", {"grid_workers.per_grid=2", "run.days=40", "run.days=50"});
  EXPECT_DOUBLE_EQ(spec.grid_workers.per_grid, 2);
  EXPECT_DOUBLE_EQ(spec.run.days, 50);
}

TEST(Overrides, MisspeltListElementIsAnErrorWithSuggestions) {
  const std::string override = "categories.sanitaton.rate_per_1000_per_day=1";
  const auto issues = issues_of(kBase, {override});
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].file, "--set");
  EXPECT_EQ(issues[0].line, 0);
  const std::string msg = expect_issue(
      issues, "categories.sanitaton.rate_per_1000_per_day", 0, 0,
      {"an index 0..1", "sanitation, property", "did you mean \"sanitation\"", override});
  EXPECT_EQ(msg.rfind("--set: categories.sanitaton.rate_per_1000_per_day: expected", 0), 0u) << msg;
}

TEST(Overrides, MissingSectionIsCreatedAndAMisspeltOneReported) {
  // kBase has no grid_workers section: the override creates it (the section's defaults stand).
  const ScenarioSpec spec = load_scenario_string(kBase, "base.yaml", {"grid_workers.per_grid=2"});
  EXPECT_EQ(spec.grid_workers.per_grid, 2.0);
  // A misspelt section is created too, and the schema reports it as unknown, with a suggestion.
  const auto issues = issues_of(kBase, {"grid_workrs.per_grid=2"});
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_NE(issues[0].message.find("unknown key \"grid_workrs\"; did you mean \"grid_workers\""), std::string::npos)
      << issues[0].message;
  EXPECT_NE(issues[0].message.find("after --set grid_workrs.per_grid=2"), std::string::npos) << issues[0].message;
}

TEST(Overrides, IndexOutOfRangeScalarParentAndMissingEqualsAreErrors) {
  const auto issues =
      issues_of(kBase, {"categories.7.rate_per_1000_per_day=1", "run.days.x=1", "run.days"});
  ASSERT_EQ(issues.size(), 3u);
  expect_issue(issues, "categories.7.rate_per_1000_per_day", 0, 0, {"an index 0..1", "got \"7\""});
  expect_issue(issues, "run.days.x", 0, 0, {"expected run.days to be a map or a list, got 60"});
  expect_issue(issues, "", 0, 0, {"expected key.path=value, got no \"=\"", "--set run.days"});
}

TEST(Overrides, ValidationIssuesFromAnOverrideNameIt) {
  const auto issues = issues_of(kBase, {"run.days=abc", "run.dayz=3"});
  ASSERT_EQ(issues.size(), 2u);
  for (const auto& i : issues) {
    EXPECT_EQ(i.file, "--set");
    EXPECT_EQ(i.line, 0);
  }
  const std::string msg =
      expect_issue(issues, "run.days", 0, 0,
                   {"expected a number of days > 0 and at most 36525 (100 years), got the string \"abc\"", "(from --set run.days=abc)"});
  EXPECT_EQ(msg,
            "--set: run.days: expected a number of days > 0 and at most 36525 (100 years), got the string \"abc\" (from --set "
            "run.days=abc)");
  expect_issue(issues, "run.dayz", 0, 0, {"unknown key \"dayz\"", "did you mean \"days\""});
}

TEST(Overrides, AnIssueAboveAnOverriddenValueMentionsTheOverride) {
  const auto issues = issues_of(kBase, {"categories.sanitation.level_shares.grid=0.9"});
  expect_issue(issues, "categories[0:sanitation].level_shares", 20, 19,
               {"expected shares summing to 1, got 1.4",
                "(after --set categories.sanitation.level_shares.grid=0.9)"});
}

// ---------------------------------------------------------------------------------------
// One test per kind of error

TEST(Errors, UnknownKeySuggestsTheClosestAndListsAllowedKeys) {
  const auto issues = issues_of(edit("rate_per_1000_per_day: 0.5", "rate_per_1000_per_dya: 0.5"));
  const std::string msg = expect_issue(
      issues, "categories[0:sanitation].rate_per_1000_per_dya", 19, 5,
      {"unknown key \"rate_per_1000_per_dya\"", "did you mean \"rate_per_1000_per_day\"?",
       "expected one of: name, rate_per_1000_per_day, patrol_visible"});
  EXPECT_EQ(msg.rfind("test.yaml:19:5: categories[0:sanitation].rate_per_1000_per_dya: unknown", 0),
            0u)
      << msg;
}

TEST(Errors, UnknownTopLevelKey) {
  const auto issues = issues_of(edit("run:", "runn:"));
  expect_issue(issues, "runn", 25, 1, {"unknown key \"runn\"", "did you mean \"run\"?"});
}

TEST(Errors, StringWhereNumberExpected) {
  const auto issues = issues_of(edit("rate_per_1000_per_day: 0.5", "rate_per_1000_per_day: lots"));
  expect_issue(issues, "categories[0:sanitation].rate_per_1000_per_day", 19, 28,
               {"expected a number from 0 to 1000 (one problem per resident per day), got the string \"lots\""});
}

TEST(Errors, BooleanWhereNumberExpected) {
  const auto issues = issues_of(edit("days: 60", "days: true"));
  expect_issue(issues, "run.days", 26, 9, {"expected a number of days > 0 and at most 36525 (100 years), got the boolean true"});
}

TEST(Errors, QuotedNumberIsAStringWithAHint) {
  const auto issues = issues_of(edit("days: 60", "days: \"60\""));
  expect_issue(issues, "run.days", 26, 9,
               {"got the string \"60\"", "a number in quotes is a string"});
}

TEST(Errors, MapWhereListExpectedAndListWhereMapExpected) {
  const auto issues =
      issues_of(edit("level_shares: {grid: 1}", "level_shares: [1, 0, 0, 0]",
                     edit("    - name: hotline\n      preference: {young: 1, adult: 1, elderly: 1}",
                          "    {name: hotline, preference: {young: 1, adult: 1, elderly: 1}}\n")));
  expect_issue(issues, "residents.channels", 12, 5, {"expected a list of channels, got a map"});
  expect_issue(issues, "categories[1:property].level_shares", 24, 19,
               {"expected a map of shares by grid/community/street/department, got a list"});
}

TEST(Errors, IntegerExpected) {
  const auto issues = issues_of(edit("crews: 3", "crews: 2.5"));
  expect_issue(issues, "departments[0:urban_management].crews", 16, 12,
               {"expected an integer from 1 to 10000, got 2.5"});
}

TEST(Errors, MissingRequiredKeys) {
  const auto issues =
      issues_of(edit("    rate_per_1000_per_day: 0.3\n", "", edit("name: tiny\n", "")));
  // Line numbers shift up by one (name removed); the property category starts on line 21.
  expect_issue(issues, "name", 1, 1, {"missing required key; expected a non-empty text"});
  expect_issue(issues, "categories[1:property].rate_per_1000_per_day", 21, 5,
               {"missing required key; expected a number from 0 to 1000 (one problem per resident per day)"});
}

TEST(Errors, NegativeRateDurationAndCount) {
  const auto issues = issues_of(edit(
      "rate_per_1000_per_day: 0.5", "rate_per_1000_per_day: -0.5",
      edit("crews: 3", "crews: -1", edit("residents:\n", "residents:\n  report_delay_h: -3\n"))));
  // report_delay_h is inserted as line 11, so later lines move down by one.
  expect_issue(issues, "residents.report_delay_h", 11, 19, {"expected a number from 0 to 1000000, got -3"});
  expect_issue(issues, "departments[0:urban_management].crews", 17, 12,
               {"expected an integer from 1 to 10000, got -1"});
  expect_issue(issues, "categories[0:sanitation].rate_per_1000_per_day", 20, 28,
               {"expected a number from 0 to 1000 (one problem per resident per day), got -0.5"});
}

TEST(Errors, ShareOutsideZeroToOne) {
  const auto issues = issues_of(
      edit("    level_shares: {grid: 1}", "    level_shares: {grid: 1, department: -0.1}"));
  expect_issue(issues, "categories[1:property].level_shares.department", 24, 41,
               {"expected a share between 0 and 1, got -0.1"});
}

TEST(Errors, LevelSharesMustSumToOne) {
  const auto issues = issues_of(edit("department: 0.1}", "department: 0.2}"));
  expect_issue(issues, "categories[0:sanitation].level_shares", 20, 19,
               {"expected shares summing to 1, got 1.1",
                "(grid 0.5 + community 0.2 + street 0.2 + department 0.2)"});
}

TEST(Errors, AgeMixMustSumToOne) {
  const auto issues = issues_of(
      edit("residents:\n", "residents:\n  age_mix: {young: 0.3, adult: 0.5, elderly: 0.1}\n"));
  expect_issue(issues, "residents.age_mix", 11, 12,
               {"expected shares summing to 1, got 0.9", "young 0.3 + adult 0.5 + elderly 0.1"});
}

TEST(Errors, ChannelPreferencesMustSumToOnePerAgeGroup) {
  const auto issues =
      issues_of(edit("      preference: {young: 1, adult: 1, elderly: 1}",
                     "      preference: {young: 1, adult: 1, elderly: 0.5}\n    - name: app\n"
                     "      preference: {young: 0, adult: 0, elderly: 0.4}"));
  ASSERT_EQ(issues.size(), 1u) << all_messages(issues);
  expect_issue(issues, "residents.channels", 12, 5,
               {"expected the channels' preference.elderly to sum to 1 over channels, got 0.9",
                "(hotline 0.5 + app 0.4)"});
}

TEST(Errors, CategoryNamesADepartmentThatDoesNotExist) {
  const auto issues =
      issues_of(edit("departments: [urban_management]", "departments: [urban_managment]"));
  expect_issue(issues, "categories[0:sanitation].departments[0]", 21, 19,
               {"expected the name of a department listed under departments (urban_management)",
                "got \"urban_managment\"", "did you mean \"urban_management\"?"});
}

TEST(Errors, DuplicateNames) {
  std::string yaml = edit("  - name: property", "  - name: sanitation");
  yaml = edit("    - name: hotline\n      preference: {young: 1, adult: 1, elderly: 1}",
              "    - name: hotline\n      preference: {young: 1, adult: 1, elderly: 1}\n"
              "    - name: hotline\n      preference: {young: 0, adult: 0, elderly: 0}",
              yaml);
  yaml = edit("    crews: 3", "    crews: 3\n  - name: urban_management", yaml);
  const auto issues = issues_of(yaml);
  expect_issue(issues, "residents.channels[1:hotline].name", 14, 13,
               {"expected a unique channel name, got \"hotline\" again (first at line 12)"});
  expect_issue(issues, "departments[1:urban_management].name", 19, 11,
               {"expected a unique department name", "(first at line 17)"});
  expect_issue(issues, "categories[1:sanitation].name", 25, 11,
               {"expected a unique category name, got \"sanitation\" again (first at line 21)"});
}

TEST(Errors, DuplicateKeyInAMap) {
  const auto issues = issues_of(edit("  warmup_days: 10", "  warmup_days: 10\n  days: 90"));
  expect_issue(issues, "run.days", 28, 3,
               {"expected each key once, got \"days\" again (first at line 26)"});
}

TEST(Errors, DepartmentShareWithoutDepartments) {
  const auto issues = issues_of(edit("    departments: [urban_management]\n", ""));
  expect_issue(issues, "categories[0:sanitation].departments", 18, 5,
               {"expected at least one department", "level_shares.department is 0.1", "got none"});
}

TEST(Errors, UnknownDistributionAndItsParameters) {
  const auto issues = issues_of(edit("residents:\n",
                                     "residents:\n  report_delay_h: {dist: gamma, mean: 3}\n"
                                     "  trust_initial: {dist: lognormal, median: 2}\n"
                                     "  channels_x: 1\n"));
  expect_issue(
      issues, "residents.report_delay_h.dist", 11, 26,
      {"expected one of fixed|exponential|lognormal|uniform|normal, got the string \"gamma\""});
  expect_issue(issues, "residents.trust_initial.sigma", 12, 18,
               {"missing required key; expected a number from 0 to 10"});
  expect_issue(issues, "residents.channels_x", 13, 3, {"did you mean \"channels\"?"});
}

TEST(Errors, DistributionWithAnUnknownParameterOrBadBounds) {
  const auto issues =
      issues_of(edit("residents:\n",
                     "residents:\n  report_delay_h: {dist: exponential, mean: 2, sd: 1}\n"
                     "  trust_initial: {dist: uniform, min: 0.8, max: 0.2}\n"));
  expect_issue(issues, "residents.report_delay_h.sd", 11, 48,
               {"unknown key \"sd\"", "expected one of: dist, mean"});
  expect_issue(issues, "residents.trust_initial.max", 12, 49,
               {"expected max >= min (0.8), got 0.2"});
}

TEST(Errors, UnknownEnumValueListsTheCases) {
  const auto issues = issues_of(edit("run:\n", "policies:\n  job_priority: whatever\nrun:\n"));
  expect_issue(issues, "policies.job_priority", 26, 17,
               {"expected one of cases_first|pushed_down_first|fifo|by_appraisal, got the string \"whatever\""});
}

TEST(Errors, UnknownPolicyNameListsTheKnownNames) {
  const auto issues = issues_of(edit("run:\n", "policies:\n  dispatch: poolng\nrun:\n"));
  const std::string msg =
      expect_issue(issues, "policies.dispatch", 26, 13,
                   {"expected one of own_grid|pooling|neighbour_help, got the string \"poolng\"",
                    "did you mean \"pooling\"?"});
  EXPECT_EQ(msg.rfind("test.yaml:26:13: policies.dispatch: expected one of", 0), 0u) << msg;
  const auto helpers = issues_of(kBase, {"policies={helpers: volunteers}"});
  expect_issue(helpers, "policies.helpers", 0, 0,
               {"expected one of none|party_volunteers|double_report, got the string \"volunteers\""});
}

TEST(Errors, RetiredKeyNamesItsReplacement) {
  const auto issues = issues_of(edit("run:\n", "remedies:\n  pooling: true\nrun:\n"));
  const std::string msg = expect_issue(issues, "remedies.pooling", 26, 3,
                                       {"unknown key \"pooling\" (retired)", "policies.dispatch: pooling"});
  EXPECT_EQ(msg.find("did you mean"), std::string::npos) << msg;
  // Through an override, and for each renamed key.
  const auto renamed = issues_of(
      kBase, {"remedies={neighbour_help: true, responsibility_list: true, admin_duration_factor: 0.5}",
              "grid_workers={priority: admin_first}",
              "whistle={report_h: 2, transfer_h: 30}", "grid_networks={transfer_h: 5}",
              "world.streets.0.communities.0.grids.0.grid_workers=2"});
  expect_issue(renamed, "remedies.neighbour_help", 0, 0, {"policies.dispatch: neighbour_help"});
  expect_issue(renamed, "remedies.responsibility_list", 0, 0,
               {"policies.task_intake: responsibility_list"});
  expect_issue(renamed, "remedies.admin_duration_factor", 0, 0, {"write pushed_down_duration_factor"});
  expect_issue(renamed, "grid_workers.priority", 0, 0,
               {"policies.job_priority", "admin_first is now pushed_down_first"});
  expect_issue(renamed, "whistle.report_h", 0, 0, {"write report_for_duty_h"});
  expect_issue(renamed, "whistle.transfer_h", 0, 0, {"write sequential_transfer_h"});
  expect_issue(renamed, "grid_networks.transfer_h", 0, 0, {"write misrouted_transfer_h"});
  expect_issue(renamed, "world.streets[0:s1].communities[0:c1].grids[0:g1].grid_workers", 0, 0,
               {"write workers"});
  // Pushed-down tasks now say who they land on; patrols detect at a rate per walk hour.
  const auto tasks = issues_of(kBase, {"pushed_down_tasks=[{name: forms, per: grid, rate_per_worker_per_week: 3}]",
                                       "grid_workers={detect_probability: 0.7}"});
  expect_issue(tasks, "pushed_down_tasks[0:forms].rate_per_worker_per_week", 0, 0,
               {"(retired)", "per: worker with rate_per_week"});
  expect_issue(tasks, "grid_workers.detect_probability", 0, 0, {"(retired)", "write detect_rate_per_h"});
}

TEST(Errors, APushedDownTaskSaysWhoItLandsOn) {
  const auto issues = issues_of(kBase, {"pushed_down_tasks=[{name: forms, rate_per_week: 3}]"});
  expect_issue(issues, "pushed_down_tasks[0:forms].per", 0, 0, {"missing required key", "`community_office`"});
}

TEST(Errors, VolunteerHoursNeedTheVolunteerPolicy) {
  const auto issues =
      issues_of(edit("run:\n", "remedies:\n  volunteer_hours_per_grid_per_week: 3\nrun:\n"));
  expect_issue(issues, "remedies.volunteer_hours_per_grid_per_week", 26, 38,
               {"expected 0 unless policies.helpers is party_volunteers, got 3",
                "set policies.helpers: party_volunteers"});
  // With the policy, or with no hours, it loads.
  load_scenario_string(edit("run:\n", "policies: {helpers: party_volunteers}\nremedies:\n"
                                      "  volunteer_hours_per_grid_per_week: 3\nrun:\n"),
                       "test.yaml");
  load_scenario_string(edit("run:\n", "remedies:\n  volunteer_hours_per_grid_per_week: 0\nrun:\n"),
                       "test.yaml");
}

TEST(Errors, DoubleReportMembersNeedTheirPolicyAndSharesAreBounded) {
  const auto issues = issues_of(kBase, {"party.double_report.members_per_community=100"});
  expect_issue(issues, "party.double_report", 0, 0,
               {"unless policies.helpers is double_report, got 100 members", "set policies.helpers: double_report"});
  const auto coverage = issues_of(kBase, {"party.branch_coverage=1.5"});
  expect_issue(coverage, "party.branch_coverage", 0, 0, {"a share between 0 and 1", "1.5"});
  const auto hours = issues_of(kBase, {"party.double_report.work_start_h=19", "party.double_report.work_end_h=18"});
  expect_issue(hours, "party.double_report.work_end_h", 0, 0, {"expected work_end_h >= work_start_h"});
  // With the policy it loads, and the values arrive.
  const ScenarioSpec spec = load_scenario_string(
      edit("run:\n", "policies: {helpers: double_report}\nparty:\n  branch_coverage: 0.5\n"
                     "  double_report: {members_per_community: 100, hours_per_member_per_year: 50}\nrun:\n"),
      "test.yaml");
  EXPECT_EQ(spec.party.double_report.members_per_community, 100);
  EXPECT_DOUBLE_EQ(spec.party.double_report.hours_per_member_per_year, 50.0);
  EXPECT_DOUBLE_EQ(spec.party.branch_coverage, 0.5);
}

TEST(Errors, EscalationThresholdNeedsItsPolicyAndZeroNoLongerMeansOff) {
  const auto without = issues_of(edit("run:\n", "remedies:\n  escalation_backlog_threshold: 8\nrun:\n"));
  expect_issue(without, "remedies.escalation_backlog_threshold", 26, 33,
               {"unless policies.escalation is backlog_threshold, got 8",
                "set policies.escalation: backlog_threshold"});
  const auto zero = issues_of(edit("run:\n", "policies: {escalation: backlog_threshold}\nremedies:\n"
                                              "  escalation_backlog_threshold: 0\nrun:\n"));
  expect_issue(zero, "remedies.escalation_backlog_threshold", 27, 33,
               {"expected an integer >= 1", "policies.escalation: by_need", "got 0"});
}

TEST(Errors, WorldNeedsExactlyOneOfGenerateAndStreets) {
  const auto both = issues_of(edit("world:\n", "world:\n  generate: {streets: 2}\n"));
  expect_issue(both, "world", 3, 3, {"expected exactly one of generate", "got both"});
  const auto neither = issues_of(edit("world:\n", "world: {}\nold_world:\n"));
  expect_issue(neither, "world", 2, 8, {"expected exactly one of generate", "got neither"});
}

TEST(Errors, ACityNeedsUniqueStreetsAndKnownCityDepartments) {
  // Two districts listing a street of the same name; a referral to no city department.
  const std::string districts =
      "world:\n  districts:\n    - {name: east, streets: [{name: s1, communities: [{name: c1, grids: [{name: g1, residents: 1000}]}]}]}\n"
      "    - {name: west, generate: {streets: 1}, streets: [{name: s1, communities: [{name: c1, grids: [{name: g1, residents: 9}]}]}]}\n";
  std::string yaml = edit(
      "world:\n  streets:\n    - name: s1\n      communities:\n        - name: c1\n          grids:\n            - name: g1\n"
      "              residents: 1000\n",
      districts);
  const auto issues = issues_of(yaml);
  expect_issue(issues, "world.districts[1:west]", 0, 0,
               {"expected exactly one of generate", "or streets", "got both"});
  expect_issue(issues, "world.districts[1:west]", 0, 0, {"expected street names unique in the city", "\"s1\""});

  const auto referral = issues_of(edit("    level_shares: {grid: 1}", "    level_shares: {grid: 1}\n    city_share: 0.2"));
  expect_issue(referral, "categories[1:property].city_department", 0, 0,
               {"expected city_department", "city_share is 0.2"});
  const auto unknown = issues_of(edit("departments:\n  - name: urban_management",
                                      "city: {departments: [{name: utilities, crews: 5}]}\n"
                                      "departments:\n  - name: urban_management"),
                                 {"categories.property.city_share=0.2", "categories.property.city_department=utilties"});
  expect_issue(unknown, "categories[1:property].city_department", 0, 0,
               {"expected the name of a department listed under city.departments (utilities)", "got \"utilties\"",
                "did you mean \"utilities\"?"});
  const auto three = issues_of(edit("world:\n", "world:\n  generate: {streets: 2}\n  districts: []\n"));
  expect_issue(three, "world", 3, 3, {"expected exactly one of generate", "got generate, streets and districts"});
}

TEST(Errors, ShiftHoursOutOfRange) {
  const auto issues =
      issues_of(edit("    crews: 3",
                     "    crews: 3\n    shift: {start_h: 24, hours: 25, days_per_week: 8}\n"
                     "  - name: night\n    shift: {hours: 20, max_overtime_h_per_day: 6}"));
  expect_issue(issues, "departments[0:urban_management].shift.start_h", 17, 22,
               {"expected an hour of day, 0 to under 24, got 24"});
  expect_issue(issues, "departments[0:urban_management].shift.hours", 17, 33,
               {"expected a number of hours, over 0 and at most 24, got 25"});
  expect_issue(issues, "departments[0:urban_management].shift.days_per_week", 17, 52,
               {"expected an integer from 1 to 7, got 8"});
  expect_issue(issues, "departments[1:night].shift.max_overtime_h_per_day", 19, 48,
               {"expected hours + max_overtime_h_per_day <= 24, got 20 + 6 = 26"});
}

TEST(Errors, RunDaysMustExceedWarmup) {
  const auto issues = issues_of(edit("days: 60", "days: 10"));
  expect_issue(issues, "run.days", 26, 9,
               {"expected days > warmup_days", "got days 10 and warmup_days 10"});
}

// Issue 13: numbers the schema took without an upper bound ran another scenario silently
// (2^32 workers per grid wrapped to none, 2^32 residents per grid to one, 1e300 days simulated
// nothing) or died later (std::bad_alloc, runs that never end). Each is refused where it is
// written, with the bound.
TEST(Errors, NumbersBeyondTheirBoundsAreRefusedWhereWritten) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"grid_workers={per_grid: 4294967296}", "grid_workers.per_grid"},
      {"grid_workers={per_grid: 1e19}", "grid_workers.per_grid"},
      {"grid_workers={patrols_per_day: 1e9}", "grid_workers.patrols_per_day"},
      {"run.days=1e300", "run.days"},
      {"run.days=1e9", "run.days"},
      {"run.replications=1000000000", "run.replications"},
      {"run.sync_window_h=0.000001", "run.sync_window_h"},
      {"run.sync_window_h=1e9", "run.sync_window_h"},
      {"pushed_down_tasks=[{name: forms, per: grid, rate_per_week: 1e12}]", "pushed_down_tasks[0:forms].rate_per_week"},
      {"pushed_down_tasks=[{name: meetings, per: worker, rate_per_week: 1e20}]", "pushed_down_tasks[0:meetings].rate_per_week"},
      {"categories.sanitation.rate_per_1000_per_day=1e12", "categories[0:sanitation].rate_per_1000_per_day"},
      {"world.streets.s1.communities.c1.grids.g1.residents=2147483647", "world.streets[0:s1].communities[0:c1].grids[0:g1].residents"},
      {"world.streets.s1.communities.c1.grids.g1.workers=4294967296", "world.streets[0:s1].communities[0:c1].grids[0:g1].workers"},
      {"departments.urban_management.crews=2000000000", "departments[0:urban_management].crews"},
      {"residents.report_delay_h={dist: lognormal, median: 48, sigma: 1000}", "residents.report_delay_h.sigma"},
      {"residents.report_delay_h=1e300", "residents.report_delay_h"},
      {"handling={max_reopenings: 300}", "handling.max_reopenings"},
  };
  for (const auto& [override, path] : cases) {
    const auto issues = issues_of(kBase, {override});
    ASSERT_EQ(issues.size(), 1u) << override << "\n" << all_messages(issues);
    EXPECT_EQ(issues[0].key_path, path) << override;
    EXPECT_EQ(issues[0].file, "--set") << override;
    EXPECT_NE(issues[0].message.find("expected "), std::string::npos) << issues[0].message;
    EXPECT_EQ(issues[0].message.find("existing key"), std::string::npos) << issues[0].message;
  }
  // A generated world: counts and their distributions.
  const std::string generated = edit(R"(  streets:
    - name: s1
      communities:
        - name: c1
          grids:
            - name: g1
              residents: 1000
)", "  generate: {streets: 2}\n");
  for (const auto& [override, path] : std::vector<std::pair<std::string, std::string>>{
           {"world.generate.residents_per_grid=4294967296", "world.generate.residents_per_grid"},
           {"world.generate.residents_per_grid={dist: normal, mean: 1e308, sd: 1e308}", "world.generate.residents_per_grid.mean"},
           {"world.generate.communities_per_street=1e9", "world.generate.communities_per_street"},
           {"world.generate.streets=1000000", "world.generate.streets"}}) {
    const auto issues = issues_of(generated, {override});
    ASSERT_FALSE(issues.empty()) << override;
    EXPECT_EQ(issues[0].key_path, path) << override << "\n" << all_messages(issues);
  }
  // The bounds themselves are accepted.
  EXPECT_NO_THROW(load_scenario_string(kBase, "test.yaml",
                                       {"run.days=36525", "run.replications=10000", "run.sync_window_h=0.01",
                                        "grid_workers={per_grid: 1000, patrols_per_day: 100}"}));
  EXPECT_NO_THROW(load_scenario_string(generated, "test.yaml",
                                       {"world.generate.streets=1000", "world.generate.residents_per_grid=1000000"}));
}

// Issue 13: wage 0 with a budget hired nobody; a budget of a billion at a wage of 0.01 would
// hire more workers than any district has.
TEST(Errors, BudgetStaffingNeedsAWageAndAWholeNumberOfWorkers) {
  expect_issue(issues_of(kBase, {"grid_workers={budget_per_year: 100, wage_per_year: 0}"}), "grid_workers.wage_per_year",
               0, 0, {"expected wage_per_year > 0 with budget_per_year", "got wage_per_year 0"});
  expect_issue(issues_of(kBase, {"grid_workers={budget_per_year: 1e9, wage_per_year: 0.01}"}),
               "grid_workers.budget_per_year", 0, 0, {"expected a budget that hires at most 10000000 grid workers"});
  const ScenarioSpec spec = load_scenario_string(kBase, "test.yaml", {"grid_workers={budget_per_year: 79999}"});
  EXPECT_EQ(spec.grid_workers.budget_per_year, 79999.0);
  EXPECT_NO_THROW(load_scenario_string(kBase, "test.yaml", {"grid_workers={per_grid: 1, wage_per_year: 0}"}));
}

TEST(Errors, ReplicationsBelowOne) {
  const auto issues = issues_of(edit("  days: 60", "  days: 60\n  replications: 0"));
  expect_issue(issues, "run.replications", 27, 17, {"expected an integer from 1 to 10000, got 0"});
}

TEST(Errors, ResponseDeadlineAfterResolutionDeadline) {
  const auto issues = issues_of(edit("    level_shares: {grid: 1}",
                                     "    level_shares: {grid: 1}\n    response_deadline_h: 200"));
  expect_issue(issues, "categories[1:property].response_deadline_h", 25, 26,
               {"expected response_deadline_h <= resolution_deadline_h, got 200 > 168"});
}

TEST(Errors, YamlSyntaxErrorHasItsPlace) {
  try {
    load_scenario_string("name: tiny\nworld: [unclosed\nrun: {}\n", "bad.yaml");
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    ASSERT_EQ(e.issues().size(), 1u);
    const ScenarioIssue& i = e.issues()[0];
    EXPECT_EQ(i.file, "bad.yaml");
    EXPECT_GT(i.line, 0);
    EXPECT_GT(i.column, 0);
    EXPECT_NE(std::string(e.what()).find("expected valid YAML, got a syntax error"),
              std::string::npos)
        << e.what();
    const std::string place =
        "bad.yaml:" + std::to_string(i.line) + ":" + std::to_string(i.column) + ": ";
    EXPECT_EQ(std::string(e.what()).rfind(place, 0), 0u) << e.what();
  }
}

TEST(Errors, EmptyDocumentAndNonMapTopLevel) {
  expect_issue(issues_of(""), "", 0, 0,
               {"expected a map of scenario keys at the top level, got nothing"});
  expect_issue(issues_of("- a\n- b\n"), "", 1, 1,
               {"expected a map of scenario keys at the top level, got a list"});
}

// Issue 13: `extends:` read whatever path it named, whole, before checking it (/dev/zero
// took about 2 GB), and a file that was not a scenario had its first line quoted in the
// message. Only regular files of at most 16 MB are read, and text that is not a YAML map is
// never quoted.
TEST(Errors, ExtendsReadsOnlyBoundedRegularFilesAndQuotesNothingElse) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() /
                       ("govgrid_extends_test_" + std::to_string(::getpid()));  // one per ctest process
  fs::create_directories(dir);
  const auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir / name, std::ios::binary) << text;
    return dir / name;
  };
  const auto message = [&](const fs::path& file) {
    try {
      load_scenario_file(file);
    } catch (const ScenarioError& e) {
      return std::string(e.what());
    }
    return std::string("(loaded)");
  };
  const std::string secret = "root:$6$saltsalt$0123456789abcdef:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n";
  write("shadow", secret);
  const std::string quoted = message(write("quotes.yaml", "extends: shadow\n"));
  EXPECT_EQ(quoted.find("saltsalt"), std::string::npos) << quoted;
  // Its lines read as a YAML map (`…:7::` ends in a colon) with no scenario key in it.
  EXPECT_NE(quoted.find("quotes.yaml:1:10: extends: expected a scenario file (a YAML map of scenario keys), got a "
                        "map with none of them at "),
            std::string::npos)
      << quoted;
  write("sshd_config", "Port 4242\nPermitRootLogin prohibit-password\n");
  const std::string text = message(write("text.yaml", "extends: sshd_config\n"));
  EXPECT_EQ(text.find("4242"), std::string::npos) << text;
  EXPECT_NE(text.find("got text that is not a YAML map at "), std::string::npos) << text;
  // Named directly, such files are not quoted either.
  EXPECT_EQ(message(dir / "shadow").find("saltsalt"), std::string::npos) << message(dir / "shadow");
  EXPECT_NE(message(dir / "shadow").find("expected a map of scenario keys at the top level, got a map with none of "
                                         "them (is this a scenario file?)"),
            std::string::npos);
  EXPECT_EQ(message(dir / "sshd_config").find("4242"), std::string::npos) << message(dir / "sshd_config");

  const std::string device = message(write("zero.yaml", "extends: /dev/zero\n"));
  EXPECT_NE(device.find("zero.yaml:1:10: extends: expected a readable scenario file, got a character device (not a "
                        "regular file) at /dev/zero"),
            std::string::npos)
      << device;
  EXPECT_NE(message("/dev/zero").find("expected a scenario file, got a character device"), std::string::npos);
  // A file over 16 MB (sparse: nothing is written) is refused by its size.
  {
    std::ofstream big(dir / "big.yaml", std::ios::binary);
    big.seekp(20 * 1024 * 1024);
    big << '\n';
  }
  const std::string big = message(write("big_base.yaml", "extends: big.yaml\n"));
  EXPECT_NE(big.find("expected a readable scenario file, got a file of 20 MB (more than 16 MB) at "), std::string::npos)
      << big;
  EXPECT_NE(message(write("missing.yaml", "extends: nowhere.yaml\n")).find("got none at "), std::string::npos);
  fs::remove_all(dir);
}

// Issue 13: keys and values were echoed raw, so a NUL or a newline in a key, a quoted key
// spanning lines or a block-style value given to `set:` broke the one-line-per-problem
// format. Every problem is one line, whatever bytes the input holds, and long echoes are cut.
TEST(Errors, EveryProblemIsOneLineWhateverTheInputHolds) {
  const auto one_line_each = [](const std::string& yaml, const std::string& file) {
    try {
      load_scenario_string(yaml, file);
    } catch (const ScenarioError& e) {
      const std::string what = e.what();
      EXPECT_EQ(static_cast<std::size_t>(std::count(what.begin(), what.end(), '\n')), e.issues().size() - 1) << what;
      EXPECT_EQ(what.find('\0'), std::string::npos);
      EXPECT_EQ(what.find('\r'), std::string::npos);
      EXPECT_EQ(what.find("\u2028"), std::string::npos);
      for (const auto& issue : e.issues()) {
        const std::string line = format_issue(issue);
        EXPECT_EQ(line.find('\n'), std::string::npos) << line;
        EXPECT_LT(line.size(), 1000u) << line;
      }
      return what;
    }
    ADD_FAILURE() << "loaded";
    return std::string();
  };
  using namespace std::string_literals;
  const std::string nul = one_line_each(edit("  channels:\n", "  chan\0nels:\n"s), "test.yaml");
  // yaml-cpp reads the NUL as a line break; either way the key is escaped.
  EXPECT_NE(nul.find("unknown key \"chan\\nels\""), std::string::npos) << nul;
  const std::string spans =
      one_line_each(edit("residents:\n", "residents:\n  ? \"first\n\n    second\\r\\L\\x01\"\n  : 1\n"), "test.yaml");
  EXPECT_NE(spans.find("unknown key \"first\\nsecond\\r\\u2028\\x01\""), std::string::npos) << spans;
  const std::string long_value =
      one_line_each(edit("  days: 60\n", "  days: \"" + std::string(5000, 'k') + "\"\n"), "test.yaml");
  EXPECT_NE(long_value.find("got the string \"" + std::string(60, 'k') + "… (5000 bytes)\""), std::string::npos)
      << long_value;
  const std::string block = one_line_each("extends: erlang_c.yaml\nset:\n  description:\n    a:\n      a: 1\n",
                                          (kScenarioDir / "block_set.yaml").string());
  // A block-style value is one line in the message (a description may be a map of en and zh).
  EXPECT_NE(block.find("description.a: unknown key \"a\" (expected one of: en, zh) (from set: description={a: {a: 1}})"),
            std::string::npos)
      << block;
}

TEST(Errors, MissingFile) {
  const auto path = kScenarioDir / "no_such_scenario.yaml";
  try {
    load_scenario_file(path);
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    ASSERT_EQ(e.issues().size(), 1u);
    EXPECT_EQ(e.issues()[0].file, path.string());
    EXPECT_EQ(e.issues()[0].line, 0);
    EXPECT_EQ(
        std::string(e.what()).rfind(path.string() + ": expected a scenario file, got no file", 0),
        0u)
        << e.what();
  }
}

TEST(Errors, EveryErrorInAFileIsReported) {
  std::string yaml = edit("days: 60", "days: many");
  yaml = edit("crews: 3", "crews: 0", yaml);
  yaml = edit("{grid: 1}", "{grid: 0.5}", yaml);
  yaml = edit("name: tiny", "name: tiny\ncolour: blue", yaml);
  try {
    load_scenario_string(yaml, "many.yaml");
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    ASSERT_EQ(e.issues().size(), 4u) << e.what();
    EXPECT_TRUE(std::is_sorted(e.issues().begin(), e.issues().end(),
                               [](const auto& a, const auto& b) { return a.line < b.line; }))
        << "issues come in file order:\n"
        << e.what();
    const std::string what = e.what();
    EXPECT_EQ(std::count(what.begin(), what.end(), '\n'), 3) << what;
    EXPECT_NE(what.find("many.yaml:2:1: colour: unknown key"), std::string::npos) << what;
    EXPECT_NE(what.find("many.yaml:17:12: departments[0:urban_management].crews: expected an "
                        "integer from 1 to 10000, got 0"),
              std::string::npos)
        << what;
    EXPECT_NE(what.find("many.yaml:25:19: categories[1:property].level_shares: expected shares "
                        "summing to 1, got 0.5"),
              std::string::npos)
        << what;
    EXPECT_NE(what.find("many.yaml:27:9: run.days: expected a number of days > 0 and at most 36525 (100 years), got the string \"many\""),
              std::string::npos)
        << what;
  }
}

// ---------------------------------------------------------------------------------------
// The schema as documentation comes from the same declarations as the reads.

TEST(Schema, TablesShowEachKeyWithItsDefaultFromTheSpec) {
  const std::string md = scenario_schema_markdown();
  EXPECT_NE(md.find("### `remedies`"), std::string::npos);
  EXPECT_NE(md.find("| `travel_h` | dist | uniform(0.1, 0.5) | h |"), std::string::npos) << md;
  EXPECT_NE(md.find("| `escalation_backlog_threshold` | int ≥ 1 | 8 | cases |"), std::string::npos);
  EXPECT_NE(md.find("| `dispatch` | `own_grid` \\| `pooling` \\| `neighbour_help` | own_grid |"), std::string::npos);
  EXPECT_NE(md.find("| `rate_per_1000_per_day` **R** | num in [0, 1000] |  |"), std::string::npos);
  // Offices share a declaration but not their defaults.
  EXPECT_NE(md.find("### `community_staff`\n\n| key | type | default | unit | meaning |\n|---|---|---|---|---|\n"
                    "| `staff` | int 1..10000 | 5 |"),
            std::string::npos);
  EXPECT_NE(md.find("### `street_centre`\n\n| key | type | default | unit | meaning |\n|---|---|---|---|---|\n"
                    "| `staff` | int 1..10000 | 8 |"),
            std::string::npos);
  EXPECT_NE(md.find("| `remedies.pooling` | policies.dispatch: pooling"), std::string::npos);
}

TEST(Schema, EveryKeyHasAMeaningAndTheTextListsFullPaths) {
  const std::string text = scenario_schema_text();
  EXPECT_NE(text.find("world.streets[].communities[].grids[].workers "), std::string::npos) << text;
  EXPECT_NE(text.find("<shift>.max_overtime_h_per_day "), std::string::npos);
  std::size_t keys = 0, pos = 0;
  while (pos < text.size()) {
    const std::size_t end = text.find('\n', pos);
    const std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty() || line[0] == '#' || line.find(": retired; write ") != std::string::npos) continue;
    ++keys;
    const auto dash = line.find(" — ");
    ASSERT_NE(dash, std::string::npos) << line;
    EXPECT_GT(line.size(), dash + 5) << "no meaning: " << line;
  }
  EXPECT_GT(keys, 100u);
}

TEST(Format, LeavesOutUnknownPlacesAndEmptyKeyPaths) {
  EXPECT_EQ(format_issue({"a.yaml", 3, 7, "run.days", "expected x, got y"}),
            "a.yaml:3:7: run.days: expected x, got y");
  EXPECT_EQ(format_issue({"--set", 0, 0, "run.days", "expected x, got y"}),
            "--set: run.days: expected x, got y");
  EXPECT_EQ(format_issue({"a.yaml", 0, 0, "", "expected a file"}), "a.yaml: expected a file");
}

}  // namespace
}  // namespace govgrid

namespace govgrid {
namespace {
// A list element without a name (a map) must still be reported by index, not crash.
TEST(Loader, ListElementWithoutANameIsReportedByIndex) {
  try {
    load_scenario_string("name: x\nworld: {streets: [{communities: []}]}\n", "noname.yaml");
    FAIL() << "expected a ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("world.streets[0]"), std::string::npos) << e.what();
  }
}
}  // namespace
}  // namespace govgrid

// Demand that moves: factor lists, surges, reputation, repeat tickets, the start month.
namespace govgrid {
namespace {

TEST(ShippedScenarios, DistrictAndStormSurgeSetDemandThatMoves) {
  const ScenarioSpec district = load_scenario_file(kScenarioDir / "district.yaml");
  EXPECT_EQ(district.run.start_month, 1);
  for (const auto& c : district.categories) {
    EXPECT_GT(c.daily_dispersion, 0.0) << c.name;
    // Weekdays above weekends, except where a comment says otherwise (noise at home).
    if (c.name != "neighbour_dispute") EXPECT_GE(c.weekday_factors[0], c.weekday_factors[6]) << c.name;
  }
  EXPECT_GT(district.repeat.after_explained, 0.0);
  EXPECT_GT(district.demand.reputation_elasticity, 0.0);
  EXPECT_TRUE(district.demand.surges.empty());

  const ScenarioSpec storm = load_scenario_file(kScenarioDir / "storm_surge.yaml");
  EXPECT_EQ(storm.run.start_month, 7);
  ASSERT_EQ(storm.demand.surges.size(), 2u);
  EXPECT_EQ(storm.demand.surges[0].category, "utilities");
  EXPECT_EQ(storm.demand.surges[0].start_day, 20);
  EXPECT_EQ(storm.demand.surges[0].days, 2);
  EXPECT_DOUBLE_EQ(storm.demand.surges[0].factor, 4.0);
  EXPECT_TRUE(storm.demand.surges[0].streets.empty());
}

TEST(Errors, DemandFactorListsHaveTheirLengthAndBounds) {
  const auto issues = issues_of(edit(
      "    level_shares: {grid: 1}",
      "    level_shares: {grid: 1}\n    weekday_factors: [1, 1, 1, 1, 1, 1]\n"
      "    month_factors: [1, 1, -1, 1, 1, 1, 1, 1, 1, 1, 1, 1]",
      edit("run:\n", "demand:\n  hour_of_day_factors: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "
                     "0, 0, 0, 0]\nrun:\n  start_month: 13\n")));
  expect_issue(issues, "categories[1:property].weekday_factors", 25, 22,
               {"expected a list of 7 factors, Monday first, got a list of 6"});
  expect_issue(issues, "categories[1:property].month_factors[2]", 26, 27,
               {"expected a factor from 0 to 1000, got -1"});
  expect_issue(issues, "demand.hour_of_day_factors", 28, 24,
               {"expected at least one factor > 0 (they are relative), got all 24 zero"});
  expect_issue(issues, "run.start_month", 30, 16, {"expected an integer from 1 (January) to 12, got 13"});
}

TEST(Errors, ASurgeNamesAKnownCategoryAndKnownStreets) {
  const auto issues = issues_of(
      edit("run:\n", "demand:\n  surges:\n    - {name: storm, category: sanitaton, start_day: 3, days: 2, "
                     "factor: 4, streets: [s1, s2]}\n    - {name: heat, start_day: 1, factor: 2}\nrun:\n"));
  expect_issue(issues, "demand.surges[0:storm].category", 27, 31,
               {"expected the name of a category or all (sanitation, property, all), got \"sanitaton\"",
                "did you mean \"sanitation\"?"});
  expect_issue(issues, "demand.surges[0:storm].streets[1]", 27, 90, {"expected the name of a street (s1), got \"s2\""});
  expect_issue(issues, "demand.surges[1:heat].days", 28, 7, {"missing required key"});
}

TEST(Errors, RepeatChancesAreShares) {
  const auto issues = issues_of(edit("run:\n", "repeat:\n  after_explained: 1.5\nrun:\n"));
  expect_issue(issues, "repeat.after_explained", 26, 20, {"expected a share between 0 and 1, got 1.5"});
}

}  // namespace
}  // namespace govgrid

namespace govgrid {
namespace {

// Reports show a scenario's title in their language (issue 12); a scenario renamed without a
// new title loses its base's, so a report never calls `--set name=more_workers` by the base's title.
TEST(Titles, TitleAndDescriptionInBothLanguagesAndARenameDropsTheTitle) {
  const ScenarioSpec d = load_scenario_file(GOVGRID_SOURCE_DIR "/scenarios/heavy_load_volunteers.yaml");
  EXPECT_EQ(d.title.zh, "重负荷＋党员志愿者（双报到）");
  EXPECT_EQ(d.title.en, "Heavy load, party volunteers (双报到)");
  EXPECT_NE(d.description_zh.find("党员志愿服务"), std::string::npos);
  EXPECT_NE(d.description.find("volunteer hours"), std::string::npos);
  const ScenarioSpec renamed =
      load_scenario_file(GOVGRID_SOURCE_DIR "/scenarios/district.yaml", {"name=more_workers", "grid_workers.per_grid=2"});
  EXPECT_TRUE(renamed.title.en.empty() && renamed.title.zh.empty());
  const ScenarioSpec retitled = load_scenario_file(GOVGRID_SOURCE_DIR "/scenarios/district.yaml",
                                                   {"name=more_workers", "title={en: More workers, zh: 增配网格员}"});
  EXPECT_EQ(retitled.title.zh, "增配网格员");
}

}  // namespace
}  // namespace govgrid
