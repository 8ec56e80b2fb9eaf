// The windowed parallel run (conservative synchronisation): every logical process advances
// to the end of the current window in parallel, then the messages sent in that window are
// delivered in a fixed order (by source process, then send order), each at its own time.
// That is exact because no message arrives sooner than the lookahead after it was sent and
// no window is longer than the lookahead: a message sent in a window lands at or after the
// window's end, in its receiver's future. The result depends neither on how many threads ran
// a window nor on the window's length.
#pragma once

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>

#include "engine/sim/logical_process.h"
#include "engine/sim/parallel.h"

namespace govgrid::sim {

/// Number of windows of `window_h` hours in a run of `end_h` hours (the last may be shorter).
inline std::uint64_t window_count(double end_h, double window_h) {
  return static_cast<std::uint64_t>(std::ceil(end_h / window_h - 1e-9));
}

/// Runs `processes` from 0 to `end_h` in windows of `window_h`, which must not exceed the
/// model's lookahead (the least delay of any message). `P` must model LogicalProcess; a
/// message's target is an index into `processes`. `windows_done`, if given, is incremented
/// after each window. Uses the threads of the calling parallel::Arena; each process is touched
/// by one thread at a time. Throws std::logic_error if a message would land in its receiver's
/// past (a model that sends sooner than its lookahead).
template <class P>
  requires LogicalProcess<P>
void run_windows(std::span<P* const> processes, double window_h, double end_h,
                 std::atomic<std::uint64_t>* windows_done = nullptr) {
  const auto count = static_cast<std::uint32_t>(processes.size());
  const std::uint64_t windows = window_count(end_h, window_h);
  for (std::uint64_t w = 0; w < windows; ++w) {
    const double bound = std::min(end_h, static_cast<double>(w + 1) * window_h);
    parallel::parallel_for(std::uint32_t{0}, count, [&](std::uint32_t p) { processes[p]->advance_until(bound); });
    for (P* source : processes) {
      for (const auto& m : source->outbox()) {
        if (m.time < bound)
          throw std::logic_error("a message for " + std::to_string(m.time) + " h was sent in the window ending at " +
                                 std::to_string(bound) + " h: its delay is shorter than the window (" +
                                 std::to_string(window_h) + " h)");
        processes[m.target]->deliver(m, m.time);
      }
      source->outbox().clear();
    }
    if (windows_done) windows_done->fetch_add(1, std::memory_order_relaxed);
  }
}

}  // namespace govgrid::sim
