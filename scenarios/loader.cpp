#include "govgrid/scenario_loader.h"

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

ScenarioSpec load_scenario_string(std::string_view yaml, std::string_view display_name,
                                  const std::vector<std::string>& overrides) {
  const std::string file(display_name);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::ParserException& e) {
    throw ScenarioError(
        {ScenarioIssue{file, e.mark.line + 1, e.mark.column + 1, "",
                       fmt::format("expected valid YAML, got a syntax error: {}", e.msg)}});
  }

  std::vector<ScenarioIssue> override_issues;
  std::vector<detail::AppliedOverride> applied =
      detail::apply_overrides(root, overrides, override_issues);
  detail::IssueLog log(file, std::move(applied));
  for (auto& issue : override_issues) log.add_raw(std::move(issue));

  ScenarioSpec spec;
  try {
    spec = detail::read_scenario(root, log);
  } catch (const YAML::Exception& e) {
    // The readers check types before converting, so this means a reader missed a case;
    // still report it as a scenario problem with its place rather than a bare yaml-cpp error.
    log.add_raw({file, e.mark.line + 1, e.mark.column + 1, "",
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
