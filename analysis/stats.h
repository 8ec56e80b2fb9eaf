// Confidence intervals over replications, and the distributions behind them.
//
// A run's replications are independent samples of each metric; summaries report the mean
// with a two-sided 95% Student-t interval. Everything here is pure and thread-safe
// (apart from glibc's lgamma writing `signgam`, which never affects the results).
#pragma once

#include <span>

namespace govgrid {

/// A mean with its two-sided 95% confidence interval.
struct Interval {
  double mean;        ///< NaN when n == 0
  double half_width;  ///< t(0.975, n − 1) · s / √n; NaN when n < 2
  double lo;          ///< mean − half_width (NaN when n < 2)
  double hi;          ///< mean + half_width (NaN when n < 2)
  int n;              ///< finite samples used
};

/// Mean and 95% Student-t interval of the finite values in `samples`; NaN and ±∞ are
/// skipped and not counted in n. Never throws.
Interval mean_ci95(std::span<const double> samples);

/// 95% interval of the paired differences a[i] − b[i], for common-random-number comparisons
/// (replication i of two scenarios run with the same seed). Pairs where either side is not
/// finite are skipped. Throws std::invalid_argument when a and b differ in length.
Interval paired_diff_ci95(std::span<const double> a, std::span<const double> b);

/// Standard normal quantile Φ⁻¹(p), p in (0, 1), to about 1e-15 relative; ±∞ at p = 0 or 1,
/// NaN outside [0, 1].
double normal_quantile(double p);

/// Student-t distribution function P(T ≤ t) with df > 0 degrees of freedom (df may be
/// fractional; df = +∞ gives the normal), to about 1e-10 relative in the smaller tail.
/// NaN for df ≤ 0 or NaN arguments.
double student_t_cdf(double t, double df);

/// Student-t quantile: the t with P(T ≤ t) = p, p in (0, 1), df > 0 (fractional and +∞
/// allowed), to about 1e-12 relative. ±∞ at p = 0 or 1; NaN for df ≤ 0 or p outside [0, 1].
double student_t_quantile(double p, double df);

}  // namespace govgrid
