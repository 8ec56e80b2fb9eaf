#include "engine/metrics/observers.h"

namespace govgrid {

template <class Signal>
void emit(Observers& observers, const Signal& signal) {
  observers.on_signal(signal);
}

// One instantiation per signal of engine/model/signals.h.
template void emit(Observers&, const ProblemArose&);
template void emit(Observers&, const CaseFound&);
template void emit(Observers&, const SettledByMember&);
template void emit(Observers&, const MembersCalled&);
template void emit(Observers&, const CaseResponded&);
template void emit(Observers&, const CaseWaited&);
template void emit(Observers&, const CaseAccepted&);
template void emit(Observers&, const CaseEscalated&);
template void emit(Observers&, const TicketSent&);
template void emit(Observers&, const TicketDone&);
template void emit(Observers&, const TicketBounced&);
template void emit(Observers&, const TicketDispatched&);
template void emit(Observers&, const CaseResolved&);
template void emit(Observers&, const CaseHandledAway&);
template void emit(Observers&, const CaseJoint&);
template void emit(Observers&, const DuplicateReport&);
template void emit(Observers&, const CaseRated&);
template void emit(Observers&, const CaseReopened&);
template void emit(Observers&, const CaseClosed&);
template void emit(Observers&, const CaseOpenAtEnd&);
template void emit(Observers&, const StationWorked&);
template void emit(Observers&, const StationOvertime&);
template void emit(Observers&, const StationScheduled&);
template void emit(Observers&, const TaskArrived&);
template void emit(Observers&, const TaskDone&);
template void emit(Observers&, const VisitsDue&);
template void emit(Observers&, const HouseholdVisited&);
template void emit(Observers&, const DayEnded&);

void add_staff_cost(const CompiledModel& model, std::vector<GridTally>& tallies, std::uint32_t first_grid) {
  const World& world = model.world;
  const ScenarioSpec& spec = model.spec;
  const double years = (model.end_h - model.warmup_h) / sim::kHoursPerYear;
  // A district's departments are shared by its residents, the city's by everyone.
  std::vector<double> district_department_wages(world.districts.size(), 0.0);
  double city_department_wages = 0.0;
  for (std::uint32_t s = world.first_department_station; s < world.stations.size(); ++s) {
    const double wages = world.stations[s].servers * world.stations[s].wage_per_year;
    const std::uint32_t district = world.departments[world.stations[s].owner].district;
    (district == World::Department::kCity ? city_department_wages : district_department_wages[district]) += wages;
  }
  // A community office hour, at its staff's wage over their rostered hours in a year.
  const ShiftSpec& office_shift = spec.community_staff.shift;
  const double office_hourly_wage =
      spec.community_staff.wage_per_year / (office_shift.hours * office_shift.days_per_week * 52.0);
  const auto office_wages = [&](std::uint32_t station) {
    return world.stations[station].servers * world.stations[station].wage_per_year;
  };
  for (std::uint32_t g = 0; g < tallies.size(); ++g) {
    const World::Grid& grid = world.grids[first_grid + g];
    const World::Community& community = world.communities[grid.community];
    const World::Street& street = world.streets[grid.street];
    const double wages = grid.workers * spec.grid_workers.wage_per_year +
                         office_wages(community.station) / community.grid_count +
                         office_wages(street.station) / street.grid_count +
                         district_department_wages[street.district] * grid.residents /
                             static_cast<double>(world.districts[street.district].resident_count) +
                         city_department_wages * grid.residents / static_cast<double>(world.resident_count());
    GridTally& t = tallies[g];
    t.wage_cost_yuan = wages * years;
    t.paid_help_cost_yuan = t.paid_task_h * spec.remedies.paid_hour_wage;
    t.staff_cost_yuan = t.wage_cost_yuan + t.paid_help_cost_yuan;
    // Party members linked to the grid's households: their contacts over the measured weeks.
    t.households = grid.residents / spec.grid_workers.visits.residents_per_household;
    t.linked_households = model.linked_households[first_grid + g];
    t.link_contact_h = t.linked_households * spec.party.contacts_per_week * spec.party.contact_h * years * 365.0 / 7.0;
    // Members are not paid: each hour they are called out for costs the coordination, insurance
    // and meals. Contact with linked households is neighbourly time and costs the district nothing.
    t.member_patrol_h = model.member_patrol_h_per_day[first_grid + g] * years * 365.0;
    t.volunteer_cost_yuan = (t.volunteer_h + t.member_case_h + t.member_patrol_h) * spec.remedies.volunteer_hour_cost;
    t.platform_cost_yuan =
        spec.platform.running_cost_per_year * years * grid.residents / static_cast<double>(world.resident_count());
    t.refused_task_cost_yuan = t.refused_task_h * office_hourly_wage;
  }
}

}  // namespace govgrid
