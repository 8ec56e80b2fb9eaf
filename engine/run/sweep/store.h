// A sweep's results in DIR/results.sqlite (SQLite, WAL mode): the single file a sweep writes,
// committed one finished run at a time, so a sweep killed at any moment loses at most the
// runs that were still computing.
//
// Tables (metric values are REAL in the units of metric_defs(); NULL = undefined):
//   sweep          one row: name, description, sweep_file, sweep_yaml (the file as given, as of
//                  the latest session), base_file, base_yaml, base_hash, plan_hash, seed (text: a
//                  64-bit unsigned), replications, points, runs, created_utc, format,
//                  fixed_overrides (key=value lines every point gets: run.seed, the file's set:,
//                  then --set), command_line_sets (the --set arguments, a line each),
//                  store_daily, store_grids (0/1, as of the latest session), base_scenario (the
//                  base's effective scenario YAML after extends: and those overrides, as the
//                  scenario loader read it: a point's is this with its own overrides),
//                  govgrid_version, govgrid_commit (the govgrid that created the store)
//   sessions       session, started_utc, govgrid_version, govgrid_commit, sweep_file,
//                  sweep_yaml, command_line_sets, points, runs, runs_done: one row per time a
//                  sweep command opened the store (created, resumed or grew it)
//   axes           col, key, kind (values|range|lhs|cases), axis: the swept keys (a cases
//                  axis: its name), one per column
//   points         point, overrides (the point's key.path=value lines, newline-separated),
//                  scenario_hash (FNV-1a of its effective scenario YAML: the base after extends:,
//                  set:, --set and its overrides)
//   point_values   point, col, key, value (override text; a case's name), number (REAL when
//                  numeric)
//   metric_defs    idx, metric, unit, en, zh, better (higher|lower): the metric catalogue the
//                  runs were derived with
//   runs           run, point, replication, seed (text), status (pending|done|failed),
//                  wall_seconds, events, rank, error, finished_utc, checksum (a done run's:
//                  16 hex digits of a 64-bit FNV-1a over its identity, seed, events and every
//                  metric, street-metric, day and grid value it stored; see RunChecksum in
//                  store.cpp), govgrid_version, govgrid_commit (the govgrid that computed it)
//   metrics        run, metric, value: district-wide, one row per metric of a done run
//   streets        point, street, name
//   street_metrics run, street, metric, value
//   daily          run, day, then daily.csv's columns (arrivals, resolutions, closures, backlog,
//                  hidden, rated, satisfied, satisfaction_rate, member_answer_share): every day
//                  of a done run computed with `store: {daily: true}` (warm-up included)
//   grids          point, grid, name, community, street, residents: the grids of a point's world
//   grid_metrics   run, grid, then a REAL column per metric_defs entry: every grid of a done run
//                  computed with `store: {grids: true}`
//   point_summary  point, metric, n, mean, ci95_lo, ci95_hi: over a point's done runs,
//                  refreshed when a sweep stops (finished or interrupted)
//   run_metrics    (view) point, replication, metric, value of done runs
//
// Storage format (sweep.format) 3. Formats 1 (no checksums) and 2 (none of format 3's
// provenance, daily and grid tables) are upgraded when their sweep resumes (a format-1 store's
// runs get checksums of their values as stored, which nothing can verify) and exported as they
// are (format 1 unverified); other formats are refused.
//
// Growing a sweep: a done run is kept while the sweep still has its point (the same override
// lines and effective scenario) and its replication; runs are renumbered to the new plan and the
// new ones added as pending. A change that would alter or drop a done run (the seed, a set: or
// --set value, the base scenario, a removed axis value or case, fewer replications, an lhs block
// drawn anew) is refused with SweepMismatch naming it and the runs; comments, descriptions and
// `store:` are not part of a run's identity.
//
// Everything but wall_seconds, rank, finished_utc and created_utc depends only on the sweep,
// never on thread count, process count or completion order: rows are keyed by (point,
// replication) and every reader orders by them.
//
// DIR/.govgrid-sweep.lock: while a sweep writes to DIR it holds an exclusive lock on this file
// (flock; released by the kernel when the process ends, however it ends), so a second sweep on
// DIR is refused (SweepLocked, exit 2) instead of computing the same runs again.
#pragma once

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/stats.h"
#include "engine/run/sweep/plan.h"
#include "engine/run/sweep/record.h"
#include "govgrid/sweep_spec.h"

namespace govgrid {

/// DIR cannot take this sweep: it holds a different one (what differs is named), or
/// its results.sqlite is not a govgrid sweep, or (for export) there is no sweep in it.
class SweepMismatch : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One point of an export: its axis values and each metric's mean and 95% interval over
/// its done runs.
struct PointSummary {
  int point = 0;
  std::vector<std::string> values;  ///< per column
  int runs = 0;                     ///< done runs
  std::vector<Interval> metrics;    ///< per SweepSummary::metrics
};

struct SweepSummary {
  std::string name;
  std::string description;
  std::string sweep_file;
  std::string govgrid_version;       ///< "0.1.0 (commit …)" of the govgrid that began it; "" before format 3
  std::vector<std::string> columns;  ///< swept keys
  std::vector<std::string> column_kinds;  ///< per column: values, range, lhs or cases
  std::vector<int> column_axes;           ///< per column: its axis (an lhs block's columns share one)
  std::vector<std::string> metrics;  ///< metric names, catalogue order
  int replications = 0;
  int run_count = 0;
  int done_runs = 0;
  std::vector<PointSummary> points;  ///< by point
};

/// Another process is writing to DIR's sweep (it holds DIR's lock; its pid, host and start are
/// named). Like SweepMismatch, bad input: exit 2.
class SweepLocked : public SweepMismatch {
 public:
  using SweepMismatch::SweepMismatch;
};

/// DIR's results.sqlite is damaged (SQLite's integrity check fails, or it is not a database, or
/// its tables contradict each other, or a run fails its checksum): the message says what is
/// damaged and how to recover. Bad input: exit 2.
class SweepDamaged : public SweepMismatch {
 public:
  using SweepMismatch::SweepMismatch;
};

/// A done run whose stored values no longer match its checksum.
struct DamagedRun {
  int run = 0;
  int point = 0;
  int replication = 0;
};

class SweepStore {
 public:
  static constexpr const char* kFileName = "results.sqlite";
  static constexpr const char* kLockFileName = ".govgrid-sweep.lock";

