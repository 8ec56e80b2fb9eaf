// The future-event list of one partition: small plain events ordered totally by
// (time, priority, sequence), so ties resolve the same way on every run.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace govgrid {

/// What an event does; the model dispatches on this with a switch, not a virtual call.
enum class EventKind : std::uint8_t {
  day_end,          ///< records the daily row (first at its instant: priority 0)
  problem_arises,   ///< next problem of the partition's superposed arrival stream
  resident_report,  ///< a = case slot, b = case serial
  case_arrives,     ///< the case reaches the station of its current level; a = slot, b = serial
  feedback,         ///< the resident is told the outcome; a = slot, b = serial
  shift_start,      ///< a = local station
  shift_end,        ///< a = local station
  admin_task,       ///< a pushed-down task reaches a grid-worker station; a = local station
  job_done,         ///< a = local station, b = server slot in the station's running jobs
  ticket_arrives,   ///< department partition: a = ticket slot
  ticket_done,      ///< street partition: a department finished its part; a = slot, b = serial
  volunteer_done,   ///< a party volunteer fixed a light case; a = slot, b = serial
};

struct Event {
  double time = 0.0;        ///< simulated hours since the start
  std::uint64_t order = 0;  ///< priority in the top 8 bits, then the partition's sequence number
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  EventKind kind = EventKind::day_end;
};

class EventQueue {
 public:
  void reserve(std::size_t n) { heap_.reserve(n); }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  const Event& top() const { return heap_.front(); }
  /// Visits every pending event in no particular order (for audits, not for simulation).
  template <class F>
  void for_each(F&& f) const {
    for (const Event& e : heap_) f(e);
  }

  void push(double time, EventKind kind, std::uint32_t a = 0, std::uint32_t b = 0,
            std::uint8_t priority = 1) {
    heap_.push_back({time, (std::uint64_t{priority} << 56) | next_sequence_++, a, b, kind});
    std::push_heap(heap_.begin(), heap_.end(), Later{});
  }
  Event pop() {
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    const Event e = heap_.back();
    heap_.pop_back();
    return e;
  }

 private:
  struct Later {
    bool operator()(const Event& x, const Event& y) const {
      return x.time > y.time || (x.time == y.time && x.order > y.order);
    }
  };
  std::vector<Event> heap_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace govgrid
