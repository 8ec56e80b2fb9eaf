#include "analysis/stats.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace govgrid {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(StudentT, QuantilesMatchPublishedTable) {
  // Two-sided 95% critical values as printed in t tables (3 decimals).
  EXPECT_NEAR(student_t_quantile(0.975, 1), 12.706, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.975, 2), 4.303, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.975, 3), 3.182, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.975, 4), 2.776, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.975, 9), 2.262, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.975, 29), 2.045, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.975, 120), 1.980, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.975, kInf), 1.960, 5e-4);
  // Other levels: one-sided 95% and 99.5%.
  EXPECT_NEAR(student_t_quantile(0.95, 10), 1.812, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.995, 5), 4.032, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.995, 30), 2.750, 5e-4);
}

TEST(StudentT, QuantilesToFullPrecision) {
  // Reference values computed with mpmath (40 digits) from the incomplete beta.
  EXPECT_NEAR(student_t_quantile(0.975, 1), 12.706204736174705, 1e-11);
  EXPECT_NEAR(student_t_quantile(0.975, 4), 2.7764451051977944, 1e-12);
  EXPECT_NEAR(student_t_quantile(0.975, 9), 2.2621571627982055, 1e-12);
  EXPECT_NEAR(student_t_quantile(0.975, 29), 2.0452296421327043, 1e-12);
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-14);
  EXPECT_NEAR(normal_quantile(1e-10), -6.361340902404056, 1e-12);
}

TEST(StudentT, QuantileInvertsCdf) {
  for (const double df : {0.5, 1.0, 1.5, 2.0, 3.0, 7.0, 25.0, 1000.0, 5e6}) {
    for (const double p : {1e-6, 0.01, 0.2, 0.5, 0.8, 0.975, 0.999}) {
      const double t = student_t_quantile(p, df);
      EXPECT_NEAR(student_t_cdf(t, df), p, 1e-12 + 1e-9 * std::min(p, 1 - p))
          << "df=" << df << " p=" << p;
      EXPECT_NEAR(student_t_quantile(1 - p, df), -t, 1e-9 * std::fabs(t) + 1e-12);
    }
  }
}

TEST(StudentT, CdfKnownValues) {
  EXPECT_DOUBLE_EQ(student_t_cdf(0.0, 5), 0.5);
  EXPECT_NEAR(student_t_cdf(1.0, 1), 0.75, 1e-15);  // Cauchy: 1/2 + atan(1)/π
  EXPECT_NEAR(student_t_cdf(2.0, 2), 0.5 + 2.0 / (2.0 * std::sqrt(6.0)), 1e-15);
  EXPECT_NEAR(student_t_cdf(1.959963984540054, kInf), 0.975, 1e-15);
}

TEST(StudentT, EdgeCases) {
  EXPECT_TRUE(std::isnan(student_t_quantile(0.5, 0)));
  EXPECT_TRUE(std::isnan(student_t_quantile(1.5, 3)));
  EXPECT_TRUE(std::isnan(student_t_quantile(kNaN, 3)));
  EXPECT_EQ(student_t_quantile(1.0, 3), kInf);
  EXPECT_EQ(student_t_quantile(0.0, 3), -kInf);
  EXPECT_EQ(student_t_quantile(0.5, 3), 0.0);
  EXPECT_TRUE(std::isnan(student_t_cdf(1.0, -1)));
}

TEST(MeanCi95, KnownSample) {
  const std::vector<double> xs = {1, 2, 3, 4, 5};
  const Interval ci = mean_ci95(xs);
  // mean 3, s = √2.5, t(0.975, 4) = 2.7764451051977934.
  const double half = 2.7764451051977934 * std::sqrt(2.5) / std::sqrt(5.0);
  EXPECT_EQ(ci.n, 5);
  EXPECT_DOUBLE_EQ(ci.mean, 3.0);
  EXPECT_NEAR(ci.half_width, half, 1e-12);
  EXPECT_NEAR(ci.half_width, 1.9632432, 1e-6);
  EXPECT_NEAR(ci.lo, 3.0 - half, 1e-12);
  EXPECT_NEAR(ci.hi, 3.0 + half, 1e-12);
}

TEST(MeanCi95, TwoSamples) {
  const std::vector<double> xs = {10.0, 12.0};
  const Interval ci = mean_ci95(xs);
  // s = √2, half = 12.706204736174698 · √2 / √2.
  EXPECT_DOUBLE_EQ(ci.mean, 11.0);
  EXPECT_NEAR(ci.half_width, 12.706204736174698, 1e-10);
}

TEST(MeanCi95, SkipsNaNAndInfinity) {
  const std::vector<double> xs = {1, kNaN, 2, 3, kInf, 4, 5};
  const Interval ci = mean_ci95(xs);
  EXPECT_EQ(ci.n, 5);
  EXPECT_DOUBLE_EQ(ci.mean, 3.0);
  EXPECT_NEAR(ci.half_width, 1.9632432, 1e-6);
}

TEST(MeanCi95, OneAndNoSamples) {
  const std::vector<double> one = {7.5, kNaN};
  const Interval a = mean_ci95(one);
  EXPECT_EQ(a.n, 1);
  EXPECT_DOUBLE_EQ(a.mean, 7.5);
  EXPECT_TRUE(std::isnan(a.half_width));
  EXPECT_TRUE(std::isnan(a.lo));
  EXPECT_TRUE(std::isnan(a.hi));

  const Interval b = mean_ci95(std::vector<double>{});
  EXPECT_EQ(b.n, 0);
  EXPECT_TRUE(std::isnan(b.mean));
  EXPECT_TRUE(std::isnan(b.half_width));
}

TEST(MeanCi95, ConstantSampleHasZeroWidth) {
  const std::vector<double> xs = {0.25, 0.25, 0.25};
  const Interval ci = mean_ci95(xs);
  EXPECT_DOUBLE_EQ(ci.mean, 0.25);
  EXPECT_DOUBLE_EQ(ci.half_width, 0.0);
}

TEST(PairedDiffCi95, UsesPairwiseDifferences) {
  // Differences 1, 2, 3, 4, 5 on top of a large common component that CRN cancels.
  const std::vector<double> a = {101, 202, 303, 404, 505};
  const std::vector<double> b = {100, 200, 300, 400, 500};
  const Interval ci = paired_diff_ci95(a, b);
  EXPECT_EQ(ci.n, 5);
  EXPECT_DOUBLE_EQ(ci.mean, 3.0);
  EXPECT_NEAR(ci.half_width, 1.9632432, 1e-6);
}

TEST(PairedDiffCi95, SkipsIncompletePairsAndChecksLengths) {
  const std::vector<double> a = {1, kNaN, 3, 5};
  const std::vector<double> b = {0, 1, kNaN, 3};
  const Interval ci = paired_diff_ci95(a, b);
  EXPECT_EQ(ci.n, 2);  // pairs (1, 0) and (5, 3)
  EXPECT_DOUBLE_EQ(ci.mean, 1.5);
  const std::vector<double> shorter = {1, 2};
  EXPECT_THROW(paired_diff_ci95(a, shorter), std::invalid_argument);
}

}  // namespace
}  // namespace govgrid
