// The future-event list of one logical process: small plain events ordered totally by
// (time, priority, sequence), so ties resolve the same way on every run. The kernel does not
// know what an event means: `kind` is the model's number, `a` and `b` its payload.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace govgrid::sim {

struct Event {
  double time = 0.0;  ///< simulated hours since the start
  /// Priority in the top 8 bits, the process's sequence number in the next 48, the model's
  /// kind in the low 8: sequence numbers are unique, so the kind never decides the order, and
  /// it rides along for free (24 bytes an event, not 32: more of a queue in each cache line).
  std::uint64_t order = 0;
  std::uint32_t a = 0;  ///< payload, meaning set by the model's event kind
  std::uint32_t b = 0;
  std::uint8_t kind() const { return static_cast<std::uint8_t>(order & 0xffu); }  ///< opaque here
};
static_assert(sizeof(Event) == 24);

/// Lower priority values go first at equal times; 1 is the default.
inline constexpr std::uint8_t kDefaultPriority = 1;

/// A 4-ary min-heap on (time, order): half the levels of a binary heap, and a parent's four
/// children lie side by side, so a pop touches fewer scattered cache lines. That matters in a
/// city, where hundreds of streets' queues take turns each window and no longer fit the cache.
/// Sifting moves a hole instead of swapping. The order is total, so any correct heap pops the
/// same sequence. Not thread-safe: one logical process owns one queue.
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
    const Event e{time, (std::uint64_t{priority} << 56) | (next_sequence_++ << 8) | static_cast<std::uint8_t>(kind), a, b};
    std::size_t hole = heap_.size();
    heap_.emplace_back();
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / kArity;
      if (!before(e, heap_[parent])) break;
      heap_[hole] = heap_[parent];
      hole = parent;
    }
    heap_[hole] = e;
  }
  Event pop() {
    const Event top = heap_.front();
    const Event last = heap_.back();
    heap_.pop_back();
    const std::size_t n = heap_.size();
    std::size_t hole = 0;
    for (;;) {
      const std::size_t first = hole * kArity + 1;
      if (first >= n) break;
      const std::size_t end = std::min(first + kArity, n);
      std::size_t least = first;
      for (std::size_t c = first + 1; c < end; ++c)
        if (before(heap_[c], heap_[least])) least = c;
      if (!before(heap_[least], last)) break;
      heap_[hole] = heap_[least];
      hole = least;
    }
    if (n > 0) heap_[hole] = last;
    return top;
  }

 private:
  static constexpr std::size_t kArity = 4;
  static bool before(const Event& x, const Event& y) {
    return x.time < y.time || (x.time == y.time && x.order < y.order);
  }
  std::vector<Event> heap_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace govgrid::sim
