// How the engine runs work in parallel, chosen in this one place: on oneTBB (the default), or,
// built with the CMake option GOVGRID_STD_THREADS, on plain std::thread loops, so that
// ThreadSanitizer can judge the engine (scripts/tsan.sh): Debian's oneTBB is not built with
// -fsanitize=thread, and TSan takes its scheduler's own hand-offs for races.
//
// The std::thread loops start their threads per loop (no pool, no work stealing) and nest by
// starting more: right for a sanitizer check, too slow for real runs.
#pragma once

#ifdef GOVGRID_STD_THREADS
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>
#else
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#endif

namespace govgrid::parallel {

#ifndef GOVGRID_STD_THREADS

/// The number of threads "all cores" stands for.
inline int default_concurrency() { return tbb::info::default_concurrency(); }

/// Calls body(i) for every i in [begin, end), in parallel on the threads of the calling Arena,
/// and returns when all calls have returned. An exception from a call is rethrown here (calls
/// not yet started may then never run).
template <class Index, class Body>
void parallel_for(Index begin, Index end, const Body& body) {
  tbb::parallel_for(begin, end, body);
}

/// Calls f() so that a thread waiting inside it (at the end of a parallel loop) takes no other
/// work of the loops around it meanwhile.
template <class F>
void isolate(const F& f) {
  tbb::this_task_arena::isolate(f);
}

/// A number of threads for the parallel loops started inside run() (a tbb::task_arena).
class Arena {
 public:
  explicit Arena(int threads) : arena_(threads) {}
  template <class F>
  void run(const F& f) {
    arena_.execute(f);
  }

 private:
  tbb::task_arena arena_;
};

#else

namespace detail {
/// Threads a parallel loop started on this thread may use: its Arena's, passed on to the loop's
/// threads so that nested loops use as many; 0 outside any Arena.
inline thread_local int arena_threads = 0;
}  // namespace detail

inline int default_concurrency() { return static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

template <class Index, class Body>
void parallel_for(Index begin, Index end, const Body& body) {
  if (!(begin < end)) return;
  const int threads = detail::arena_threads > 0 ? detail::arena_threads : default_concurrency();
  const auto count = static_cast<std::uint64_t>(end - begin);
  std::atomic<std::uint64_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex error_mutex;
  std::exception_ptr error;
  const auto work = [&] {
    for (std::uint64_t i = next++; i < count && !failed; i = next++) {
      try {
        body(static_cast<Index>(begin + static_cast<Index>(i)));
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!error) error = std::current_exception();
        failed = true;
      }
    }
  };
  std::vector<std::thread> helpers;
  const auto wanted = std::min<std::uint64_t>(count, static_cast<std::uint64_t>(threads)) - 1;
  try {
    for (std::uint64_t t = 0; t < wanted; ++t)
      helpers.emplace_back([&] {
        detail::arena_threads = threads;
        work();
      });
  } catch (const std::system_error&) {
    // Fewer threads than asked for: those started and this one share the work.
  }
  work();
  for (auto& h : helpers) h.join();
  if (error) std::rethrow_exception(error);
}

/// Nothing to isolate: a std::thread loop's threads take no work but their own loop's.
template <class F>
void isolate(const F& f) {
  f();
}

class Arena {
 public:
  explicit Arena(int threads) : threads_(threads) {}
  template <class F>
  void run(const F& f) {
    struct Restore {
      int before;
      ~Restore() { detail::arena_threads = before; }
    } restore{detail::arena_threads};
    detail::arena_threads = threads_;
    f();
  }

 private:
  int threads_;
};

#endif

}  // namespace govgrid::parallel
