#include "engine/model/duty_desk.h"

#include <cmath>

#include "engine/sim/time.h"

namespace govgrid {

double staffed_from(const ShiftSpec& coverage, double t) {
  if (coverage.around_the_clock()) return t;
  auto day = static_cast<long>(std::floor(t / sim::kHoursPerDay)) - 1;  // a shift may run past midnight
  for (;; ++day) {
    if (((day % sim::kDaysPerWeek) + sim::kDaysPerWeek) % sim::kDaysPerWeek >= coverage.days_per_week) continue;
    const double start = day * sim::kHoursPerDay + coverage.start_h, end = start + coverage.hours;
    if (t < end) return t > start ? t : start;
  }
}

std::optional<double> desk_contact_time(const DutyDeskSpec& desk, double t, CounterRng& rng) {
  double at = staffed_from(desk.coverage, staffed_from(desk.coverage, t) + rng.sample(desk.sign_for_h));
  std::optional<double> reached;
  for (int attempt = 0; attempt < desk.max_attempts; ++attempt) {
    // Every attempt's draws are made, so the draws do not depend on when the requester answered.
    const bool answers = rng.bernoulli(desk.reach_probability);
    const double retry = rng.sample(desk.retry_h);
    if (answers && !reached) reached = at;
    at = staffed_from(desk.coverage, at + retry);
  }
  return reached;
}

}  // namespace govgrid
