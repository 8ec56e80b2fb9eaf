// A sweep as plain data: a base scenario, fixed overrides, axes over scenario keys,
// replications and a seed. Filled by load_sweep_file (YAML → SweepSpec); planned, run and
// stored by govgrid_run_sweep (engine/run/sweep/). Nothing here runs or validates points: a point's
// keys are checked against the scenario schema when the sweep is planned.
//
// The file format (every key but `description` and `set` is required):
//
//   name: staffing
//   description: Grid workers per grid from 0.5 to 3
//   base: ../district.yaml          # the base scenario, relative to this file
//   replications: 5                 # per point; replication r of every point uses the
//   seed: 20261122                  #   same random streams (common random numbers)
//   set:                            # overrides applied to every point, before the axes
//     world.generate.streets: 4
//     run.days: 120
//   axes:                           # combined as a cartesian product, first axis slowest
//     - key: grid_workers.per_grid          # a numeric range, both ends included
//       range: {from: 0.5, to: 3, step: 0.25}
//     - key: whistle.enabled                # a list of values (any YAML value)
//       values: [true, false]
//     - lhs: {samples: 20}                  # a Latin-hypercube block: `samples` joint points
//       ranges:                             #   over these ranges (one axis of the product)
//         grid_workers.patrols_per_day: {from: 0, to: 2}
//         pushed_down_tasks.forms.rate_per_week: {from: 0, to: 6}
//     - name: remedy                        # named cases, each a set of overrides applied
//       cases:                              #   together (keys may differ between cases)
//         none: {}
//         volunteers: {remedies.volunteer_hours_per_grid_per_week: 3}
//   store: {daily: true, grids: true}     # optional: also store each run's daily series and
//                                         #   per-grid metrics (off by default: they are large)
//
// Keys are `key.path` as for `govgrid run --set` (list elements by index or by name).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace govgrid {

/// A place in the sweep file, 1-based; 0 when unknown.
struct SourceMark {
  int line = 0;
  int column = 0;
};

/// One value of a `values` axis or of a `set` entry: YAML text usable as the value of a
/// `key.path=value` override (a scalar as written, a list or map in flow style).
struct SweepValue {
  std::string text;
  SourceMark at;
};

/// A numeric interval. `step` is present for a `range` axis (values from, from + step, …,
/// up to and including `to` within rounding) and absent inside an `lhs` block.
struct SweepRange {
  double from = 0.0;
  double to = 0.0;
  std::optional<double> step;
  SourceMark at;
};

/// One dimension of a Latin-hypercube block.
struct LhsDimension {
  std::string key;
  SweepRange range;
};

/// One `set` entry or one override of a case: `key: value`.
struct SweepOverride {
  std::string key;
  SweepValue value;
};

/// One case of a `cases` axis: a named set of overrides applied together.
struct SweepCase {
  std::string name;
  SourceMark at;
  std::vector<SweepOverride> set;  ///< may be empty (the base as it is)
};

/// One axis of the cartesian product.
struct SweepAxis {
  enum class Kind : std::uint8_t { values, range, lhs, cases };
  Kind kind = Kind::values;
  std::string where;  ///< its key path in the sweep file, for messages: `axes[1:whistle.enabled]`
  SourceMark at;

  std::string key;                  ///< values, range: the scenario key
  std::vector<SweepValue> values;   ///< values
  SweepRange range;                 ///< range (step present)

  int samples = 0;                        ///< lhs: joint samples, >= 1
  std::optional<std::uint64_t> lhs_seed;  ///< lhs: `lhs: {seed: S}`; absent: from the sweep seed
  std::vector<LhsDimension> dimensions;   ///< lhs: in file order

  std::string name;               ///< cases: the axis's name, its column in the results
  std::vector<SweepCase> cases;   ///< cases: in file order
};

struct SweepSpec {
  std::string name;
  std::string description;
  std::string source_file;  ///< the sweep file as given, for messages
  std::string yaml;         ///< the sweep file's text as read; stored with the results

  std::string base_file;    ///< the base scenario's path: the sweep file's folder / `base`
  SourceMark base_at;
  std::string base_yaml;    ///< the base scenario's text
  /// FNV-1a 64-bit hash (16 hex digits) of the base scenario's text and of every file it
  /// `extends`, in order: resuming refuses when it changed.
  std::string base_hash;

  int replications = 0;     ///< per point, >= 1
  SourceMark replications_at;
  std::uint64_t seed = 0;   ///< becomes `run.seed` of every point
  SourceMark seed_at;

  std::vector<SweepOverride> set;
  /// The `govgrid sweep --set key=value` arguments as given (already applied to `set`), kept
  /// with the results.
  std::vector<std::string> command_line_sets;
  std::vector<SweepAxis> axes;  ///< may be empty: one point, the base with `set`

  /// What each run stores beyond its district and street metrics (`store:`). Not part of a
  /// run's identity (it changes what is kept, not the results): switched on when a sweep
  /// resumes, it applies to the runs computed from then on.
  bool store_daily = false;  ///< the daily series (daily.csv's columns)
  bool store_grids = false;  ///< every grid's metrics (grids.csv's)
};

}  // namespace govgrid
