// What a run will cost, estimated from the scenario before anything is built: the district's
// size, the expected problems, events and the peak memory of the replications in flight. A
// run that would need more memory than allowed is refused up front (exit code 2 with the
// estimate) rather than dying with std::bad_alloc part-way (issue 13).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "govgrid/scenario_spec.h"

namespace govgrid {

struct ResourceEstimate {
  // The district (expected values for a generated one).
  double streets = 0, communities = 0, grids = 0, residents = 0, grid_workers = 0;
  double problems_per_day = 0;      ///< problems arising in one replication
  double events_per_replication = 0;
  double events = 0;                ///< all replications
  int in_flight = 1;                ///< replications simulated at once
  double world_bytes = 0;           ///< the district, shared by every replication
  double per_replication_bytes = 0; ///< one replication while it runs (residents' trust, live cases, events)
  double result_bytes = 0;          ///< what one finished replication keeps until the outputs are written
  double peak_bytes = 0;            ///< world + in flight × per replication + all results, and the outputs
};

/// Estimates a run of `spec` on `threads` threads (case logging keeps a record per case).
/// Never throws; every quantity is finite for a spec the loader accepted, and at worst +inf.
ResourceEstimate estimate_resources(const ScenarioSpec& spec, int threads, bool case_log = false);

/// A sweep's peak memory. A sweep run is one replication of its point, holding its point's world
/// (shared by that point's runs in flight, but at worst every run in flight is of another point)
/// and that replication's working memory; its result is reduced to a few numbers and stored.
/// The largest point's run, times the runs in flight, bounds the peak.
struct SweepResourceEstimate {
  std::size_t largest_point = 0;  ///< index into the points estimated
  ResourceEstimate largest;       ///< of that point, as estimate_resources(point, 1)
  double run_bytes = 0;           ///< one run of that point: its world and one replication
  int in_flight = 1;              ///< runs at once: the threads, at most the runs
  double peak_bytes = 0;          ///< in_flight × run_bytes
};

/// Estimates a sweep of `points` (each a point's scenario), `runs` runs in all, on `threads`
/// threads. Never throws; `points` must not be empty.
SweepResourceEstimate estimate_sweep_resources(const std::vector<ScenarioSpec>& points, int runs, int threads);

/// The memory this process may use: the machine's physical memory, or a cgroup's limit when
/// lower. 0 when unknown.
std::uint64_t available_memory_bytes();

/// `1.5 GB`, `830 MB`: bytes for people.
std::string format_bytes(double bytes);

/// One line: "about 2.3 GB at peak (1.0 M residents in 1,024 grids; 2,060 problems a day × 365
/// days × 5 replications, 2 at a time; about 64 M events)".
std::string describe(const ResourceEstimate& e, const ScenarioSpec& spec);

/// One line: "about 2.3 GB of memory at peak (4 runs at a time, each up to about 580 MB: 1.0
/// million residents in 1,024 grids, 2,060 problems a day × 365 days)"; `largest` is the
/// scenario of e.largest_point.
std::string describe(const SweepResourceEstimate& e, const ScenarioSpec& largest);

}  // namespace govgrid
