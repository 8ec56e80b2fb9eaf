#include "bench/reference_sim.h"

#include <queue>
#include <random>
#include <vector>

namespace govgrid::bench {
namespace {

constexpr int kTiers = 4;  // grid, community, street, department
constexpr std::uint32_t kNone = ~std::uint32_t{0};

struct Event {
  double time = 0.0;
  std::uint64_t sequence = 0;  ///< ties at equal times go in scheduling order, as in the engine
  std::uint32_t station = 0;   ///< completion: where; unused for an external arrival
  std::uint32_t job = 0;       ///< completion: which job; kNone marks the next external arrival
};

struct Later {
  bool operator()(const Event& x, const Event& y) const {
    return x.time > y.time || (x.time == y.time && x.sequence > y.sequence);
  }
};

/// A FIFO of job indices in a ring buffer that grows by doubling (no allocation per job).
class Fifo {
 public:
  bool empty() const { return size_ == 0; }
  void push(std::uint32_t job) {
    if (size_ == slots_.size()) grow();
    slots_[(head_ + size_) & (slots_.size() - 1)] = job;
    ++size_;
  }
  std::uint32_t pop() {
    const std::uint32_t job = slots_[head_];
    head_ = (head_ + 1) & (slots_.size() - 1);
    --size_;
    return job;
  }

 private:
  void grow() {
    std::vector<std::uint32_t> bigger(slots_.empty() ? 8 : 2 * slots_.size());
    for (std::size_t k = 0; k < size_; ++k) bigger[k] = slots_[(head_ + k) & (slots_.size() - 1)];
    slots_.swap(bigger);
    head_ = 0;
  }
  std::vector<std::uint32_t> slots_;  ///< size a power of two
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

struct Station {
  int tier = 0;
  int servers = 0;
  int busy = 0;
  std::uint32_t up = kNone;  ///< the station a job sent up goes to (streets: a random department)
  Fifo waiting;
};

}  // namespace

ReferenceResult run_reference(const ReferenceNetwork& n, double hours, std::uint64_t seed) {
  const auto communities = static_cast<std::uint32_t>(n.streets * n.communities_per_street);
  const auto grids = communities * static_cast<std::uint32_t>(n.grids_per_community);
  const std::uint32_t first_community = grids;
  const std::uint32_t first_street = first_community + communities;
  const std::uint32_t first_department = first_street + static_cast<std::uint32_t>(n.streets);
  std::vector<Station> stations(first_department + static_cast<std::uint32_t>(n.departments));
  for (std::uint32_t s = 0; s < stations.size(); ++s) {
    Station& st = stations[s];
    st.tier = s < first_community ? 0 : s < first_street ? 1 : s < first_department ? 2 : 3;
    st.servers = n.servers[st.tier];
    if (st.tier == 0) st.up = first_community + s / static_cast<std::uint32_t>(n.grids_per_community);
    if (st.tier == 1) st.up = first_street + (s - first_community) / static_cast<std::uint32_t>(n.communities_per_street);
  }

  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::uniform_int_distribution<std::uint32_t> any_grid(0, grids - 1);
  std::uniform_int_distribution<std::uint32_t> any_department(first_department, static_cast<std::uint32_t>(stations.size()) - 1);
  std::exponential_distribution<double> next_arrival(n.arrivals_per_grid_h * grids);
  std::exponential_distribution<double> service[kTiers];
  for (int k = 0; k < kTiers; ++k) service[k] = std::exponential_distribution<double>(1.0 / n.service_h[k]);

  std::vector<Event> storage;
  storage.reserve(4096);
  std::priority_queue<Event, std::vector<Event>, Later> heap(Later{}, std::move(storage));
  std::uint64_t sequence = 0;
  std::vector<double> entered_h;         // by job: when it entered the network
  std::vector<std::uint32_t> free_jobs;  // job slots to reuse

  ReferenceResult r;
  double sojourn_sum = 0.0;
  std::uint64_t departed = 0;
  const auto arrive = [&](double t, std::uint32_t s, std::uint32_t job) {
    ++r.station_arrivals;
    Station& st = stations[s];
    if (st.busy < st.servers) {
      ++st.busy;
      heap.push({t + service[st.tier](rng), sequence++, s, job});
    } else {
      st.waiting.push(job);
    }
  };

  heap.push({next_arrival(rng), sequence++, 0, kNone});
  while (!heap.empty() && heap.top().time < hours) {
    const Event e = heap.top();
    heap.pop();
    ++r.heap_events;
    if (e.job == kNone) {  // a customer enters at a random grid
      std::uint32_t job;
      if (free_jobs.empty()) {
        job = static_cast<std::uint32_t>(entered_h.size());
        entered_h.push_back(e.time);
      } else {
        job = free_jobs.back();
        free_jobs.pop_back();
        entered_h[job] = e.time;
      }
      ++r.customers;
      arrive(e.time, any_grid(rng), job);
      heap.push({e.time + next_arrival(rng), sequence++, 0, kNone});
      continue;
    }
    ++r.station_completions;
    Station& st = stations[e.station];
    if (st.waiting.empty()) --st.busy;
    else heap.push({e.time + service[st.tier](rng), sequence++, e.station, st.waiting.pop()});
    if (st.tier < kTiers - 1 && uniform(rng) < n.up_share[st.tier]) {
      arrive(e.time, st.tier == 2 ? any_department(rng) : st.up, e.job);
    } else {
      sojourn_sum += e.time - entered_h[e.job];
      ++departed;
      free_jobs.push_back(e.job);
    }
  }
  r.mean_sojourn_h = departed ? sojourn_sum / static_cast<double>(departed) : 0.0;
  return r;
}

}  // namespace govgrid::bench
