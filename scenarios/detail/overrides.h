// Internal: `--set key.path=value` overrides applied to a yaml-cpp tree.
#pragma once

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "govgrid/scenario_loader.h"
#include "scenarios/detail/yaml_reader.h"

namespace govgrid::detail {

/// Applies `key.path=value` overrides to `root`, in order (a later one wins). The path is map
/// keys and list elements joined by dots; a list element is named by its 0-based index or by
/// its `name`. Every node on the path but the last must exist; the last may be a new key of
/// an existing map. The value is parsed as YAML; a null value (`null`, `~`) removes the key.
///
/// Returns the overrides applied, with their canonical paths, so that later validation
/// issues can be attributed to them. An override that cannot be applied is skipped and adds
/// an issue (file `--set`, line 0, key path as given) to `issues`.
/// One override and where it was written (`--set`, or a `set:` entry of a scenario file).
struct OverrideInput {
  std::string text;  ///< `key.path=value`
  std::string file = "--set";
  int line = 0, column = 0;
};

std::vector<AppliedOverride> apply_overrides(YAML::Node& root,
                                             const std::vector<OverrideInput>& overrides,
                                             std::vector<ScenarioIssue>& issues);

}  // namespace govgrid::detail
