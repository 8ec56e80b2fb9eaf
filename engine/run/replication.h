// One replication: the streets and the departments as logical processes (engine/model),
// each with its observers (engine/metrics), advanced by the kernel's windowed parallel run
// (engine/sim), then their observers' results gathered into one ReplicationResult.
#pragma once

#include <atomic>
#include <cstdint>

#include "engine/metrics/accumulators.h"
#include "engine/model/compiled_model.h"
#include "engine/model/world.h"
#include "govgrid/scenario_spec.h"

namespace govgrid {

struct SimulationOptions {
  bool case_log = false;  ///< keep one CaseRecord per measured case
  /// Incremented once per finished time window, for progress bars (may be null).
  std::atomic<std::uint64_t>* windows_done = nullptr;
};

/// The parallel window actually used: run.sync_window_h, but never longer than the lookahead
/// (platform.department_transfer_h, the least delay between a street and the departments).
double sync_window_h(const ScenarioSpec& spec);

/// Number of synchronisation windows in one replication (the unit of progress).
std::uint64_t window_count(const ScenarioSpec& spec);

/// Runs replication `replication` (0-based) of the compiled model; uses the TBB threads of
/// the calling arena. Bit-identical for any thread count.
ReplicationResult simulate_replication(const CompiledModel& model, int replication,
                                       const SimulationOptions& options = {});

/// The same, compiling the model first. Precondition: spec validated, world built from it.
ReplicationResult simulate_replication(const ScenarioSpec& spec, const World& world, int replication,
                                       const SimulationOptions& options = {});

}  // namespace govgrid
