// One partition of a replication: a street (its grids, communities, street centre, residents
// and the cases that arise there) or the district's departments. Partitions advance in
// parallel through synchronised time windows; everything between them travels as Messages
// that land at the end of the window they were sent in.
//
// The case life (DOMAIN.md "How a case flows"): a problem arises hidden in a grid; a
// resident reports it or a patrol finds it; it is accepted at the grid worker, handled at
// the lowest level that can resolve it (grid → community → street → departments, with
// triage and hand-over time at each step up); the resident is told and may rate it; an
// unsatisfied rating may reopen it. Problems nobody finds may grow more serious.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "engine/metrics/accumulators.h"
#include "engine/model/world.h"
#include "engine/rng/alias_table.h"
#include "engine/rng/counter_rng.h"
#include "engine/simulator/event_queue.h"
#include "govgrid/scenario_spec.h"

namespace govgrid {

/// Work between partitions: a department ticket out, or its completion back.
struct Message {
  double time = 0.0;  ///< when it would arrive; delivered no earlier than the window's end
  std::uint32_t target = 0;
  std::uint32_t source = 0;
  std::uint32_t slot = 0;     ///< the case's slot in the source street partition
  std::uint32_t serial = 0;   ///< the case's serial (guards against reuse of the slot)
  std::uint64_t uid = 0;      ///< the problem's uid, keys the ticket's random stream
  double wait_h = 0.0;        ///< ticket_done: time the ticket waited in the department queue
  std::uint16_t department = 0;
  std::uint16_t category = 0;
  std::uint8_t visit = 0;     ///< how many times this case went to departments before
  EventKind kind = EventKind::ticket_arrives;
};

class Partition {
 public:
  /// index < world.streets.size(): that street; index == world.streets.size(): departments.
  Partition(const ScenarioSpec& spec, const World& world, std::uint32_t index, RngKey key,
            bool case_log);

  /// Processes every event with time < bound. Messages sent go to outbox().
  void advance_until(double bound);
  std::vector<Message>& outbox() { return outbox_; }
  /// Accepts a message from another partition, to happen at `at` (>= every processed time).
  void deliver(const Message& m, double at);

  /// Closes the books at the end of the run: tallies into `result.grids` (this partition's
  /// grids), daily rows added into `result.daily`, case log rows appended.
  void finish(ReplicationResult& result);

  std::uint64_t events_processed() const { return events_processed_; }
  std::uint64_t cases_open() const { return open_count_; }
  /// Open cases found by walking every place a case can be (queues, running jobs, pending
  /// events, waiting on departments): equals cases_open() when nothing is lost.
  std::uint64_t cases_open_located() const;
  std::uint64_t cases_created() const { return created_all_; }
  std::uint64_t cases_closed() const { return closed_all_; }
  std::uint64_t hidden_problems() const { return hidden_count_; }
  double backlog_area() const { return backlog_area_; }

 private:
  /// duplicate: triage of a duplicate report the platform did not merge.
  enum class JobKind : std::uint8_t { case_work, admin, patrol, ticket, duplicate };
  struct Job {
    std::uint64_t key = 0;  ///< priority class in the top 8 bits, then the enqueue sequence
    std::uint32_t ref = 0;  ///< case slot, task kind, grid, or ticket slot
    float duration_h = 0;   ///< admin and duplicate jobs: drawn when they arrive
    JobKind kind = JobKind::case_work;
  };
  struct JobAfter {
    bool operator()(const Job& x, const Job& y) const { return x.key > y.key; }
  };
  struct RunningJob {
    Job job;
    double start_h = 0.0;
  };
  struct Station {
    std::uint32_t global = 0;
    StationInfo::Kind kind{};
    int servers = 0;
    int busy = 0;
    bool on_duty = false;
    bool always_on = false;
    double shift_end_h = 0.0;
    double max_overtime_h = 0.0;
    std::vector<Job> queue;              // min-heap on key
    std::vector<RunningJob> running;     // one slot per server
    std::vector<std::uint32_t> free_slots;
    CounterRng rng;
    double admin_rate_per_h = 0.0;
    int queued_cases = 0;              // case jobs waiting (the backlog the remedies look at)
    double volunteer_bank_h = 0.0;     // volunteer hours left this week
    double volunteer_cap_h = 0.0;      // one week of volunteer hours for the grids covered
    double admin_arrived = 0, admin_refused = 0, paid_h = 0;  // measured window
    // Hours inside the measured window.
    double case_h = 0, admin_h = 0, patrol_h = 0, overtime_h = 0, scheduled_h = 0;
  };
  enum class CaseState : std::uint8_t { free, hidden, open };
  struct Case {
    CounterRng rng;
    double arisen_h = 0, report_at_h = 0, grow_at_h = 0;
    double found_h = 0, accepted_h = 0, first_response_h = 0, enqueued_h = 0;
    double resolved_h = 0, feedback_h = 0, rated_h = 0;
    std::array<double, 3> handover_h{};
    std::uint64_t resident = 0;
    std::uint64_t uid = 0;
    std::uint32_t serial = 0;
    std::uint32_t grid = 0;  ///< world grid index
    std::uint32_t hidden_prev = kNone, hidden_next = kNone;
    std::uint32_t free_next = kNone;
    std::uint16_t category = 0;
    std::int8_t channel = -1;
    std::uint8_t level_needed = 0, level_now = 0;
    std::int8_t level_resolved = -1;
    std::uint8_t reopenings = 0, departments_pending = 0, next_department = 0, visits = 0;
    std::int8_t rating = -1;
    CaseState state = CaseState::free;
    bool visible = false, unresolvable = false, joint = false, grew = false;
    bool counted = false, responded = false, responded_on_time = false;
    bool away = false;          ///< queued at another grid's worker (pooling, neighbour help)
    bool by_volunteer = false;  ///< taken by a party volunteer
  };
  struct Ticket {
    Message from;
    double enqueued_h = 0.0;
    std::uint32_t free_next = kNone;
  };
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

