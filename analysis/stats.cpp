#include "analysis/stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

namespace govgrid {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }

double normal_pdf(double x) { return std::exp(-0.5 * x * x) / std::sqrt(2.0 * std::numbers::pi); }

// Lentz's continued fraction for the incomplete beta (Numerical Recipes' betacf); it
// converges fast for x < (a + 1) / (a + b + 2), which the caller ensures.
double beta_continued_fraction(double a, double b, double x) {
  constexpr double kTiny = 1e-300;
  constexpr double kEps = 1e-16;
  constexpr int kMaxIter = 20000;
  const double qab = a + b, qap = a + 1.0, qam = a - 1.0;
  double c = 1.0;
  double d = 1.0 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= kMaxIter; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1.0) < kEps) break;
  }
  return h;
}

// Regularized incomplete beta I_x(a, b); y = 1 − x is passed separately so that x close to
// 1 keeps its precision in the complement.
double incomplete_beta(double a, double b, double x, double y) {
  if (x <= 0.0) return 0.0;
  if (y <= 0.0) return 1.0;
  const double log_front = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) +
                           a * std::log(x) + b * std::log(y);
  const double front = std::exp(log_front);
  if (x < (a + 1.0) / (a + b + 2.0)) return front * beta_continued_fraction(a, b, x) / a;
  return 1.0 - front * beta_continued_fraction(b, a, y) / b;
}

// Above these degrees of freedom the t is the normal plus small corrections in 1/df, and
// lgamma's cancellation in the incomplete beta would cost more precision than the
// truncated expansions lose (O(df⁻²) for the distribution function, O(df⁻⁵) for quantiles).
constexpr double kLargeDf = 1e6;
constexpr double kLargeDfQuantile = 1e4;

// P(T > t) for t >= 0.
double t_upper_tail(double t, double df) {
  if (df > kLargeDf) {
    // Abramowitz & Stegun 26.7.5 inverted to first order: error O(df⁻²).
    return 1.0 - normal_cdf(t) + normal_pdf(t) * (t * t * t + t) / (4.0 * df);
  }
  const double t2 = t * t;
  return 0.5 * incomplete_beta(0.5 * df, 0.5, df / (df + t2), t2 / (df + t2));
}

double t_pdf(double t, double df) {
  const double log_norm = std::lgamma(0.5 * (df + 1.0)) - std::lgamma(0.5 * df) -
                          0.5 * std::log(df * std::numbers::pi);
  return std::exp(log_norm - 0.5 * (df + 1.0) * std::log1p(t * t / df));
}

// Hill (1970), CACM algorithm 396, as in R's qt(): a starting point within ~1e-4 relative
// for df >= 1. `two_sided` is 2·min(p, 1 − p); returns the positive quantile.
double hill_start(double two_sided, double df) {
  const double a = 1.0 / (df - 0.5);
  const double b = 48.0 / (a * a);
  double c = ((20700.0 * a / b - 98.0) * a - 16.0) * a + 96.36;
  const double d = ((94.5 / (b + c) - 3.0) / b + 1.0) * std::sqrt(a * std::numbers::pi / 2.0) * df;
  double y = std::pow(d * two_sided, 2.0 / df);
  if (y > 0.05 + a) {
    const double x = normal_quantile(0.5 * two_sided);  // negative, as in Hill's text
    y = x * x;
    if (df < 5.0) c += 0.3 * (df - 4.5) * (x + 0.6);
    c = (((0.05 * d * x - 5.0) * x - 7.0) * x - 2.0) * x + b + c;
    y = (((((0.4 * y + 6.3) * y + 36.0) * y + 94.5) / c - y - 3.0) / b + 1.0) * x;
    y = std::expm1(a * y * y);
  } else {
    y = ((1.0 / (((df + 6.0) / (df * y) - 0.089 * d - 0.822) * (df + 2.0) * 3.0) +
          0.5 / (df + 4.0)) * y - 1.0) * (df + 1.0) / (df + 2.0) + 1.0 / y;
  }
  return std::sqrt(df * y);
}

