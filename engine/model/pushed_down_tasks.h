// Pushed-down tasks (下派事务, 小马拉大车): forms, inspections, meetings and app check-ins
// arriving at grid-worker stations as a Poisson stream per worker. The task intake policy
// may refuse a task (it goes back to the community office); paid help that comes with the
// task (费随事转) takes its share of the hours; fewer forms shorten every task.
#pragma once

#include <cstdint>

#include "engine/model/stations.h"

namespace govgrid {

class Street;

class PushedDownTasks {
 public:
  explicit PushedDownTasks(Street& street) : street_(street) {}
  /// A task arrives at local grid-worker station `s`; schedules the next one.
  void on_arrival(double t, std::uint32_t s);
  /// Starts a pushed-down job: its hours were drawn on arrival.
  double begin(double t, std::uint32_t s, const Job& job);

 private:
  Street& street_;
};

}  // namespace govgrid
