// The compiled model (FLAME GPU's immutable model description): the scenario turned, once per
// run, into what the processes read on their hot paths: names resolved to indices, lever
// settings turned into chosen policy alternatives and plain values, shifts after the duty
// rota. Built after the World and shared read-only by every replication and thread; both
// `spec` and `world` must outlive it.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/model/policies/registry.h"
#include "engine/model/world.h"
#include "engine/sim/time.h"
#include "govgrid/scenario_spec.h"

namespace govgrid {

struct CompiledModel {
  const ScenarioSpec& spec;
  const World& world;

  double warmup_h = 0.0;  ///< cases found before this are simulated but not measured
  double end_h = 0.0;     ///< the horizon

  // Policies (the initial state of each; a process copies those that keep state).
  Dispatch dispatch;
  Escalation escalation;
  TaskIntake task_intake;
  Helpers helpers;
  JobOrdering job_ordering;
  TicketDispatchPolicy ticket_dispatch;

  /// The hours pushed-down tasks are issued in (the street centre's shift stands for the upper
  /// levels' office hours); their arrival streams run on this clock (office_hours.h).
  ShiftSpec office_hours;
  double office_h_per_week = 0.0;
  /// Several grid systems not merged (多网合一 undone): misrouting, split patrols, extra trails.
  bool unmerged_systems = false;
  /// Patrol detection rate per walk hour at full visibility (split between systems).
  double patrol_detect_rate_per_h = 0.0;
  /// Household visits (走访) are made: problems no patrol can see are kept findable.
  bool visits_enabled = false;

  /// Party organisation (docs/model.md section 8.5), per world grid: the households its branch's
  /// members link (党员联户), 0 on a grid without a branch.
  std::vector<double> linked_households;
  std::vector<std::uint8_t> has_branch;
  /// Some grid has a branch; some category is mediable; communities have 大党委 units.
  bool branches = false, mediation = false, big_committee = false;
  /// Contacts per hour that bring a linked household's hidden problem to light.
  double notice_rate_per_h = 0.0;
  /// Per world grid: 双报到 members' hours of volunteer patrol a day (their community's planned
  /// patrol hours that members turn up for, shared by its grids); 0 without double_report.
  std::vector<double> member_patrol_h_per_day;

  /// Tasks of `task` per week landing at `station`: per grid (its grids), per community office
  /// (a community office station), or per worker (its workers).
  double task_rate_per_week(const PushedDownTaskSpec& task, const StationInfo& station) const {
    switch (task.per) {
      case TaskUnit::grid:
        return station.kind == StationInfo::Kind::grid_workers ? task.rate_per_week * station.grid_count : 0.0;
      case TaskUnit::worker:
        return station.kind == StationInfo::Kind::grid_workers ? task.rate_per_week * station.servers : 0.0;
      case TaskUnit::community_office:
        return station.kind == StationInfo::Kind::community ? task.rate_per_week : 0.0;
    }
    return 0.0;
  }
  /// All kinds landing at `station`, per office hour.
  double pushed_down_tasks_per_office_h(const StationInfo& station) const {
    double per_week = 0.0;
    for (const auto& task : spec.pushed_down_tasks) per_week += task_rate_per_week(task, station);
    return office_h_per_week > 0.0 ? per_week / office_h_per_week : 0.0;
  }

  /// How ranking pressure moves the chance of closing by explanation, p = (explain_base +
  /// backlog term) × explain_pressure_factor + explain_pressure_term. Ranked on closures, an
  /// explanation closes a case as well as a fix: pressure adds explain_per_pressure × pressure.
  /// Ranked on the requesters' answers it counts against the handler: pressure scales the chance
  /// down by that share, so a full queue still pushes handlers to explain (小马拉大车).
  double explain_pressure_factor = 1.0;
  double explain_pressure_term = 0.0;
  /// Chance a requester says "resolved" after an explanation: resolved_if_explained, raised by
  /// the units' explanation effort (做工作) when ranked on the requesters' answers.
  double resolved_if_explained = 0.0;

  /// Each category's owning departments (indices into spec.departments, lead first).
  std::span<const std::uint32_t> owners_of(std::uint16_t category) const {
    return {category_owners_.data() + category_owners_begin_[category],
            category_owners_.data() + category_owners_begin_[category + 1u]};
  }
  /// The department unit (World::departments) of district `district`'s copy of spec department
  /// `department`.
  std::uint32_t district_unit(std::uint32_t district, std::uint32_t department) const {
    return world.districts[district].first_department + department;
  }
  /// The city department unit a category's referred tickets go to; World::Department::kCity
  /// when the category is never referred (city_share 0).
  std::uint32_t city_unit_of(std::uint16_t category) const { return city_unit_[category]; }
  /// The shift of world station `station`, after the duty rota.
  const ShiftSpec& shift_of(std::uint32_t station) const { return shifts_[station]; }

  /// Measured part of [from, to): clipped to [warmup_h, end_h).
  double measured(double from, double to) const {
    const double lo = from > warmup_h ? from : warmup_h, hi = to < end_h ? to : end_h;
    return hi > lo ? hi - lo : 0.0;
  }

  /// Precondition: `spec` validated and `world` built from it.
  CompiledModel(const ScenarioSpec& spec, const World& world);

 private:
  std::vector<std::uint32_t> category_owners_, category_owners_begin_;
  std::vector<std::uint32_t> city_unit_;
  std::vector<ShiftSpec> shifts_;
};

}  // namespace govgrid