  // Event handlers.
  void on_problem_arises(double t);
  void on_resident_report(double t, std::uint32_t slot, std::uint32_t serial);
  void on_case_arrives(double t, std::uint32_t slot, std::uint32_t serial);
  void on_feedback(double t, std::uint32_t slot, std::uint32_t serial);
  void on_shift_start(double t, std::uint32_t s);
  void on_shift_end(double t, std::uint32_t s);
  void on_admin_task(double t, std::uint32_t s);
  void on_job_done(double t, std::uint32_t s, std::uint32_t slot);
  void on_ticket_arrives(double t, std::uint32_t ticket);
  void on_ticket_done(double t, std::uint32_t slot, std::uint32_t serial);
  void on_day_end(double t);
  void on_volunteer_done(double t, std::uint32_t slot, std::uint32_t serial);

  // Stations.
  void enqueue(double t, std::uint32_t s, JobKind kind, std::uint32_t ref, int priority_class,
               double duration_h = 0.0);
  /// The grid-worker station that takes a grid case whose home station is `home` (remedies).
  std::uint32_t grid_station_for(std::uint32_t home) const;
  bool volunteer_takes(double t, std::uint32_t slot, std::uint32_t s);
  void respond(Case& c, double at);
  bool unmerged_systems() const { return spec_.grid_networks.systems > 1 && !spec_.grid_networks.merged; }
  void start_jobs(double t, std::uint32_t s);
  void start_job(double t, std::uint32_t s, const Job& job);
  int case_priority_class() const;
  double next_shift_start(const ShiftSpec& shift, double after_h) const;

  // Case life.
  void find(double t, std::uint32_t slot, bool by_patrol);
  void route_to_level(double t, std::uint32_t slot);
  void send_to_departments(double t, std::uint32_t slot);
  /// Sends the case's `owner`-th owning department its ticket, arriving after `delay_h`.
  void send_ticket(double t, std::uint32_t slot, std::uint32_t owner, double delay_h);
  std::span<const std::uint32_t> owners_of(std::uint16_t category) const {
    return {category_owners_.data() + category_owners_begin_[category],
            category_owners_.data() + category_owners_begin_[category + 1u]};
  }
  void resolve(double t, std::uint32_t slot);
  void close(double t, std::uint32_t slot);
  void unlink_hidden(std::uint32_t slot);
  std::uint32_t station_of(const Case& c) const;
  void backlog_changes(double t);
  GridTally& tally_of(const Case& c) { return tallies_[c.grid - first_grid_]; }
  DailyRow& day_of(double t);
  CaseRecord record_of(const Case& c) const;

  // Clipping of time accounting to the measured window [warmup_h_, end_h_).
  double measured(double from, double to) const;

  const ScenarioSpec& spec_;
  const World& world_;
  const std::uint32_t index_;
  const bool is_departments_;
  const RngKey key_;
  const bool case_log_;
  const double warmup_h_, end_h_;

  EventQueue events_;
  std::vector<Message> outbox_;
  std::vector<Station> stations_;
  std::uint32_t first_station_ = 0;  ///< world index of stations_[0]

  // Street partitions only.
  std::uint32_t first_grid_ = 0, grid_count_ = 0;
  std::uint64_t first_resident_ = 0;
  std::vector<float> trust_;                     ///< this street's residents
  std::vector<std::uint32_t> hidden_head_;       ///< per local grid: first hidden problem
  AliasTable where_;                             ///< (local grid, category) of a new problem
  double arrival_rate_per_h_ = 0.0;
  CounterRng arrivals_rng_;
  std::vector<Case> cases_;
  std::uint32_t free_case_ = kNone;
  std::uint32_t next_serial_ = 0;
  std::vector<GridTally> tallies_;               ///< per local grid
  /// Each category's owning departments (indices into spec.departments, lead first),
  /// flattened: category c owns category_owners_[category_owners_begin_[c] .. [c + 1]).
  std::vector<std::uint32_t> category_owners_;
  std::vector<std::uint32_t> category_owners_begin_;

  // Department partition only.
  std::vector<Ticket> tickets_;
  std::uint32_t free_ticket_ = kNone;

  std::vector<DailyRow> daily_;
  std::vector<CaseRecord> case_log_rows_;
  std::uint64_t events_processed_ = 0;
  std::uint64_t job_sequence_ = 0;
  std::uint64_t open_count_ = 0, hidden_count_ = 0, created_all_ = 0, closed_all_ = 0;
  double backlog_area_ = 0.0, backlog_last_h_ = 0.0;
};

}  // namespace govgrid
