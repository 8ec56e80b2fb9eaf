// Running a sweep: plan it, check every point, open (or resume) DIR/results.sqlite, run the
// pending runs in parallel and commit each one as it finishes.
//
// In one process the runs go to a TBB task arena of `threads` threads (several runs at once;
// a run's own streets run in parallel when threads are idle), and one writer thread commits
// the results. Under mpirun rank 0 coordinates and writes while the other ranks compute (see
// cluster.h). Results never depend on thread count, rank count or the order runs finish in.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>

#include "engine/run/sweep/cluster.h"
#include "engine/run/sweep/store.h"
#include "govgrid/sweep_spec.h"

namespace govgrid {

/// Known once the sweep is planned and its store opened, before any run starts.
struct SweepStart {
  std::filesystem::path file;  ///< DIR/results.sqlite
  int points = 0;
  int run_count = 0;           ///< points × replications
  int done_before = 0;         ///< runs already done (resumed sweeps)
  /// Done runs that failed their checksum on opening: pending again, so computed now.
  std::vector<DamagedRun> damaged;
  /// 1 when the store was written before checksums and has just been given them (its runs'
  /// values could not be verified); 0 otherwise.
  int upgraded_from_format = 0;
  int pending = 0;             ///< runs to do now
  int threads = 1;             ///< per process
  int ranks = 1;               ///< processes (MPI ranks, including the coordinator)
};

struct SweepOptions {
  int threads = 0;  ///< per process; 0 = all hardware threads
  /// When it becomes true, no further run is started; running ones finish and are committed.
  const std::atomic<bool>* stop = nullptr;
  /// Incremented after each run this call commits (progress bars).
  std::atomic<int>* runs_done = nullptr;
  /// Test hook: start at most this many of the pending runs (the first ones, in run order),
  /// then stop as if interrupted. Negative: no limit.
  int max_new_runs = -1;
  /// Called once every point is planned and loaded, before the store is opened or any run
  /// starts; it may throw to refuse the sweep (the command's memory check), writing nothing.
  std::function<void(const SweepPlan&, const std::vector<ScenarioSpec>&)> on_planned;
  /// Called once, after planning and opening the store and before the first run.
  std::function<void(const SweepStart&)> on_start;
};

struct SweepOutcome {
  SweepStart start;
  int committed = 0;      ///< runs this call stored as done
  int failed = 0;         ///< runs this call stored as failed (retried on resume)
  int pending_after = 0;  ///< runs not done when it returned
  bool interrupted = false;  ///< stopped early (stop flag or max_new_runs)
  double wall_seconds = 0.0;
  bool complete() const { return pending_after == 0; }
};

/// Runs or resumes the sweep into `dir` (created if needed). With a distributed cluster this
/// must be called on rank 0 while the other ranks call serve_sweep.
/// Throws ScenarioError (a point does not load; nothing is run or written), SweepMismatch
/// (DIR holds another sweep) and std::runtime_error (storage or MPI failures).
SweepOutcome run_sweep(const SweepSpec& spec, const std::filesystem::path& dir, const SweepOptions& options,
                       Cluster* cluster = nullptr);

/// Ranks 1..N-1: waits for rank 0's job, computes the runs it hands out with `threads`
/// threads, and returns the number computed (0 when rank 0 cancelled the job). Throws
/// std::logic_error on rank 0 or a cluster of one.
int serve_sweep(Cluster& cluster, int threads);

}  // namespace govgrid
