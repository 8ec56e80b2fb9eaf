// Replications of one scenario, in parallel on TBB, and the one entry point that optimisers,
// calibrators and sweeps call: evaluate(spec). The runner knows nothing of cases: it compiles
// the model once, runs simulate_replication for each replication inside one task arena of the
// requested size, and returns the results in replication order.
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

/// Runs `spec.run.replications` replications on `world` (built from `spec` by build_world).
/// Bit-identical results for any `threads`.
std::vector<ReplicationResult> run_replications(const ScenarioSpec& spec, const World& world,
                                                const RunOptions& options = {});

/// Builds the world and runs every replication: the whole of "what does this scenario give".
/// Precondition: `spec` validated (load_scenario_* does it).
std::vector<ReplicationResult> evaluate(const ScenarioSpec& spec, const RunOptions& options = {});

/// The thread count `options.threads` resolves to.
int resolved_threads(int requested);

}  // namespace govgrid
