// One replication: the street partitions and the department partition advance in parallel
// through synchronised time windows (conservative synchronisation). A message sent in a
// window lands at its end at the earliest, so no partition ever receives work from its past,
// and messages are applied in (source partition, send order): the result does not depend on
// how many threads ran the window.
#pragma once

#include <atomic>
#include <cstdint>

#include "engine/metrics/accumulators.h"
#include "engine/model/world.h"
#include "govgrid/scenario_spec.h"

namespace govgrid {

struct SimulationOptions {
  bool case_log = false;  ///< keep one CaseRecord per measured case
  /// Incremented once per finished time window, for progress bars (may be null).
  std::atomic<std::uint64_t>* windows_done = nullptr;
};

/// Number of synchronisation windows in one replication (the unit of progress).
std::uint64_t window_count(const ScenarioSpec& spec);

/// Runs replication `replication` (0-based) of `spec` on `world`; uses the TBB threads of
/// the calling arena. Precondition: spec validated, world built from it.
ReplicationResult simulate_replication(const ScenarioSpec& spec, const World& world, int replication,
                                       const SimulationOptions& options = {});

}  // namespace govgrid
