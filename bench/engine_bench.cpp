// Engine benchmarks on the shipped scenarios, and the reference they are judged against.
//
//   build/bench/engine_bench --benchmark_out=bench.json --benchmark_out_format=json
//   scripts/bench_check.sh     # the CI suite (BM_Reference, BM_DistrictYear, BM_EngineThroughput)
//
// BM_Reference        a bare binary-heap simulation of a district-shaped queueing network
//                     (bench/reference_sim.h), 7 simulated days on one thread: the yardstick
//                     that cancels the machine's speed (scripts/bench_check.sh).
// BM_BuildWorld       set-up alone: lay out the default district (~1 M residents).
// BM_DistrictYear     one replication of the default district for 365 days, by thread count:
//                     the headline figure (target: <= 5 s wall on 2 cores, < 1 GiB peak).
// BM_EngineThroughput a 3-street district for 60 days, by thread count (the synchronisation's
//                     cost shows most on a small model).
// BM_CityMonth        a 20-million-resident city (320 streets, ≈ 20,000 grids) for 30 days on
//                     all threads: the scale the data layout is designed for.
//
// Targets (issue 11, docs/performance.md): per station event, the default district on 2 threads
// at least as fast as BM_Reference on one (ratio >= 1.0); 2 threads >= 1.85 × 1 on the district-year.
//
// Times: wall ("Time", which the per-second counters divide by) and the CPU time of the whole
// process ("CPU": every thread, TBB's workers included), which scripts/bench_check.sh uses for
// the figures that stay steady when other programs load the machine (docs/performance.md).
// Counters, per iteration unless "per second":
//   events                     events popped from the engine's queues (the reference: its heap)
//   station_events             jobs joining a station's queue + jobs a station finished
//   cases                      cases created (the reference: customers entering the network)
//   events_per_second, station_events_per_second, cases_per_second
//   peak_rss_mib               the process's peak resident memory while the case ran (VmHWM,
//                              reset before the case by /proc/self/clear_refs)
//   peak_growth_mib            that peak less the resident memory at the case's start: what the
//                              case itself needed (world, model and replication)
//   peak_is_process_lifetime   1 when the reset was refused: the peak is then ru_maxrss, the
//                              whole process's lifetime peak (an upper bound), else 0
//   setup_seconds              engine cases: compiling the model and building the processes, of the time
#include <benchmark/benchmark.h>
#include <malloc.h>
#include <sys/resource.h>

#include <fstream>
#include <string>

#include "bench/reference_sim.h"
#include "engine/run/replication.h"
#include "engine/run/replications.h"
#include "engine/sim/parallel.h"
#include "govgrid/scenario_loader.h"

namespace govgrid {
namespace {

const char* const kDistrict = GOVGRID_SOURCE_DIR "/scenarios/district.yaml";
const char* const kCity = GOVGRID_SOURCE_DIR "/scenarios/city.yaml";

/// Peak resident memory of one benchmark case (Linux). Begins by handing freed heap back to the
/// system and resetting the kernel's high-water mark, so an earlier case's peak does not count.
class PeakMemory {
 public:
  PeakMemory() {
    malloc_trim(0);
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";  // 5: reset the peak RSS to the current RSS
    clear.flush();
    reset_ = clear.good();
    start_kib_ = status_kib("VmRSS:");
  }
  void report(benchmark::State& state) const {
    double peak_kib = reset_ ? status_kib("VmHWM:") : 0.0;
    const bool lifetime = peak_kib <= 0.0;
    if (lifetime) {
      rusage usage{};
      getrusage(RUSAGE_SELF, &usage);
      peak_kib = static_cast<double>(usage.ru_maxrss);
    }
    state.counters["peak_rss_mib"] = peak_kib / 1024.0;
    state.counters["peak_growth_mib"] = (peak_kib - start_kib_) / 1024.0;
    state.counters["peak_is_process_lifetime"] = lifetime ? 1.0 : 0.0;
  }

