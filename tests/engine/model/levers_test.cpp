// Each policy lever moves its metric the way its mechanism says. Two scenarios are run with
// the same seed, so replication r of both sees the same problems (common random numbers), and
// the paired 95% interval of the difference must exclude zero on the right side.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "analysis/metric_catalogue.h"
#include "analysis/outputs.h"
#include "analysis/stats.h"
#include "engine/run/replications.h"
#include "govgrid/scenario_loader.h"

namespace govgrid {
namespace {

const std::string kScenarios = GOVGRID_SOURCE_DIR "/scenarios/";

/// A smaller district (4 streets ≈ 250 grids) for 150 days, 6 replications.
ScenarioSpec load(const std::string& file, std::vector<std::string> extra = {}) {
  std::vector<std::string> sets = {"world.generate.streets=4", "run.days=150", "run.warmup_days=30",
                                   "run.replications=6"};
  sets.insert(sets.end(), extra.begin(), extra.end());
  return load_scenario_file(kScenarios + file, sets);
}

std::vector<double> per_replication(const ScenarioSpec& spec, std::string_view metric) {
  const World world = build_world(spec);
  std::vector<double> out;
  for (const auto& r : run_replications(spec, world)) {
    const GridTally all = district_tally(r);
    out.push_back(derive_metrics(all, r.measured_days)[*metric_index(metric)]);
  }
  return out;
}

/// Runs both, returns the paired 95% interval of (b − a) for `metric`.
Interval difference(const ScenarioSpec& a, const ScenarioSpec& b, std::string_view metric) {
  const auto xa = per_replication(a, metric), xb = per_replication(b, metric);
  return paired_diff_ci95(xb, xa);
}

void expect_increase(const Interval& d, std::string_view what) {
  EXPECT_GT(d.lo, 0.0) << what << ": difference " << d.mean << " [" << d.lo << ", " << d.hi << "]";
}
void expect_decrease(const Interval& d, std::string_view what) {
  EXPECT_LT(d.hi, 0.0) << what << ": difference " << d.mean << " [" << d.lo << ", " << d.hi << "]";
}

TEST(Levers, MorePushedDownLoadRaisesAdminShareAndSlowsResponse) {
  const auto base = load("district.yaml"), heavy = load("heavy_load.yaml");
  expect_increase(difference(base, heavy, "pushed_down_time_share"), "pushed-down share");
  expect_increase(difference(base, heavy, "response_time_mean_h"), "mean response");
  expect_increase(difference(base, heavy, "worker_overtime_h_per_week"), "overtime");
}

TEST(Levers, ResponsibilityListLowersAdminShare) {
  const auto heavy = load("heavy_load.yaml"), listed = load("heavy_load_responsibility_list.yaml");
  expect_decrease(difference(heavy, listed, "pushed_down_time_share"), "pushed-down share");
  expect_increase(difference(heavy, listed, "pushed_down_tasks_refused_share"), "refused share");
}

TEST(Levers, ResourcesFollowingTasksCutAdminShareAndCostMoney) {
  const auto heavy = load("heavy_load.yaml"), paid = load("heavy_load_resources_follow_tasks.yaml");
  expect_decrease(difference(heavy, paid, "pushed_down_time_share"), "pushed-down share");
  expect_increase(difference(heavy, paid, "staff_cost_per_year"), "staff cost");
}

TEST(Levers, FewerFormsLowerAdminShare) {
  const auto heavy = load("heavy_load.yaml"), fewer = load("heavy_load_fewer_forms.yaml");
  expect_decrease(difference(heavy, fewer, "pushed_down_time_share"), "pushed-down share");
  expect_decrease(difference(heavy, fewer, "response_time_mean_h"), "mean response");
}

TEST(Levers, PoolingShortensTheTailWhenGridLoadsAreUneven) {
  // Very uneven grids (sd 450 residents around 980) under heavy load.
  const std::vector<std::string> uneven = {"world.generate.residents_per_grid.sd=450"};
  const auto fixed = load("heavy_load.yaml", uneven), pooled = load("heavy_load_pooling.yaml", uneven);
  expect_decrease(difference(fixed, pooled, "response_time_p90_h"), "p90 response");
  expect_increase(difference(fixed, pooled, "handled_away_share"), "cases handled away");
}

TEST(Levers, NeighbourHelpMovesCasesAwayFromFullGrids) {
  const std::vector<std::string> uneven = {"world.generate.residents_per_grid.sd=450"};
  const auto fixed = load("heavy_load.yaml", uneven), helped = load("heavy_load_neighbour_help.yaml", uneven);
  expect_increase(difference(fixed, helped, "handled_away_share"), "cases handled away");
  expect_decrease(difference(fixed, helped, "wait_time_mean_h"), "mean wait");
}

TEST(Levers, MoreStaffShortenWaits) {
  const auto base = load("district.yaml"), more = load("staffing_plus_one.yaml");
  expect_decrease(difference(base, more, "wait_time_mean_h"), "mean wait");
  expect_increase(difference(base, more, "staff_cost_per_year"), "staff cost");
}

TEST(Levers, WithoutTheWhistleDepartmentCasesAreSlower) {
  const auto base = load("district.yaml"), off = load("no_whistle.yaml");
  expect_increase(difference(base, off, "department_resolution_time_mean_h"), "department resolution time");
}

TEST(Levers, VolunteersAnswerLightCasesFaster) {
  const auto heavy = load("heavy_load.yaml"), helped = load("heavy_load_volunteers.yaml");
  expect_decrease(difference(heavy, helped, "light_case_response_time_mean_h"), "light-case response");
  expect_increase(difference(heavy, helped, "volunteer_resolved_share"), "volunteer share");
}

TEST(Levers, BacklogEscalationSendsCasesUp) {
  const auto heavy = load("heavy_load.yaml"), escalate = load("heavy_load_escalation.yaml", {"remedies.escalation_backlog_threshold=3"});
  expect_increase(difference(heavy, escalate, "backlog_escalation_share"), "escalated share");
  expect_decrease(difference(heavy, escalate, "resolved_in_grid_share"), "resolved in the grid");
}

TEST(Levers, DigitalPlatformShortensResponse) {
  const auto base = load("district.yaml"), platform = load("digital_platform.yaml");
  expect_decrease(difference(base, platform, "response_time_mean_h"), "mean response");
  expect_decrease(difference(base, platform, "pushed_down_time_share"), "pushed-down share");
}

TEST(Levers, SeparateGridSystemsFindLessAndRespondLater) {
  const auto merged = load("district.yaml"), separate = load("separate_grids.yaml");
  expect_decrease(difference(merged, separate, "found_by_patrol_share"), "found by patrol");
  expect_increase(difference(merged, separate, "response_time_mean_h"), "mean response");
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::filesystem::path write(const ScenarioSpec& spec, const std::string& name) {
  const World world = build_world(spec);
  RunReport report{&spec, &world, run_replications(spec, world), 1, 0.0};
  const auto dir =
      std::filesystem::temp_directory_path() / ("govgrid_levers_" + std::to_string(::getpid()) + "_" + name);
  std::filesystem::remove_all(dir);
  write_run_outputs(report, dir);
  return dir;
}

TEST(Levers, ALeverSwitchedOffLeavesOutputsByteIdentical) {
  // Every policy at its default, with the settings that only matter under another policy
  // changed. (remedies.escalation_backlog_threshold and volunteer hours > 0 cannot be set
  // without their policies: the loader refuses them.)
  const auto base = load("district.yaml", {"run.replications=2"});
  const auto off = load("district.yaml",
                        {"run.replications=2", "policies.dispatch=own_grid", "policies.escalation=by_need",
                         "policies.task_intake=accept_all", "policies.helpers=none", "remedies.travel_h=7",
                         "remedies.neighbour_backlog_threshold=2", "remedies.volunteer_hours_per_grid_per_week=0",
                         "remedies.volunteer_response_h=9", "remedies.resources_follow_tasks=0",
                         "remedies.paid_hour_wage=999", "pushed_down_tasks.forms.on_responsibility_list=false",
                         "grid_networks.misrouted_share=0.9", "grid_networks.misrouted_transfer_h=99"});
  const auto a = write(base, "base"), b = write(off, "off");
  for (const char* file : {"metrics.csv", "streets.csv", "grids.csv", "daily.csv"})
    EXPECT_TRUE(slurp(a / file) == slurp(b / file)) << file;
}

}  // namespace
}  // namespace govgrid
