// The yardstick of the benchmarks: a bare, single-threaded discrete-event simulation of a small
// queueing network, written the way one would write it by hand — one binary heap of events, FIFO
// queues, exponential service, fixed routing probabilities — with none of govgrid's model. It
// runs in the same process as the engine's benchmarks, so the ratio engine ÷ reference cancels
// the machine's speed (bench/baseline.json stores that ratio; scripts/bench_check.sh checks it).
//
// The network mirrors the default district's hierarchy: Poisson arrivals at grid stations; a
// job done at a grid leaves or goes up to its community office, then its street centre, then a
// random department. Work is counted as govgrid counts it (docs/performance.md): a station
// arrival (a job joins a station's queue) and a station completion (a server finishes a job).
#pragma once

#include <cstdint>

namespace govgrid::bench {

struct ReferenceNetwork {
  // Grids, communities and streets as the default district has on average; 20 department stations.
  int streets = 16;
  int communities_per_street = 16;
  int grids_per_community = 4;
  int departments = 20;
  int servers[4] = {1, 3, 6, 6};            ///< per station: grid, community, street, department
  double service_h[4] = {0.5, 1.0, 1.5, 4.0};  ///< mean service time per tier (exponential)
  double up_share[3] = {0.3, 0.1, 0.5};        ///< after grid / community / street: share sent up
  double arrivals_per_grid_h = 1.2;            ///< Poisson, each grid
  // Servers busy: grids 0.60, communities 0.48, street centres 0.58, departments 0.61; a job
  // makes 1.345 station visits on average, so 2.69 station events.
};

struct ReferenceResult {
  std::uint64_t customers = 0;            ///< jobs that entered the network
  std::uint64_t station_arrivals = 0;     ///< jobs joining a station's queue
  std::uint64_t station_completions = 0;  ///< jobs finished by a server
  std::uint64_t heap_events = 0;          ///< events popped from the heap
  double mean_sojourn_h = 0.0;            ///< of the jobs that left, entry to exit
  std::uint64_t station_events() const { return station_arrivals + station_completions; }
};

/// Simulates `hours` of the network from empty with the given seed.
ReferenceResult run_reference(const ReferenceNetwork& network, double hours, std::uint64_t seed);

}  // namespace govgrid::bench
