#include "analysis/steady_state.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace govgrid {
namespace {

/// 120 days: days 31–60 at (b0, a0), the last 30 at (b1, a1), the rest in between.
SteadyState judge(double b0, double a0, double b1, double a1) {
  std::vector<double> backlog(120, (b0 + b1) / 2), arrivals(120, (a0 + a1) / 2);
  for (int d = 31; d <= 60; ++d) backlog[d] = b0, arrivals[d] = a0;
  for (int d = 90; d < 120; ++d) backlog[d] = b1, arrivals[d] = a1;
  return steady_state(backlog, arrivals);
}

TEST(SteadyStateTest, FlatIsSteady) {
  const SteadyState s = judge(1000, 500, 1080, 500);
  EXPECT_EQ(s.verdict, SteadyState::Verdict::steady);
  EXPECT_NEAR(s.backlog_ratio, 1.08, 1e-12);
  EXPECT_NEAR(s.arrivals_ratio, 1.0, 1e-12);
}

TEST(SteadyStateTest, BacklogThatFollowsArrivalsFollowsDemand) {
  // Arrivals +30%, time in system +5%: Little's law explains the backlog's +36.5%.
  const SteadyState s = judge(1000, 500, 1365, 650);
  EXPECT_EQ(s.verdict, SteadyState::Verdict::follows_demand);
  EXPECT_NEAR(s.time_in_system_ratio, 1.05, 1e-12);
}

TEST(SteadyStateTest, BacklogGrowingFasterThanDemandIsGrowing) {
  const SteadyState s = judge(1000, 500, 1500, 520);
  EXPECT_EQ(s.verdict, SteadyState::Verdict::growing);
  // A shrinking backlog with steady demand is not steady either.
  EXPECT_EQ(judge(1000, 500, 700, 500).verdict, SteadyState::Verdict::growing);
}

TEST(SteadyStateTest, ShortRunsAndEmptyDistricts) {
  const std::vector<double> short_run(89, 10.0);
  const SteadyState s = steady_state(short_run, short_run);
  EXPECT_EQ(s.verdict, SteadyState::Verdict::too_short);
  EXPECT_TRUE(std::isnan(s.backlog_ratio));
  const std::vector<double> zeros(200, 0.0);
  EXPECT_EQ(steady_state(zeros, zeros).verdict, SteadyState::Verdict::steady);
}

TEST(SteadyStateTest, NonFiniteDaysAreLeftOut) {
  std::vector<double> backlog(120, 100.0), arrivals(120, 50.0);
  backlog[40] = NAN;
  backlog[100] = INFINITY;
  const SteadyState s = steady_state(backlog, arrivals);
  EXPECT_EQ(s.verdict, SteadyState::Verdict::steady);
  EXPECT_DOUBLE_EQ(s.backlog_ratio, 1.0);
}

}  // namespace
}  // namespace govgrid
