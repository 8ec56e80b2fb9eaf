// Tests of engine/run/sweep/plan: range values, Latin hypercubes and how axes combine into points.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "engine/run/sweep/plan.h"

namespace govgrid {
namespace {

TEST(RangeValues, IncludesBothEnds) {
  const auto v = range_values(0.5, 3.0, 0.25);
  ASSERT_EQ(v.size(), 11u);
  EXPECT_EQ(v.front(), 0.5);
  EXPECT_EQ(v[1], 0.75);
  EXPECT_EQ(v.back(), 3.0);
}

TEST(RangeValues, FloatStepsReadAsWrittenAndReachTheEnd) {
  const auto v = range_values(0.0, 1.0, 0.1);
  ASSERT_EQ(v.size(), 11u);  // 0.1 × 10 falls short of 1 in binary; the end still counts
  EXPECT_EQ(v[3], 0.3);      // not 0.30000000000000004
  EXPECT_EQ(v[7], 0.7);
  EXPECT_EQ(v.back(), 1.0);
}

TEST(RangeValues, EndNotOnAStepIsLeftOut) {
  EXPECT_EQ(range_values(0.0, 1.0, 0.3), (std::vector<double>{0.0, 0.3, 0.6, 0.9}));
  EXPECT_EQ(range_values(2.0, 2.0, 1.0), (std::vector<double>{2.0}));
  EXPECT_EQ(range_values(1.0, 2.0, 5.0), (std::vector<double>{1.0}));
}

TEST(RangeValues, RejectsBadSteps) {
  EXPECT_THROW(range_values(0, 1, 0), std::invalid_argument);
  EXPECT_THROW(range_values(0, 1, -0.5), std::invalid_argument);
  EXPECT_THROW(range_values(1, 0, 0.5), std::invalid_argument);
}

TEST(LatinHypercube, EachStratumHitOnceInEveryDimension) {
  for (const int n : {1, 2, 7, 37, 200}) {
    const auto cube = latin_hypercube(n, 5, 99);
    ASSERT_EQ(cube.size(), static_cast<std::size_t>(n));
    for (int d = 0; d < 5; ++d) {
      std::vector<int> hits(static_cast<std::size_t>(n), 0);
      for (const auto& sample : cube) {
        const double x = sample[static_cast<std::size_t>(d)];
        ASSERT_GE(x, 0.0);
        ASSERT_LT(x, 1.0);
        ++hits[static_cast<std::size_t>(std::floor(x * n))];
      }
      EXPECT_TRUE(std::all_of(hits.begin(), hits.end(), [](int h) { return h == 1; }))
          << "n " << n << " dimension " << d;
    }
  }
}

TEST(LatinHypercube, StrataSurviveScalingToARange) {
  // What plan_sweep does with a sample: lo + (hi − lo) · x, then the stratum of the value.
  const double lo = 0.5, hi = 3.0;
  const int n = 64;
  const auto cube = latin_hypercube(n, 3, 5);
  for (int d = 0; d < 3; ++d) {
    std::set<int> strata;
    for (const auto& s : cube)
      strata.insert(static_cast<int>(std::floor((lo + (hi - lo) * s[static_cast<std::size_t>(d)] - lo) / (hi - lo) * n)));
    EXPECT_EQ(strata.size(), static_cast<std::size_t>(n));
  }
}

TEST(LatinHypercube, DeterministicBySeed) {
  EXPECT_EQ(latin_hypercube(20, 3, 42), latin_hypercube(20, 3, 42));
  EXPECT_NE(latin_hypercube(20, 3, 42), latin_hypercube(20, 3, 43));
  // A dimension's samples do not depend on how many dimensions follow it.
  const auto two = latin_hypercube(20, 2, 42), three = latin_hypercube(20, 3, 42);
  for (std::size_t i = 0; i < 20; ++i) {
    EXPECT_EQ(two[i][0], three[i][0]);
    EXPECT_EQ(two[i][1], three[i][1]);
  }
  EXPECT_THROW(latin_hypercube(0, 2, 1), std::invalid_argument);
}

SweepAxis values_axis(std::string key, std::vector<std::string> values) {
  SweepAxis a;
  a.kind = SweepAxis::Kind::values;
  a.key = std::move(key);
  for (auto& v : values) a.values.push_back({std::move(v), {}});
  return a;
}

SweepSpec spec_with(std::vector<SweepAxis> axes) {
  SweepSpec s;
  s.name = "t";
  s.replications = 3;
  s.seed = 11;
  s.set = {{"run.days", {"60", {}}}};
  s.axes = std::move(axes);
  return s;
}

TEST(PlanSweep, CartesianProductFirstAxisSlowest) {
  SweepAxis range;
  range.kind = SweepAxis::Kind::range;
  range.key = "grid_workers.patrols_per_day";
  range.range = {0.0, 1.0, 0.5, {}};
  const SweepPlan plan = plan_sweep(spec_with({values_axis("whistle.enabled", {"true", "false"}), range}));
  ASSERT_EQ(plan.points.size(), 6u);
  ASSERT_EQ(plan.columns.size(), 2u);
  EXPECT_EQ(plan.columns[0].key, "whistle.enabled");
  const std::vector<std::vector<std::string>> expected = {{"true", "0"},  {"true", "0.5"},  {"true", "1"},
                                                          {"false", "0"}, {"false", "0.5"}, {"false", "1"}};
  for (std::size_t p = 0; p < 6; ++p) {
    EXPECT_EQ(plan.points[p].index, static_cast<int>(p));
    EXPECT_EQ(plan.points[p].values, expected[p]);
  }
  // Seed first, then set:, then the axes, as key.path=value overrides.
  EXPECT_EQ(plan.points[4].overrides,
            (std::vector<std::string>{"run.seed=11", "run.days=60", "whistle.enabled=false",
                                      "grid_workers.patrols_per_day=0.5"}));
  EXPECT_EQ(plan.run_count(), 18);
  EXPECT_EQ(plan.run_id(4, 2), 14);
  EXPECT_EQ(plan.point_of(14), 4);
  EXPECT_EQ(plan.replication_of(14), 2);
}

TEST(PlanSweep, LhsBlockIsOneAxisOfJointSamples) {
  SweepAxis lhs;
  lhs.kind = SweepAxis::Kind::lhs;
  lhs.samples = 4;
  lhs.dimensions = {{"a.x", {0.0, 10.0, std::nullopt, {}}}, {"a.y", {1.0, 2.0, std::nullopt, {}}}};
  const SweepSpec spec = spec_with({lhs, values_axis("b", {"1", "2"})});
  const SweepPlan plan = plan_sweep(spec);
  ASSERT_EQ(plan.points.size(), 8u);  // 4 joint samples × 2 values, not 4 × 4 × 2
  ASSERT_EQ(plan.columns.size(), 3u);
  EXPECT_EQ(plan.columns[1].key, "a.y");
  EXPECT_EQ(plan.columns[1].kind, SweepAxis::Kind::lhs);
  // The same sample pairs with each value of the next axis.
  EXPECT_EQ(plan.points[0].values[0], plan.points[1].values[0]);
  EXPECT_EQ(plan.points[0].values[1], plan.points[1].values[1]);
  std::set<int> strata;
  for (std::size_t p = 0; p < 8; p += 2) {
    const double x = std::stod(plan.points[p].values[0]);
    EXPECT_GE(x, 0.0);
    EXPECT_LT(x, 10.0);
    strata.insert(static_cast<int>(x / 2.5));
  }
  EXPECT_EQ(strata.size(), 4u);
  // Planning is deterministic; another sweep seed moves the samples, an explicit lhs seed pins them.
  EXPECT_EQ(plan_sweep(spec).points[0].values, plan.points[0].values);
  SweepSpec reseeded = spec;
  reseeded.seed = 12;
  EXPECT_NE(plan_sweep(reseeded).points[0].values, plan.points[0].values);
  SweepSpec pinned = spec, pinned_reseeded = reseeded;
  pinned.axes[0].lhs_seed = pinned_reseeded.axes[0].lhs_seed = 5;
  EXPECT_EQ(plan_sweep(pinned).points[0].values, plan_sweep(pinned_reseeded).points[0].values);
}

TEST(PlanSweep, CasesAxisAppliesEachCasesOwnOverrides) {
  SweepAxis cases;
  cases.kind = SweepAxis::Kind::cases;
  cases.name = "remedy";
  cases.cases = {{"none", {}, {}},
                 {"pooling", {}, {{"policies.dispatch", {"pooling", {}}}}},
                 {"both", {}, {{"policies.dispatch", {"pooling", {}}}, {"policies.helpers", {"party_volunteers", {}}}}}};
  const SweepPlan plan = plan_sweep(spec_with({cases}));
  ASSERT_EQ(plan.points.size(), 3u);
  EXPECT_EQ(plan.columns[0].key, "remedy");
  EXPECT_EQ(plan.points[2].values, std::vector<std::string>{"both"});
  EXPECT_EQ(plan.points[0].overrides, (std::vector<std::string>{"run.seed=11", "run.days=60"}));
  EXPECT_EQ(plan.points[2].overrides, (std::vector<std::string>{"run.seed=11", "run.days=60", "policies.dispatch=pooling",
                                                                "policies.helpers=party_volunteers"}));
}

TEST(PlanSweep, NoAxesIsOnePoint) {
  const SweepPlan plan = plan_sweep(spec_with({}));
  ASSERT_EQ(plan.points.size(), 1u);
  EXPECT_TRUE(plan.columns.empty());
  EXPECT_EQ(plan.run_count(), 3);
}

}  // namespace
}  // namespace govgrid
