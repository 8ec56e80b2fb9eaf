// Job ordering policies: how staff order their work at a station — residents' cases, pushed-down
// tasks, patrols and household visits. Chosen by `policies.job_priority`. Lower classes go first;
// within a class, in arrival order, or by due time where the rank says so.
//
// Proactive work (patrol walks, household visits) is planned at shift start: the protected share
// of it is queued first (kProtectedClass), the rest is owed and waits behind everything else
// (kDeferredClass, done in idle time and never in overtime).
#pragma once

#include "govgrid/scenario_spec.h"

namespace govgrid {

/// Where a job goes in a station's queue: its class (lower first) and whether it is ordered by
/// its due time within the class (earliest deadline first) rather than by arrival.
struct QueueRank {
  int klass = 1;
  bool by_due = false;
};

inline constexpr int kProtectedClass = 0;  ///< proactive work queued first at shift start
inline constexpr int kDeferredClass = 3;   ///< proactive work owed: idle time only

struct CasesFirst {
  static constexpr const char* name = "cases_first";
  explicit CasesFirst(const ScenarioSpec&) {}
  QueueRank case_rank(bool /*request*/) const { return {1}; }
  QueueRank task_rank(bool /*inspected*/) const { return {2}; }
  /// Tasks at a community office (its own, and those refused by grid workers): after its cases.
  QueueRank office_task_rank(bool /*inspected*/) const { return {2}; }
  /// Shares of the day's patrol walks and household visits done first at shift start.
  double protected_patrol_share() const { return 1.0; }
  double protected_visit_share() const { return 0.0; }
};

struct PushedDownFirst {
  static constexpr const char* name = "pushed_down_first";
  explicit PushedDownFirst(const ScenarioSpec&) {}
  QueueRank case_rank(bool) const { return {2}; }
  QueueRank task_rank(bool) const { return {1}; }
  QueueRank office_task_rank(bool) const { return {2}; }  // level with the office's cases
  double protected_patrol_share() const { return 1.0; }
  double protected_visit_share() const { return 0.0; }
};

/// One class: whatever arrived first.
struct Fifo {
  static constexpr const char* name = "fifo";
  explicit Fifo(const ScenarioSpec&) {}
  QueueRank case_rank(bool) const { return {1}; }
  QueueRank task_rank(bool) const { return {1}; }
  QueueRank office_task_rank(bool) const { return {2}; }
  double protected_patrol_share() const { return 1.0; }
  double protected_visit_share() const { return 0.0; }
};

/// 考核 decides what comes next: what the appraisal ranks — residents' requests (the three
/// rates) and pushed-down tasks whose completion is inspected — goes first, earliest deadline
/// first; unranked work (cases found proactively, uninspected tasks) by deadline after it; and
/// a share outcomes.ranking_pressure of the day's patrols and visits waits behind both, so under
/// load pressure crowds out proactive work (PARAMETERS §7.8 ranking-pressure lever).
struct ByAppraisal {
  static constexpr const char* name = "by_appraisal";
  explicit ByAppraisal(const ScenarioSpec& spec) : pressure(spec.outcomes.ranking_pressure) {}
  QueueRank case_rank(bool request) const { return {request ? 1 : 2, true}; }
  QueueRank task_rank(bool inspected) const { return {inspected ? 1 : 2, true}; }
  QueueRank office_task_rank(bool inspected) const { return task_rank(inspected); }
  double protected_patrol_share() const { return 1.0 - pressure; }
  double protected_visit_share() const { return 1.0 - pressure; }
  double pressure = 0.0;
};

}  // namespace govgrid
