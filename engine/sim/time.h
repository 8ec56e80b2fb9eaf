// Simulated time: hours since the start of a run (day 0 is a Monday, 00:00). Model code
// names these constants instead of writing 24, 168 or 8760.
#pragma once

#include <cmath>
#include <cstdint>

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
/// Day of the week of hour `t`: 0 = Monday … 6 = Sunday.
inline int weekday_of(double t) { return static_cast<int>(((day_of(t) % kDaysPerWeek) + kDaysPerWeek) % kDaysPerWeek); }

}  // namespace govgrid::sim
