#include "engine/model/compiled_model.h"

#include <algorithm>
#include <cmath>

namespace govgrid {

CompiledModel::CompiledModel(const ScenarioSpec& s, const World& w)
    : spec(s),
      world(w),
      warmup_h(s.run.warmup_days * sim::kHoursPerDay),
      end_h(s.run.days * sim::kHoursPerDay),
      dispatch(make_policy<Dispatch>(s.policies.dispatch, s)),
      escalation(make_policy<Escalation>(s.policies.escalation, s)),
      task_intake(make_policy<TaskIntake>(s.policies.task_intake, s)),
      helpers(make_policy<Helpers>(s.policies.helpers, s)),
      job_ordering(make_policy<JobOrdering>(s.policies.job_priority, s)),
      ticket_dispatch(make_policy<TicketDispatchPolicy>(s.policies.ticket_dispatch, s)) {
  office_hours = s.street_centre.shift;
  office_h_per_week = office_hours.around_the_clock() ? sim::kHoursPerWeek : office_hours.hours * office_hours.days_per_week;
  const OutcomeSpec& o = s.outcomes;
  const bool on_answers = o.appraisal_basis == AppraisalBasis::requesters_answer;
  const double pressure = o.explain_per_pressure * o.ranking_pressure;
  explain_pressure_factor = on_answers ? std::max(0.0, 1.0 - pressure) : 1.0;
  explain_pressure_term = on_answers ? 0.0 : pressure;
  resolved_if_explained = o.resolved_if_explained +
                          (on_answers ? o.explanation_effort * o.ranking_pressure * (1.0 - o.resolved_if_explained) : 0.0);
  unmerged_systems = s.grid_networks.systems > 1 && !s.grid_networks.merged;
  // Unmerged, each system's walker looks for his own system's problems only.
  patrol_detect_rate_per_h = s.grid_workers.detect_rate_per_h / (unmerged_systems ? s.grid_networks.systems : 1);
  visits_enabled = s.grid_workers.visits.enabled();

  for (const auto& category : s.categories) {
    category_owners_begin_.push_back(static_cast<std::uint32_t>(category_owners_.size()));
  for (const auto& category : s.categories) {
    std::uint32_t unit = World::Department::kCity;  // none: the category never goes to the city
    for (std::uint32_t d = 0; d < s.city.departments.size(); ++d)
      if (category.city_share > 0.0 && s.city.departments[d].name == category.city_department)
        unit = w.first_city_department + d;
    city_unit_.push_back(unit);
  }
    for (const auto& name : category.departments)
      for (std::uint32_t d = 0; d < s.departments.size(); ++d)
        if (s.departments[d].name == name) category_owners_.push_back(d);
  }
  category_owners_begin_.push_back(static_cast<std::uint32_t>(category_owners_.size()));

  // Branches on an evenly spread, nested set of grids: grid g has one when the golden-ratio
  // sequence's g-th point lies below the coverage, so raising coverage only adds branches.
  const PartySpec& party = s.party;
  linked_households.assign(w.grids.size(), 0.0);
  has_branch.assign(w.grids.size(), 0);
  constexpr double kGoldenFraction = 0.6180339887498949;
  for (std::size_t g = 0; g < w.grids.size(); ++g) {
    const double point = std::fmod((static_cast<double>(g) + 0.5) * kGoldenFraction, 1.0);
    if (point >= party.branch_coverage) continue;
    has_branch[g] = 1;
    branches = true;
    const double households = w.grids[g].residents / s.grid_workers.visits.residents_per_household;
    linked_households[g] = std::min(households, party.members_per_branch * party.households_per_member);
  }
  notice_rate_per_h = party.contacts_per_week * party.notice_probability / sim::kHoursPerWeek;
  member_patrol_h_per_day.assign(w.grids.size(), 0.0);
  if (s.policies.helpers == HelperPolicy::double_report) {
    const DoubleReportSpec& d = party.double_report;
    const double per_community = d.members_per_community * d.hours_per_member_per_year * d.patrol_share *
                                 d.answer_share / sim::kDaysPerYear;
    for (std::size_t g = 0; g < w.grids.size(); ++g)
      member_patrol_h_per_day[g] = per_community / w.communities[w.grids[g].community].grid_count;
  }
  for (const auto& category : s.categories) mediation = mediation || category.mediable_share > 0.0;
  big_committee = party.big_committee.units_per_community > 0 && party.big_committee.hours_per_unit_per_year > 0.0;

  const DutyRotaPolicy rota = make_policy<DutyRotaPolicy>(s.policies.duty_rota, s);
  shifts_.reserve(w.stations.size());
  for (const StationInfo& info : w.stations)
    shifts_.push_back(info.kind == StationInfo::Kind::grid_workers
                          ? std::visit([&](const auto& r) { return r.grid_worker_shift(info.shift); }, rota)
                          : info.shift);
}

}  // namespace govgrid
