// The street logical process (街道): its grids, communities, street centre, residents and the
// cases that arise there. It owns the components and routes each event to the one that
// handles it; the components hold the rules:
//   case_flow.h          a problem's life: arise → report / patrol → route → handle →
//                        escalate → departments → resolve → feedback → reopen or close
//   residents.h          reporting, channels, ratings, trust
//   pushed_down_tasks.h  下派 tasks reaching grid workers and community offices, their intake and deadlines
//   proactive_work.cpp   (CaseFlow) patrol walks and household visits
//   stations.h           queues, shifts, overtime (machinery)
// Lifetimes: `model` and `observers` outlive the process. Thread use: one thread at a time
// (the kernel runs each process on one thread per window).
#pragma once

#include <cstdint>
#include <vector>

#include "engine/model/case_flow.h"
#include "engine/model/compiled_model.h"
#include "engine/model/message.h"
#include "engine/model/pushed_down_tasks.h"
#include "engine/model/residents.h"
#include "engine/model/signals.h"
#include "engine/model/stations.h"
#include "engine/sim/event_queue.h"

namespace govgrid {

class Street {
 public:
  using Message = govgrid::Message;

  /// World street `index`; department d is process `first_department_process` + d.
  Street(const CompiledModel& model, std::uint32_t index, std::uint32_t first_department_process, RngKey key,
         Observers& observers);

  // The logical-process interface (engine/sim/logical_process.h).
  void advance_until(double bound);
  std::vector<Message>& outbox() { return outbox_; }
  void deliver(const Message& m, double at);

  // The station host interface (stations.h).
  double begin_job(double t, std::uint32_t s, Job& job);
  sim::EventQueue& events() { return events_; }

  /// Hands the open cases to the observers at the horizon (for the case log).
  void finish();

  std::uint64_t events_processed() const { return events_processed_; }
  const Stations& stations() const { return stations_; }
  std::uint64_t cases_open() const { return flow_.open_count(); }
  std::uint64_t hidden_problems() const { return flow_.hidden_count(); }
  float trust_of(std::uint64_t resident) const { return residents_.trust(resident); }
  /// Open cases found by walking every place a case can be (queues, running jobs, pending
  /// events, out at departments): equals cases_open() when nothing is lost.
  std::uint64_t cases_open_located() const;

 private:
  friend class CaseFlow;
  friend class PushedDownTasks;
  void on_day_end(double t);
  void on_job_done(double t, std::uint32_t s, std::uint32_t slot);
  /// Starts loading what event `e` will touch first (its station or case), to overlap with the
  /// event before it: a street's data are out of the cache when its turn comes.
  void prefetch_for(const sim::Event& e) const;

  const CompiledModel& model_;
  const std::uint32_t index_;
  const std::uint32_t first_department_process_;
  const World::Street& street_;
  Observers& observers_;
  sim::EventQueue events_;
  std::vector<Message> outbox_;
  /// Departments' completions delivered ahead of their time, held until their event: what
  /// they carry is counted at that instant, so the result does not depend on when the kernel
  /// delivered them (the window).
  struct HeldMessage {
    Message message;
    std::uint32_t free_next = kNoSlot;
  };
  std::vector<HeldMessage> held_;
  std::uint32_t free_held_ = kNoSlot;
  Stations stations_;
  Residents residents_;
  Helpers helpers_;  ///< this street's copy: helpers keep state (e.g. volunteer hour banks)
  CaseFlow flow_;
  PushedDownTasks tasks_;
  std::uint64_t events_processed_ = 0;
};

}  // namespace govgrid
