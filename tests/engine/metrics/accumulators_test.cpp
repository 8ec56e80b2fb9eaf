#include "engine/metrics/accumulators.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace govgrid {
namespace {

// The exact q-quantile of a sorted sample by the same continuous-rank convention.
double exact_quantile(const std::vector<double>& sorted, double q) {
  const auto k = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::max<std::size_t>(k, 1) - 1];
}

TEST(DurationHistogram, QuantilesMatchALargeLognormalSample) {
  std::mt19937_64 rng(12345);
  std::lognormal_distribution<double> dist(std::log(24.0), 1.2);  // median 24 h, wide tail
  std::vector<double> xs(200000);
  DurationHistogram h;
  for (double& x : xs) {
    x = dist(rng);
    h.add(x);
  }
  std::sort(xs.begin(), xs.end());
  ASSERT_EQ(h.total(), xs.size());
  for (const double q : {0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999}) {
    const double exact = exact_quantile(xs, q);
    EXPECT_NEAR(h.quantile(q) / exact, 1.0, 0.03) << "q=" << q << " exact=" << exact;
  }
}

TEST(DurationHistogram, ExactZerosAreBinZero) {
  DurationHistogram h;
  for (int i = 0; i < 30; ++i) h.add(0.0);
  for (int i = 0; i < 10; ++i) h.add(5.0);
  EXPECT_EQ(h.count(0), 30u);
  EXPECT_EQ(h.quantile(0.0), 0.0);
  EXPECT_EQ(h.quantile(0.5), 0.0);
  EXPECT_EQ(h.quantile(0.75), 0.0);  // rank 30 of 40: still the zeros
  const double upper = h.quantile(0.9);
  const int b = DurationHistogram::bin_of(5.0);
  EXPECT_GE(upper, DurationHistogram::lower_edge(b));
  EXPECT_LE(upper, DurationHistogram::lower_edge(b + 1));
  EXPECT_NEAR(upper / 5.0, 1.0, 0.06);  // one bin is ~5% wide
}

TEST(DurationHistogram, EmptyIsNaN) {
  DurationHistogram h;
  EXPECT_TRUE(std::isnan(h.quantile(0.5)));
  EXPECT_TRUE(std::isnan(h.quantile(0.0)));
}

TEST(DurationHistogram, SingleValueAndOverflow) {
  DurationHistogram h;
  h.add(3.0);
  const int b = DurationHistogram::bin_of(3.0);
  EXPECT_DOUBLE_EQ(h.quantile(0.0), DurationHistogram::lower_edge(b));
  EXPECT_DOUBLE_EQ(h.quantile(1.0), DurationHistogram::lower_edge(b + 1));
  EXPECT_LE(DurationHistogram::lower_edge(b), 3.0);
  EXPECT_GT(DurationHistogram::lower_edge(b + 1), 3.0);

  DurationHistogram big;
  big.add(1e9);  // past kMaxH: reported as kMaxH
  EXPECT_NEAR(big.quantile(0.5), DurationHistogram::kMaxH, 1e-6 * DurationHistogram::kMaxH);
  // Quantile clamps q into 0..1.
  EXPECT_EQ(h.quantile(-1.0), h.quantile(0.0));
  EXPECT_EQ(h.quantile(2.0), h.quantile(1.0));
}

TEST(DurationHistogram, MergeEqualsAddingAll) {
  std::mt19937_64 rng(7);
  std::exponential_distribution<double> dist(1.0 / 10.0);
  DurationHistogram a, b, all;
  for (int i = 0; i < 5000; ++i) {
    const double x = i % 17 == 0 ? 0.0 : dist(rng);
    (i % 3 == 0 ? a : b).add(x);
    all.add(x);
  }
  a.merge(b);
  EXPECT_EQ(a.total(), all.total());
  for (int bin = 0; bin < DurationHistogram::kBins; ++bin) EXPECT_EQ(a.count(bin), all.count(bin));
  for (const double q : {0.1, 0.5, 0.9}) EXPECT_EQ(a.quantile(q), all.quantile(q));
}

