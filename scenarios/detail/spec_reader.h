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

struct SchemaDoc;
/// The tables of every key read by read_scenario, defaults from a default ScenarioSpec.
SchemaDoc describe_scenario();

}  // namespace govgrid::detail
