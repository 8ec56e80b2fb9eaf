#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "govgrid/case_log_map.h"
#include "govgrid/scenario_loader.h"
#include "scenarios/detail/file_text.h"
#include "scenarios/detail/yaml_reader.h"

namespace govgrid {

namespace {

using detail::IssueLog;
using detail::KeyPath;
using detail::MapReader;
using detail::Need;

std::vector<std::string> read_strings(IssueLog& log, const YAML::Node& node, const KeyPath& path) {
  std::vector<std::string> out;
  if (!node.IsDefined()) return out;
  if (node.IsScalar()) {  // one value may be written without brackets
    if (auto s = detail::read_string(log, node, path)) out.push_back(*s);
    return out;
  }
  detail::for_each_element(log, node, path, "texts", false, [&](const YAML::Node& e, const KeyPath& p) {
    if (auto s = detail::read_string(log, e, p)) out.push_back(*s);
  });
  return out;
}

std::vector<ValueMapping> read_mappings(IssueLog& log, const YAML::Node& node, const KeyPath& path) {
  std::vector<ValueMapping> out;
  if (!node.IsDefined()) return out;
  if (!node.IsMap()) {
    log.add(path, node, "expected a map of `log value: scenario name`, got " + detail::describe(node));
    return out;
  }
  for (const auto& kv : node) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
    const KeyPath p = path.key(key);
    if (!kv.first.IsScalar() || key.empty()) {
      log.add(p, kv.first, "expected a log value as the key, got " + detail::describe(kv.first));
      continue;
    }
    if (auto target = detail::read_string(log, kv.second, p)) out.push_back({key, *target});
  }
  return out;
}

}  // namespace

std::optional<std::string> map_value(const std::vector<ValueMapping>& mappings, const std::string& value) {
  // The longest pattern that matches: `DPW*` a prefix, `*街道` a suffix, `*` anything.
  const ValueMapping* best = nullptr;
  std::size_t best_length = 0;
  for (const ValueMapping& m : mappings) {
    if (m.log_value == value) return m.target;
    const std::string& p = m.log_value;
    bool matches = false;
    std::size_t length = 0;
    if (p == "*") {
      matches = true;
    } else if (p.size() > 1 && p.back() == '*') {
      length = p.size() - 1;
      matches = value.compare(0, length, p, 0, length) == 0;
    } else if (p.size() > 1 && p.front() == '*') {
      length = p.size() - 1;
      matches = value.size() >= length && value.compare(value.size() - length, length, p, 1, length) == 0;
    }
    if (matches && (!best || length > best_length)) {
      best = &m;
      best_length = length;
    }
  }
  if (best) return best->target;
  return std::nullopt;
}

CaseLogMap load_case_log_map(const std::filesystem::path& path) {
  const std::string file = path.string();
  const detail::FileText text = detail::read_file_text(path);
  if (!text.ok())
    throw ScenarioError({ScenarioIssue{file, 0, 0, "", "expected a case-log mapping file, got " + text.what}});
  YAML::Node root;
  try {
    root = YAML::Load(text.text);
  } catch (const YAML::Exception& e) {
    throw ScenarioError({ScenarioIssue{file, e.mark.line + 1, e.mark.column + 1, "", e.msg}});
  }
  IssueLog log(file, {});
  CaseLogMap map;
  map.source_file = file;
  MapReader top(log, root, KeyPath{},
                {"name", "columns", "time_formats", "time_zone", "closed_status", "yes_values", "no_values",
                 "categories", "agencies", "channels", "includes_patrol_finds", "extracted"},
                "a case-log mapping (a map with name, columns, time_formats, time_zone, categories, …)");
  if (top.is_map()) {
    top.text("name", map.name, Need::required);
    MapReader cols(log, top.get("columns"), top.at("columns"),
                   {"id", "opened", "closed", "status", "category", "agency", "channel", "location", "first_response",
                    "resolved", "satisfied"},
                   "a map of column names");
    if (top.require("columns", "a map naming the log's columns (id and opened at least)") && cols.is_map()) {
      auto& c = map.columns;
      cols.text("id", c.id, Need::required);
      cols.text("opened", c.opened, Need::required);
      for (auto [key, field] : {std::pair{"closed", &c.closed}, {"status", &c.status}, {"category", &c.category},
                                {"agency", &c.agency}, {"channel", &c.channel}, {"location", &c.location},
                                {"first_response", &c.first_response}, {"resolved", &c.resolved},
                                {"satisfied", &c.satisfied}})
        cols.text(key, *field);
      if (c.closed.empty() && c.status.empty())
        log.add(top.at("columns"), top.get("columns"), "expected `closed` or `status`: a log must say which cases are closed");
    }
    if (top.has("time_formats")) {
      map.time_formats = read_strings(log, top.get("time_formats"), top.at("time_formats"));
      if (map.time_formats.empty()) log.add(top.at("time_formats"), top.get("time_formats"), "expected at least one time format");
    }
    top.text("time_zone", map.time_zone);
    map.closed_status = read_strings(log, top.get("closed_status"), top.at("closed_status"));
    if (top.has("yes_values")) map.yes_values = read_strings(log, top.get("yes_values"), top.at("yes_values"));
    if (top.has("no_values")) map.no_values = read_strings(log, top.get("no_values"), top.at("no_values"));
    map.categories = read_mappings(log, top.get("categories"), top.at("categories"));
    map.agencies = read_mappings(log, top.get("agencies"), top.at("agencies"));
    map.channels = read_mappings(log, top.get("channels"), top.at("channels"));
    if (!map.columns.category.empty() && map.categories.empty())
      log.add(top.at("categories"), root, "expected a map from the log's categories to the scenario's (`*` for the rest)");
    top.boolean("includes_patrol_finds", map.includes_patrol_finds);
    top.text("extracted", map.extracted);
  }
  if (!log.empty()) throw ScenarioError(log.take());
  return map;
}

}  // namespace govgrid
