// Simulated time: hours since the start of a run (day 0 is a Monday, 00:00). Model code
// names these constants instead of writing 24, 168 or 8760.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

namespace govgrid::sim {

inline constexpr double kHoursPerDay = 24.0;
inline constexpr int kDaysPerWeek = 7;
inline constexpr double kHoursPerWeek = kHoursPerDay * kDaysPerWeek;
inline constexpr double kDaysPerYear = 365.0;
inline constexpr double kHoursPerYear = kHoursPerDay * kDaysPerYear;

/// The day (0-based) that hour `t` falls in.
inline std::int64_t day_of(double t) { return static_cast<std::int64_t>(std::floor(t / kHoursPerDay)); }
/// A day end at hour `t` (a midnight) that closes a 365-day year of the run: yearly allowances
/// (members' and units' hours) start again.
inline bool closes_a_year(double t) {
  const std::int64_t days = std::llround(t / kHoursPerDay);
  return days > 0 && days % static_cast<std::int64_t>(kDaysPerYear) == 0;
}
/// Days of the calendar months, January first; a run's year has 365 days.
inline constexpr std::array<int, 12> kDaysInMonth = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

/// The calendar month (0 = January) of day `day` of a run whose day 0 is the 1st of `start_month`
/// (1 = January).
inline int month_of_day(std::int64_t day, int start_month) {
  auto d = static_cast<int>(((day % 365) + 365) % 365);
  int m = start_month - 1;
  while (d >= kDaysInMonth[static_cast<std::size_t>(m)]) {
    d -= kDaysInMonth[static_cast<std::size_t>(m)];
    m = (m + 1) % 12;
  }
  return m;
}

/// The hours at which the calendar months of a run of `days` days begin (the first at 0; the
/// last month may be cut short by the end of the run).
inline std::vector<double> month_starts_h(int start_month, double days) {
  std::vector<double> starts;
  int m = start_month - 1;
  for (double day = 0.0; day < days; day += kDaysInMonth[static_cast<std::size_t>(m)], m = (m + 1) % 12)
    starts.push_back(day * kHoursPerDay);
  return starts;
}

/// Day of the week of hour `t`: 0 = Monday … 6 = Sunday.
inline int weekday_of(double t) { return static_cast<int>(((day_of(t) % kDaysPerWeek) + kDaysPerWeek) % kDaysPerWeek); }

}  // namespace govgrid::sim