  /// Opens DIR/results.sqlite for `spec` and `plan`, creating DIR and the file (every run
  /// pending) when there is none. An existing file may hold the same sweep or a grown one (see
  /// "Growing a sweep" above): its done runs are kept and renumbered to `plan`, new runs added;
  /// a change that would alter or drop a done run throws SweepMismatch naming DIR, what changed
  /// and the runs it alters. `plan`'s points carry their effective scenarios (load_points);
  /// without them the base scenario's hash stands in. Records a session. Holds DIR's lock while it lives; throws
  /// SweepLocked when another process holds it, SweepDamaged when the file fails SQLite's
  /// integrity check. Throws sqlite::Error on other I/O failures.
  /// Every done run's checksum is verified: one that fails is set back to pending (its rows
  /// dropped) and listed in damaged_runs(), so the sweep computes it again. A format-1 store
  /// is upgraded (see upgraded_from_format()).
  SweepStore(const std::filesystem::path& dir, const SweepSpec& spec, const SweepPlan& plan);

  /// Opens an existing sweep read-only (for export). Throws SweepMismatch when DIR holds none
  /// or one of an unknown format; SweepDamaged when its file fails SQLite's integrity check or
  /// a done run fails its checksum (the message names the runs and how to recompute them).
  static SweepStore open_existing(const std::filesystem::path& dir);

  ~SweepStore();
  SweepStore(SweepStore&&) noexcept;
  SweepStore& operator=(SweepStore&&) = delete;

  const std::filesystem::path& file() const;
  /// Done runs that failed their checksum when the store was opened for writing; they are
  /// pending now. Empty for open_existing().
  const std::vector<DamagedRun>& damaged_runs() const;
  /// 1 when opening for writing upgraded a format-1 store (its done runs were given checksums
  /// of their values as stored, unverified); 0 otherwise.
  int upgraded_from_format() const;
  /// False for a format-1 store opened by open_existing(): its values carry no checksums.
  bool checksummed() const;
  int run_count() const;
  /// Runs whose status is not 'done', ascending.
  std::vector<int> pending_runs() const;
  int done_runs() const;

  /// Stores one finished run in its own transaction: a run that succeeded becomes 'done'
  /// with its metrics; one that failed becomes 'failed' with its error (and is retried on
  /// resume). Throws std::invalid_argument when the record's run id or metric count does not
  /// fit the sweep, sqlite::Error on I/O failures.
  void commit(const RunRecord& record);

  /// Means and 95% intervals per point over its done runs, from the stored metrics.
  SweepSummary summary() const;
  /// `metric` of every done run as [point][replication], NaN where a run is not done (or the
  /// metric undefined): for paired comparisons of points (common random numbers).
  std::vector<std::vector<double>> replication_values(std::string_view metric) const;
  /// Rewrites the point_summary table from summary(), in one transaction.
  void refresh_point_summary();

  /// Every run as CSV: `run,point,<swept keys...>,replication,seed,status,events,<metrics...>`
  /// in run order; metrics empty unless done. No wall-clock columns, so two stores of the
  /// same sweep give the same text however they were computed. Same CSV rules as summary_csv.
  std::string runs_csv() const;

  /// Every stored day of every done run that kept its daily series (`store: {daily: true}`):
  /// `run,point,<swept keys...>,replication,day,<daily.csv's columns>` by run and day; only the
  /// header when none did.
  std::string daily_csv() const;
  /// Every grid of every done run that kept its grids (`store: {grids: true}`):
  /// `run,point,<swept keys...>,replication,grid,grid_name,community,street,residents,<metrics...>`
  /// by run and grid; only the header when none did.
  std::string grids_csv() const;

 private:
  SweepStore() = default;
  void open_for_writing(const std::filesystem::path& file, const SweepSpec& spec, const SweepPlan& plan);
  void store_run(const RunRecord& record);  ///< commit() without the checks
  class FolderLock;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// "run 5 (point 1, replication 2), run 9 (point 3, replication 0)": the first ten runs, then
/// how many more.
std::string describe_runs(const std::vector<DamagedRun>& runs);

/// The export table: `point,<swept keys...>,runs,<metric>_mean,<metric>_lo,<metric>_hi,...`,
/// one row per point in point order. RFC 4180 quoting, "\n" line ends, numbers in the
/// shortest form that reads back to the same double, empty where undefined.
std::string summary_csv(const SweepSummary& summary);

}  // namespace govgrid