 private:
  static double status_kib(const std::string& field) {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
      if (line.rfind(field, 0) == 0) return std::stod(line.substr(field.size()));
    return 0.0;
  }
  bool reset_ = false;
  double start_kib_ = 0.0;
};

/// The counters every case reports, totalled over the iterations.
void report_work(benchmark::State& state, std::uint64_t events, std::uint64_t station_events, std::uint64_t cases) {
  using benchmark::Counter;
  const auto count = [](std::uint64_t n) { return static_cast<double>(n); };
  state.counters["events"] = Counter(count(events), Counter::kAvgIterations);
  state.counters["station_events"] = Counter(count(station_events), Counter::kAvgIterations);
  state.counters["cases"] = Counter(count(cases), Counter::kAvgIterations);
  state.counters["events_per_second"] = Counter(count(events), Counter::kIsRate);
  state.counters["station_events_per_second"] = Counter(count(station_events), Counter::kIsRate);
  state.counters["cases_per_second"] = Counter(count(cases), Counter::kIsRate);
}

void BM_Reference(benchmark::State& state) {
  const PeakMemory memory;
  const bench::ReferenceNetwork network;
  const double hours = 7 * 24.0;  // a week: ≈ 200,000 customers, 550,000 station events
  std::uint64_t events = 0, station_events = 0, customers = 0, seed = 1;
  for (auto _ : state) {
    const bench::ReferenceResult r = bench::run_reference(network, hours, seed++);
    benchmark::DoNotOptimize(r.mean_sojourn_h);
    events += r.heap_events;
    station_events += r.station_events();
    customers += r.customers;
  }
  report_work(state, events, station_events, customers);
  memory.report(state);
}
// A second per repetition (not the default half): a longer sample averages over bursts of load
// from other processes on a shared CI machine.
BENCHMARK(BM_Reference)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime()->MinTime(1.0);

void BM_BuildWorld(benchmark::State& state) {
  const ScenarioSpec spec = load_scenario_file(kDistrict);
  for (auto _ : state) benchmark::DoNotOptimize(build_world(spec));
}
BENCHMARK(BM_BuildWorld)->Unit(benchmark::kMillisecond);

/// Replication 0 of `spec` on state.range(0) threads, the world built (untimed) first.
void run_one(benchmark::State& state, const ScenarioSpec& spec) {
  const PeakMemory memory;
  const World world = build_world(spec);
  parallel::Arena arena(static_cast<int>(state.range(0)));
  std::uint64_t events = 0, station_events = 0, cases = 0;
  double setup_seconds = 0.0;
  for (auto _ : state) {
    ReplicationResult r;
    arena.run([&] { r = simulate_replication(spec, world, 0); });
    events += r.perf.events;
    station_events += r.perf.station_events();
    cases += r.cases_created_all;
    setup_seconds += r.perf.setup_seconds;
  }
  report_work(state, events, station_events, cases);
  state.counters["setup_seconds"] = benchmark::Counter(setup_seconds, benchmark::Counter::kAvgIterations);
  memory.report(state);
}

void BM_DistrictYear(benchmark::State& state) {
  run_one(state, load_scenario_file(kDistrict, {"run.days=365", "run.replications=1"}));
}
BENCHMARK(BM_DistrictYear)->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->UseRealTime()->MeasureProcessCPUTime()->Iterations(1);

void BM_EngineThroughput(benchmark::State& state) {
  run_one(state, load_scenario_file(kDistrict, {"world.generate.streets=3", "run.days=60", "run.warmup_days=10",
                                                "run.replications=1"}));
}
BENCHMARK(BM_EngineThroughput)->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime()->MinTime(1.0);

void BM_CityMonth(benchmark::State& state) {
  run_one(state, load_scenario_file(kCity, {"run.days=30", "run.warmup_days=5", "run.replications=1"}));
}
BENCHMARK(BM_CityMonth)->ArgName("threads")->Arg(2)->Unit(benchmark::kSecond)->UseRealTime()->MeasureProcessCPUTime()->Iterations(1);

}  // namespace
}  // namespace govgrid

BENCHMARK_MAIN();
