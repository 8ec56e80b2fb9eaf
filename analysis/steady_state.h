// Is a run in steady state? The project's test (issue 9): the mean backlog over the last 30 days
// within 10% of that over days 31–60 (just after a 30-day warm-up). Where it is not, Little's law
// (backlog = arrivals × time in system) says whether demand explains the change: arrivals moved
// (the season, surges, growing trust) while the time a case spends open stayed within 10%.
// Otherwise some queue is growing, and the run's rates describe a district in transition.
#pragma once

#include <span>

namespace govgrid {

struct SteadyState {
  enum class Verdict { too_short, steady, follows_demand, growing };
  Verdict verdict = Verdict::too_short;
  /// Last 30 days ÷ days 31–60, of the mean backlog, the mean daily arrivals, and their ratio
  /// (time in system by Little's law); NaN when too short (fewer than 90 days) or undefined.
  double backlog_ratio, arrivals_ratio, time_in_system_ratio;
};

/// From per-day district means (index = day) of the backlog at the day's end and the cases
/// created that day. Days whose value is not finite are left out of the windows.
SteadyState steady_state(std::span<const double> backlog, std::span<const double> arrivals);

/// One line for people: "steady: backlog +4.1% …" (English) or its Chinese; `zh` picks.
const char* steady_state_label(SteadyState::Verdict v, bool zh);

}  // namespace govgrid
