// Streamed metric accumulators: what a run emits instead of keeping every case.
//
// The engine adds into one GridTally per grid; a street or the district is the sum of its
// grids (merge is exact: counts and sums add, histograms add bin by bin). Rates and shares
// are derived from these in analysis/, never here.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "govgrid/scenario_spec.h"

namespace govgrid {

/// A log-binned histogram of durations in hours, for quantiles without keeping samples.
/// Bin 0 holds exact zeros (response at discovery); bins 1..kBins-1 span
/// [kMinH, kMaxH) geometrically (~5% wide); values above kMaxH land in the last bin.
class DurationHistogram {
 public:
  static constexpr int kBins = 320;
  static constexpr double kMinH = 0.01;
  static constexpr double kMaxH = 1.0e5;

  /// Touches one counter: no running total, so an add costs one cache line of a cold tally.
  void add(double hours) { ++counts_[bin_of(hours)]; }
  void merge(const DurationHistogram& other) {
    for (int i = 0; i < kBins; ++i) counts_[i] += other.counts_[i];
  }
  std::uint64_t total() const {
    std::uint64_t n = 0;
    for (const std::uint32_t c : counts_) n += c;
    return n;
  }
  std::uint32_t count(int bin) const { return counts_[bin]; }

  /// The q-quantile (0..1), interpolated geometrically inside its bin; NaN when empty.
  double quantile(double q) const;

  static int bin_of(double hours) {
    if (!(hours > 0.0)) return 0;
    if (hours < kMinH) return 1;
    const int b = 1 + static_cast<int>(std::log(hours / kMinH) * kInvLogStep);
    return b < kBins ? b : kBins - 1;
  }
  /// Lower edge of bin b (b >= 1), in hours.
  static double lower_edge(int b) { return kMinH * std::exp((b - 1) / kInvLogStep); }

 private:
  static inline const double kInvLogStep = (kBins - 2) / std::log(kMaxH / kMinH);
  std::array<std::uint32_t, kBins> counts_{};
};

/// Everything counted for one grid over the measured part of a run (after warm-up).
/// Case counts are of cases created (found or reported) after warm-up.
struct GridTally {
  // Fields are grouped by the signal that touches them, so that one signal reaches few cache
  // lines of a tally that is usually cold (a street's grids take turns).

  // Touched when a case is found (CaseFound, ProblemArose).
  std::uint64_t cases_created = 0;
  std::uint64_t problems_grown = 0;      ///< found only after growing more serious
  std::uint64_t repeat_tickets = 0;      ///< cases that are repeat tickets (重复件) of a closed case
  std::uint64_t found_by_patrol = 0;     ///< created by a grid worker's patrol (网格发现)
  double patrol_find_age_h_sum = 0.0;      ///< arising → found, over patrol finds
  std::uint64_t found_by_visit = 0;      ///< created by a grid worker's household visit (走访发现)
  std::uint64_t found_by_member = 0;       ///< created by a party member: a household link (党员联户) or a 双报到 patrol
  double member_find_age_h_sum = 0.0;        ///< arising → found, over link finds
  std::uint64_t member_lead_n = 0;           ///< link finds that the resident would have reported later
  double member_lead_h_sum = 0.0;            ///< of those: the report's time − the member's find
  std::uint64_t requests = 0;            ///< cases a resident reported (not patrol finds): tickets due a response
  std::uint64_t visible_found = 0;       ///< created, of problems a patrol could see (found any way)
  std::uint64_t visible_found_by_patrol = 0;  ///< of those, found by patrol first
  std::uint64_t problems_arisen = 0;     ///< problems that arose after warm-up (found or not)

  // When the requester is first contacted (CaseResponded).
  std::uint64_t responded = 0;           ///< first contact made (by the end)
  std::uint64_t responded_on_time = 0;   ///< within the category's response deadline
  std::uint64_t requests_responded_on_time = 0;  ///< requesters contacted within the response deadline (响应)
  std::uint64_t tickets_contacted_on_time = 0;  ///< 12345 tickets whose requesters were contacted within the response deadline (响应)
  double response_h_sum = 0.0;           ///< over responded cases
  std::uint64_t light_responded = 0;     ///< light cases responded to
  double light_response_h_sum = 0.0;

