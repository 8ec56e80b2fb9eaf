#include "govgrid/scenario_loader.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "scenarios/detail/file_text.h"
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

namespace {

// One line whatever the input held: control characters (a NUL or a newline in a key, a
// multi-line value echoed back) and the Unicode line separators are written as escapes.
void append_one_line(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20 || c == 0x7F) out += fmt::format("\\x{:02x}", c);
    else if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
             (static_cast<unsigned char>(text[i + 2]) == 0xA8 || static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
      out += static_cast<unsigned char>(text[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
}

}  // namespace

std::string format_issue(const ScenarioIssue& issue) {
  std::string out;
  append_one_line(out, issue.file);
  if (issue.line > 0) out += fmt::format(":{}:{}", issue.line, issue.column);
  out += ": ";
  if (!issue.key_path.empty()) {
    append_one_line(out, issue.key_path);
    out += ": ";
  }
  append_one_line(out, issue.message);
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

/// A scenario tree with the overrides still to apply: a plain file is its own tree; a file
/// with `extends: BASE` is BASE's tree plus its own `set:` entries, name and description.
struct Tree {
  YAML::Node root;
  std::string file;  ///< the file whose text the tree's nodes come from
  std::vector<detail::OverrideInput> overrides;
};

std::string flow_yaml(const YAML::Node& node) {
  YAML::Emitter out;
  // Flow style all the way down: a value set from a block-style map stays one line.
  out.SetMapFormat(YAML::Flow);
  out.SetSeqFormat(YAML::Flow);
  out << node;
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
  static const std::vector<std::string> kAllowed = {"extends", "name", "title", "description", "set", "uncertainty"};
  for (const auto& kv : child) {
    const auto key = kv.first.as<std::string>("");
    if (std::find(kAllowed.begin(), kAllowed.end(), key) == kAllowed.end())
      issue(kv.first, key,
            fmt::format("expected only extends, name, title, description, set and uncertainty in a scenario that extends "
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
  if (depth >= kMaxExtendsDepth) {
    issue(extends, "extends", fmt::format("expected at most {} levels of extends, got more (a cycle?)",
                                          kMaxExtendsDepth));
    throw ScenarioError(std::move(issues));
  }
  // Only a regular file of bounded size is read; what is in it is never quoted unless it
  // reads as a scenario (a YAML map).
  const detail::FileText base_file = detail::read_file_text(base);
  if (!base_file.ok() || base_file.text.empty())
    issue(extends, "extends",
          fmt::format("expected a readable scenario file, got {} at {}",
                      base_file.problem == detail::FileText::Problem::missing ? std::string("none")
                      : base_file.ok()                                      ? std::string("an empty file")
                                                                            : base_file.what,
                      base.string()));
  if (!issues.empty()) throw ScenarioError(std::move(issues));

  Tree out = resolve(base_file.text, base.string(), depth + 1);
  if (!detail::has_scenario_keys(out.root)) {
    issue(extends, "extends",
          fmt::format("expected a scenario file (a YAML map of scenario keys), got {} at {}",
                      out.root.IsSequence() ? "a list"
                      : out.root.IsMap()    ? "a map with none of them"
                                            : "text that is not a YAML map",
                      base.string()));
    throw ScenarioError(std::move(issues));
  }
  for (const char* key : {"name", "title", "description", "uncertainty"})
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

  if (tree.root.IsScalar() || (tree.root.IsMap() && !detail::has_scenario_keys(tree.root))) {
    // Not a scenario at all (a wrong file?): say so without quoting it.
    throw ScenarioError({ScenarioIssue{tree.file, tree.root.Mark().line + 1, tree.root.Mark().column + 1, "",
                                       fmt::format("expected a map of scenario keys at the top level, got {} (is "
                                                   "this a scenario file?)",
                                                   tree.root.IsMap() ? "a map with none of them"
                                                                     : "text that is not a YAML map")}});
  }

  // A scenario renamed without a new title must not keep its base's title: a report would call
  // `--set name=more_workers` "Baseline district". The last rename wins unless a title follows it.
  bool renamed_untitled = false;
  for (const auto& o : tree.overrides) {
    if (o.text.rfind("name=", 0) == 0) renamed_untitled = true;
    if (o.text.rfind("title=", 0) == 0 || o.text.rfind("title.", 0) == 0) renamed_untitled = false;
  }
  if (renamed_untitled && tree.root.IsMap() && tree.root["title"]) tree.root.remove("title");

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
  YAML::Emitter effective;
  effective << tree.root;
  spec.effective_yaml = effective.c_str();
  return spec;
}

ScenarioSpec load_scenario_file(const std::filesystem::path& path,
                                const std::vector<std::string>& overrides) {
  const std::string name = path.string();
  std::error_code ec;
  const detail::FileText file = detail::read_file_text(path);
  switch (file.problem) {
    case detail::FileText::Problem::none: break;
    case detail::FileText::Problem::missing:
      fail(name, fmt::format("expected a scenario file, got no file at this path (looked for {})",
                             std::filesystem::absolute(path, ec).string()));
    case detail::FileText::Problem::unreadable:
      fail(name, fmt::format("expected a readable scenario file, got {}", file.what));
    default: fail(name, fmt::format("expected a scenario file, got {}", file.what));
  }
  return load_scenario_string(file.text, name, overrides);
}

}  // namespace govgrid
