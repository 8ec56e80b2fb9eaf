#include "engine/run/replications.h"

#include "engine/model/compiled_model.h"
#include "engine/rng/counter_rng.h"
#include "engine/run/replication.h"
#include "engine/sim/parallel.h"

namespace govgrid {

int resolved_threads(int requested) {
  return requested > 0 ? requested : parallel::default_concurrency();
}

std::vector<ReplicationResult> run_replications(const ScenarioSpec& spec, const World& world,
                                                const RunOptions& options) {
  const CompiledModel model(spec, world);
  std::vector<ReplicationResult> results(static_cast<std::size_t>(spec.run.replications));
  SimulationOptions sim;
  sim.case_log = options.case_log;
  sim.windows_done = options.windows_done;
  parallel::Arena arena(resolved_threads(options.threads));
  arena.run([&] {
    parallel::parallel_for(0, spec.run.replications,
                           [&](int r) { results[static_cast<std::size_t>(r)] = simulate_replication(model, r, sim); });
  });
  return results;
}

std::vector<ReplicationResult> run_replications_each(const std::vector<ScenarioSpec>& specs,
                                                     const RunOptions& options) {
  std::vector<ReplicationResult> results(specs.size());
  SimulationOptions sim;
  sim.case_log = options.case_log;
  sim.windows_done = options.windows_done;
  parallel::Arena arena(resolved_threads(options.threads));
  arena.run([&] {
    parallel::parallel_for(0, static_cast<int>(specs.size()), [&](int r) {
      const ScenarioSpec& spec = specs[static_cast<std::size_t>(r)];
      const World world = build_world(spec);
      results[static_cast<std::size_t>(r)] = simulate_replication(spec, world, r, sim);
    });
  });
  return results;
}

std::vector<double> uncertain_values(const ScenarioSpec& spec, int replication) {
  std::vector<double> out;
  const RngKey key{mix64(spec.run.seed ^ 0x756e6365727461ULL)};  // "uncerta"
  for (std::size_t k = 0; k < spec.uncertainty.size(); ++k) {
    CounterRng rng(key, RngStream::uncertainty, static_cast<std::uint64_t>(replication), static_cast<std::uint32_t>(k));
    out.push_back(rng.sample(spec.uncertainty[k].value));
  }
  return out;
}

std::vector<ReplicationResult> evaluate(const ScenarioSpec& spec, const RunOptions& options) {
  const World world = build_world(spec);
  return run_replications(spec, world, options);
}

}  // namespace govgrid