  // When a case closes (CaseClosed).
  std::uint64_t cases_closed = 0;        ///< closed by the end of the run (resolved or not)
  std::uint64_t explained_unresolvable = 0;  ///< a demand that can only be explained
  std::uint64_t explained_below_need = 0;    ///< closed by a handler below the level it needed
  std::uint64_t explained_after_bounces = 0; ///< departments objected too often (推诿)
  std::uint64_t explained_under_load = 0;    ///< closed by a handler who could have fixed it, under a long queue
  std::uint64_t cases_resolved = 0;      ///< closed with the problem fixed
  std::array<std::uint64_t, kLevelCount> resolved_at{};  ///< by the level that resolved it
  std::array<double, kLevelCount> resolution_h_sum_at{};  ///< report → resolved, by resolving level
  std::uint64_t resolved_by_volunteers = 0;
  double volunteer_h = 0.0;              ///< volunteers' hours on this grid's cases (travel and work)
  std::uint64_t mediated_at_community = 0; ///< cases closed by members' mediation at the community office
  double member_case_h = 0.0;              ///< members' hours mediating (settled disputes and cases)
  std::uint64_t resolved_by_units = 0;     ///< cases fixed by a 大党委 unit
  double unit_h = 0.0;                     ///< 大党委 units' hours on cases (at the units' own cost)
  std::uint64_t closed_on_time = 0;      ///< resolved (办结) within the category's resolution deadline
  std::uint64_t patrol_finds_closed = 0;         ///< cases found on patrol (网格发现) and closed
  std::uint64_t patrol_finds_closed_on_time = 0; ///< of those, resolved within the deadline
  double resolution_h_sum = 0.0;         ///< report → resolved (办结, the handling that ended it), over closed cases
  double sojourn_h_sum = 0.0;            ///< report → closed, over closed cases (Little's law W)

  // As a case moves (queues, hand-overs, dispatch, the call-back).
  double wait_h_sum = 0.0;               ///< queueing before handlers start, all visits
  std::uint64_t wait_samples = 0;        ///< queue visits counted in wait_h_sum
  std::uint64_t escalations = 0;         ///< hand-overs to a higher level
  std::uint64_t backlog_escalations = 0; ///< sent straight up because the grid's backlog was full
  std::uint64_t handled_away = 0;        ///< handled by a worker of another grid (pooling, help)
  std::uint64_t joint_cases = 0;         ///< department cases needing several departments
  std::uint64_t tickets_dispatched = 0;      ///< 12345 tickets dispatched (reports via the duty desk)
  std::uint64_t tickets_to_departments = 0;  ///< of those, sent straight to departments (catalogue)
  std::uint64_t tickets_misdispatched = 0;   ///< of those, to a department that objected (派单异议)
  std::uint64_t transfer_bounces = 0;        ///< department transfers objected to
  std::uint64_t rated = 0;               ///< requesters who answered the call-back (回访)
  std::uint64_t satisfied = 0;
  std::uint64_t said_resolved = 0;       ///< of those, answered "resolved" (解决)
  std::uint64_t reopenings = 0;
  std::uint64_t duplicate_reports = 0;   ///< resident reports of a problem already in hand

  // Grid workers' hours and visits (StationWorked, HouseholdVisited, VisitsDue); a worker
  // covering several grids is split evenly.
  double worker_case_h = 0.0;            ///< busy on residents' cases
  double worker_patrol_h = 0.0;          ///< busy on patrol walks
  double worker_visit_h = 0.0;           ///< busy on household visits (走访)
  std::uint64_t visits_made = 0;         ///< household visits made
  double visits_due = 0.0;               ///< household visits owed by the yearly schedule (quota per working day)

  // Everything else.
  /// 12345 tickets still open at the end of the run and past their resolution deadline:
  /// due for the call-back, counted as not resolved.
  std::uint64_t open_overdue = 0;
  double worker_count = 0.0;
  double worker_scheduled_h = 0.0;       ///< rostered shift hours
  double worker_overtime_h = 0.0;        ///< hours worked past shift end
  double worker_pushed_down_h = 0.0;           ///< busy on pushed-down tasks
  double tasks_done = 0.0;               ///< pushed-down tasks finished by this grid's workers
  double tasks_late = 0.0;               ///< of those, finished after their deadline
  double tasks_penalised = 0.0;          ///< of those, late and inspected: a penalty in the appraisal (考核扣分)
  /// This grid's share of its community office: offices (1 ÷ its grids) and their hours on
  /// pushed-down tasks (their own ledgers and reports, and tasks refused by grid workers).
  double community_offices = 0.0;
  double office_pushed_down_h = 0.0;
  double pushed_down_tasks_arrived = 0.0;      ///< pushed-down tasks sent to this grid's workers
  double pushed_down_tasks_refused = 0.0;      ///< of those, refused under the responsibility list
  double paid_task_h = 0.0;              ///< task hours done by paid help that came with the task
  double refused_task_h = 0.0;           ///< hours of tasks refused here, passed back to the community office
  // Costs over the measured period, yuan (engine/metrics/observers.cpp add_costs): this grid's
  // share of salaried staff (its workers, its offices ÷ their grids, departments by residents),
  // and the platform's running cost by residents.
  double wage_cost_yuan = 0.0;
  double platform_cost_yuan = 0.0;
  double paid_help_cost_yuan = 0.0;      ///< paid_task_h × remedies.paid_hour_wage (费随事转)
  /// Party members' hours called out (volunteer_h + member_case_h + member_patrol_h) × remedies.volunteer_hour_cost.
  double volunteer_cost_yuan = 0.0;
  /// refused_task_h valued at the community office's hourly wage: work the office does instead
  /// of its own (inside wage_cost_yuan, not on top of it).
  double refused_task_cost_yuan = 0.0;
  double staff_cost_yuan = 0.0;          ///< wages + paid help (费随事转): the cost of staff time
  std::uint64_t disputes_settled = 0;      ///< settled by a linked member's mediation before any case (调解)
  std::uint64_t fixed_by_members = 0;      ///< light problems a linked member fixed before any case (举手之劳)
  double link_contact_h = 0.0;             ///< members' hours in contact with linked households
  double member_patrol_h = 0.0;            ///< 双报到 members' hours on volunteer patrols (志愿巡查)
  std::uint64_t member_calls = 0;          ///< times the community office called on members for a case
  std::uint64_t member_calls_answered = 0; ///< of those, a member took the case
  double coordination_h = 0.0;             ///< community office hours on those calls
  double linked_households = 0.0;          ///< households linked to a member
  double households = 0.0;
  // Residents at the end of the run.
  std::uint64_t residents = 0;
  double trust_sum = 0.0;

