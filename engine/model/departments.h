// A department's logical process (职能部门): its crews, taking the tickets that streets send it
// (under 吹哨报到 several departments at once; without it one after another, which the street
// side decides) and sending each completion back to the street that sent it. One process per
// department: departments share nothing, so they run in parallel like streets.
// Lifetimes: `model` and `observers` outlive it. One thread at a time.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/model/compiled_model.h"
#include "engine/model/message.h"
#include "engine/model/signals.h"
#include "engine/model/stations.h"
#include "engine/sim/event_queue.h"

namespace govgrid {

class Departments {
 public:
  using Message = govgrid::Message;

  /// Department unit `department`'s crews (World::departments; one process per unit: they share
  /// nothing); `index` is this process's index in the run (streets come first).
  Departments(const CompiledModel& model, std::uint32_t index, std::uint32_t department, RngKey key,
              Observers& observers);

  void advance_until(double bound);
  std::vector<Message>& outbox() { return outbox_; }
  void deliver(const Message& m, double at);

  double begin_job(double t, std::uint32_t s, const Job& job);
  sim::EventQueue& events() { return events_; }

  std::uint64_t events_processed() const { return events_processed_; }
  const Stations& stations() const { return stations_; }
  /// Tickets waiting or in hand (each belongs to an open case of some street).
  std::uint64_t tickets_in_hand() const { return tickets_in_hand_; }

 private:
  struct Ticket {
    Message from;
    double enqueued_h = 0.0;
    double lead_h = 0.0;  ///< after the crew's work, until the fix is in place (no crew hours)
    bool refer = false;   ///< a district crew's assessment, after which it goes to the city
    std::uint32_t free_next = kNoSlot;
  };
  void on_job_done(double t, std::uint32_t s, std::uint32_t slot);

  const CompiledModel& model_;
  const std::uint32_t index_;
  const std::uint32_t first_department_process_;  ///< the process of department unit 0
  const bool district_level_;  ///< a district's department (may refer to the city), not the city's
  const RngKey key_;
  Observers& observers_;
  sim::EventQueue events_;
  std::vector<Message> outbox_;
  Stations stations_;
  std::vector<Ticket> tickets_;
  std::uint32_t free_ticket_ = kNoSlot;
  std::uint64_t tickets_in_hand_ = 0;
  std::uint64_t events_processed_ = 0;
};

}  // namespace govgrid
