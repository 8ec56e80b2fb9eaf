#include "analysis/steady_state.h"

#include <cmath>
#include <limits>

namespace govgrid {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kWindow = 30, kFirst = 31;  ///< days 31–60, and the last 30
constexpr double kTolerance = 0.10;

double window_mean(std::span<const double> v, std::size_t first) {
  double sum = 0.0;
  int n = 0;
  for (std::size_t d = first; d < first + kWindow && d < v.size(); ++d) {
    if (std::isfinite(v[d])) sum += v[d], ++n;
  }
  return n > 0 ? sum / n : kNaN;
}

bool within(double ratio) { return std::abs(ratio - 1.0) <= kTolerance; }

}  // namespace

SteadyState steady_state(std::span<const double> backlog, std::span<const double> arrivals) {
  SteadyState s{SteadyState::Verdict::too_short, kNaN, kNaN, kNaN};
  const std::size_t days = std::min(backlog.size(), arrivals.size());
  if (days < kFirst + 2 * kWindow - 1) return s;  // the windows would overlap
  const std::size_t last = days - kWindow;
  s.backlog_ratio = window_mean(backlog, last) / window_mean(backlog, kFirst);
  s.arrivals_ratio = window_mean(arrivals, last) / window_mean(arrivals, kFirst);
  s.time_in_system_ratio = s.backlog_ratio / s.arrivals_ratio;
  if (!std::isfinite(s.backlog_ratio)) {
    // An empty district (no backlog, no arrivals) is trivially steady.
    const bool empty = window_mean(backlog, last) == 0.0 && window_mean(backlog, kFirst) == 0.0;
    s.verdict = empty ? SteadyState::Verdict::steady : SteadyState::Verdict::growing;
  } else if (within(s.backlog_ratio)) {
    s.verdict = SteadyState::Verdict::steady;
  } else if (std::isfinite(s.time_in_system_ratio) && within(s.time_in_system_ratio)) {
    s.verdict = SteadyState::Verdict::follows_demand;
  } else {
    s.verdict = SteadyState::Verdict::growing;
  }
  return s;
}

const char* steady_state_label(SteadyState::Verdict v, bool zh) {
  switch (v) {
    case SteadyState::Verdict::too_short: return zh ? "运行不足90天，无法判断是否稳态" : "too short to tell (under 90 days)";
    case SteadyState::Verdict::steady: return zh ? "稳态：积压变化在10%以内" : "steady: the backlog changed by under 10%";
    case SteadyState::Verdict::follows_demand:
      return zh ? "积压随需求变化：在办时长（利特尔法则）变化在10%以内"
                : "the backlog follows demand: time in system (Little's law) changed by under 10%";
    case SteadyState::Verdict::growing:
      return zh ? "非稳态：积压增长快于需求，有队列在累积，各项比率反映的是变化中的区"
                : "not steady: the backlog grew faster than demand, a queue is building; read the rates as a district in transition";
  }
  return "";
}

}  // namespace govgrid
