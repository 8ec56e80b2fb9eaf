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

/// Runs replication r with `specs[r]` (its own parameters; each builds its own world and model),
/// in parallel: the scenario's `uncertainty:` drawn per replication. The worlds must be alike
/// (the loader keeps uncertain keys out of `world`). Bit-identical for any `threads`.
std::vector<ReplicationResult> run_replications_each(const std::vector<ScenarioSpec>& specs,
                                                     const RunOptions& options = {});

/// The values replication `r` draws for `spec.uncertainty`, in order, from their own streams.
std::vector<double> uncertain_values(const ScenarioSpec& spec, int replication);

/// Builds the world and runs every replication: the whole of "what does this scenario give".
/// Precondition: `spec` validated (load_scenario_* does it).
std::vector<ReplicationResult> evaluate(const ScenarioSpec& spec, const RunOptions& options = {});

/// The thread count `options.threads` resolves to.
int resolved_threads(int requested);

}  // namespace govgrid
