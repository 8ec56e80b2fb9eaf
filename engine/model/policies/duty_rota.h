// Duty rota policies: when grid workers are on duty over the week. Chosen by
// `policies.duty_rota`. A rota only rewrites the grid workers' shift once, when the model is
// compiled; the stations then follow that shift.
#pragma once

#include "engine/sim/time.h"
#include "govgrid/scenario_spec.h"

namespace govgrid {

/// The shift on its days_per_week, Monday first.
struct FixedDays {
  static constexpr const char* name = "fixed_days";
  explicit FixedDays(const ScenarioSpec&) {}
  ShiftSpec grid_worker_shift(const ShiftSpec& shift) const { return shift; }
};

/// The same weekly hours spread over all seven days, so that someone is on duty at weekends.
struct SevenDay {
  static constexpr const char* name = "seven_day";
  explicit SevenDay(const ScenarioSpec&) {}
  ShiftSpec grid_worker_shift(const ShiftSpec& shift) const {
    if (shift.around_the_clock()) return shift;
    ShiftSpec s = shift;
    s.hours = shift.hours * shift.days_per_week / sim::kDaysPerWeek;
    s.days_per_week = sim::kDaysPerWeek;
    return s;
  }
};

}  // namespace govgrid
