#include "engine/model/pushed_down_tasks.h"

#include "engine/model/office_hours.h"
#include "engine/model/street.h"

namespace govgrid {
namespace {

QueueRank office_task_rank(const CompiledModel& model, bool inspected) {
  return std::visit([&](const auto& o) { return o.office_task_rank(inspected); }, model.job_ordering);
}

}  // namespace

void PushedDownTasks::schedule_start() {
  for (std::uint32_t s = 0; s < street_.stations_.size(); ++s)
    if (street_.stations_[s].pushed_down_rate_per_h > 0.0) schedule_next(0.0, s);
}

void PushedDownTasks::schedule_next(double t, std::uint32_t s) {
  Station& st = street_.stations_[s];
  const CompiledModel& model = street_.model_;
  const double gap_office_h = st.task_rng.exponential(1.0 / st.pushed_down_rate_per_h);
  const double next = after_office_time(t, gap_office_h, model.office_hours);
  if (next < model.end_h) street_.events_.push(next, EventKind::pushed_down_task, s);
}

void PushedDownTasks::on_arrival(double t, std::uint32_t s) {
  Street& street = street_;
  const CompiledModel& model = street.model_;
  const ScenarioSpec& spec = model.spec;
  const World& world = model.world;
  Station& st = street.stations_[s];
  const StationInfo& info = world.stations[st.global];
  schedule_next(t, s);
  // The kind, in proportion to the kinds' rates landing here.
  double u = st.task_rng.uniform() * st.pushed_down_rate_per_h * model.office_h_per_week;
  std::uint32_t kind = 0, last = 0;
  for (std::uint32_t k = 0; k < spec.pushed_down_tasks.size(); ++k) {
    const double w = model.task_rate_per_week(spec.pushed_down_tasks[k], info);
    if (w <= 0.0) continue;
    last = kind = k;
    u -= w;
    if (u < 0.0) break;
  }
  kind = u < 0.0 ? kind : last;
  const PushedDownTaskSpec& task = spec.pushed_down_tasks[kind];
  const RemediesSpec& remedies = spec.remedies;
  // Drawn whatever happens to the task, so a lever never shifts the stream.
  const double hours = st.task_rng.sample(task.duration_h) * remedies.pushed_down_duration_factor;
  const bool inspected = st.task_rng.bernoulli(task.inspection_share);
  const double due = t + task.deadline_h;
  const double paid = hours * remedies.resources_follow_tasks;

  if (info.kind == StationInfo::Kind::community) {
    // The community office's own ledgers and reports.
    emit(street.observers_, TaskArrived{t, s, false, paid});
    if (hours - paid > 0.0)
      street.stations_.enqueue(t, s, JobKind::pushed_down, kind, office_task_rank(model, inspected), street,
                               hours - paid, due, inspected);
    else
      emit(street.observers_, TaskDone{t, s, false, inspected});
    return;
  }
  if (std::visit([&](const auto& p) { return p.refuses(task); }, model.task_intake)) {
    // Refused: the office that sent it down does it itself.
    emit(street.observers_, TaskArrived{t, s, true, 0.0, hours});
    const std::uint32_t office = street.stations_.local(world.communities[world.grids[info.first_grid].community].station);
    street.stations_.enqueue(t, office, JobKind::pushed_down, kind, office_task_rank(model, inspected), street, hours,
                             due, inspected);
    return;
  }
  emit(street.observers_, TaskArrived{t, s, false, paid});
  const QueueRank r = std::visit([&](const auto& o) { return o.task_rank(inspected); }, model.job_ordering);
  if (hours - paid > 0.0) street.stations_.enqueue(t, s, JobKind::pushed_down, kind, r, street, hours - paid, due, inspected);
  else emit(street.observers_, TaskDone{t, s, false, inspected});
}

double PushedDownTasks::begin(double t, std::uint32_t s, const Job& job) {
  emit(street_.observers_, StationWorked{s, WorkKind::pushed_down, t, t + job.duration_h, kNoSlot});
  return job.duration_h;
}

void PushedDownTasks::end(double t, std::uint32_t s, const Job& job) {
  emit(street_.observers_, TaskDone{t, s, t > job.due_h, job.inspected});
}

}  // namespace govgrid
