// Loading a sweep file: YAML → SweepSpec (format in sweep_spec.h), or one ScenarioError
// listing every problem as `file:line:col: key.path: expected …, got …`.
//
// This checks the sweep's own structure (required keys, types, ranges, one form per axis,
// each key swept once) and reads the base scenario's text. It does not check that the swept
// keys exist in the scenario or that their values are valid there: planning the sweep
// (govgrid_run_sweep, plan_sweep) loads every point with the scenario loader and reports those
// problems at the place in the sweep file that caused them.
#pragma once

#include <filesystem>
#include <string_view>

#include "govgrid/scenario_loader.h"
#include "govgrid/sweep_spec.h"

namespace govgrid {

/// Reads a sweep file. `base` is resolved against the sweep file's folder. Throws
/// ScenarioError (missing or unreadable file, YAML syntax, structural problems, an
/// unreadable base scenario).
SweepSpec load_sweep_file(const std::filesystem::path& path);

/// As load_sweep_file, from text; `display_name` stands for the file in messages and in
/// `source_file`, and its folder is where `base` is resolved. Throws ScenarioError.
SweepSpec load_sweep_string(std::string_view yaml, std::string_view display_name);

}  // namespace govgrid
