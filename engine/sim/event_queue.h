// The future-event list of one logical process: small plain events ordered totally by
// (time, priority, sequence), so ties resolve the same way on every run. The kernel does not
// know what an event means: `kind` is the model's number, `a` and `b` its payload.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace govgrid::sim {

struct Event {
  double time = 0.0;        ///< simulated hours since the start
  std::uint64_t order = 0;  ///< priority in the top 8 bits, then the process's sequence number
  std::uint32_t a = 0;      ///< payload, meaning set by the model's event kind
  std::uint32_t b = 0;
  std::uint8_t kind = 0;    ///< the model's event kind (opaque here)
};

/// Lower priority values go first at equal times; 1 is the default.
inline constexpr std::uint8_t kDefaultPriority = 1;

/// A binary min-heap on (time, order). Not thread-safe: one logical process owns one queue.
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

  /// Schedules `kind` at `time`; `Kind` is any enum of the model with an 8-bit base.
  template <class Kind>
  void push(double time, Kind kind, std::uint32_t a = 0, std::uint32_t b = 0,
            std::uint8_t priority = kDefaultPriority) {
    heap_.push_back({time, (std::uint64_t{priority} << 56) | next_sequence_++, a, b,
                     static_cast<std::uint8_t>(kind)});
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

}  // namespace govgrid::sim
