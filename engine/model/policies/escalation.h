// Escalation policies: when a new grid case goes up a level besides when the grid cannot
// resolve it. Chosen by `policies.escalation`.
#pragma once

#include "govgrid/scenario_spec.h"

namespace govgrid {

/// Only when the level cannot resolve it.
struct ByNeed {
  static constexpr const char* name = "by_need";
  explicit ByNeed(const ScenarioSpec&) {}
  bool straight_up(int) const { return false; }
};

/// Also when the grid's case backlog is at or above remedies.escalation_backlog_threshold:
/// the case goes straight to the community office.
struct BacklogThreshold {
  static constexpr const char* name = "backlog_threshold";
  int threshold;
  explicit BacklogThreshold(const ScenarioSpec& spec) : threshold(spec.remedies.escalation_backlog_threshold) {}
  bool straight_up(int grid_backlog) const { return grid_backlog >= threshold; }
};

}  // namespace govgrid
