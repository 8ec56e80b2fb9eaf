// Observer: each station's rostered, overtime and pushed-down hours and its pushed-down task
// counts over the measured part; at the end, grid-worker hours not tied to one grid are
// shared evenly among the grids the station covers.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "engine/model/compiled_model.h"
#include "engine/model/signals.h"
#include "engine/metrics/accumulators.h"

namespace govgrid {

class StationLoad {
 public:
  /// World stations [first, last) of one process.
  StationLoad(const CompiledModel& model, std::uint32_t first, std::uint32_t last)
      : model_(model), first_(first), load_(last - first) {}

  void on(const StationScheduled& s) { load_[s.station].scheduled_h += s.servers * model_.measured(s.from, s.to); }
  void on(const StationOvertime& s) { load_[s.station].overtime_h += model_.measured(s.from, s.to); }
  void on(const StationWorked& s) {
    const double h = model_.measured(s.from, s.to);
    switch (s.kind) {
      case WorkKind::pushed_down: load_[s.station].pushed_down_h += h; break;
      case WorkKind::cases: load_[s.station].case_h += h; break;
      case WorkKind::patrol: load_[s.station].patrol_h += h; break;
      case WorkKind::visit: load_[s.station].visit_h += h; break;
    }
  }
  /// This process's stations, into `out` (indexed by world station).
  void copy_into(std::vector<StationTally>& out) const {
    std::copy(load_.begin(), load_.end(), out.begin() + first_);
  }

  void on(const TaskArrived& s) {
    if (s.t < model_.warmup_h) return;
    Load& l = load_[s.station];
    ++l.tasks_arrived;
    if (s.refused) {
      ++l.tasks_refused;
      l.refused_h += s.refused_h;
    } else {
      l.paid_h += s.paid_h;
    }
  }

  void on(const TaskDone& s) {
    if (s.t < model_.warmup_h) return;
    Load& l = load_[s.station];
    ++l.tasks_done;
    if (s.late) ++l.tasks_late;
    if (s.late && s.inspected) ++l.tasks_penalised;
  }

  /// Adds grid-worker stations' hours into `tallies` (indexed from world grid `first_grid`),
  /// and each community office's pushed-down hours shared evenly among its grids.
  void share_into(std::vector<GridTally>& tallies, std::uint32_t first_grid) const {
    for (std::uint32_t s = 0; s < load_.size(); ++s) {
      const StationInfo& info = model_.world.stations[first_ + s];
      const Load& l = load_[s];
      if (info.kind == StationInfo::Kind::community) {
        const World::Community& community = model_.world.communities[info.owner];
        for (std::uint32_t g = community.first_grid; g < community.first_grid + community.grid_count; ++g) {
          GridTally& tally = tallies[g - first_grid];
          tally.community_offices += 1.0 / community.grid_count;
          tally.office_pushed_down_h += l.pushed_down_h / community.grid_count;
          tally.paid_task_h += l.paid_h / community.grid_count;  // paid help with the office's tasks
        }
        continue;
      }
      if (info.kind != StationInfo::Kind::grid_workers) continue;
      const double share = 1.0 / info.grid_count;
      for (std::uint32_t g = info.first_grid; g < info.first_grid + info.grid_count; ++g) {
        GridTally& tally = tallies[g - first_grid];
        tally.worker_count += model_.world.grids[g].workers;
        tally.worker_scheduled_h += l.scheduled_h * share;
        tally.worker_overtime_h += l.overtime_h * share;
        tally.worker_pushed_down_h += l.pushed_down_h * share;
        tally.pushed_down_tasks_arrived += l.tasks_arrived * share;
        tally.pushed_down_tasks_refused += l.tasks_refused * share;
        tally.refused_task_h += l.refused_h * share;
        tally.paid_task_h += l.paid_h * share;
        tally.tasks_done += l.tasks_done * share;
        tally.tasks_late += l.tasks_late * share;
        tally.tasks_penalised += l.tasks_penalised * share;
      }
    }
  }

 private:
  using Load = StationTally;
  const CompiledModel& model_;
  std::uint32_t first_;
  std::vector<Load> load_;
};

}  // namespace govgrid
