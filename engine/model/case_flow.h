// The case life (docs/model.md): a problem arises hidden in a grid; a resident reports it or a
// patrol finds it; a 12345 ticket's requester is called by the duty desk; it is accepted at the
// grid and passed up until it reaches the level that can resolve it (grid → community → street
// → departments, with triage and hand-over time at each step up; several departments at once
// under 吹哨报到, one after another without, where a department may object) — unless a handler
// below that level closes it by explanation (解释办结). The requester is told, called back (回访)
// and may rate it; an unsatisfied rating may reopen it. Problems nobody finds may grow.
//
// Proactive work (proactive_work.cpp): patrol walks find hidden problems a patrol can see, with
// a chance that rises with the walk's length and the problem's visibility; household visits find
// those it cannot see. Each working day's walks and visit quota are planned at shift start; the
// job-ordering policy says how much of it is protected and how much is owed for idle time.
//
// Every draw a problem makes comes from its own stream, made whatever the branch, so the same
// problem draws the same numbers in every scenario (common random numbers).
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "engine/model/case.h"
#include "engine/model/demand.h"
#include "engine/model/hidden_list.h"
#include "engine/model/stations.h"

namespace govgrid {

class Street;
struct Message;

class CaseFlow {
 public:
  CaseFlow(Street& street, RngKey key);
  /// Schedules the first problem.
  void schedule_start();

  void on_problem_arises(double t);
  /// A party member linked to the household hears of a hidden problem: settles a dispute or tells
  /// the grid worker (docs/model.md section 8.5).
  void on_member_notice(double t, std::uint32_t slot, std::uint32_t serial);
  /// Day end: 双报到 members' patrols over the day, and a new year of 大党委 units' hours every 365 days.
  void on_day_end(double t);
  void on_resident_report(double t, std::uint32_t slot, std::uint32_t serial);
  void on_case_arrives(double t, std::uint32_t slot, std::uint32_t serial);
  void on_feedback(double t, std::uint32_t slot, std::uint32_t serial);
  void on_fix_done(double t, std::uint32_t slot, std::uint32_t serial);
  /// A department's share is done (`m`: the message from that department's process).
  void on_ticket_done(double t, const Message& m);

  /// Station host hooks for the jobs this component owns.
  double begin_case_work(double t, std::uint32_t s, const Job& job);
  double begin_duplicate(double t, std::uint32_t s, const Job& job);
  double begin_patrol(double t, std::uint32_t s, const Job& job);
  double begin_visit(double t, std::uint32_t s, const Job& job);
  /// Owed proactive work: becomes a deferred walk or a visit (rewrites `job`), or nothing.
  double begin_owed(double t, std::uint32_t s, Job& job);
  void end_case_work(double t, std::uint32_t s, std::uint32_t slot);
  /// A department objected to a transfer (no whistle): try again, or close by explanation.
  void on_ticket_bounced(double t, std::uint32_t slot, std::uint32_t serial);
  /// The duty desk reached the requester: the response (响应), unless a handler answered first.
  void on_desk_contact(double t, std::uint32_t slot, std::uint32_t serial);
  void end_patrol(double t, std::uint32_t s, const Job& job);
  /// A walk over world grid `grid` ending at `t`: each hidden problem a patrol can see is found
  /// with 1 − exp(−exposure × its visibility), as `channel` (a grid worker's or a member's find).
  void walk(double t, std::uint32_t grid, double exposure, CounterRng& rng, std::int8_t channel);
  double patrol_exposure(double walk_h) const;
  void end_visit(double t, std::uint32_t s, std::uint32_t grid);
  /// Shift start at a grid-worker station: the day's patrol walks and household visits.
  void plan_day(double t, std::uint32_t s);

  /// Starts loading case slot `slot` (all its cache lines).
  void prefetch_case(std::uint32_t slot) const {
    const char* p = reinterpret_cast<const char*>(&cases_[slot]);
    for (std::size_t at = 0; at < sizeof(Case); at += 64) __builtin_prefetch(p + at);
    __builtin_prefetch(p + sizeof(Case) - 1);
  }

  std::uint64_t open_count() const { return open_count_; }
  /// Problems that arose and have not surfaced but can: listed for patrol or visits, or with a
  /// report due (before or after the horizon). A steady stock in a steady district.
  std::uint64_t hidden_count() const { return hidden_count_; }
  const std::vector<Case>& cases() const { return cases_; }
  /// Open cases out at departments (for the audit).
  std::uint64_t open_at_departments() const;

