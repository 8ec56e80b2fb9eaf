// Stations: pools of interchangeable staff with one priority queue each (grid workers,
// community offices, street centres, department crews), their shifts and overtime. This is
// machinery shared by every process; what a job *means* belongs to the process that owns the
// station (its Host), which says how long a job takes when it starts and what happens when
// it ends.
//
// Overtime rule: work past the end of the shift is overtime (all of it when picked up after
// the shift); after the shift staff keep taking queued work until max_overtime_h_per_day.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/model/compiled_model.h"
#include "engine/model/events.h"
#include "engine/model/signals.h"
#include "engine/rng/counter_rng.h"
#include "engine/sim/event_queue.h"

namespace govgrid {

/// What a queued job is; the Host decides its duration and effect.
enum class JobKind : std::uint8_t {
  case_work,    ///< ref = case slot
  pushed_down,  ///< ref = task kind; duration drawn on arrival
  patrol,       ///< ref = world grid
  ticket,       ///< ref = ticket slot (departments)
  duplicate,    ///< triage of a duplicate report the platform did not merge; ref = world grid
};

/// Priority classes within a station queue (lower first).
inline constexpr int kPatrolClass = 0;  ///< patrols go first at shift start, under every ordering
inline constexpr int kRefusedTaskClass = 2;

struct Job {
  std::uint64_t key = 0;  ///< priority class in the top 8 bits, then the enqueue sequence
  std::uint32_t ref = 0;
  float duration_h = 0;   ///< pushed_down and duplicate jobs: drawn when they arrive
  JobKind kind = JobKind::case_work;
};

struct Station {
  std::uint32_t global = 0;      ///< index in World::stations
  StationInfo::Kind kind{};
  int servers = 0;
  int busy = 0;
  bool on_duty = false;
  bool always_on = false;
  double shift_end_h = 0.0;
  double max_overtime_h = 0.0;
  std::vector<Job> queue;        ///< min-heap on key
  struct Running { Job job; double start_h = 0.0; };
  std::vector<Running> running;  ///< one slot per server
  std::vector<std::uint32_t> free_slots;
  CounterRng rng;                ///< pushed-down arrivals, patrol counts and finds
  double pushed_down_rate_per_h = 0.0;
  int queued_cases = 0;          ///< case jobs waiting: the backlog policies look at

  /// Case jobs and busy handlers per server: the load dispatch policies compare.
  double load() const { return static_cast<double>(queued_cases + busy) / servers; }
};

/// The stations of one process: world stations [first, last). Not thread-safe; one process
/// owns it. `model` must outlive it.
class Stations {
 public:
  Stations(const CompiledModel& model, std::uint32_t first, std::uint32_t last, RngKey key,
           Observers& observers);

  std::uint32_t size() const { return static_cast<std::uint32_t>(stations_.size()); }
  Station& operator[](std::uint32_t s) { return stations_[s]; }
  const Station& operator[](std::uint32_t s) const { return stations_[s]; }
  /// Local index of world station `global`.
  std::uint32_t local(std::uint32_t global) const { return global - first_; }
  std::uint32_t first() const { return first_; }
  const std::vector<Station>& all() const { return stations_; }

  /// Schedules each station's first shift start and first pushed-down task.
  void schedule_start(sim::EventQueue& events);

  /// Queues a job; starts it at once when a handler is free and on duty.
  template <class Host>
  void enqueue(double t, std::uint32_t s, JobKind kind, std::uint32_t ref, int priority_class, Host& host,
               double duration_h = 0.0) {
    Station& st = stations_[s];
    if (kind == JobKind::case_work) ++st.queued_cases;
    push(st, kind, ref, priority_class, duration_h);
    if (st.on_duty) start_jobs(t, s, host);
  }

  /// Starts queued jobs while handlers are free; `host.begin_job(t, s, job)` returns each duration.
  template <class Host>
  void start_jobs(double t, std::uint32_t s, Host& host) {
    Station& st = stations_[s];
    while (st.busy < st.servers && !st.queue.empty()) start(t, s, pop(st), host);
  }

  /// A job ended: frees its handler and returns it; the host then acts on it and calls resume().
  Job finish(std::uint32_t s, std::uint32_t server);
  /// After a job ended: take the next job on duty, or stay late within the overtime allowance.
  template <class Host>
  void resume(double t, std::uint32_t s, Host& host) {
    Station& st = stations_[s];
    if (st.on_duty) {
      start_jobs(t, s, host);
    } else if (t < st.shift_end_h + st.max_overtime_h && !st.queue.empty()) {
      start(t, s, pop(st), host);
    }
  }

  /// Shift start: on duty until the shift ends; schedules the end and the next start.
  void start_shift(double t, std::uint32_t s, sim::EventQueue& events);
  void end_shift(std::uint32_t s) { stations_[s].on_duty = false; }

  /// Case jobs (queued or running) of every station: for the audit.
  std::uint64_t case_jobs() const;

 private:
  void push(Station& st, JobKind kind, std::uint32_t ref, int priority_class, double duration_h);
  static Job pop(Station& st);
  template <class Host>
  void start(double t, std::uint32_t s, const Job& job, Host& host) {
    if (job.kind == JobKind::case_work) --stations_[s].queued_cases;
    const double duration = host.begin_job(t, s, job);
    occupy(t, s, job, duration, host.events());
  }
  void occupy(double t, std::uint32_t s, const Job& job, double duration, sim::EventQueue& events);
  double next_shift_start(const ShiftSpec& shift, double after_h) const;

  const CompiledModel& model_;
  Observers& observers_;
  std::uint32_t first_ = 0;
  std::vector<Station> stations_;
  std::uint64_t job_sequence_ = 0;
};

}  // namespace govgrid