  // Per-grid duration histograms (one counter per add).
  DurationHistogram response_h;
  DurationHistogram resolution_h;        ///< report → resolved, over closed cases

  void merge(const GridTally& o);
};

/// One day of one replication, district-wide.
struct DailyRow {
  std::uint64_t arrivals = 0;     ///< cases created that day
  std::uint64_t resolutions = 0;  ///< cases resolved that day
  std::uint64_t closures = 0;     ///< cases closed that day
  std::uint64_t backlog = 0;      ///< cases open at the end of the day (all, warm-up included)
  std::uint64_t rated = 0;
  std::uint64_t satisfied = 0;
  std::uint64_t hidden = 0;       ///< problems arisen but not yet found, at the end of the day
  /// 双报到 participation (the chance a called member answers) summed over the processes that have
  /// members, and their number.
  double participation_sum = 0.0;
  std::uint32_t participation_n = 0;

  void merge(const DailyRow& o) {
    participation_sum += o.participation_sum;
    participation_n += o.participation_n;
    arrivals += o.arrivals;
    resolutions += o.resolutions;
    closures += o.closures;
    backlog += o.backlog;
    rated += o.rated;
    satisfied += o.satisfied;
    hidden += o.hidden;
  }
};

/// One calendar month of one street: the counts behind its three rates (monthly_rates.h).
struct MonthTally {
  std::uint64_t tickets = 0;            ///< 12345 tickets dispatched that came in this month
  std::uint64_t contacted_on_time = 0;  ///< of those, the requester contacted within the deadline
  std::uint64_t rated = 0;              ///< call-backs (回访) made this month
  std::uint64_t said_resolved = 0;      ///< of those, the requester said "resolved"
  std::uint64_t satisfied = 0;          ///< of those, the requester was satisfied
  std::uint64_t open_overdue = 0;       ///< tickets of this month still open past their deadline at the end

