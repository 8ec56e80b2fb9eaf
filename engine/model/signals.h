// Signals: what the model announces as it runs (SimGrid's on_completion callbacks, OMNeT++'s
// @signal). The model emits; observers in engine/metrics subscribe by offering an
// `on(const Signal&)` overload for the signals they care about. The observer list is fixed at
// compile time (Emitter<Observers...>), so an emit is a few inlined calls, no virtual
// dispatch, and adding a metric never touches the model.
#pragma once

#include <cstdint>
#include <limits>

#include "engine/model/case.h"

namespace govgrid {

// ----- Problems and cases (a street process; `local_grid` counts from the street's first grid).

struct ProblemArose { double t; std::uint32_t local_grid; };
/// The problem became a case: reported by a resident, found on patrol, found on a household
/// visit (by_visit), or brought to light by a party member linked to the household (by_member).
struct CaseFound { double t; const Case& c; bool by_patrol; bool by_visit = false; bool by_member = false; };
/// A party member who heard of a problem dealt with it before it became a case: settled a dispute
/// (调解, `dispute`) or fixed a light one on the spot (举手之劳), in `member_h` hours. The problem is
/// gone; no case is created.
struct SettledByMember { double t; const Case& c; double member_h; bool dispute; };
/// The community office called on members for case `c` (a 双报到 call or a mediation), spending
/// `coordination_h` of its staff's time; `answered`: a member took it.
struct MembersCalled { double t; const Case& c; bool answered; double coordination_h; };
/// First contact with the reporter (响应), or with the patrol find.
struct CaseResponded { double t; const Case& c; };
/// A case waited `wait_h` in a queue before a handler (or a department crew) started on it.
struct CaseWaited { const Case& c; double wait_h; };
/// The case reached the grid's intake (社区接报): accepted for handling.
struct CaseAccepted { double t; const Case& c; };
/// A case went up a level; `for_backlog`: because its grid was full, not because it had to.
struct CaseEscalated { double t; const Case& c; bool for_backlog; };
/// A grid case was queued at another grid's worker (pooling, neighbour help).
struct CaseHandledAway { const Case& c; };
/// A department case needs several departments at once (协同处置).
struct CaseJoint { const Case& c; };
/// The hotline dispatched a 12345 ticket to a unit at `level` (policies.ticket_dispatch);
/// `misdispatched`: to a department that does not own it, which will object (派单异议).
struct TicketDispatched { double t; const Case& c; std::uint8_t level; bool misdispatched; };
/// A ticket went to a department (a unit of World::departments), arriving after the delay.
struct TicketSent { double t; const Case& c; std::uint16_t department; };
/// A department's share of a case came back done.
struct TicketDone { double t; const Case& c; };
/// Handling is over (fixed at c.level_resolved, or closed without a fix when it is -1); the
/// resident is told next.
struct CaseResolved { double t; const Case& c; };
/// A resident reported a problem already in hand.
struct DuplicateReport { double t; const Case& c; };
/// The resident rated the handling at the call-back (回访).
struct CaseRated { double t; const Case& c; bool satisfied; bool said_resolved; };
/// A department objected to a transfer (推诿 / 派单异议); it came back to the street.
struct TicketBounced { double t; const Case& c; };
struct CaseReopened { double t; const Case& c; };
/// The case is closed (its outcome is c.level_resolved); the slot is freed right after.
struct CaseClosed { double t; const Case& c; };

// ----- Staff time (any process; `station` is the local station index).

enum class WorkKind : std::uint8_t { cases, pushed_down, patrol, visit };
/// Hours [from, to) of one handler's work; `grid` is the world grid the work belongs to, or
/// kNoSlot when it belongs to the station as a whole.
struct StationWorked { std::uint32_t station; WorkKind kind; double from, to; std::uint32_t grid; };
/// Work past the end of the shift, [from, to).
struct StationOvertime { std::uint32_t station; double from, to; };
/// A shift of `servers` staff on duty over [from, to).
struct StationScheduled { std::uint32_t station; int servers; double from, to; };
/// A pushed-down task reached a grid-worker station: refused (权责清单, its `refused_h` hours
/// then fall to the community office) or done, with the
/// hours that paid help (费随事转) took off the workers.
struct TaskArrived { double t; std::uint32_t station; bool refused; double paid_h; double refused_h = 0.0; };
/// A pushed-down task was finished at `station`: after its deadline (late), and whether its
/// completion is checked (inspected: a late inspected task is a penalty in the appraisal).
struct TaskDone { double t; std::uint32_t station; bool late; bool inspected; };
/// A grid's household visits owed for one working day (its quota), at shift start.
struct VisitsDue { double t; std::uint32_t grid; double visits; };
/// A household visit was made in world grid `grid`.
struct HouseholdVisited { double t; std::uint32_t grid; };

/// A case still open at the horizon (emitted once per open case when the run ends).
struct CaseOpenAtEnd { double t; const Case& c; };
/// A day ended (all processes): the state at its end, for the daily series.
/// `horizon`: the run ended (the last day's day_end lies at the horizon and never fires).
/// `participation`: the chance a called 双报到 member answers (mean over the process's
/// communities), NaN without members.
struct DayEnded {
  double t;
  std::uint64_t backlog;
  std::uint64_t hidden;
  bool horizon = false;
  double participation = std::numeric_limits<double>::quiet_NaN();
};

/// The observers of one process. Defined by engine/metrics (observers.h), which the model does
/// not include: the model only emits. emit() is one ordinary call per signal that forwards to
/// every observer with an `on(const Signal&)` overload (no virtual dispatch), explicitly
/// instantiated there for each signal above.
class Observers;
template <class Signal>
void emit(Observers& observers, const Signal& signal);

/// Calls `o.on(s)` on each of `observers` that has such an overload (the fold behind emit()).
template <class Signal, class... O>
void notify_each(const Signal& s, O&... observers) {
  const auto one = [&](auto& o) {
    if constexpr (requires { o.on(s); }) o.on(s);
  };
  (one(observers), ...);
}

}  // namespace govgrid
