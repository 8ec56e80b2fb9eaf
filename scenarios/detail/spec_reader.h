// Internal: the scenario schema, read from a yaml-cpp tree into a ScenarioSpec, and described.
#pragma once

#include <yaml-cpp/yaml.h>

#include "govgrid/scenario_spec.h"
#include "scenarios/detail/yaml_reader.h"

namespace govgrid::detail {

/// Reads and validates a whole scenario from its root node. Every problem goes to `log`,
/// and reading carries on past it; the result is meaningful only when `log` stays empty.
/// Does not set `source_file`.
ScenarioSpec read_scenario(const YAML::Node& root, IssueLog& log);

/// Whether `root` is a map with at least one top-level scenario key (or `extends`): a file
/// that is not is not a scenario at all, and its keys are not quoted back (issue 13: the first
/// line of /etc/shadow reads as a YAML map with one key).
bool has_scenario_keys(const YAML::Node& root);

struct SchemaDoc;
/// The tables of every key read by read_scenario, defaults from a default ScenarioSpec.
SchemaDoc describe_scenario();

}  // namespace govgrid::detail
