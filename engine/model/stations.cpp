#include "engine/model/stations.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace govgrid {
namespace {
struct JobAfter {
  bool operator()(const Job& x, const Job& y) const { return x.key > y.key; }
};
}  // namespace

Stations::Stations(const CompiledModel& model, std::uint32_t first, std::uint32_t last, RngKey key,
                   Observers& observers)
    : model_(model), observers_(observers), first_(first) {
  for (std::uint32_t g = first; g < last; ++g) {
    const StationInfo& info = model.world.stations[g];
    const ShiftSpec& shift = model.shift_of(g);
    Station st;
    st.global = g;
    st.kind = info.kind;
    st.servers = info.servers;
    st.always_on = shift.around_the_clock();
    st.shift_end_h = st.always_on ? std::numeric_limits<double>::infinity() : 0.0;
    st.max_overtime_h = shift.max_overtime_h_per_day;
    // Idle servers are taken last-freed first, server 0 first of all.
    st.first_running = static_cast<std::uint32_t>(running_.size());
    st.free_server = info.servers > 0 ? 0 : sim::kNone;
    for (int k = 0; k < info.servers; ++k)
      running_.push_back({Job{}, 0.0, k + 1 < info.servers ? static_cast<std::uint32_t>(k + 1) : sim::kNone});
    st.queue.reserve(64);
    st.rng = CounterRng(key, RngStream::station, g);
    st.task_rng = CounterRng(key, RngStream::station, g, 1);
    st.pushed_down_rate_per_h = model.pushed_down_tasks_per_office_h(info);
    stations_.push_back(std::move(st));
  }
}

void Stations::schedule_start(sim::EventQueue& events) {
  for (std::uint32_t s = 0; s < stations_.size(); ++s) {
    Station& st = stations_[s];
    if (st.always_on) {
      emit(observers_, StationScheduled{s, st.servers, 0.0, model_.end_h});
    } else {
      const double first = next_shift_start(model_.shift_of(st.global), -1e-9);
      if (first < model_.end_h) events.push(first, EventKind::shift_start, s);
    }
  }
}

void Stations::push(Station& st, JobKind kind, std::uint32_t ref, QueueRank rank, double duration_h, double due_h,
                    bool inspected) {
  std::uint64_t key = std::uint64_t(rank.klass) << 56;
  if (rank.by_due) {
    // Earliest deadline first; the sequence (mod 2^22) only breaks ties within 1/16 h.
    constexpr double kMaxDue = double((std::uint64_t{1} << 34) - 1);
    const double due = std::min(std::max(due_h, 0.0) * 16.0, kMaxDue);
    key |= (static_cast<std::uint64_t>(due) << 22) | (job_sequence_++ & ((std::uint64_t{1} << 22) - 1));
  } else {
    key |= job_sequence_++ & ((std::uint64_t{1} << 56) - 1);
  }
  Job job;
  job.key = key;
  job.due_h = due_h;
  job.ref = ref;
  job.duration_h = static_cast<float>(duration_h);
  job.kind = kind;
  job.inspected = inspected;
  st.queue.push_back(job);
  std::push_heap(st.queue.begin(), st.queue.end(), JobAfter{});
}

Job Stations::pop(Station& st) {
  std::pop_heap(st.queue.begin(), st.queue.end(), JobAfter{});
  const Job job = st.queue.back();
  st.queue.pop_back();
  return job;
}

void Stations::occupy(double t, std::uint32_t s, const Job& job, double duration, sim::EventQueue& events) {
  Station& st = stations_[s];
  const double end = t + duration;
  if (!st.on_duty(t)) emit(observers_, StationOvertime{s, t, end});
  else if (end > st.shift_end_h) emit(observers_, StationOvertime{s, st.shift_end_h, end});
  const std::uint32_t server = st.free_server;
  Running& r = running_[st.first_running + server];
  st.free_server = r.next_free;
  r = {job, t, sim::kNone};
  ++st.busy;
  events.push(end, EventKind::job_done, s, st.first_running + server);
}

Job Stations::finish(std::uint32_t s, std::uint32_t slot) {
  Station& st = stations_[s];
  ++job_completions_;
  --st.busy;
  Running& r = running_[slot];
  r.next_free = st.free_server;
  st.free_server = slot - st.first_running;
  return r.job;
}

double Stations::next_shift_start(const ShiftSpec& shift, double after_h) const {
  auto day = static_cast<long>(std::floor(after_h / sim::kHoursPerDay));
  for (;; ++day) {
    const double start = day * sim::kHoursPerDay + shift.start_h;
    if (start > after_h && day % sim::kDaysPerWeek < shift.days_per_week) return start;
  }
}

void Stations::start_shift(double t, std::uint32_t s, sim::EventQueue& events) {
  Station& st = stations_[s];
  const ShiftSpec& shift = model_.shift_of(st.global);
  st.shift_end_h = t + shift.hours;
  emit(observers_, StationScheduled{s, st.servers, t, st.shift_end_h});
  const double next = next_shift_start(shift, t);
  if (next < model_.end_h) events.push(next, EventKind::shift_start, s);
}

std::uint64_t Stations::case_jobs() const {
  std::uint64_t n = 0;
  for (const Station& st : stations_) {
    for (const Job& job : st.queue) n += job.kind == JobKind::case_work;
    std::vector<bool> running(static_cast<std::size_t>(st.servers), true);
    for (std::uint32_t k = st.free_server; k != sim::kNone; k = running_[st.first_running + k].next_free)
      running[k] = false;
    for (std::uint32_t k = 0; k < running.size(); ++k)
      n += running[k] && running_[st.first_running + k].job.kind == JobKind::case_work;
  }
  return n;
}

}  // namespace govgrid