// Solves P(T > t) = tail for t > 0 (tail < 0.5): Newton's method kept inside a shrinking
// bracket, falling back to bisection when a step would leave it.
double t_upper_quantile(double tail, double df) {
  if (df == 1.0) return std::cos(std::numbers::pi * tail) / std::sin(std::numbers::pi * tail);
  if (df == 2.0) return (1.0 - 2.0 * tail) / std::sqrt(2.0 * tail * (1.0 - tail));
  if (df > kLargeDfQuantile) {
    // A&S 26.7.5 (Cornish–Fisher): the first omitted term is O(df⁻⁵).
    const double z = -normal_quantile(tail);
    const double z2 = z * z;
    const double g1 = (z2 + 1.0) * z / 4.0;
    const double g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0;
    const double g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0;
    const double g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92160.0;
    return z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df;
  }
  double t = df >= 1.0 ? hill_start(2.0 * tail, df) : 1.0;
  if (!(t > 0.0) || !std::isfinite(t)) t = 1.0;
  double lo = 0.0;
  double hi = t;
  while (t_upper_tail(hi, df) > tail) {
    lo = hi;
    hi *= 2.0;
    if (!std::isfinite(hi)) return kInf;
  }
  for (int iter = 0; iter < 300; ++iter) {
    const double f = t_upper_tail(t, df) - tail;
    if (f > 0.0) lo = t; else hi = t;
    if (f == 0.0) return t;
    double next = t + f / t_pdf(t, df);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (std::fabs(next - t) <= 1e-15 * next || hi - lo <= 4e-16 * hi) return next;
    t = next;
  }
  return t;
}

}  // namespace

double normal_quantile(double p) {
  if (std::isnan(p) || p < 0.0 || p > 1.0) return kNaN;
  if (p == 0.0) return -kInf;
  if (p == 1.0) return kInf;
  // Work in the lower half so the tail probability keeps full precision.
  if (p > 0.5) return -normal_quantile(1.0 - p);
  // Acklam's rational approximation (relative error 1.15e-9) ...
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  double x;
  if (p < 0.02425) {
    const double q = std::sqrt(-2.0 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  } else {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
  }
  // ... polished by Halley steps on erfc, which is accurate in the lower tail.
  for (int i = 0; i < 2; ++i) {
    const double e = normal_cdf(x) - p;
    const double u = e * std::sqrt(2.0 * std::numbers::pi) * std::exp(0.5 * x * x);
    x -= u / (1.0 + 0.5 * x * u);
  }
  return x;
}

double student_t_cdf(double t, double df) {
  if (std::isnan(t) || std::isnan(df) || !(df > 0.0)) return kNaN;
  if (std::isinf(df)) return normal_cdf(t);
  if (std::isinf(t)) return t > 0.0 ? 1.0 : 0.0;
  const double tail = t_upper_tail(std::fabs(t), df);
  return t >= 0.0 ? 1.0 - tail : tail;
}

double student_t_quantile(double p, double df) {
  if (std::isnan(p) || std::isnan(df) || !(df > 0.0) || p < 0.0 || p > 1.0) return kNaN;
  if (p == 0.0) return -kInf;
  if (p == 1.0) return kInf;
  if (p == 0.5) return 0.0;
  if (std::isinf(df)) return normal_quantile(p);
  const double t = t_upper_quantile(std::min(p, 1.0 - p), df);
  return p > 0.5 ? t : -t;
}

Interval mean_ci95(std::span<const double> samples) {
  // Two passes (mean, then squared deviations) avoid the cancellation of Σx² − n·x̄².
  int n = 0;
  double sum = 0.0;
  for (const double x : samples) {
    if (!std::isfinite(x)) continue;
    sum += x;
    ++n;
  }
  if (n == 0) return {kNaN, kNaN, kNaN, kNaN, 0};
  const double mean = sum / n;
  if (n == 1) return {mean, kNaN, kNaN, kNaN, 1};
  double ss = 0.0;
  for (const double x : samples) {
    if (std::isfinite(x)) ss += (x - mean) * (x - mean);
  }
  const double sd = std::sqrt(ss / (n - 1));
  const double half = student_t_quantile(0.975, n - 1) * sd / std::sqrt(static_cast<double>(n));
  return {mean, half, mean - half, mean + half, n};
}

Interval paired_diff_ci95(std::span<const double> a, std::span<const double> b) {
  if (a.size() != b.size()) {
    throw std::invalid_argument("paired_diff_ci95: the two samples differ in length (" +
                                std::to_string(a.size()) + " vs " + std::to_string(b.size()) + ")");
  }
  std::vector<double> diff;
  diff.reserve(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::isfinite(a[i]) && std::isfinite(b[i])) diff.push_back(a[i] - b[i]);
  }
  return mean_ci95(diff);
}

}  // namespace govgrid
