// The windowed parallel run (conservative synchronisation): every logical process advances
// to the end of the current window in parallel, then the messages sent in that window are
// delivered in a fixed order (by source process, then send order), landing no earlier than
// the window's end. No process receives work from its past, and the result does not depend
// on how many threads ran a window.
#pragma once

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <span>

#include "engine/sim/logical_process.h"
#include "engine/sim/parallel.h"

namespace govgrid::sim {

/// Number of windows of `window_h` hours in a run of `end_h` hours (the last may be shorter).
inline std::uint64_t window_count(double end_h, double window_h) {
  return static_cast<std::uint64_t>(std::ceil(end_h / window_h - 1e-9));
}

/// Runs `processes` from 0 to `end_h`. `P` must model LogicalProcess; a message's target is an
/// index into `processes`. `windows_done`, if given, is incremented after each window.
/// Uses the threads of the calling parallel::Arena; each process is touched by one thread at a time.
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
      for (const auto& m : source->outbox()) processes[m.target]->deliver(m, std::max(m.time, bound));
      source->outbox().clear();
    }
    if (windows_done) windows_done->fetch_add(1, std::memory_order_relaxed);
  }
}

}  // namespace govgrid::sim
