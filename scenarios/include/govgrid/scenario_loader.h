// Loading a scenario: YAML text → a validated ScenarioSpec, or one ScenarioError listing
// every problem found.
//
// This is the only public door into `scenarios/`; it exposes no yaml-cpp type, so the
// engine and the CLI never see YAML. The schema (every key, its unit and default) is
// documented in scenarios/README.md and in the doc comments of scenario_spec.h.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "govgrid/scenario_spec.h"

namespace govgrid {

/// One problem found in a scenario.
///
/// `key_path` names the entry: map keys joined by dots, list elements as `[index]` (0-based)
/// followed by `:name` when the element has a `name`, e.g.
/// `categories[2:neighbour_dispute].level_shares.grid`. It is empty only for problems with
/// the file as a whole (missing file, YAML syntax error).
struct ScenarioIssue {
  std::string file;      ///< the file's display name, or `--set` for an override's problem
  int line = 0;          ///< 1-based; 0 when unknown (always 0 for `--set`)
  int column = 0;        ///< 1-based; 0 when unknown
  std::string key_path;  ///< see above
  std::string message;   ///< what was expected and what was found
};

/// Formats one issue as `file:line:col: key.path: message`. The `line:col` part is left out
/// when the line is unknown (0), the `key.path: ` part when the key path is empty.
std::string format_issue(const ScenarioIssue& issue);

/// Thrown when a scenario cannot be loaded: the file is missing, the YAML does not parse, an
/// override is malformed, or validation fails. Holds every problem found, not just the first;
/// `what()` is all of them, formatted by format_issue, one per line.
class ScenarioError : public std::runtime_error {
 public:
  /// Precondition: `issues` is not empty.
  explicit ScenarioError(std::vector<ScenarioIssue> issues);

  const std::vector<ScenarioIssue>& issues() const noexcept { return issues_; }

 private:
  std::vector<ScenarioIssue> issues_;
};

/// Reads, overrides and validates a scenario file.
///
/// `overrides` are `key.path=value` strings as given to `govgrid run --set`: the path is map
/// keys and list elements joined by dots, a list element addressed by its 0-based index or
/// by its `name` (`categories.0.rate_per_1000_per_day`, `categories.sanitation.level_shares`);
/// the value is parsed as YAML (a scalar, or a flow list or map such as
/// `{dist: exponential, mean: 2}`). They are applied in order to the YAML tree before
/// validation. A map on the path that the file leaves out is created (validation then reports
/// a key the schema does not know); list elements must exist. The last may be a new key in
/// an existing map (validation then rejects it if the schema does not know it).
///
/// The returned spec has `source_file` set to the path as given. Throws ScenarioError.
ScenarioSpec load_scenario_file(const std::filesystem::path& path,
                                const std::vector<std::string>& overrides = {});

/// As load_scenario_file, from YAML text in memory; `display_name` stands for the file name
/// in messages and in `source_file` (for example "<sweep point 3>"). Throws ScenarioError.
ScenarioSpec load_scenario_string(std::string_view yaml, std::string_view display_name,
                                  const std::vector<std::string>& overrides = {});

}  // namespace govgrid
