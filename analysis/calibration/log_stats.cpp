#include "analysis/calibration/log_stats.h"

#include <algorithm>
#include <cmath>

namespace govgrid::calibration {

PeriodStats period_stats(const std::vector<LoggedCase>& cases, const LogCalendar& calendar, double from_h,
                         double to_h, const ScenarioSpec& spec) {
  PeriodStats s;
  s.from_h = from_h;
  s.to_h = std::max(from_h, to_h);
  s.days = (s.to_h - s.from_h) / 24.0;
  const auto n_days = static_cast<std::size_t>(std::ceil(s.days));
  s.daily.assign(n_days, 0.0);
  s.category_share.assign(spec.categories.size(), 0.0);
  s.close_h_by_category.resize(spec.categories.size());
  std::vector<double> channels(spec.residents.channels.size(), 0.0);
  double channel_known = 0.0, on_time = 0.0, response_known = 0.0, response_on_time = 0.0;
  double resolved_asked = 0.0, resolved_yes = 0.0, satisfied_asked = 0.0, satisfied_yes = 0.0;
  std::array<double, 12> month_cases{};
  for (const LoggedCase& c : cases) {
    if (c.local_opened_h < s.from_h || c.local_opened_h >= s.to_h) continue;
    ++s.cases;
    const auto day = static_cast<std::size_t>((c.local_opened_h - s.from_h) / 24.0);
    if (day < n_days) s.daily[day] += 1.0;
    const LogCalendar::Day d = calendar.day_at(c.local_opened_h);
    const double hour = std::fmod(c.local_opened_h, 24.0);
    s.hour_of_week[static_cast<std::size_t>(d.weekday * 24 + std::clamp(static_cast<int>(hour), 0, 23))] += 1.0;
    month_cases[static_cast<std::size_t>(d.month - 1)] += 1.0;
    const auto cat = static_cast<std::size_t>(c.category);
    s.category_share[cat] += 1.0;
    if (c.channel >= 0) {
      channels[static_cast<std::size_t>(c.channel)] += 1.0;
      channel_known += 1.0;
    }
    const double close = c.closed() ? c.closed_h - c.opened_h : kNever;
    s.close_h.push_back(close);
    s.close_h_by_category[cat].push_back(close);
    if (close <= spec.categories[cat].resolution_deadline_h) on_time += 1.0;
    if (!std::isnan(c.first_response_h)) {
      response_known += 1.0;
      response_on_time += c.first_response_h - c.opened_h <= spec.categories[cat].response_deadline_h;
    }
    if (c.resolved >= 0) {
      resolved_asked += 1.0;
      resolved_yes += c.resolved;
    }
    if (c.satisfied >= 0) {
      satisfied_asked += 1.0;
      satisfied_yes += c.satisfied;
    }
  }
  const double n = static_cast<double>(s.cases);
  if (n > 0) {
    for (double& v : s.hour_of_week) v /= n;
    for (double& v : s.category_share) v /= n;
    on_time /= n;
    s.on_time = on_time;
  }
  if (channel_known > 0) {
    s.channel_share = channels;
    for (double& v : s.channel_share) v /= channel_known;
  }
  if (response_known > 0) s.responded_on_time = response_on_time / response_known;
  if (resolved_asked > 0) s.resolved = resolved_yes / resolved_asked;
  if (satisfied_asked > 0) s.satisfied = satisfied_yes / satisfied_asked;
  std::sort(s.close_h.begin(), s.close_h.end());
  for (auto& v : s.close_h_by_category) std::sort(v.begin(), v.end());
  s.open_share = n > 0 ? static_cast<double>(std::count(s.close_h.begin(), s.close_h.end(), kNever)) / n : 0.0;

  // Cases per day by calendar month, relative to the period's mean per day.
  std::array<double, 12> month_days{};
  for (std::size_t day = 0; day < n_days; ++day) {
    const double h = s.from_h + 24.0 * static_cast<double>(day);
    const double share = std::min(1.0, (s.to_h - h) / 24.0);
    month_days[static_cast<std::size_t>(calendar.day_at(h).month - 1)] += share;
  }
  const double per_day = s.days > 0 ? n / s.days : 0.0;
  for (std::size_t m = 0; m < 12; ++m)
    s.month[m] = month_days[m] >= 1.0 && per_day > 0 ? month_cases[m] / month_days[m] / per_day : NAN;
  return s;
}

double quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return NAN;
  const double pos = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  if (sorted[hi] == kNever) return pos == static_cast<double>(lo) ? sorted[lo] : kNever;
  return sorted[lo] + (pos - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

double ks_distance(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.empty() && b.empty()) return 0.0;
  if (a.empty() || b.empty()) return 1.0;
  const double na = static_cast<double>(a.size()), nb = static_cast<double>(b.size());
  std::size_t i = 0, j = 0;
  double d = 0.0;
  while (i < a.size() && j < b.size()) {
    const double x = std::min(a[i], b[j]);
    if (x == kNever) break;  // the rest are never closed on both sides: the CDFs end at their plateaus
    while (i < a.size() && a[i] <= x) ++i;
    while (j < b.size() && b[j] <= x) ++j;
    d = std::max(d, std::abs(static_cast<double>(i) / na - static_cast<double>(j) / nb));
  }
  // Beyond the last finite value: the difference between the closed shares.
  const double closed_a = static_cast<double>(std::lower_bound(a.begin(), a.end(), kNever) - a.begin()) / na;
  const double closed_b = static_cast<double>(std::lower_bound(b.begin(), b.end(), kNever) - b.begin()) / nb;
  return std::max(d, std::abs(closed_a - closed_b));
}

}  // namespace govgrid::calibration
