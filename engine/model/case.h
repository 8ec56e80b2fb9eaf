// One problem's life as a record: from arising hidden in a grid to closing. A street process
// keeps its cases in a slot array and recycles slots; `serial` tells a stale event from the
// slot's current case.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

#include "engine/sim/free_list.h"
#include "govgrid/scenario_spec.h"

namespace govgrid {

/// The handling levels as small integers (网格 0 → 社区 1 → 街道 2 → 职能部门 3).
inline constexpr std::uint8_t kGrid = static_cast<std::uint8_t>(Level::grid);
inline constexpr std::uint8_t kCommunity = static_cast<std::uint8_t>(Level::community);
inline constexpr std::uint8_t kStreet = static_cast<std::uint8_t>(Level::street);
inline constexpr std::uint8_t kDepartment = static_cast<std::uint8_t>(Level::department);

inline constexpr std::uint32_t kNoSlot = sim::kNone;

/// Case::channel of problems found by staff rather than reported (网格发现): nobody to call back.
inline constexpr std::int8_t kFoundOnPatrol = -1;
inline constexpr std::int8_t kFoundOnVisit = -2;
/// … and by a party member (a household link, 党员联户, or a 双报到 patrol), who tells the grid worker.
inline constexpr std::int8_t kFoundByMember = -3;

/// Who besides staff took a case on (docs/model.md section 8.5).
enum class Help : std::uint8_t {
  none,
  volunteers,  ///< party volunteers or 双报到 members took a light grid case
  mediation,   ///< members' mediation settled it at the community office
  unit,        ///< a 大党委 unit's resources fixed it from the community
};

/// What a case's draw is for. Each decision draws from its own substream, keyed by (problem,
/// purpose, level, visit), so switching a lever that adds or skips a draw never shifts the
/// draws of any other decision: common random numbers survive a lever.
enum class Purpose : std::uint8_t {
  birth = 0,    ///< who, where, how serious, whether and when it is reported (all drawn at arising)
  intake,       ///< intake and dispatch delay, misrouting between grid systems
  helper,       ///< a helper's work and arrival
  service,      ///< handling time at a level (assessment or resolution), travel
  handover,     ///< hand-over delay into the next level
  departments,  ///< whistle report-for-duty and transfer delays
  feedback,     ///< resolution → the resident is told
  call_back,    ///< rating, the requester's answer, reopening
  outcome,      ///< closing by explanation below the needed level, department objections
  desk,         ///< the duty desk's sign-for and calls
  dispatch,     ///< where the dispatch catalogue sends a ticket, and its delays
  repeat,       ///< at closing: whether the requester files a repeat ticket (重复件), and when
  lead,         ///< the lead time between a handler's work and the fix in place
  party,        ///< a linked member hearing of it, mediation, a 大党委 unit
};

enum class CaseState : std::uint8_t {
  free,    ///< the slot holds no live problem
  hidden,  ///< arisen, not yet reported or found
  open,    ///< a case: found, not yet closed
};

/// Plain data: its random draws come from substreams keyed by uid (CaseFlow::draws).
/// Times are instants in simulated hours since the start (`*_at_h` for scheduled ones).
struct Case {
  double arisen_h = 0, report_at_h = 0, grow_at_h = 0;
  /// When a party member linked to the household hears of it (infinity: not linked, or never).
  double notice_at_h = std::numeric_limits<double>::infinity();
  /// Instants not yet reached are NaN (the case log shows them empty).
  double found_h = NAN, accepted_h = NAN, first_response_h = NAN, enqueued_h = 0;
  double resolved_h = NAN, feedback_h = NAN, rated_h = NAN;
  /// When it was handed over into community, street and departments; valid where handed_over says.
  std::array<double, 3> handover_h{};
  std::uint64_t resident = 0;      ///< world resident index of the one affected (and reporting)
  std::uint64_t uid = 0;           ///< street index << 40 | serial: unique in a replication
  std::uint32_t serial = 0;
  std::uint32_t grid = 0;          ///< world grid index
  std::uint32_t free_next = kNoSlot;
  std::uint16_t category = 0;
  std::int8_t channel = -1;        ///< reporting channel; -1 = found by patrol, -2 = found on a household visit
  std::uint8_t level_needed = 0, level_now = 0;
  std::int8_t level_resolved = -1; ///< -1: closed without a fix (or not yet)
  std::uint8_t reopenings = 0, departments_pending = 0, next_department = 0, visits = 0;
  std::uint8_t handed_over = 0;    ///< bit k: handover_h[k] was stamped
  std::uint8_t bounces = 0;        ///< department transfers objected to (推诿 / 派单异议)
  std::int8_t rating = -1;         ///< -1 not rated, 0 unsatisfied, 1 satisfied
  std::int8_t said_resolved = -1;  ///< the requester's answer at the last call-back: -1 none, 0 no, 1 yes
  CaseState state = CaseState::free;
  bool visible = false, unresolvable = false, joint = false, grew = false;
  bool listed = false;             ///< hidden and on its grid's list (CaseFlow): the patrol list if visible, else the visit list
  bool counted = false;            ///< found after warm-up: measured
  bool responded = false, responded_on_time = false;
  bool away = false;               ///< queued at another grid's worker (pooling, neighbour help)
  Help help = Help::none;          ///< taken on by party volunteers, members' mediation or a 大党委 unit
  float helper_h = 0.0f;           ///< the helpers' hours on it (travel and work)
  /// Closed by explanation (解释办结) rather than fixed: an unresolvable demand, a handler below
  /// the needed level closing it, or too many department objections. Valid once resolved.
  bool explained = false;
  /// A repeat ticket (重复件): the requester of `repeat_of` (a uid) filed again about the same
  /// problem after that case closed explained or rated unsatisfied.
  bool repeat = false;
  std::uint64_t repeat_of = 0;
};

/// A 12345 ticket: reported through a channel whose duty desk signs for it (not a walk-in to
/// the grid worker, not a patrol or visit find). The three rates and the 回访 count only these.
inline bool is_ticket(const Case& c, const ScenarioSpec& spec) {
  return c.channel >= 0 && spec.residents.channels[static_cast<std::size_t>(c.channel)].via_duty_desk;
}

}  // namespace govgrid
