#include "engine/model/pushed_down_tasks.h"

#include "engine/model/street.h"

namespace govgrid {

void PushedDownTasks::on_arrival(double t, std::uint32_t s) {
  Street& street = street_;
  const CompiledModel& model = street.model_;
  const ScenarioSpec& spec = model.spec;
  Station& st = street.stations_[s];
  street.events_.push(t + st.rng.exponential(1.0 / st.pushed_down_rate_per_h), EventKind::pushed_down_task, s);
  double u = st.rng.uniform() * (st.pushed_down_rate_per_h * sim::kDaysPerWeek * sim::kHoursPerDay / st.servers);
  std::uint32_t kind = 0;
  for (; kind + 1 < spec.pushed_down_tasks.size(); ++kind) {
    u -= spec.pushed_down_tasks[kind].rate_per_worker_per_week;
    if (u < 0.0) break;
  }
  const int priority_class = std::visit([](const auto& o) { return o.pushed_down_class(); }, model.job_ordering);
  const PushedDownTaskSpec& task = spec.pushed_down_tasks[kind];
  const RemediesSpec& remedies = spec.remedies;
  const double hours = st.rng.sample(task.duration_h) * remedies.pushed_down_duration_factor;
  if (std::visit([&](const auto& p) { return p.refuses(task); }, model.task_intake)) {
    // Refused: the office that sent it down does it itself.
    emit(street.observers_, TaskArrived{t, s, true, 0.0});
    const World& world = model.world;
    const auto& info = world.stations[st.global];
    const std::uint32_t office = street.stations_.local(world.communities[world.grids[info.first_grid].community].station);
    street.stations_.enqueue(t, office, JobKind::pushed_down, kind, kRefusedTaskClass, street, hours);
    return;
  }
  const double paid = hours * remedies.resources_follow_tasks;
  emit(street.observers_, TaskArrived{t, s, false, paid});
  if (hours - paid > 0.0) street.stations_.enqueue(t, s, JobKind::pushed_down, kind, priority_class, street, hours - paid);
}

double PushedDownTasks::begin(double t, std::uint32_t s, const Job& job) {
  emit(street_.observers_, StationWorked{s, WorkKind::pushed_down, t, t + job.duration_h, kNoSlot});
  return job.duration_h;
}

}  // namespace govgrid
