#include "engine/model/street.h"

#include "engine/sim/free_list.h"

namespace govgrid {

Street::Street(const CompiledModel& model, std::uint32_t index, std::uint32_t first_department_process, RngKey key,
               Observers& observers)
    : model_(model),
      index_(index),
      first_department_process_(first_department_process),
      street_(model.world.streets[index]),
      observers_(observers),
      // A street's stations are contiguous and end with its street centre (world.h).
      stations_(model, index == 0 ? 0 : model.world.streets[index - 1].station + 1, street_.station + 1, key, observers),
      residents_(model, street_),
      helpers_(model.helpers),
      flow_(*this, key),
      tasks_(*this) {
  for (const Station& st : stations_.all()) {
    const StationInfo& info = model.world.stations[st.global];
    std::visit([&](auto& h) { h.add_station(model.world, info); }, helpers_);
  }
  events_.reserve(1024);
  if (model.end_h > 0.0) events_.push(sim::kHoursPerDay, EventKind::day_end, 0, 0, kDayEndPriority);
  stations_.schedule_start(events_);
  tasks_.schedule_start();
  flow_.schedule_start();
}

void Street::advance_until(double bound) {
  while (!events_.empty() && events_.top().time < bound) {
    const sim::Event e = events_.pop();
    ++events_processed_;
    if (!events_.empty()) prefetch_for(events_.top());
    switch (static_cast<EventKind>(e.kind())) {
      case EventKind::day_end: on_day_end(e.time); break;
      case EventKind::problem_arises: flow_.on_problem_arises(e.time); break;
      case EventKind::resident_report: flow_.on_resident_report(e.time, e.a, e.b); break;
      case EventKind::case_arrives: flow_.on_case_arrives(e.time, e.a, e.b); break;
      case EventKind::feedback: flow_.on_feedback(e.time, e.a, e.b); break;
      case EventKind::shift_start:
        stations_.start_shift(e.time, e.a, events_);
        if (stations_[e.a].kind == StationInfo::Kind::grid_workers) flow_.plan_day(e.time, e.a);
        stations_.start_jobs(e.time, e.a, *this);
        break;
      case EventKind::pushed_down_task: tasks_.on_arrival(e.time, e.a); break;
      case EventKind::job_done: on_job_done(e.time, e.a, e.b); break;
      case EventKind::ticket_done: {
        const Message m = held_[e.a].message;
        sim::release_slot(held_, free_held_, e.a);
        flow_.on_ticket_done(e.time, m);
        break;
      }
      case EventKind::fix_done: flow_.on_fix_done(e.time, e.a, e.b); break;
      case EventKind::ticket_bounced: flow_.on_ticket_bounced(e.time, e.a, e.b); break;
      case EventKind::desk_contact: flow_.on_desk_contact(e.time, e.a, e.b); break;
      case EventKind::member_notice: flow_.on_member_notice(e.time, e.a, e.b); break;
      case EventKind::ticket_arrives: break;  // departments only
    }
  }
}

void Street::prefetch_for(const sim::Event& e) const {
  switch (static_cast<EventKind>(e.kind())) {
    case EventKind::job_done: stations_.prefetch(e.a, e.b); break;
    case EventKind::shift_start:
    case EventKind::pushed_down_task: stations_.prefetch(e.a); break;
    case EventKind::resident_report:
    case EventKind::case_arrives:
    case EventKind::feedback:
    case EventKind::fix_done:
    case EventKind::ticket_bounced:
    case EventKind::desk_contact:
    case EventKind::member_notice: flow_.prefetch_case(e.a); break;
    case EventKind::day_end:
    case EventKind::problem_arises:
    case EventKind::ticket_arrives:
    case EventKind::ticket_done: break;
  }
}

void Street::deliver(const Message& m, double at) {
  const std::uint32_t held = sim::take_slot(held_, free_held_);
  held_[held].message = m;
  events_.push(at, EventKind::ticket_done, held);
}

double Street::begin_job(double t, std::uint32_t s, Job& job) {
  switch (job.kind) {
    case JobKind::case_work: return flow_.begin_case_work(t, s, job);
    case JobKind::pushed_down: return tasks_.begin(t, s, job);
    case JobKind::patrol: return flow_.begin_patrol(t, s, job);
    case JobKind::visit: return flow_.begin_visit(t, s, job);
    case JobKind::owed: return flow_.begin_owed(t, s, job);
    case JobKind::duplicate: return flow_.begin_duplicate(t, s, job);
    case JobKind::coordination:
      // Office time on calling members: the office's casework, not one grid's.
      emit(observers_, StationWorked{s, WorkKind::cases, t, t + job.duration_h, kNoSlot});
      return job.duration_h;
    case JobKind::ticket: break;  // departments only
  }
  return 0.0;
}

void Street::on_job_done(double t, std::uint32_t s, std::uint32_t slot) {
  const Job job = stations_.finish(s, slot);
  switch (job.kind) {
    case JobKind::case_work: flow_.end_case_work(t, s, job.ref); break;
    case JobKind::patrol: flow_.end_patrol(t, s, job); break;
    case JobKind::visit: flow_.end_visit(t, s, job.ref); break;
    case JobKind::pushed_down: tasks_.end(t, s, job); break;
    case JobKind::owed:  // nothing was owed after all
    case JobKind::duplicate:
    case JobKind::coordination:
    case JobKind::ticket: break;
  }
  stations_.resume(t, s, *this);
}

void Street::on_day_end(double t) {
  std::visit([&](auto& h) { h.day_end(t); }, helpers_);
  flow_.on_day_end(t);
  const double participation = std::visit([](const auto& h) { return h.participation(); }, helpers_);
  emit(observers_, DayEnded{t, flow_.open_count(), flow_.hidden_count(), false, participation});
  if (t + sim::kHoursPerDay <= model_.end_h + 1e-9)
    events_.push(t + sim::kHoursPerDay, EventKind::day_end, 0, 0, kDayEndPriority);
}

void Street::finish() {
  for (const Case& c : flow_.cases())
    if (c.state == CaseState::open) emit(observers_, CaseOpenAtEnd{model_.end_h, c});
  const double participation = std::visit([](const auto& h) { return h.participation(); }, helpers_);
  emit(observers_, DayEnded{model_.end_h, flow_.open_count(), flow_.hidden_count(), true, participation});
}

std::uint64_t Street::cases_open_located() const {
  // Each open case is in exactly one place: a queue, a running job, a pending hand-over,
  // feedback or helper event, or out at departments. Count each place, not the counter.
  std::uint64_t located = stations_.case_jobs() + flow_.open_at_departments();
  const auto& cases = flow_.cases();
  events_.for_each([&](const sim::Event& e) {
    const auto kind = static_cast<EventKind>(e.kind());
    // (A bounced transfer on its way back is still at departments: departments_pending > 0.)
    if (kind == EventKind::case_arrives || kind == EventKind::feedback || kind == EventKind::fix_done)
      located += cases[e.a].serial == e.b && cases[e.a].state == CaseState::open;
  });
  return located;
}

}  // namespace govgrid
