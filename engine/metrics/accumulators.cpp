#include "engine/metrics/accumulators.h"

#include <algorithm>
#include <limits>

namespace govgrid {

double DurationHistogram::quantile(double q) const {
  const std::uint64_t total = this->total();
  if (total == 0) return std::numeric_limits<double>::quiet_NaN();
  q = std::clamp(q, 0.0, 1.0);
  // The rank as a continuous position in [0, total]: a bin holding c samples covers the
  // ranks (before, before + c], and inside it the samples are taken as log-uniform.
  const double rank = q * static_cast<double>(total);
  std::uint64_t before = 0;
  for (int b = 0; b < kBins; ++b) {
    const std::uint32_t c = counts_[b];
    if (c == 0) continue;
    if (static_cast<double>(before + c) >= rank) {
      if (b == 0) return 0.0;
      // The overflow bin has no upper edge: report its lower edge (kMaxH).
      if (b == kBins - 1) return lower_edge(b);
      // Bin 1 also holds the rare values below kMinH; they are read as lying in [kMinH, edge 2).
      const double frac = std::clamp((rank - static_cast<double>(before)) / c, 0.0, 1.0);
      const double lo = lower_edge(b);
      const double hi = lower_edge(b + 1);
      return lo * std::pow(hi / lo, frac);
    }
    before += c;
  }
  // Only reached through rounding of rank at q = 1: the top of the last non-empty bin.
  for (int b = kBins - 1; b > 0; --b) {
    if (counts_[b] != 0) return b == kBins - 1 ? lower_edge(b) : lower_edge(b + 1);
  }
  return 0.0;
}

void GridTally::merge(const GridTally& o) {
  cases_created += o.cases_created;
  cases_closed += o.cases_closed;
  cases_resolved += o.cases_resolved;
  found_by_patrol += o.found_by_patrol;
  found_by_visit += o.found_by_visit;
  visible_found += o.visible_found;
  visible_found_by_patrol += o.visible_found_by_patrol;
  duplicate_reports += o.duplicate_reports;
  problems_arisen += o.problems_arisen;
  problems_grown += o.problems_grown;
  for (int l = 0; l < kLevelCount; ++l) resolved_at[l] += o.resolved_at[l];
  escalations += o.escalations;
  joint_cases += o.joint_cases;
  reopenings += o.reopenings;
  repeat_tickets += o.repeat_tickets;

  responded += o.responded;
  responded_on_time += o.responded_on_time;
  closed_on_time += o.closed_on_time;
  rated += o.rated;
  satisfied += o.satisfied;
  said_resolved += o.said_resolved;
  requests += o.requests;
  requests_responded_on_time += o.requests_responded_on_time;
  patrol_finds_closed += o.patrol_finds_closed;
  patrol_finds_closed_on_time += o.patrol_finds_closed_on_time;
  open_overdue += o.open_overdue;
  explained_unresolvable += o.explained_unresolvable;
  explained_below_need += o.explained_below_need;
  explained_after_bounces += o.explained_after_bounces;
  explained_under_load += o.explained_under_load;
  transfer_bounces += o.transfer_bounces;
  tickets_dispatched += o.tickets_dispatched;
  tickets_to_departments += o.tickets_to_departments;
  tickets_misdispatched += o.tickets_misdispatched;
  tickets_contacted_on_time += o.tickets_contacted_on_time;

  wait_h_sum += o.wait_h_sum;
  wait_samples += o.wait_samples;
  response_h_sum += o.response_h_sum;
  resolution_h_sum += o.resolution_h_sum;
  sojourn_h_sum += o.sojourn_h_sum;
  response_h.merge(o.response_h);
  resolution_h.merge(o.resolution_h);

  worker_count += o.worker_count;
  worker_scheduled_h += o.worker_scheduled_h;
  worker_overtime_h += o.worker_overtime_h;
  worker_case_h += o.worker_case_h;
  worker_pushed_down_h += o.worker_pushed_down_h;
  worker_patrol_h += o.worker_patrol_h;
  worker_visit_h += o.worker_visit_h;
  visits_due += o.visits_due;
  visits_made += o.visits_made;
  tasks_done += o.tasks_done;
  tasks_late += o.tasks_late;
  tasks_penalised += o.tasks_penalised;
  community_offices += o.community_offices;
  office_pushed_down_h += o.office_pushed_down_h;

  pushed_down_tasks_arrived += o.pushed_down_tasks_arrived;
  pushed_down_tasks_refused += o.pushed_down_tasks_refused;
  paid_task_h += o.paid_task_h;
  staff_cost_yuan += o.staff_cost_yuan;
  wage_cost_yuan += o.wage_cost_yuan;
  platform_cost_yuan += o.platform_cost_yuan;
  paid_help_cost_yuan += o.paid_help_cost_yuan;
  volunteer_cost_yuan += o.volunteer_cost_yuan;
  refused_task_cost_yuan += o.refused_task_cost_yuan;
  refused_task_h += o.refused_task_h;
  volunteer_h += o.volunteer_h;
  found_by_member += o.found_by_member;
  member_find_age_h_sum += o.member_find_age_h_sum;
  patrol_find_age_h_sum += o.patrol_find_age_h_sum;
  member_lead_n += o.member_lead_n;
  member_lead_h_sum += o.member_lead_h_sum;
  disputes_settled += o.disputes_settled;
  fixed_by_members += o.fixed_by_members;
  mediated_at_community += o.mediated_at_community;
  resolved_by_units += o.resolved_by_units;
  member_case_h += o.member_case_h;
  link_contact_h += o.link_contact_h;
  member_patrol_h += o.member_patrol_h;
  unit_h += o.unit_h;
  member_calls += o.member_calls;
  member_calls_answered += o.member_calls_answered;
  coordination_h += o.coordination_h;
  linked_households += o.linked_households;
  households += o.households;
  resolved_by_volunteers += o.resolved_by_volunteers;
  backlog_escalations += o.backlog_escalations;
  handled_away += o.handled_away;
  light_responded += o.light_responded;
  light_response_h_sum += o.light_response_h_sum;
  for (int l = 0; l < kLevelCount; ++l) resolution_h_sum_at[l] += o.resolution_h_sum_at[l];

  residents += o.residents;
  trust_sum += o.trust_sum;
}

}  // namespace govgrid
