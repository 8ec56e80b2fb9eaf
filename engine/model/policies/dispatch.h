// Dispatch policies: which grid-worker group takes a new grid case. Chosen by
// `policies.dispatch`; parameters in `remedies:`.
#pragma once

#include <cstdint>

#include "govgrid/scenario_spec.h"

namespace govgrid {

/// The grid-worker stations of one community: local indices [lo, hi], contiguous (world.h).
struct CommunityStations { std::uint32_t lo, hi; };

/// The grid's own worker(s) take it.
struct OwnGrid {
  static constexpr const char* name = "own_grid";
  explicit OwnGrid(const ScenarioSpec&) {}
  bool may_send_away(int) const { return false; }
  template <class Stations>
  std::uint32_t station_for(std::uint32_t home, CommunityStations, const Stations&) const { return home; }
};

/// The community sends each case to its least-loaded worker group (ties: the lowest index,
/// home first when it is as good as any).
struct Pooling {
  static constexpr const char* name = "pooling";
  explicit Pooling(const ScenarioSpec&) {}
  bool may_send_away(int) const { return true; }
  template <class Stations>
  std::uint32_t station_for(std::uint32_t home, CommunityStations c, const Stations& st) const {
    std::uint32_t best = home;
    for (std::uint32_t s = c.lo; s <= c.hi; ++s)
      if (st[s].load() < st[best].load()) best = s;
    return best;
  }
};

/// A grid whose case backlog reaches the threshold sends the case to the less busy adjacent
/// grid below the threshold, if any.
struct NeighbourHelp {
  static constexpr const char* name = "neighbour_help";
  int threshold;
  explicit NeighbourHelp(const ScenarioSpec& spec) : threshold(spec.remedies.neighbour_backlog_threshold) {}
  bool may_send_away(int home_backlog) const { return home_backlog >= threshold; }
  template <class Stations>
  std::uint32_t station_for(std::uint32_t home, CommunityStations c, const Stations& st) const {
    std::uint32_t best = home;
    for (const std::uint32_t s : {home - 1, home + 1}) {
      if (s < c.lo || s > c.hi || s == home) continue;
      if (st[s].queued_cases < threshold && (best == home || st[s].queued_cases < st[best].queued_cases)) best = s;
    }
    return best;
  }
};

}  // namespace govgrid
