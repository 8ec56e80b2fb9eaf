// Job ordering policies: how grid workers order residents' cases against pushed-down tasks
// (patrols go first at shift start under every rule). Chosen by `policies.job_priority`.
// Lower classes go first; equal classes in arrival order.
#pragma once

#include "govgrid/scenario_spec.h"

namespace govgrid {

struct CasesFirst {
  static constexpr const char* name = "cases_first";
  explicit CasesFirst(const ScenarioSpec&) {}
  int case_class() const { return 1; }
  int pushed_down_class() const { return 2; }
};

struct PushedDownFirst {
  static constexpr const char* name = "pushed_down_first";
  explicit PushedDownFirst(const ScenarioSpec&) {}
  int case_class() const { return 2; }
  int pushed_down_class() const { return 1; }
};

/// One class: whatever arrived first.
struct Fifo {
  static constexpr const char* name = "fifo";
  explicit Fifo(const ScenarioSpec&) {}
  int case_class() const { return 1; }
  int pushed_down_class() const { return 1; }
};

}  // namespace govgrid
