// What a case log shows over a period, computed the same way for an observed log and for a
// simulation of it, so the two can be compared like for like: volumes, profiles, mix, time to
// close (open cases count as never closed: both are censored at the same extraction time),
// on-time and the requesters' answers.
#pragma once

#include <array>
#include <vector>

#include "analysis/calibration/case_log.h"
#include "govgrid/scenario_spec.h"

namespace govgrid::calibration {

inline constexpr double kNever = std::numeric_limits<double>::infinity();

struct PeriodStats {
  double from_h = 0.0, to_h = 0.0;  ///< local hours after t0: cases opened in [from, to)
  double days = 0.0;
  std::size_t cases = 0;
  std::vector<double> daily;            ///< cases opened on each day of the period
  std::array<double, 168> hour_of_week{};  ///< share of cases by local hour of the week, Monday 00–01 first
  std::array<double, 12> month{};       ///< cases per day in each calendar month, relative to the period's mean (NaN: no such days)
  std::vector<double> category_share;   ///< by scenario category
  std::vector<double> channel_share;    ///< by scenario channel (empty: channel unknown)
  /// Hours from opening to closing, sorted, kNever for cases open at extraction; overall and by category.
  std::vector<double> close_h;
  std::vector<std::vector<double>> close_h_by_category;
  double open_share = 0.0;
  double on_time = NAN;            ///< closed within the category's resolution_deadline_h
  double responded_on_time = NAN;  ///< first response within response_deadline_h (NaN: no response times)
  double resolved = NAN;           ///< share answering "resolved" among those asked
  double satisfied = NAN;
};

/// Statistics of the cases in `cases` opened in [from_h, to_h) (local hours after t0).
PeriodStats period_stats(const std::vector<LoggedCase>& cases, const LogCalendar& calendar, double from_h,
                         double to_h, const ScenarioSpec& spec);

/// The q-quantile (0..1) of sorted `x`, interpolated between order statistics; kNever where it
/// falls among the never-closed.
double quantile(const std::vector<double>& sorted, double q);

/// Two-sample Kolmogorov–Smirnov distance of sorted samples (kNever counts as a value beyond
/// every finite one). 0 for two empty samples, 1 when one is empty.
double ks_distance(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace govgrid::calibration
