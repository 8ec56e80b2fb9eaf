// Helper policies: who besides the grid workers takes light grid cases. Chosen by
// `policies.helpers`. A helper keeps per-process state (each process holds its own copy).
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "engine/rng/counter_rng.h"
#include "govgrid/scenario_spec.h"

namespace govgrid {

/// A helper's visit to a case: first contact after `reach_h`, done `work_h` later.
struct HelperVisit { double reach_h, work_h; };

struct NoHelpers {
  static constexpr const char* name = "none";
  explicit NoHelpers(const ScenarioSpec&) {}
  void add_station(std::uint32_t) {}
  std::optional<HelperVisit> take(std::uint32_t, const CategorySpec&, CounterRng&) { return std::nullopt; }
  void day_end() {}
};

/// 双报到 / 党员中心户: party members give a weekly bank of hours per grid (refilled a
/// seventh each day, capped at one week); a light case that needs only the grid is taken
/// when the bank of its worker group holds its work.
struct PartyVolunteers {
  static constexpr const char* name = "party_volunteers";
  double hours_per_grid_per_week;
  Distribution response_h;
  std::vector<double> bank_h, cap_h;  ///< per local station

  explicit PartyVolunteers(const ScenarioSpec& spec)
      : hours_per_grid_per_week(spec.remedies.volunteer_hours_per_grid_per_week),
        response_h(spec.remedies.volunteer_response_h) {}
  /// The next local station, covering `grids` grids (0 for stations that are not grid workers).
  void add_station(std::uint32_t grids) {
    cap_h.push_back(hours_per_grid_per_week * grids);
    bank_h.push_back(cap_h.back() / 7.0);
  }
  std::optional<HelperVisit> take(std::uint32_t station, const CategorySpec& cat, CounterRng& rng) {
    if (cap_h[station] <= 0.0 || !cat.light) return std::nullopt;
    const double work = rng.sample(cat.service_h[0]);
    if (bank_h[station] < work) return std::nullopt;
    bank_h[station] -= work;
    return HelperVisit{rng.sample(response_h), work};
  }
  void day_end() {
    for (std::size_t s = 0; s < bank_h.size(); ++s) bank_h[s] = std::min(cap_h[s], bank_h[s] + cap_h[s] / 7.0);
  }
};

}  // namespace govgrid
