// Task intake policies: what grid workers do with a pushed-down task (下派事务). Chosen by
// `policies.task_intake`. Paid help that comes with a task (费随事转,
// remedies.resources_follow_tasks) applies under either.
#pragma once

#include "govgrid/scenario_spec.h"

namespace govgrid {

/// Every task is done by the grid workers.
struct AcceptAll {
  static constexpr const char* name = "accept_all";
  explicit AcceptAll(const ScenarioSpec&) {}
  bool refuses(const PushedDownTaskSpec&) const { return false; }
};

/// 权责清单 / 减负: a task whose kind is not on the list is refused and goes back to the
/// community office, which then does it itself.
struct ResponsibilityList {
  static constexpr const char* name = "responsibility_list";
  explicit ResponsibilityList(const ScenarioSpec&) {}
  bool refuses(const PushedDownTaskSpec& task) const { return !task.on_responsibility_list; }
};

}  // namespace govgrid
