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

  /// Pushed-down tasks per grid worker per week, all kinds together.
  double pushed_down_tasks_per_worker_week = 0.0;
  /// Several grid systems not merged (多网合一 undone): misrouting, split patrols, extra trails.
  bool unmerged_systems = false;
  /// Chance that one patrol walk finds a visible hidden problem (split between systems).
  double patrol_detect_probability = 0.0;

  /// Each category's owning departments (indices into spec.departments, lead first).
  std::span<const std::uint32_t> owners_of(std::uint16_t category) const {
    return {category_owners_.data() + category_owners_begin_[category],
            category_owners_.data() + category_owners_begin_[category + 1u]};
  }
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
  std::vector<ShiftSpec> shifts_;
};

}  // namespace govgrid
