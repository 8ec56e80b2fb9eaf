#include "engine/rng/counter_rng.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace govgrid {
namespace {

TEST(CounterRng, SameKeyStreamEntityGivesSameSequence) {
  const auto key = RngKey::for_replication(42, 3);
  CounterRng a(key, RngStream::problem, 77), b(key, RngStream::problem, 77);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(a.next_u64(), b.next_u64());
}

TEST(CounterRng, StreamsEntitiesAndReplicationsDiffer) {
  const auto key = RngKey::for_replication(42, 0);
  const auto first = [](CounterRng r) { return r.next_u64(); };
  const auto base = first(CounterRng(key, RngStream::problem, 1));
  EXPECT_NE(base, first(CounterRng(key, RngStream::problem, 2)));
  EXPECT_NE(base, first(CounterRng(key, RngStream::station, 1)));
  EXPECT_NE(base, first(CounterRng(key, RngStream::problem, 1, 5)));
  EXPECT_NE(base, first(CounterRng(RngKey::for_replication(42, 1), RngStream::problem, 1)));
  EXPECT_NE(base, first(CounterRng(RngKey::for_replication(43, 0), RngStream::problem, 1)));
}

TEST(CounterRng, DistributionsHaveTheirMoments) {
  CounterRng rng(RngKey::for_replication(7, 0), RngStream::arrivals, 0);
  constexpr int n = 200000;
  double sum_u = 0, sum_e = 0;
  std::vector<double> logn(n);
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum_u += u;
    sum_e += rng.exponential(3.0);
    logn[i] = rng.sample(Distribution::lognormal(2.0, 0.8));
  }
  EXPECT_NEAR(sum_u / n, 0.5, 0.005);
  EXPECT_NEAR(sum_e / n, 3.0, 0.03);
  std::nth_element(logn.begin(), logn.begin() + n / 2, logn.end());
  EXPECT_NEAR(logn[n / 2], 2.0, 0.03);
  EXPECT_DOUBLE_EQ(rng.sample(Distribution::fixed(1.25)), 1.25);
  for (int i = 0; i < 1000; ++i) {
    const double x = rng.sample(Distribution::uniform(2, 4));
    ASSERT_GE(x, 2.0);
    ASSERT_LE(x, 4.0);
    ASSERT_GE(rng.sample(Distribution::normal(0.1, 1.0)), 0.0);  // truncated at 0
    ASSERT_LT(rng.below(7), 7u);
  }
}

}  // namespace
}  // namespace govgrid
