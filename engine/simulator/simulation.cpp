#include "engine/simulator/simulation.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <vector>

#include "engine/model/partition.h"
#include "engine/rng/counter_rng.h"

namespace govgrid {

std::uint64_t window_count(const ScenarioSpec& spec) {
  return static_cast<std::uint64_t>(std::ceil(spec.run.days * 24.0 / spec.run.sync_window_h - 1e-9));
}

ReplicationResult simulate_replication(const ScenarioSpec& spec, const World& world, int replication,
                                       const SimulationOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  const RngKey key = RngKey::for_replication(spec.run.seed, replication);
  const auto partition_count = static_cast<std::uint32_t>(world.streets.size() + 1);
  std::vector<std::unique_ptr<Partition>> partitions(partition_count);
  tbb::parallel_for(std::uint32_t{0}, partition_count, [&](std::uint32_t p) {
    partitions[p] = std::make_unique<Partition>(spec, world, p, key, options.case_log);
  });
  const auto t1 = Clock::now();

  const double end_h = spec.run.days * 24.0;
  const std::uint64_t windows = window_count(spec);
  for (std::uint64_t w = 0; w < windows; ++w) {
    const double bound = std::min(end_h, static_cast<double>(w + 1) * spec.run.sync_window_h);
    tbb::parallel_for(std::uint32_t{0}, partition_count,
                      [&](std::uint32_t p) { partitions[p]->advance_until(bound); });
    // Exchange in a fixed order: by source partition, then by send order.
    for (auto& source : partitions) {
      for (const Message& m : source->outbox()) partitions[m.target]->deliver(m, std::max(m.time, bound));
      source->outbox().clear();
    }
    if (options.windows_done) options.windows_done->fetch_add(1, std::memory_order_relaxed);
  }
  const auto t2 = Clock::now();

  ReplicationResult result;
  result.replication = replication;
  result.seed = key.value;
  result.measured_days = spec.run.days - spec.run.warmup_days;
  result.grids.resize(world.grids.size());
  result.daily.resize(static_cast<std::size_t>(std::ceil(spec.run.days)));
  double backlog_area = 0.0;
  for (auto& p : partitions) {
    p->finish(result);
    result.perf.events += p->events_processed();
    result.cases_open_all += p->cases_open();
    result.cases_open_located += p->cases_open_located();
    result.cases_created_all += p->cases_created();
    result.cases_closed_all += p->cases_closed();
    result.hidden_at_end += p->hidden_problems();
    backlog_area += p->backlog_area();
  }
  result.backlog_time_avg = backlog_area / (result.measured_days * 24.0);
  std::sort(result.cases.begin(), result.cases.end(),
            [](const CaseRecord& a, const CaseRecord& b) { return a.case_id < b.case_id; });
  result.perf.setup_seconds = std::chrono::duration<double>(t1 - t0).count();
  result.perf.run_seconds = std::chrono::duration<double>(t2 - t1).count();
  return result;
}

}  // namespace govgrid
