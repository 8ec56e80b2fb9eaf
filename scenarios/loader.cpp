#include "govgrid/scenario_loader.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "scenarios/detail/overrides.h"
#include "scenarios/detail/spec_reader.h"
#include "scenarios/detail/yaml_reader.h"

namespace govgrid {

namespace {

std::string format_all(const std::vector<ScenarioIssue>& issues) {
  std::string out;
  for (const auto& issue : issues) {
    if (!out.empty()) out += '\n';
    out += format_issue(issue);
  }
  return out;
}

[[noreturn]] void fail(std::string file, std::string message) {
  throw ScenarioError({ScenarioIssue{std::move(file), 0, 0, "", std::move(message)}});
}

}  // namespace

std::string format_issue(const ScenarioIssue& issue) {
  std::string out = issue.file;
  if (issue.line > 0) out += fmt::format(":{}:{}", issue.line, issue.column);
  out += ": ";
  if (!issue.key_path.empty()) out += issue.key_path + ": ";
  out += issue.message;
  return out;
}

ScenarioError::ScenarioError(std::vector<ScenarioIssue> issues)
    : std::runtime_error(format_all(issues)), issues_(std::move(issues)) {}

namespace {

constexpr int kMaxExtendsDepth = 8;

YAML::Node parse(std::string_view yaml, const std::string& file) {
  try {
    return YAML::Load(std::string(yaml));
  } catch (const YAML::ParserException& e) {
    throw ScenarioError(
        {ScenarioIssue{file, e.mark.line + 1, e.mark.column + 1, "",
                       fmt::format("expected valid YAML, got a syntax error: {}", e.msg)}});
  }
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (!(in && text << in.rdbuf())) return {};
  return text.str();
}

/// A scenario tree with the overrides still to apply: a plain file is its own tree; a file
/// with `extends: BASE` is BASE's tree plus its own `set:` entries, name and description.
struct Tree {
  YAML::Node root;
  std::string file;  ///< the file whose text the tree's nodes come from
  std::vector<detail::OverrideInput> overrides;
};

std::string flow_yaml(const YAML::Node& node) {
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

Tree resolve(std::string_view yaml, const std::string& file, int depth) {
  Tree tree{parse(yaml, file), file, {}};
  if (!tree.root.IsMap() || !tree.root["extends"]) return tree;

  const YAML::Node child = tree.root;
  std::vector<ScenarioIssue> issues;
  const auto issue = [&](const YAML::Node& at, std::string key, std::string message) {
    issues.push_back({file, at.Mark().line + 1, at.Mark().column + 1, std::move(key), std::move(message)});
  };
  static const std::vector<std::string> kAllowed = {"extends", "name", "description", "set"};
  for (const auto& kv : child) {
    const auto key = kv.first.as<std::string>("");
    if (std::find(kAllowed.begin(), kAllowed.end(), key) == kAllowed.end())
      issue(kv.first, key,
            fmt::format("expected only extends, name, description and set in a scenario that extends "
                        "another (change other keys with set: {{key.path: value}}), got \"{}\"",
                        key));
  }
  const YAML::Node extends = child["extends"];
  if (!extends.IsScalar()) issue(extends, "extends", "expected the path of the scenario to extend");
  const YAML::Node set = child["set"];
  if (set && !set.IsMap()) issue(set, "set", "expected a map of key.path: value");
  if (!issues.empty()) throw ScenarioError(std::move(issues));

  const std::filesystem::path base =
      std::filesystem::path(file).parent_path() / extends.as<std::string>();
  const std::string base_text = read_text(base);
  if (depth >= kMaxExtendsDepth)
    issue(extends, "extends", fmt::format("expected at most {} levels of extends, got more (a cycle?)",
                                          kMaxExtendsDepth));
  else if (base_text.empty())
    issue(extends, "extends", fmt::format("expected a readable scenario file, got none at {}", base.string()));
  if (!issues.empty()) throw ScenarioError(std::move(issues));

  Tree out = resolve(base_text, base.string(), depth + 1);
  for (const char* key : {"name", "description"})
    if (child[key]) {
      const YAML::Node v = child[key];
      out.overrides.push_back({std::string(key) + "=" + flow_yaml(v), file, v.Mark().line + 1, v.Mark().column + 1});
    }
  if (set)
    for (const auto& kv : set)
      out.overrides.push_back({kv.first.as<std::string>("") + "=" + flow_yaml(kv.second), file,
                               kv.first.Mark().line + 1, kv.first.Mark().column + 1});
  return out;
}

}  // namespace

ScenarioSpec load_scenario_string(std::string_view yaml, std::string_view display_name,
                                  const std::vector<std::string>& overrides) {
  const std::string file(display_name);
  Tree tree = resolve(yaml, file, 0);
  for (const auto& text : overrides) tree.overrides.push_back({text});

  std::vector<ScenarioIssue> override_issues;
  std::vector<detail::AppliedOverride> applied =
      detail::apply_overrides(tree.root, tree.overrides, override_issues);
  detail::IssueLog log(tree.file, std::move(applied));
  for (auto& issue : override_issues) log.add_raw(std::move(issue));

  ScenarioSpec spec;
  try {
    spec = detail::read_scenario(tree.root, log);
  } catch (const YAML::Exception& e) {
    // The readers check types before converting, so this means a reader missed a case;
    // still report it as a scenario problem with its place rather than a bare yaml-cpp error.
    log.add_raw({tree.file, e.mark.line + 1, e.mark.column + 1, "",
                 fmt::format("unexpected YAML error while reading: {}", e.msg)});
  }
  if (!log.empty()) throw ScenarioError(log.take());
  spec.source_file = file;
  return spec;
}

ScenarioSpec load_scenario_file(const std::filesystem::path& path,
                                const std::vector<std::string>& overrides) {
  const std::string name = path.string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    fail(name, fmt::format("expected a scenario file, got no file at this path (looked for {})",
                           std::filesystem::absolute(path, ec).string()));
  }
  if (std::filesystem::is_directory(path, ec)) {
    fail(name, "expected a scenario file, got a directory");
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (!(in && text << in.rdbuf()))
    fail(name, "expected a readable scenario file, got a read error");
  return load_scenario_string(text.str(), name, overrides);
}

}  // namespace govgrid