 private:
  /// A new problem in a fresh slot: every birth draw (who, where, how serious, whether and when
  /// it is reported), made whatever happens next so that the same problem draws the same
  /// numbers in every scenario. Not yet listed, scheduled or counted.
  std::uint32_t arise(double t, std::uint16_t category, std::uint32_t local_grid, std::uint32_t serial);
  /// Whether the problem `serial` would arise visible to patrols: arise()'s first draws alone,
  /// so the prehistory skips the rest for the problems a patrol found before the start.
  bool visible_at_birth(std::uint16_t category, std::uint32_t local_grid, std::uint32_t serial) const;
  /// Before the start: the problems of a district that has been running (case_flow.cpp).
  void seed_prehistory();
  /// When it surfaces whatever patrol and visits do: reported, or heard of by a linked member.
  static double surfaces_at(const Case& c) { return std::min(c.report_at_h, c.notice_at_h); }
  /// Surfaces some day (now or after the horizon), whatever patrol and visits do.
  static bool will_surface(const Case& c) { return surfaces_at(c) < std::numeric_limits<double>::infinity(); }
  /// Schedules what will surface a hidden problem before the horizon: the report, the member's notice.
  void schedule_surfacing(std::uint32_t slot);
  /// Puts a hidden problem no patrol can see on its grid's visit list.
  void list_for_visits(double t, std::uint32_t slot);
  void find(double t, std::uint32_t slot, bool by_patrol, bool by_visit = false, bool by_member = false);
  /// Found by staff (patrol or visit, `channel` kFoundOnPatrol or kFoundOnVisit) or by a linked
  /// member (kFoundByMember): accepted and answered at once, then routed.
  void found_proactively(double t, std::uint32_t slot, std::int8_t channel);
  void unlink_hidden(std::uint32_t slot);
  /// Takes a problem off its grid's patrol or visit list.
  void unlist(std::uint32_t slot);
  /// Problems on a grid's visit list longer than findable_days leave it (freed unless a report is due).
  void expire_visit_list(double t, std::uint32_t local_grid);
  /// Queues the grid's owed proactive work (one job at a time) when there is some.
  void queue_owed(double t, std::uint32_t s, std::uint32_t grid);
  void route_to_level(double t, std::uint32_t slot);
  bool helper_takes(double t, std::uint32_t slot, std::uint32_t s);
  /// At the community office, members of the grid's branch mediate a dispute (矛盾村社化解).
  bool members_mediate(double t, std::uint32_t slot, std::uint32_t s);
  /// After the community office's triage: a 大党委 unit's resources fix what would need departments
  /// (an extra route beside them), when its hours allow.
  bool unit_takes(double t, std::uint32_t slot);
  /// Queues the community office's time calling on members.
  void coordinate(double t, std::uint32_t community_station, const Case& c, bool answered);
  void respond(Case& c, double at);
  void hand_over(double t, std::uint32_t slot, bool for_backlog);
  void send_to_departments(double t, std::uint32_t slot);
  /// `transfer`: an ordinary street → department transfer, which the department may object to.
  void send_ticket(double t, std::uint32_t slot, std::uint32_t owner, double delay_h, bool transfer);
  void resolve(double t, std::uint32_t slot, bool explained = false);
  /// Whether a handler at station `s` closes the case by explanation (解释办结): below the needed
  /// level instead of passing it up, or (`can_fix`) at it, under a long queue, instead of fixing it.
  bool closes_by_explanation(const Case& c, std::uint32_t s, bool can_fix) const;
  void close(double t, std::uint32_t slot);
  /// At the closing of `closed`: its requester may file a repeat ticket (重复件) about the same
  /// problem, reported after a delay (RepeatSpec).
  void file_repeat(double t, const Case& closed);
  /// Frees a case's slot for the next problem (sim/free_list.h).
  void release_slot(std::uint32_t slot);
  /// The list entry of a hidden problem.
  static HiddenEntry entry_of(const Case& c, std::uint32_t slot) { return {c.arisen_h, c.grow_at_h, slot}; }
  std::uint32_t station_of(const Case& c) const;
  CommunityStations community_stations(std::uint32_t home) const;
  /// Where a case job goes in the queue, and its due time (for orderings by deadline).
  QueueRank case_rank(const Case& c) const;
  double due_of(const Case& c) const;
  /// The generator for one decision of `c`: its own substream of the problem's stream.
  CounterRng draws(const Case& c, Purpose purpose, unsigned level = 0) const {
    return CounterRng(key_, RngStream::problem, c.uid,
                      static_cast<std::uint32_t>(purpose) << 16 | (level & 0xffu) << 8 | c.reopenings);
  }

  Street& street_;
  const RngKey key_;
  std::uint32_t first_grid_ = 0, grid_count_ = 0;
  std::vector<HiddenList> patrol_lists_;   ///< per local grid: the hidden problems a patrol can see
  Demand demand_;                           ///< when problems arise, of what category, where
  /// Per local grid: the problems a household visit could find and the owed work.
  struct GridWork {
    HiddenList visit_list;
    bool owed_queued = false;  ///< an owed job is in the queue
    double patrol_owed_h = 0.0;  ///< today's deferred walking, lapses at the next shift start
    double visits_owed = 0.0;    ///< visits owed, capped at carry_over_days' quota
    double visits_per_day = 0.0; ///< the quota per working day
    double households = 0.0;
  };
  std::vector<GridWork> grid_work_;
  CounterRng arrivals_rng_;
  std::vector<Case> cases_;
  std::uint32_t free_case_ = kNoSlot;
  std::uint32_t next_serial_ = 0;
  /// Repeat tickets count their serials apart (with kRepeatSerial set), so that the problems'
  /// serials — and so their uids and draws — are the same whatever repeats a lever causes.
  static constexpr std::uint32_t kRepeatSerial = 1u << 31;
  std::uint32_t next_repeat_serial_ = 0;
  /// Problems seeded before the start (seed_prehistory) likewise, from their own arrivals substream.
  static constexpr std::uint32_t kPrehistorySerial = 1u << 30;
  static constexpr std::uint32_t kPrehistorySubstream = 1;
  static constexpr double kPrehistoryMaxDays = 3 * 365;
  std::uint32_t next_prehistory_serial_ = 0;
  std::uint64_t open_count_ = 0, hidden_count_ = 0;
  /// Per local community: the hours its 大党委 units have left in the current year.
  std::uint32_t first_community_ = 0;
  double unit_hours_per_year_ = 0.0;  ///< a community's units together
  std::vector<double> unit_hours_left_;
};

}  // namespace govgrid
