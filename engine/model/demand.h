// Demand (docs/model.md section 2.1): what rate a street's problems of each category arise at,
// hour by hour, and how readily residents of each grid report them.
//
// The rate of category c in street s during hour h of day d is
//   base(s, c) × weekday_factor(c, d) × month_factor(c, d) × hour_factor(h)
//              × (1 + trend)^(d / 365) × gamma(s, c, d) × surges(s, c, d)
// with base = the street's residents ÷ 1,000 × rate_per_1000_per_day ÷ 24 × its demand factor,
// each factor vector normalised to mean 1 (month factors weighted by the days of each month),
// gamma a mean-1 daily multiplier with variance `daily_dispersion` drawn from its own counter
// stream keyed by (street, day, category) — so the same day is as busy in every scenario with the
// same seed — and every surge covering (c, d) multiplying. The rate is constant within an hour:
// next_arrival() integrates this piecewise-constant hazard, so arrivals need no event per hour.
//
// Reputation: an exponentially weighted mean of the satisfaction answers given in each grid
// (half-life `demand.reputation_half_life_days`), starting at `demand.reputation_reference`;
// report probabilities of new problems there are scaled by
// max(0, 1 + reputation_elasticity × (reputation − reputation_reference)).
//
// One per street process; its state changes only inside that process (deterministic).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "engine/model/compiled_model.h"
#include "engine/rng/alias_table.h"
#include "engine/rng/counter_rng.h"

namespace govgrid {

class Demand {
 public:
  /// World street `street_index`; `key` the replication's key.
  Demand(const CompiledModel& model, std::uint32_t street_index, RngKey key);

  /// The instant of the next problem after `t` (the instant of the previous one, or 0), or
  /// +infinity when none arises before the horizon. Draws one Exp(1) from `rng` and walks the
  /// hourly segments from `t`; afterwards the current segment is the one of the returned instant.
  double next_arrival(double t, CounterRng& rng);
  /// The category and local grid of a problem arising in the current segment (two draws).
  std::uint16_t draw_category(CounterRng& rng) const;
  std::uint32_t draw_local_grid(CounterRng& rng) const { return grids_.draw(rng); }

  /// Problems per hour of category `c` on an average day (every day's factors have mean 1): the
  /// rate before the run (CaseFlow::seed_prehistory).
  double mean_rate_per_h(std::uint16_t c) const { return base_per_h_[c]; }
  /// Problems per hour of category `c` in the current segment (tests, diagnostics).
  double rate_per_h(std::uint16_t c) const { return day_rate_[c] * profile_hour_factor(); }

  /// A requester in local grid `g` answered the call-back at `t`.
  void on_rated(double t, std::uint32_t g, bool satisfied);
  /// The factor on report probabilities of new problems in local grid `g`.
  double report_factor(std::uint32_t g) const {
    if (elasticity_ == 0.0) return 1.0;
    const double f = 1.0 + elasticity_ * (reputation_sum_[g] / reputation_weight_[g] - reference_);
    return f > 0.0 ? f : 0.0;
  }
  double reputation(std::uint32_t g) const { return reputation_sum_[g] / reputation_weight_[g]; }

 private:
  /// Recomputes day_rate_ for day `day_` (weekday, month, gamma, surges).
  void start_day();
  double profile_hour_factor() const { return hour_[static_cast<std::size_t>(hour_index_)]; }

  struct Surge {
    std::int32_t category;  ///< -1: every category
    std::int64_t first_day, end_day;
    double factor;
  };

  const CompiledModel& model_;
  const RngKey key_;
  const std::uint32_t street_index_;
  const double end_h_;
  const int start_month_;
  std::vector<double> base_per_h_;               ///< by category
  std::vector<std::array<double, 7>> weekday_;   ///< normalised, by category
  std::vector<std::array<double, 12>> month_;    ///< normalised, by category
  std::array<double, 24> hour_{};
  std::vector<double> dispersion_;               ///< by category
  std::vector<Surge> surges_;                    ///< those that cover this street
  AliasTable grids_;                             ///< local grid by residents
  // The current segment: hour `hour_index_` of day `day_`, ending at `segment_end_h_`.
  std::int64_t day_ = 0;
  int hour_index_ = 0;
  double segment_end_h_ = 0.0;
  std::vector<double> day_rate_;                 ///< by category, per hour before the hour factor
  double day_total_ = 0.0;

  // Reputation per local grid: exponentially decayed sums of answers (1 satisfied) and weights.
  double half_life_h_ = 0.0, elasticity_ = 0.0, reference_ = 0.0;
  std::vector<double> reputation_sum_, reputation_weight_, reputation_at_h_;
};

}  // namespace govgrid
