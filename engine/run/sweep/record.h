// One finished run of a sweep, as stored: its identity, status, cost and metrics. What a
// worker thread (or an MPI rank) hands to the single writer.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/model/world.h"
#include "govgrid/scenario_spec.h"

namespace govgrid {

/// What a run keeps beyond its district and street metrics (a sweep's `store:`).
struct RunExtras {
  bool daily = false;  ///< the daily series
  bool grids = false;  ///< every grid's metrics
};

/// One grid of a run's world and its metrics.
struct GridRow {
  std::string name;
  int community = 0;
  int street = 0;
  std::int64_t residents = 0;
  std::vector<double> metrics;  ///< as RunRecord::metrics
};

struct RunRecord {
  int run = 0;          ///< point × replications + replication
  int point = 0;
  int replication = 0;
  bool ok = true;       ///< false: the run threw; `error` says why and it stays pending
  std::string error;
  std::uint64_t seed = 0;      ///< the replication's derived random key (same r, same key in every point)
  std::uint64_t events = 0;    ///< events the engine processed
  double wall_seconds = 0.0;   ///< world set-up (when this run built it) plus simulation
  int rank = 0;                ///< MPI rank that computed it (0 in a single process)
  /// District-wide metrics, one per metric_defs() entry, in that order (NaN = undefined).
  std::vector<double> metrics;
  std::vector<std::string> street_names;           ///< by street index of the point's world
  std::vector<std::vector<double>> street_metrics; ///< [street][metric], as `metrics`
  /// With RunExtras::daily: [day][column of daily_columns()], every day of the run (warm-up included).
  std::vector<std::vector<double>> daily;
  std::vector<GridRow> grids;  ///< with RunExtras::grids: by grid index of the point's world
};

/// Runs replication `replication` of `spec` on `world` (on the calling TBB arena) and
/// derives its district and per-street metrics (and what `extras` asks for). Engine exceptions
/// are caught into `ok = false` and `error`. `run` and `point` are copied into the record.
RunRecord compute_run(const ScenarioSpec& spec, const World& world, int run, int point, int replication,
                      RunExtras extras = {});

/// The record of a run that could not be computed (`ok = false`).
RunRecord failed_run(int run, int point, int replication, std::string error);

/// A byte image of a record, for MPI messages. Doubles travel as their bit patterns, so a
/// record read back is identical to the one written, NaN included.
std::vector<char> serialize(const RunRecord& record);

/// Reads serialize()'s bytes. Throws std::runtime_error on a truncated or malformed image.
RunRecord deserialize(std::span<const char> bytes);

}  // namespace govgrid
