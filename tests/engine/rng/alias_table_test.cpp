#include "engine/rng/alias_table.h"

#include <gtest/gtest.h>

namespace govgrid {
namespace {

TEST(AliasTable, DrawsInProportionToWeights) {
  const std::vector<double> weights = {1, 0, 3, 6};
  AliasTable table(weights);
  CounterRng rng(RngKey::for_replication(1, 0), RngStream::arrivals, 9);
  std::vector<int> counts(weights.size());
  constexpr int n = 400000;
  for (int i = 0; i < n; ++i) ++counts[table.draw(rng)];
  EXPECT_EQ(counts[1], 0);
  EXPECT_NEAR(counts[0] / double(n), 0.1, 0.003);
  EXPECT_NEAR(counts[2] / double(n), 0.3, 0.003);
  EXPECT_NEAR(counts[3] / double(n), 0.6, 0.003);
}

}  // namespace
}  // namespace govgrid
