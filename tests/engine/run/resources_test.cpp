// The resource estimate made before a run (engine/run/resources.h): it follows the
// scenario's size and is finite for any scenario the loader accepts.
#include "engine/run/resources.h"

#include <gtest/gtest.h>

#include <cmath>

#include "govgrid/scenario_loader.h"

namespace govgrid {
namespace {

ScenarioSpec district(const std::vector<std::string>& overrides = {}) {
  return load_scenario_file(GOVGRID_SOURCE_DIR "/scenarios/district.yaml", overrides);
}

TEST(Resources, TheShippedDistrictFitsAndTheEstimateFollowsItsSize) {
  const ResourceEstimate e = estimate_resources(district(), 2);
  // 16 streets × 16 communities × 4 grids × 980 residents.
  EXPECT_NEAR(e.residents, 16 * 16 * 4 * 980.0, 1.0);
  EXPECT_NEAR(e.grids, 16 * 16 * 4.0, 1e-9);
  EXPECT_EQ(e.in_flight, 2);
  EXPECT_GT(e.events, 1e6);
  EXPECT_LT(e.peak_bytes, 1e9);  // well under a gigabyte
  EXPECT_GT(e.peak_bytes, 10e6);
  // More replications, longer, larger: more memory, never less.
  const ResourceEstimate more_reps = estimate_resources(district({"run.replications=10000"}), 2);
  const ResourceEstimate longer = estimate_resources(district({"run.days=36525"}), 2);
  const ResourceEstimate larger = estimate_resources(district({"world.generate.streets=1000"}), 2);
  for (const ResourceEstimate* x : {&more_reps, &longer, &larger}) EXPECT_GT(x->peak_bytes, e.peak_bytes);
  EXPECT_EQ(estimate_resources(district({"run.replications=1"}), 8).in_flight, 1);
}

TEST(Resources, TheShippedCityIsEstimatedFromItsDistricts) {
  const ScenarioSpec city = load_scenario_file(GOVGRID_SOURCE_DIR "/scenarios/city.yaml", {"run.replications=1"});
  const ResourceEstimate e = estimate_resources(city, 2);
  EXPECT_EQ(e.streets, 340.0);
  EXPECT_NEAR(e.residents, 19.98e6, 0.05e6);  // the expected sizes city.yaml's comments give
  // About twenty default districts' worth of work and memory, a year under 4 GiB.
  const ResourceEstimate one = estimate_resources(district({"run.replications=1"}), 2);
  EXPECT_NEAR(e.events / one.events, 20.0, 2.0);
  EXPECT_LT(e.peak_bytes, 4.0 * (1u << 30));
}

// A sweep (issue 13): its largest point's run, one replication with its own world, times the
// runs in flight (the threads, at most the runs).
TEST(Resources, ASweepIsSizedByItsLargestPointTimesTheRunsInFlight) {
  const std::vector<ScenarioSpec> points = {district({"world.generate.streets=2"}), district({"world.generate.streets=8"}),
                                            district({"world.generate.streets=4"})};
  const SweepResourceEstimate e = estimate_sweep_resources(points, 30, 2);
  EXPECT_EQ(e.largest_point, 1u);
  EXPECT_EQ(e.in_flight, 2);
  const ResourceEstimate one = estimate_resources(points[1], 1);
  EXPECT_DOUBLE_EQ(e.run_bytes, one.world_bytes + one.per_replication_bytes);
  EXPECT_DOUBLE_EQ(e.peak_bytes, 2 * e.run_bytes);
  EXPECT_GT(e.run_bytes, estimate_sweep_resources({points[0]}, 30, 2).run_bytes);
  EXPECT_EQ(estimate_sweep_resources(points, 30, 8).in_flight, 8);
  EXPECT_EQ(estimate_sweep_resources(points, 3, 8).in_flight, 3);
  EXPECT_NE(describe(e, points[1]).find(" of memory at peak (2 runs at a time, each up to about "), std::string::npos)
      << describe(e, points[1]);
}

TEST(Resources, TheLargestAcceptedScenarioIsFiniteAndRefusable) {
  // Every bound at its largest: the estimate is a finite number far above any machine.
  const ResourceEstimate e = estimate_resources(
      district({"world.generate={streets: 1000, communities_per_street: 1000, grids_per_community: 1000, "
                "residents_per_grid: 1000000}",
                "run.days=36525", "run.replications=10000"}),
      64, true);
  EXPECT_TRUE(std::isfinite(e.peak_bytes));
  EXPECT_GT(e.peak_bytes, 1e18);
  EXPECT_NE(describe(e, district()).find("of memory at peak"), std::string::npos);
  EXPECT_EQ(format_bytes(2.5e9), "2.5 GB");
  EXPECT_EQ(format_bytes(830e6), "830 MB");
}

}  // namespace
}  // namespace govgrid
