#include "engine/model/departments.h"

namespace govgrid {

Departments::Departments(const CompiledModel& model, std::uint32_t index, std::uint32_t department, RngKey key,
                         Observers& observers)
    : model_(model),
      index_(index),
      first_department_process_(index - department),
      district_level_(model.world.departments[department].district != World::Department::kCity),
      key_(key),
      observers_(observers),
      stations_(model, model.world.first_department_station + department,
                model.world.first_department_station + department + 1, key, observers) {
  events_.reserve(1024);
  if (model.end_h > 0.0) events_.push(sim::kHoursPerDay, EventKind::day_end, 0, 0, kDayEndPriority);
  stations_.schedule_start(events_);
}

void Departments::advance_until(double bound) {
  while (!events_.empty() && events_.top().time < bound) {
    const sim::Event e = events_.pop();
    ++events_processed_;
    switch (static_cast<EventKind>(e.kind())) {
      case EventKind::day_end:
        if (e.time + sim::kHoursPerDay <= model_.end_h + 1e-9)
          events_.push(e.time + sim::kHoursPerDay, EventKind::day_end, 0, 0, kDayEndPriority);
        break;
      case EventKind::shift_start:
        stations_.start_shift(e.time, e.a, events_);
        stations_.start_jobs(e.time, e.a, *this);
        break;
      case EventKind::job_done: on_job_done(e.time, e.a, e.b); break;
      case EventKind::ticket_arrives: {
        Ticket& tk = tickets_[e.a];
        tk.enqueued_h = e.time;
        const std::uint32_t s = stations_.local(model_.world.first_department_station + tk.from.department);
        stations_.enqueue(e.time, s, JobKind::ticket, e.a, 1, *this);
        break;
      }
      default: break;  // street events never reach the departments
    }
  }
}

void Departments::deliver(const Message& m, double at) {
  const std::uint32_t t = sim::take_slot(tickets_, free_ticket_);
  tickets_[t].from = m;
  tickets_[t].refer = false;
  ++tickets_in_hand_;
  events_.push(at, EventKind::ticket_arrives, t);
}

double Departments::begin_job(double t, std::uint32_t s, const Job& job) {
  Ticket& tk = tickets_[job.ref];
  tk.from.wait_h += t - tk.enqueued_h;  // a referred ticket waited at its district's department too
  // The ticket's own stream: (problem, department, visit), independent of everything else.
  const std::uint32_t substream = static_cast<std::uint32_t>(tk.from.department) << 8 | tk.from.visit;
  const CategorySpec& cat = model_.spec.categories[tk.from.category];
  if (district_level_ && cat.city_share > 0.0) {
    // Beyond the district (市管设施, cross-district): assessed here, then referred to the city.
    // Its own stream (the top bit), so the work's draws below are as without a city level.
    CounterRng refer(key_, RngStream::ticket, tk.from.uid, substream | 0x80000000u);
    tk.refer = refer.uniform() < cat.city_share;
    if (tk.refer) {
      const double assess = refer.sample(model_.spec.city.referral_h);
      emit(observers_, StationWorked{s, WorkKind::cases, t, t + assess, kNoSlot});
      return assess;
    }
  }
  CounterRng rng(key_, RngStream::ticket, tk.from.uid, substream);
  const double duration = rng.sample(cat.service_h[3]);
  // Drawn after the work, so the work's draw is unchanged.
  const bool waits = rng.uniform() < cat.lead_share[3];
  tk.lead_h = waits ? rng.sample(cat.lead_h[3]) : 0.0;
  emit(observers_, StationWorked{s, WorkKind::cases, t, t + duration, kNoSlot});
  return duration;
}

void Departments::on_job_done(double t, std::uint32_t s, std::uint32_t slot) {
  const Job job = stations_.finish(s, slot);
  Ticket& tk = tickets_[job.ref];
  Message m = tk.from;
  if (tk.refer) {
    // On to the city department; it answers the street (the message keeps its source).
    m.department = static_cast<std::uint16_t>(model_.city_unit_of(m.category));
    m.target = first_department_process_ + m.department;
    m.time = t + model_.spec.platform.department_transfer_h;
  } else {
    m.time = t + model_.spec.platform.department_transfer_h + tk.lead_h;
    m.target = m.source;
    m.source = index_;
    m.kind = Message::Kind::ticket_done;
  }
  outbox_.push_back(m);
  sim::release_slot(tickets_, free_ticket_, job.ref);
  --tickets_in_hand_;
  stations_.resume(t, s, *this);
}

}  // namespace govgrid
