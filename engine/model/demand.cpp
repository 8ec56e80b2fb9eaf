#include "engine/model/demand.h"

#include <cmath>
#include <limits>

#include "engine/sim/time.h"

namespace govgrid {
namespace {

/// `v` divided by its mean (weighted by `w`); all ones when the mean is not positive (the
/// schema rejects that).
template <std::size_t N>
std::array<double, N> normalised(const std::array<double, N>& v, const std::array<double, N>& w) {
  double sum = 0.0, weight = 0.0;
  for (std::size_t i = 0; i < N; ++i) {
    sum += v[i] * w[i];
    weight += w[i];
  }
  std::array<double, N> out;
  out.fill(1.0);
  if (!(sum > 0.0)) return out;
  for (std::size_t i = 0; i < N; ++i) out[i] = v[i] * weight / sum;
  return out;
}

template <std::size_t N>
std::array<double, N> ones() {
  std::array<double, N> a;
  a.fill(1.0);
  return a;
}

}  // namespace

Demand::Demand(const CompiledModel& model, std::uint32_t street_index, RngKey key)
    : model_(model),
      key_(key),
      street_index_(street_index),
      end_h_(model.end_h),
      start_month_(model.spec.run.start_month) {
  const ScenarioSpec& spec = model.spec;
  const World::Street& street = model.world.streets[street_index];
  std::array<double, 12> month_days{};
  for (std::size_t m = 0; m < 12; ++m) month_days[m] = sim::kDaysInMonth[m];

  double residents = 0.0;
  std::vector<double> grid_weights(street.grid_count);
  for (std::uint32_t g = 0; g < street.grid_count; ++g) {
    grid_weights[g] = model.world.grids[street.first_grid + g].residents;
    residents += grid_weights[g];
  }
  if (residents > 0.0) grids_ = AliasTable(grid_weights);

  const std::size_t categories = spec.categories.size();
  base_per_h_.resize(categories);
  weekday_.resize(categories);
  month_.resize(categories);
  dispersion_.resize(categories);
  day_rate_.assign(categories, 0.0);
  for (std::size_t c = 0; c < categories; ++c) {
    const CategorySpec& cat = spec.categories[c];
    base_per_h_[c] = residents / 1000.0 * cat.rate_per_1000_per_day / sim::kHoursPerDay * street.demand_factor;
    weekday_[c] = normalised(cat.weekday_factors, ones<7>());
    month_[c] = normalised(cat.month_factors, month_days);
    dispersion_[c] = cat.daily_dispersion;
  }
  hour_ = normalised(spec.demand.hour_of_day_factors, ones<24>());

  for (const SurgeSpec& s : spec.demand.surges) {
    bool here = s.streets.empty();
    for (const auto& name : s.streets) here = here || name == street.name;
    if (!here) continue;
    std::int32_t category = -1;
    for (std::size_t c = 0; c < categories; ++c)
      if (spec.categories[c].name == s.category) category = static_cast<std::int32_t>(c);
    surges_.push_back({category, s.start_day, static_cast<std::int64_t>(s.start_day) + s.days, s.factor});
  }

  const std::uint32_t grids = street.grid_count;
  half_life_h_ = spec.demand.reputation_half_life_days * sim::kHoursPerDay;
  elasticity_ = spec.demand.reputation_elasticity;
  reference_ = spec.demand.reputation_reference;
  // The prior: one answer at the reference, which fades like any other.
  reputation_sum_.assign(grids, reference_);
  reputation_weight_.assign(grids, 1.0);
  reputation_at_h_.assign(grids, 0.0);

  day_ = 0;
  hour_index_ = 0;
  segment_end_h_ = 1.0;
  start_day();
}

void Demand::start_day() {
  const int weekday = static_cast<int>(day_ % sim::kDaysPerWeek);
  const int month = sim::month_of_day(day_, start_month_);
  day_total_ = 0.0;
  const double trend = model_.spec.demand.trend_per_year;
  const double trend_factor = trend == 0.0 ? 1.0 : std::pow(1.0 + trend, static_cast<double>(day_) / 365.0);
  for (std::size_t c = 0; c < day_rate_.size(); ++c) {
    double rate = base_per_h_[c] * weekday_[c][static_cast<std::size_t>(weekday)] *
                  month_[c][static_cast<std::size_t>(month)] * trend_factor;
    if (dispersion_[c] > 0.0 && rate > 0.0) {
      // A gamma multiplier with mean 1 and variance `dispersion` (shape 1/dispersion), from its
      // own stream: the same for this (street, day, category) whatever else the scenario does.
      CounterRng rng(key_, RngStream::demand, std::uint64_t{street_index_} << 32 | static_cast<std::uint64_t>(day_),
                     static_cast<std::uint32_t>(c));
      rate *= rng.gamma(1.0 / dispersion_[c]) * dispersion_[c];
    }
    for (const Surge& s : surges_)
      if ((s.category < 0 || static_cast<std::size_t>(s.category) == c) && day_ >= s.first_day && day_ < s.end_day)
        rate *= s.factor;
    day_rate_[c] = rate;
    day_total_ += rate;
  }
}

double Demand::next_arrival(double t, CounterRng& rng) {
  double e = rng.exponential(1.0);
  double now = t;
  for (;;) {
    const double rate = day_total_ * profile_hour_factor();
    const double capacity = rate * (segment_end_h_ - now);
    if (e < capacity) return now + e / rate;
    e -= capacity;
    now = segment_end_h_;
    if (now >= end_h_) return std::numeric_limits<double>::infinity();
    if (++hour_index_ == static_cast<int>(sim::kHoursPerDay)) {
      hour_index_ = 0;
      ++day_;
      start_day();
    }
    segment_end_h_ = static_cast<double>(day_) * sim::kHoursPerDay + hour_index_ + 1;
  }
}

std::uint16_t Demand::draw_category(CounterRng& rng) const {
  const double u = rng.uniform() * day_total_;
  double acc = 0.0;
  const std::size_t last = day_rate_.size() - 1;
  for (std::size_t c = 0; c < last; ++c) {
    acc += day_rate_[c];
    if (u < acc) return static_cast<std::uint16_t>(c);
  }
  // Rounding may leave u at the top: the last category with a rate.
  for (std::size_t c = last + 1; c-- > 0;)
    if (day_rate_[c] > 0.0) return static_cast<std::uint16_t>(c);
  return 0;
}

void Demand::on_rated(double t, std::uint32_t g, bool satisfied) {
  if (elasticity_ == 0.0) return;
  const double decay = std::exp2(-(t - reputation_at_h_[g]) / half_life_h_);
  reputation_sum_[g] = reputation_sum_[g] * decay + (satisfied ? 1.0 : 0.0);
  reputation_weight_[g] = reputation_weight_[g] * decay + 1.0;
  reputation_at_h_[g] = t;
}

}  // namespace govgrid
