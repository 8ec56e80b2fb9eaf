// Replications of one scenario, in parallel on TBB. The runner knows nothing of cases: it
// builds the world once, runs simulate_replication for each replication inside one task
// arena of the requested size, and returns the results in replication order.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "engine/metrics/accumulators.h"
#include "engine/model/world.h"
#include "govgrid/scenario_spec.h"

namespace govgrid {

struct RunOptions {
  int threads = 0;         ///< worker threads; 0 = all hardware threads
  bool case_log = false;
  /// Incremented per finished time window of any replication (total: replications × window_count).
  std::atomic<std::uint64_t>* windows_done = nullptr;
};

/// Runs `spec.run.replications` replications. Bit-identical results for any `threads`.
std::vector<ReplicationResult> run_replications(const ScenarioSpec& spec, const World& world,
                                                const RunOptions& options = {});

/// The thread count `options.threads` resolves to.
int resolved_threads(int requested);

}  // namespace govgrid
