// Pushed-down tasks (下派事务, 小马拉大车): forms, inspections, ledgers, meetings and app
// check-ins arriving in office hours, per grid (at the grid's worker station whatever its
// headcount), per community office, or per grid worker. Each has a deadline and may be
// inspected (a late inspected task is a penalty). The task intake policy may refuse a grid
// worker's task (it goes back to the community office); paid help that comes with the task
// (费随事转) takes its share of the hours; fewer forms shorten every task.
#pragma once

#include <cstdint>

#include "engine/model/stations.h"

namespace govgrid {

class Street;

class PushedDownTasks {
 public:
  explicit PushedDownTasks(Street& street) : street_(street) {}
  /// Schedules each station's first task.
  void schedule_start();
  /// A task arrives at local station `s` (grid workers or a community office); schedules the next one.
  void on_arrival(double t, std::uint32_t s);
  /// Starts a pushed-down job: its hours were drawn on arrival.
  double begin(double t, std::uint32_t s, const Job& job);
  /// A pushed-down job ended: on time or late against its deadline.
  void end(double t, std::uint32_t s, const Job& job);

 private:
  /// The next arrival at `s` after `t`, on the office-hours clock.
  void schedule_next(double t, std::uint32_t s);
  Street& street_;
};

}  // namespace govgrid