// Every field set to a distinct value derived from `k`, so a missed field shows.
GridTally filled(int k) {
  GridTally t;
  t.cases_created = 1000 + k;
  t.cases_closed = 900 + k;
  t.cases_resolved = 800 + k;
  t.found_by_patrol = 100 + k;
  t.duplicate_reports = 50 + k;
  t.problems_arisen = 1200 + k;
  t.problems_grown = 10 + k;
  t.resolved_at = {500u + k, 200u + k, 70u + k, 30u + k};
  t.escalations = 300 + k;
  t.joint_cases = 5 + k;
  t.reopenings = 20 + k;
  t.repeat_tickets = 7 + k;
  t.responded = 950 + k;
  t.responded_on_time = 940 + k;
  t.closed_on_time = 850 + k;
  t.rated = 600 + k;
  t.satisfied = 550 + k;
  t.said_resolved = 520 + k;
  t.requests = 900 + k;
  t.requests_responded_on_time = 850 + k;
  t.patrol_finds_closed = 300 + k;
  t.patrol_finds_closed_on_time = 290 + k;
  t.open_overdue = 30 + k;
  t.explained_unresolvable = 40 + k;
  t.explained_below_need = 20 + k;
  t.explained_after_bounces = 5 + k;
  t.transfer_bounces = 12 + k;
  t.wait_h_sum = 1234.5 + k;
  t.wait_samples = 1500 + k;
  t.response_h_sum = 4000.25 + k;
  t.resolution_h_sum = 50000.5 + k;
  t.sojourn_h_sum = 52000.75 + k;
  t.response_h.add(1.0 + k);
  t.resolution_h.add(40.0 + k);
  t.resolution_h.add(0.0);
  t.worker_count = 1.5 + k;
  t.worker_scheduled_h = 2000.0 + k;
  t.worker_overtime_h = 100.0 + k;
  t.worker_case_h = 900.0 + k;
  t.worker_pushed_down_h = 500.0 + k;
  t.worker_patrol_h = 300.0 + k;
  t.residents = 1000 + k;
  t.trust_sum = 600.5 + k;
  return t;
}

TEST(GridTally, MergeAddsEveryField) {
  GridTally a = filled(1);
  const GridTally b = filled(2);
  a.merge(b);
  EXPECT_EQ(a.said_resolved, 1043u);
  EXPECT_EQ(a.requests, 1803u);
  EXPECT_EQ(a.requests_responded_on_time, 1703u);
  EXPECT_EQ(a.patrol_finds_closed, 603u);
  EXPECT_EQ(a.patrol_finds_closed_on_time, 583u);
  EXPECT_EQ(a.open_overdue, 63u);
  EXPECT_EQ(a.explained_unresolvable, 83u);
  EXPECT_EQ(a.explained_below_need, 43u);
  EXPECT_EQ(a.explained_after_bounces, 13u);
  EXPECT_EQ(a.transfer_bounces, 27u);
  EXPECT_EQ(a.cases_created, 2003u);
  EXPECT_EQ(a.cases_closed, 1803u);
  EXPECT_EQ(a.cases_resolved, 1603u);
  EXPECT_EQ(a.found_by_patrol, 203u);
  EXPECT_EQ(a.duplicate_reports, 103u);
  EXPECT_EQ(a.problems_arisen, 2403u);
  EXPECT_EQ(a.problems_grown, 23u);
  EXPECT_EQ(a.resolved_at[0], 1003u);
  EXPECT_EQ(a.resolved_at[1], 403u);
  EXPECT_EQ(a.resolved_at[2], 143u);
  EXPECT_EQ(a.resolved_at[3], 63u);
  EXPECT_EQ(a.escalations, 603u);
  EXPECT_EQ(a.joint_cases, 13u);
  EXPECT_EQ(a.reopenings, 43u);
  EXPECT_EQ(a.repeat_tickets, 17u);
  EXPECT_EQ(a.responded, 1903u);
  EXPECT_EQ(a.responded_on_time, 1883u);
  EXPECT_EQ(a.closed_on_time, 1703u);
  EXPECT_EQ(a.rated, 1203u);
  EXPECT_EQ(a.satisfied, 1103u);
  EXPECT_DOUBLE_EQ(a.wait_h_sum, 2472.0);
  EXPECT_EQ(a.wait_samples, 3003u);
  EXPECT_DOUBLE_EQ(a.response_h_sum, 8003.5);
  EXPECT_DOUBLE_EQ(a.resolution_h_sum, 100004.0);
  EXPECT_DOUBLE_EQ(a.sojourn_h_sum, 104004.5);
  EXPECT_EQ(a.response_h.total(), 2u);
  EXPECT_EQ(a.resolution_h.total(), 4u);
  EXPECT_EQ(a.resolution_h.count(0), 2u);
  EXPECT_DOUBLE_EQ(a.worker_count, 6.0);
  EXPECT_DOUBLE_EQ(a.worker_scheduled_h, 4003.0);
  EXPECT_DOUBLE_EQ(a.worker_overtime_h, 203.0);
  EXPECT_DOUBLE_EQ(a.worker_case_h, 1803.0);
  EXPECT_DOUBLE_EQ(a.worker_pushed_down_h, 1003.0);
  EXPECT_DOUBLE_EQ(a.worker_patrol_h, 603.0);
  EXPECT_EQ(a.residents, 2003u);
  EXPECT_DOUBLE_EQ(a.trust_sum, 1204.0);
}

TEST(GridTally, MergeIntoEmptyIsIdentity) {
  GridTally a;
  const GridTally b = filled(4);
  a.merge(b);
  EXPECT_EQ(a.cases_created, b.cases_created);
  EXPECT_EQ(a.resolved_at, b.resolved_at);
  EXPECT_EQ(a.trust_sum, b.trust_sum);
  EXPECT_EQ(a.resolution_h.quantile(0.9), b.resolution_h.quantile(0.9));
}

}  // namespace
}  // namespace govgrid