  void merge(const MonthTally& o) {
    tickets += o.tickets, contacted_on_time += o.contacted_on_time, rated += o.rated;
    said_resolved += o.said_resolved, satisfied += o.satisfied, open_overdue += o.open_overdue;
  }
};

/// One case's life, for --case-log. Times in hours since the start; NaN where it never happened.
struct CaseRecord {
  std::uint64_t case_id = 0;
  std::uint32_t grid = 0;
  std::uint16_t category = 0;
  std::int8_t channel = -1;        ///< -1: found by patrol, -2: on a household visit, -3: by a linked party member
  std::uint8_t level_needed = 0;
  std::int8_t level_resolved = -1; ///< -1: not resolved (yet, or unresolvable)
  std::uint8_t reopenings = 0;
  std::int8_t rating = -1;         ///< -1 not rated, 0 unsatisfied, 1 satisfied
  std::int8_t said_resolved = -1;  ///< the requester's answer "resolved" at the call-back, -1 not asked
  bool grew = false;
  bool joint = false;
  bool repeat = false;             ///< a repeat ticket (重复件) of case `repeat_of`
  std::uint64_t repeat_of = 0;
  double arisen_h = NAN, found_h = NAN, accepted_h = NAN, first_response_h = NAN;
  std::array<double, 3> handover_h = {NAN, NAN, NAN};  ///< into community, street, department
  double resolved_h = NAN, feedback_h = NAN, rated_h = NAN, closed_h = NAN;
};

/// What happened to a case, one row each (the shape of a city's case log, for calibration).
enum class CaseEvent : std::uint8_t {
  reported,        ///< found by a resident's report
  found_on_patrol, ///< found by a grid worker's patrol (网格发现)
  accepted,        ///< reached the grid's intake
  responded,       ///< first contact with the reporter
  escalated,       ///< handed over to `level` because the level below could not resolve it
  escalated_for_backlog,  ///< handed over to `level` because the grid's backlog was full
  ticket_sent,     ///< a ticket to `department` (吹哨 or transfer)
  ticket_done,     ///< a department's share came back done
  ticket_bounced,  ///< a department objected to a transfer (推诿 / 派单异议) and it came back
  resolved,        ///< handling over, fixed at `level` (or `level` -1: closed by explanation)
  rated_satisfied,
  rated_unsatisfied,
  reopened,
  closed,
  duplicate_report,  ///< a resident reported it again while in hand
  dispatched,        ///< the hotline dispatched the ticket to a unit at `level`
  misdispatched,     ///< dispatched to a department that does not own it (派单异议 follows)
  found_on_visit,    ///< found by a grid worker's household visit (走访发现)
  found_by_member,   ///< brought to light by a party member: a household link (党员联户) or a 双报到 patrol
};
inline constexpr std::array<const char*, 19> kCaseEventNames = {
    "reported", "found_on_patrol", "accepted", "responded", "escalated", "escalated_for_backlog", "ticket_sent",
    "ticket_done", "ticket_bounced", "resolved", "rated_satisfied", "rated_unsatisfied", "reopened", "closed", "duplicate_report",
    "dispatched", "misdispatched", "found_on_visit", "found_by_member"};

struct CaseEventRecord {
  std::uint64_t case_id = 0;
  double t = 0.0;              ///< hours since the start
  CaseEvent event = CaseEvent::reported;
  std::int8_t level = -1;      ///< the level concerned, -1 where none
  std::int32_t department = -1;///< ticket events: the unit in World::departments
};

/// One station's hours and pushed-down tasks over the measured part of a run.
struct StationTally {
  double scheduled_h = 0.0;    ///< rostered hours (staff × shift hours)
  double overtime_h = 0.0;     ///< worked past shift end
  double case_h = 0.0;         ///< busy on cases (department tickets included)
  double pushed_down_h = 0.0;  ///< busy on pushed-down tasks and case paperwork
  double patrol_h = 0.0;
  double tasks_arrived = 0.0;  ///< grid workers: pushed-down tasks that arrived
  double tasks_refused = 0.0;  ///< of those, refused under the responsibility list
  double paid_h = 0.0;         ///< task hours done by paid help (费随事转)
  double refused_h = 0.0;      ///< grid workers: hours of the tasks they refused (the community office does them)
  double visit_h = 0.0;        ///< grid workers: household visits (走访)
  double tasks_done = 0.0;     ///< pushed-down tasks finished here
  double tasks_late = 0.0;     ///< of those, after their deadline
  double tasks_penalised = 0.0;  ///< of those, late and inspected
};

/// Work done, for the perf block of outputs.
struct PerfCounters {
  std::uint64_t events = 0;               ///< events the processes popped from their queues
  /// Jobs joining a station's queue and jobs a station finished (grid workers, offices,
  /// centres, departments; cases, tickets, pushed-down tasks, patrols, visits): the unit a bare
  /// queueing simulation counts, so engines compare per station event (docs/performance.md).
  std::uint64_t station_arrivals = 0;
  std::uint64_t station_completions = 0;
  std::uint64_t station_events() const { return station_arrivals + station_completions; }
  double setup_seconds = 0.0;
  double run_seconds = 0.0;
};

/// What one replication returns.
struct ReplicationResult {
  int replication = 0;
  std::uint64_t seed = 0;                 ///< the derived seed of this replication
  double measured_days = 0.0;             ///< horizon minus warm-up
  std::uint64_t cases_open_all = 0;       ///< open at the end, warm-up cases included
  std::uint64_t cases_open_located = 0;   ///< open cases found by walking queues and events (audit)
  std::uint64_t cases_created_all = 0;    ///< created in the whole run, warm-up included
  std::uint64_t cases_closed_all = 0;
  std::uint64_t hidden_at_end = 0;        ///< problems never found by the end
  double backlog_time_avg = 0.0;          ///< time-average of open cases over the measured part
  std::vector<GridTally> grids;           ///< by grid index of the World
  std::vector<DailyRow> daily;            ///< by day, the whole run
  std::vector<CaseRecord> cases;          ///< only with case logging, ordered by case_id
  std::vector<CaseEventRecord> case_events;  ///< only with case logging, by case_id then time
  std::vector<StationTally> stations;     ///< by station index of the World
  /// By street (world index), then calendar month of the run (sim::month_starts_h).
  std::vector<std::vector<MonthTally>> street_months;
  PerfCounters perf;
};

}  // namespace govgrid
