// Engine benchmarks on the shipped scenarios.
//
//   build/bench/engine_bench --benchmark_out=bench.json --benchmark_out_format=json
//
// BM_BuildWorld      set-up alone: lay out the default district (~1 M residents).
// BM_DistrictYear    one replication of the default district for 365 days, by thread count:
//                    the headline figure (target: <= 5 s wall on 2 cores, < 1 GiB peak).
// BM_EngineThroughput events per second on a 3-street district for 60 days, by thread count.
// BM_CityMonth       a 20-million-resident city (320 streets, ≈ 20,000 grids) for 30 days on
//                    all threads: the scale the data layout is designed for.
// Counters: events, events_per_second (per wall second), cases.
#include <benchmark/benchmark.h>

#include "engine/run/replications.h"
#include "engine/run/replication.h"
#include "engine/sim/parallel.h"
#include "govgrid/scenario_loader.h"

namespace govgrid {
namespace {

const char* const kDistrict = GOVGRID_SOURCE_DIR "/scenarios/district.yaml";

void BM_BuildWorld(benchmark::State& state) {
  const ScenarioSpec spec = load_scenario_file(kDistrict);
  for (auto _ : state) benchmark::DoNotOptimize(build_world(spec));
}
BENCHMARK(BM_BuildWorld)->Unit(benchmark::kMillisecond);

void run_one(benchmark::State& state, const ScenarioSpec& spec) {
  const World world = build_world(spec);
  parallel::Arena arena(static_cast<int>(state.range(0)));
  std::uint64_t events = 0, cases = 0;
  for (auto _ : state) {
    ReplicationResult r;
    arena.run([&] { r = simulate_replication(spec, world, 0); });
    events += r.perf.events;
    cases += r.cases_created_all;
  }
  state.counters["events"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kAvgIterations);
  state.counters["cases"] = benchmark::Counter(static_cast<double>(cases), benchmark::Counter::kAvgIterations);
  state.counters["events_per_second"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}

void BM_DistrictYear(benchmark::State& state) {
  run_one(state, load_scenario_file(kDistrict, {"run.days=365", "run.replications=1"}));
}
BENCHMARK(BM_DistrictYear)->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

void BM_EngineThroughput(benchmark::State& state) {
  run_one(state, load_scenario_file(kDistrict, {"world.generate.streets=3", "run.days=60", "run.warmup_days=10",
                                                "run.replications=1"}));
}
BENCHMARK(BM_EngineThroughput)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_CityMonth(benchmark::State& state) {
  run_one(state, load_scenario_file(kDistrict, {"world.generate.streets=320", "run.days=30", "run.warmup_days=5",
                                                "run.replications=1"}));
}
BENCHMARK(BM_CityMonth)->Arg(2)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

}  // namespace
}  // namespace govgrid

BENCHMARK_MAIN();
