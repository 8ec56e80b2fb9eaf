#include "engine/run/replications.h"

#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "engine/model/compiled_model.h"
#include "engine/run/replication.h"

namespace govgrid {

int resolved_threads(int requested) {
  return requested > 0 ? requested : tbb::info::default_concurrency();
}

std::vector<ReplicationResult> run_replications(const ScenarioSpec& spec, const World& world,
                                                const RunOptions& options) {
  const CompiledModel model(spec, world);
  std::vector<ReplicationResult> results(static_cast<std::size_t>(spec.run.replications));
  SimulationOptions sim;
  sim.case_log = options.case_log;
  sim.windows_done = options.windows_done;
  tbb::task_arena arena(resolved_threads(options.threads));
  arena.execute([&] {
    tbb::parallel_for(0, spec.run.replications,
                      [&](int r) { results[static_cast<std::size_t>(r)] = simulate_replication(model, r, sim); });
  });
  return results;
}

std::vector<ReplicationResult> evaluate(const ScenarioSpec& spec, const RunOptions& options) {
  const World world = build_world(spec);
  return run_replications(spec, world, options);
}

}  // namespace govgrid
