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

/// Strictly before in the total order (time, then priority and sequence).
inline bool before(const Event& x, const Event& y) {
  return x.time < y.time || (x.time == y.time && x.order < y.order);
}
/// Strictly after: sorted by it, the first event comes last; as a heap's order, it comes first.
inline bool later(const Event& x, const Event& y) { return before(y, x); }

/// A few events kept sorted, the first at the back: a pop is a pop_back, with no branches to
/// mispredict, and a push is a binary search and a short move. For the front of the queue,
/// which holds about an hour of a street's events (about fifty).
class SortedEvents {
 public:
  bool empty() const { return v_.empty(); }
  const Event& top() const { return v_.back(); }
  const std::vector<Event>& all() const { return v_; }

  void push(const Event& e) { v_.insert(std::upper_bound(v_.begin(), v_.end(), e, later), e); }
  Event pop() {
    const Event e = v_.back();
    v_.pop_back();
    return e;
  }
  /// Adds without sorting; sort() must follow before the next top, pop or push.
  void append(const Event& e) { v_.push_back(e); }
  void sort() { std::sort(v_.begin(), v_.end(), later); }

 private:
  std::vector<Event> v_;  ///< latest first
};

/// The queue: the events of the current hour kept sorted, in front of a calendar of one-hour
/// buckets (unsorted) for the next kBuckets hours, and a heap for anything later (rare). A
/// street holds thousands of pending events (reports due in days, shift starts, tasks) but
/// handles about fifty an hour: the front stays that small and in the
/// first-level cache, and an event for later costs one append until its hour comes. Every event
/// in the front is before every event behind it, so the pops are exactly the total order,
/// and results are the same as with one heap. Not thread-safe: one logical process owns one queue.
class EventQueue {
 public:
  EventQueue() : heads_(kBuckets) {}

  void reserve(std::size_t n) { chunks_.reserve(n / kChunkEvents + 1); }
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  /// The first event; the queue must not be empty.
  const Event& top() const { return front_.top(); }
  /// Visits every pending event in no particular order (for audits, not for simulation).
  template <class F>
  void for_each(F&& f) const {
    for (const Event& e : front_.all()) f(e);
    for (const Head& head : heads_) {
      std::uint32_t count = head.count;
      for (std::uint32_t c = head.chunk; c != kNil; c = chunks_[c].next, count = kChunkEvents)
        for (std::uint32_t k = 0; k < count; ++k) f(chunks_[c].events[k]);
    }
    for (const Event& e : later_) f(e);
  }

  /// Schedules `kind` at `time`; `Kind` is any enum of the model with an 8-bit base.
  template <class Kind>
  void push(double time, Kind kind, std::uint32_t a = 0, std::uint32_t b = 0,
            std::uint8_t priority = kDefaultPriority) {
    const Event e{time, (std::uint64_t{priority} << 56) | (next_sequence_++ << 8) | static_cast<std::uint8_t>(kind), a, b};
    ++size_;
    const std::uint64_t bucket = bucket_of(time);
    if (bucket < cursor_) {
      front_.push(e);
      return;
    }
    place(e, bucket);
    if (front_.empty()) refill();  // keep the invariant: the front is empty only with the queue
  }
  Event pop() {
    const Event e = front_.pop();
    --size_;
    if (front_.empty() && size_ > 0) refill();
    return e;
  }

 private:
  static constexpr std::uint32_t kNil = 0xffffffffu;
  static constexpr std::uint64_t kBuckets = 1024;  ///< hours ahead kept in the calendar
  static constexpr double kBucketHours = 1.0;      ///< any width is correct; a window's is fastest
  static constexpr std::uint32_t kChunkEvents = 5;
  /// A bucket is a list of chunks of events, newest chunk first: an hour's events lie in a few
  /// adjacent cache lines, not one node each to chase. Every chunk but the newest is full.
  struct alignas(64) Chunk {
    Event events[kChunkEvents];
    std::uint32_t next = kNil;
  };
  static_assert(sizeof(Chunk) == 128);
  /// A bucket's newest chunk and how many events it holds: kept apart from the chunks, so
  /// that adding an event reads only this small array and writes into the chunk.
  struct Head {
    std::uint32_t chunk = kNil;
    std::uint32_t count = 0;
  };

  /// The bucket of `time` (times before 0 share bucket 0; infinity and beyond-range saturate).
  static std::uint64_t bucket_of(double time) {
    constexpr double kLast = 1e15;
    if (!(time > 0.0)) return 0;
    return time < kLast ? static_cast<std::uint64_t>(time / kBucketHours) : static_cast<std::uint64_t>(kLast);
  }
  /// An event at or after the front's horizon: into its bucket, or the heap of later events.
  void place(const Event& e, std::uint64_t bucket) {
    if (bucket >= cursor_ + kBuckets) {
      later_.push_back(e);
      std::push_heap(later_.begin(), later_.end(), later);
      return;
    }
    Head& head = heads_[bucket % kBuckets];
    if (head.chunk == kNil || head.count == kChunkEvents) {
      std::uint32_t c;
      if (free_chunks_.empty()) {
        c = static_cast<std::uint32_t>(chunks_.size());
        chunks_.emplace_back();
      } else {
        c = free_chunks_.back();
        free_chunks_.pop_back();
      }
      chunks_[c].next = head.chunk;
      head = {c, 0};
    }
    chunks_[head.chunk].events[head.count++] = e;
    ++in_calendar_;
  }
  /// The front is empty: moves the next non-empty hour into it.
  void refill() {
    while (front_.empty()) {
      if (in_calendar_ == 0) cursor_ = std::max(cursor_, bucket_of(later_.front().time));  // skip empty hours
      Head& head = heads_[cursor_ % kBuckets];
      std::uint32_t count = head.count;
      for (std::uint32_t c = head.chunk; c != kNil; count = kChunkEvents) {
        const Chunk& chunk = chunks_[c];
        if (chunk.next != kNil) __builtin_prefetch(&chunks_[chunk.next]);
        for (std::uint32_t k = 0; k < count; ++k) front_.append(chunk.events[k]);
        in_calendar_ -= count;
        free_chunks_.push_back(c);
        c = chunk.next;
      }
      head = Head{};
      ++cursor_;
      // The calendar now reaches one hour further: the later events of that hour join it.
      while (!later_.empty() && bucket_of(later_.front().time) < cursor_ + kBuckets) {
        std::pop_heap(later_.begin(), later_.end(), later);
        const Event e = later_.back();
        later_.pop_back();
        const std::uint64_t bucket = bucket_of(e.time);
        if (bucket < cursor_) front_.append(e);
        else place(e, bucket);
      }
      front_.sort();
    }
  }

  SortedEvents front_;                ///< events of buckets before cursor_
  std::vector<Head> heads_;           ///< per bucket (mod kBuckets)
  std::vector<Chunk> chunks_;         ///< the calendar's chunks, recycled through free_chunks_
  std::vector<std::uint32_t> free_chunks_;
  std::size_t in_calendar_ = 0;
  std::vector<Event> later_;          ///< heap (std::push_heap, `later`): events kBuckets hours or more ahead
  std::uint64_t cursor_ = 0;          ///< the first bucket not yet moved to the front
  std::size_t size_ = 0;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace govgrid::sim
