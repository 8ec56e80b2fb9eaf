// Observer: the per-grid tallies of one street (GridTally, accumulators.h) from the model's
// signals. Only cases found after warm-up are counted (Case::counted).
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "engine/model/compiled_model.h"
#include "engine/model/signals.h"
#include "engine/metrics/accumulators.h"

namespace govgrid {

class GridTallies {
 public:
  GridTallies(const CompiledModel& model, std::uint32_t first_grid, std::uint32_t grid_count)
      : model_(model), first_grid_(first_grid), tallies_(grid_count) {}

  std::vector<GridTally>& tallies() { return tallies_; }
  std::uint32_t first_grid() const { return first_grid_; }

  void on(const ProblemArose& s) {
    if (s.t >= model_.warmup_h) ++tallies_[s.local_grid].problems_arisen;
  }
  void on(const CaseFound& s) {
    if (!s.c.counted) return;
    GridTally& g = of(s.c);
    ++g.cases_created;
    if (s.c.grew) ++g.problems_grown;
    if (s.c.repeat) ++g.repeat_tickets;
    if (s.by_patrol) {
      ++g.found_by_patrol;
      g.patrol_find_age_h_sum += s.t - s.c.arisen_h;
    } else if (s.by_visit) {
      ++g.found_by_visit;
    } else if (s.by_member) {
      ++g.found_by_member;
      g.member_find_age_h_sum += s.t - s.c.arisen_h;
      if (std::isfinite(s.c.report_at_h)) {
        ++g.member_lead_n;
        g.member_lead_h_sum += s.c.report_at_h - s.t;
      }
    } else {
      ++g.requests;
    }
    if (s.c.visible) {
      ++g.visible_found;
      if (s.by_patrol) ++g.visible_found_by_patrol;
    }
  }
  void on(const SettledByMember& s) {
    if (s.t < model_.warmup_h) return;
    GridTally& g = of(s.c);
    ++(s.dispute ? g.disputes_settled : g.fixed_by_members);
    g.member_case_h += s.member_h;
  }
  void on(const MembersCalled& s) {
    if (s.t < model_.warmup_h) return;
    GridTally& g = of(s.c);
    ++g.member_calls;
    if (s.answered) ++g.member_calls_answered;
    g.coordination_h += s.coordination_h;
  }
  void on(const VisitsDue& s) {
    if (s.t >= model_.warmup_h) tallies_[s.grid - first_grid_].visits_due += s.visits;
  }
  void on(const HouseholdVisited& s) {
    if (s.t >= model_.warmup_h) ++tallies_[s.grid - first_grid_].visits_made;
  }
  void on(const CaseResponded& s) {
    if (!s.c.counted) return;
    GridTally& g = of(s.c);
    const double h = s.t - s.c.found_h;
    ++g.responded;
    if (s.c.responded_on_time) ++g.responded_on_time;
    if (s.c.responded_on_time && s.c.channel >= 0) {
      ++g.requests_responded_on_time;
      if (is_ticket(s.c, model_.spec)) ++g.tickets_contacted_on_time;
    }
    g.response_h_sum += h;
    g.response_h.add(h);
    if (model_.spec.categories[s.c.category].light) {
      ++g.light_responded;
      g.light_response_h_sum += h;
    }
  }
  void on(const CaseWaited& s) {
    if (!s.c.counted) return;
    GridTally& g = of(s.c);
    g.wait_h_sum += s.wait_h;
    ++g.wait_samples;
  }
  void on(const CaseEscalated& s) {
    if (!s.c.counted) return;
    if (s.for_backlog) ++of(s.c).backlog_escalations;
    ++of(s.c).escalations;
  }
  void on(const CaseHandledAway& s) {
    if (s.c.counted) ++of(s.c).handled_away;
  }
  void on(const CaseJoint& s) {
    if (s.c.counted) ++of(s.c).joint_cases;
  }
  void on(const DuplicateReport& s) {
    if (s.c.counted) ++of(s.c).duplicate_reports;
  }
  void on(const CaseRated& s) {
    if (!s.c.counted) return;
    ++of(s.c).rated;
    if (s.satisfied) ++of(s.c).satisfied;
    if (s.said_resolved) ++of(s.c).said_resolved;
  }
  void on(const TicketBounced& s) {
    if (s.c.counted) ++of(s.c).transfer_bounces;
  }
  void on(const TicketDispatched& s) {
    if (!s.c.counted) return;
    GridTally& g = of(s.c);
    ++g.tickets_dispatched;
    if (s.misdispatched) ++g.tickets_misdispatched;
    else if (s.level == kDepartment) ++g.tickets_to_departments;
  }
  void on(const CaseOpenAtEnd& s) {
    const Case& c = s.c;
    if (c.counted && is_ticket(c, model_.spec) && s.t - c.found_h > model_.spec.categories[c.category].resolution_deadline_h)
      ++of(c).open_overdue;
  }
  void on(const CaseReopened& s) {
    if (s.c.counted) ++of(s.c).reopenings;
  }
  void on(const CaseClosed& s) {
    const Case& c = s.c;
    if (!c.counted) return;
    GridTally& g = of(c);
    // 办结: report → the handling that ended the case; 结案: report → closed (after the call-back
    // and any reopening).
    const double resolution = c.resolved_h - c.found_h, sojourn = s.t - c.found_h;
    ++g.cases_closed;
    if (c.explained) {
      if (c.unresolvable) ++g.explained_unresolvable;
      else if (c.level_now < c.level_needed) ++g.explained_below_need;
      else if (c.bounces > model_.spec.outcomes.max_bounces) ++g.explained_after_bounces;
      else ++g.explained_under_load;
    }
    if (c.level_resolved >= 0) {
      const auto level = static_cast<std::size_t>(c.level_resolved);
      ++g.cases_resolved;
      ++g.resolved_at[level];
      g.resolution_h_sum_at[level] += resolution;
      switch (c.help) {
        case Help::volunteers:
          ++g.resolved_by_volunteers;
          g.volunteer_h += c.helper_h;
          break;
        case Help::mediation:
          ++g.mediated_at_community;
          g.member_case_h += c.helper_h;
          break;
        case Help::unit:
          ++g.resolved_by_units;
          g.unit_h += c.helper_h;
          break;
        case Help::none: break;
      }
    }
    const bool on_time = resolution <= model_.spec.categories[c.category].resolution_deadline_h;
    if (on_time) ++g.closed_on_time;
    if (c.channel < 0) {
      ++g.patrol_finds_closed;
      if (on_time) ++g.patrol_finds_closed_on_time;
    }
    g.resolution_h_sum += resolution;
    g.sojourn_h_sum += sojourn;
    g.resolution_h.add(resolution);
  }
  /// Grid workers' hours that belong to one grid (its cases, duplicates, patrols and visits).
  void on(const StationWorked& s) {
    if (s.grid == kNoSlot) return;
    GridTally& g = tallies_[s.grid - first_grid_];
    const double h = model_.measured(s.from, s.to);
    if (s.kind == WorkKind::patrol) g.worker_patrol_h += h;
    else if (s.kind == WorkKind::visit) g.worker_visit_h += h;
    else if (s.kind == WorkKind::cases) g.worker_case_h += h;
  }

 private:
  GridTally& of(const Case& c) { return tallies_[c.grid - first_grid_]; }
  const CompiledModel& model_;
  std::uint32_t first_grid_;
  std::vector<GridTally> tallies_;
};

}  // namespace govgrid
