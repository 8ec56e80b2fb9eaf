// Office time: the hours a shift is open, as a clock that stops outside them. Pushed-down tasks
// are issued in the upper levels' office hours (the street centre's shift stands for them), so
// their Poisson stream runs on this clock: a gap of g office hours from instant t ends at
// after_office_time(t, g, shift).
#pragma once

#include <algorithm>
#include <cmath>

#include "engine/sim/time.h"
#include "govgrid/scenario_spec.h"

namespace govgrid {

/// The instant at which `office_h` hours of `shift`'s open time have passed since `t` (hours
/// since the start; day 0 is a Monday, the shift open on its first days_per_week days). A shift
/// open around the clock is plain time. Precondition: office_h >= 0, shift.hours > 0.
inline double after_office_time(double t, double office_h, const ShiftSpec& shift) {
  if (shift.around_the_clock()) return t + office_h;
  // Start a day early: yesterday's shift may run past midnight.
  auto day = static_cast<long>(std::floor(t / sim::kHoursPerDay)) - 1;
  for (;; ++day) {
    if (day < 0 || day % sim::kDaysPerWeek >= shift.days_per_week) continue;
    const double open = day * sim::kHoursPerDay + shift.start_h, close = open + shift.hours;
    if (close <= t) continue;
    const double from = std::max(t, open);
    if (close - from >= office_h) return from + office_h;
    office_h -= close - from;
    t = close;
  }
}

}  // namespace govgrid
