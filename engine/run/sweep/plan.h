// Planning a sweep: from a SweepSpec to its points (the cartesian product of the axes) and
// runs (points × replications), each point checked against the scenario schema before
// anything runs.
//
// Numbering, fixed for a given SweepSpec: points 0..P-1 in row-major order of the axes (the
// first axis varies slowest); run id = point × replications + replication. Values are
// formatted as the text of a `key.path=value` override, so the text stored with the results
// is exactly what the scenario loader read.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "govgrid/scenario_spec.h"
#include "govgrid/sweep_spec.h"

namespace govgrid {

/// One column of the results: a `values` or `range` axis is one column named by its key, an
/// `lhs` block one per range, a `cases` axis one named by the axis (its values: case names).
struct SweepColumn {
  std::string key;
  SweepAxis::Kind kind = SweepAxis::Kind::values;
  int axis = 0;  ///< index into SweepSpec::axes
};

struct SweepPoint {
  int index = 0;
  std::vector<std::string> values;     ///< per column of SweepPlan::columns: override value text
  /// Every override of this point, in the order applied: `run.seed=…`, the `set` entries,
  /// then each axis's (one per column; a case's own entries for a cases axis).
  std::vector<std::string> overrides;
  /// fnv1a_hex of the point's effective scenario (the YAML the scenario loader read after
  /// extends:, set: and the overrides): filled by load_points, empty until then. With the
  /// replication it is what determines a run's result, so resuming compares it.
  std::string scenario_hash;
};

struct SweepPlan {
  std::vector<SweepColumn> columns;
  std::vector<SweepPoint> points;
  int replications = 0;
  /// The base's effective scenario after extends: and the fixed overrides (run.seed, set:,
  /// --set), before any axis: each point's is this with its own overrides. Filled by
  /// load_points; empty until then, or when the base with those overrides alone does not load.
  std::string base_scenario;

  int run_count() const { return static_cast<int>(points.size()) * replications; }
  int run_id(int point, int replication) const { return point * replications + replication; }
  int point_of(int run) const { return run / replications; }
  int replication_of(int run) const { return run % replications; }
};

/// The values of a range axis: from, from + step, … up to and including `to` (a value
/// within 1e-9 steps of `to` counts as reaching it, so 0 → 1 step 0.1 ends at exactly 1).
/// Each value is rounded to 12 significant digits, so 0.1 × 3 reads 0.3, not
/// 0.30000000000000004. Throws std::invalid_argument unless step > 0 and to >= from.
std::vector<double> range_values(double from, double to, double step);

/// A Latin hypercube of `samples` points in [0, 1)^dims, as [sample][dimension]: in every
/// dimension each of the `samples` strata [k/N, (k+1)/N) holds exactly one sample (kept at
/// least 1e-6 of a stratum away from its edges, so scaling never moves it across one).
/// Deterministic in `seed`; independent of anything else. Throws std::invalid_argument
/// when samples < 1 or dims < 0.
std::vector<std::vector<double>> latin_hypercube(int samples, int dims, std::uint64_t seed);

/// The points of a sweep, without checking them against the scenario (see load_points).
/// An lhs block without its own seed uses one derived from the sweep seed and its axis index.
SweepPlan plan_sweep(const SweepSpec& spec);

/// The overrides every point starts with: `run.seed=…`, then the `set` entries in order.
std::vector<std::string> fixed_overrides(const SweepSpec& spec);

/// Loads every point's scenario: the base scenario with the point's overrides, and fills each
/// point's `scenario_hash` and the plan's `base_scenario`. Checks all of them before returning, and throws one ScenarioError listing every problem, each
/// placed where it comes from: an override's problem at the value (or key) in the sweep
/// file that produced it, with the scenario key, what was expected, and which points
/// (`sweep point 3`, `sweep points 0, 4, 8`, `every sweep point`); a problem in the base
/// scenario itself at its place in the base file.
std::vector<ScenarioSpec> load_points(const SweepSpec& spec, SweepPlan& plan);

/// A 64-bit FNV-1a hash as 16 hex digits, for fingerprints of stored sweeps.
std::string fnv1a_hex(std::string_view text);

}  // namespace govgrid
