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
#include <limits>
#include <vector>

#include "engine/model/compiled_model.h"
#include "engine/model/events.h"
#include "engine/model/signals.h"
#include "engine/rng/counter_rng.h"
#include "engine/sim/event_queue.h"
#include "engine/sim/free_list.h"

namespace govgrid {

/// What a queued job is; the Host decides its duration and effect.
enum class JobKind : std::uint8_t {
  case_work,    ///< ref = case slot
  pushed_down,  ///< ref = task kind; duration drawn on arrival
  patrol,       ///< ref = world grid; duration_h = the walk's hours
  ticket,       ///< ref = ticket slot (departments)
  duplicate,    ///< triage of a duplicate report the platform did not merge; ref = world grid
  visit,        ///< a household visit (走访); ref = world grid
  owed,         ///< the grid's owed proactive work (a deferred walk or a visit), decided when it starts; ref = world grid
  coordination, ///< a community office calling on party members (party.coordination_h); ref = world grid
};

struct Job {
  /// Priority class in the top 8 bits, then the enqueue sequence; for a rank ordered by due
  /// time, the due time (1/16 h) in the next 34 bits and the sequence in the low 22.
  std::uint64_t key = 0;
  double due_h = std::numeric_limits<double>::infinity();  ///< pushed_down: when the task is due
  std::uint32_t ref = 0;
  float duration_h = 0;   ///< pushed_down, duplicate and patrol jobs: fixed when queued
  JobKind kind = JobKind::case_work;
  bool inspected = false; ///< pushed_down: its completion will be checked (考核)

  int priority_class() const { return static_cast<int>(key >> 56); }
};

/// One pool of staff. The first cache line holds what every job's start and end touch (a
/// city's streets take turns, so each turn begins with its stations out of the cache); what is
/// touched once a shift or per task arrival comes after it.
struct alignas(64) Station {
  int servers = 0;
  int busy = 0;
  double shift_end_h = 0.0;      ///< the current (or last) shift's end; infinite when always on
  double max_overtime_h = 0.0;
  std::vector<Job> queue;        ///< min-heap on key
  std::uint32_t first_running = 0;  ///< its servers' slots in Stations' running jobs
  std::uint32_t free_server = sim::kNone;  ///< idle servers: a stack threaded through Running::next_free
  int queued_cases = 0;          ///< case jobs waiting: the backlog policies look at
  bool always_on = false;

  StationInfo::Kind kind{};
  std::uint32_t global = 0;      ///< index in World::stations
  CounterRng rng;                ///< patrol counts and finds, visits
  CounterRng task_rng;           ///< pushed-down arrivals: their own stream
  double pushed_down_rate_per_h = 0.0;  ///< per office hour, all kinds landing here together

  /// On duty at `t`: within a shift. Computed, not kept, so a shift's end costs no event.
  bool on_duty(double t) const { return t < shift_end_h; }
  /// Case jobs and busy handlers per server: the load dispatch policies compare.
  double load() const { return static_cast<double>(queued_cases + busy) / servers; }
};

/// A server's current job.
struct Running {
  Job job;
  double start_h = 0.0;
  std::uint32_t next_free = sim::kNone;  ///< while idle: the next idle server of its station
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

  /// Schedules each station's first shift start.
  void schedule_start(sim::EventQueue& events);

  /// Queues a job; starts it at once when a handler is free and on duty.
  template <class Host>
  void enqueue(double t, std::uint32_t s, JobKind kind, std::uint32_t ref, int priority_class, Host& host,
               double duration_h = 0.0) {
    enqueue(t, s, kind, ref, QueueRank{priority_class, false}, host, duration_h);
  }
  /// The same with a rank (ordered by `due_h` within its class when rank.by_due).
  template <class Host>
  void enqueue(double t, std::uint32_t s, JobKind kind, std::uint32_t ref, QueueRank rank, Host& host,
               double duration_h, double due_h = std::numeric_limits<double>::infinity(), bool inspected = false) {
    Station& st = stations_[s];
    ++job_arrivals_;
    if (kind == JobKind::case_work) ++st.queued_cases;
    push(st, kind, ref, rank, duration_h, due_h, inspected);
    if (st.on_duty(t)) start_jobs(t, s, host);
  }

  /// Starts queued jobs while handlers are free; `host.begin_job(t, s, job)` returns each duration.
  template <class Host>
  void start_jobs(double t, std::uint32_t s, Host& host) {
    Station& st = stations_[s];
    while (st.busy < st.servers && !st.queue.empty()) start(t, s, pop(st), host);
  }

  /// A job ended (its job_done event: station `s`, running slot `slot`): frees its handler and
  /// returns it; the host then acts on it and calls resume().
  Job finish(std::uint32_t s, std::uint32_t slot);
  /// Starts loading station `s` (and its running slot `slot`, if any) ahead of its next event.
  void prefetch(std::uint32_t s, std::uint32_t slot = sim::kNone) const {
    __builtin_prefetch(&stations_[s]);
    if (slot != sim::kNone) __builtin_prefetch(&running_[slot]);
  }
  /// After a job ended: take the next job on duty, or stay late within the overtime allowance
  /// (for anything but owed proactive work, which waits for the next shift).
  template <class Host>
  void resume(double t, std::uint32_t s, Host& host) {
    Station& st = stations_[s];
    if (st.on_duty(t)) {
      start_jobs(t, s, host);
    } else if (t < st.shift_end_h + st.max_overtime_h && !st.queue.empty() &&
               st.queue.front().priority_class() < kDeferredClass) {
      start(t, s, pop(st), host);
    }
  }

  /// Shift start: on duty until the shift ends; schedules the next start.
  void start_shift(double t, std::uint32_t s, sim::EventQueue& events);

  /// Case jobs (queued or running) of every station: for the audit.
  std::uint64_t case_jobs() const;

  /// Jobs that joined a queue here (enqueue) and that a handler finished (finish): the
  /// "station events" the benchmarks compare with a bare queueing simulation
  /// (docs/performance.md). Counted only; nothing reads them during the run.
  std::uint64_t job_arrivals() const { return job_arrivals_; }
  std::uint64_t job_completions() const { return job_completions_; }

 private:
  void push(Station& st, JobKind kind, std::uint32_t ref, QueueRank rank, double duration_h, double due_h,
            bool inspected);
  static Job pop(Station& st);
  /// `host.begin_job(t, s, job)` returns the duration; it may rewrite the job (an owed job
  /// becomes the walk or the visit it turned out to be).
  template <class Host>
  void start(double t, std::uint32_t s, Job job, Host& host) {
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
  std::vector<Running> running_;  ///< every station's servers, station by station
  std::uint64_t job_sequence_ = 0;
  std::uint64_t job_arrivals_ = 0;
  std::uint64_t job_completions_ = 0;
};

}  // namespace govgrid
