#include "scenarios/detail/overrides.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

namespace govgrid::detail {

namespace {

std::string trim(std::string_view s) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  const auto b = std::find_if(s.begin(), s.end(), not_space);
  const auto e = std::find_if(s.rbegin(), s.rend(), not_space).base();
  return b < e ? std::string(b, e) : std::string();
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t pos = s.find(sep, start);
    out.emplace_back(s.substr(start, pos == std::string_view::npos ? s.npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

std::optional<std::size_t> as_index(const std::string& segment) {
  if (segment.empty() || !std::all_of(segment.begin(), segment.end(),
                                      [](unsigned char c) { return std::isdigit(c); })) {
    return std::nullopt;
  }
  try {
    return static_cast<std::size_t>(std::stoull(segment));
  } catch (const std::out_of_range&) {
    return std::numeric_limits<std::size_t>::max();
  }
}

std::string where(const KeyPath& path) {
  return path.text().empty() ? "the top level" : path.text();
}

/// Outcome of resolving one path segment under `parent`.
struct Step {
  bool ok = false;
  std::string error;      ///< why not, when !ok
  std::size_t index = 0;  ///< list parents: the element
  std::string name;       ///< list parents: the element's name, if any
};

Step resolve_in_list(const YAML::Node& list, const std::string& segment, const KeyPath& path) {
  Step step;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < list.size(); ++i) names.push_back(element_name(list[i]));
  if (const auto index = as_index(segment)) {
    if (*index < list.size()) {
      step.ok = true;
      step.index = *index;
      step.name = names[*index];
      return step;
    }
  } else {
    const auto it = std::find(names.begin(), names.end(), segment);
    if (it != names.end()) {
      step.ok = true;
      step.index = static_cast<std::size_t>(it - names.begin());
      step.name = *it;
      return step;
    }
  }
  std::vector<std::string> named;
  std::copy_if(names.begin(), names.end(), std::back_inserter(named),
               [](const std::string& n) { return !n.empty(); });
  const std::string indices = list.size() == 0 ? "no elements (the list is empty)"
                                               : fmt::format("an index 0..{}", list.size() - 1);
  step.error = fmt::format("expected an element of {}: {}{}, got \"{}\"{}", where(path), indices,
                           named.empty() ? "" : " or one of the names " + join(named), segment,
                           did_you_mean(segment, named));
  return step;
}

}  // namespace

std::vector<AppliedOverride> apply_overrides(YAML::Node& root,
                                             const std::vector<OverrideInput>& overrides,
                                             std::vector<ScenarioIssue>& issues) {
  std::vector<AppliedOverride> applied;
  for (const OverrideInput& input : overrides) {
    const std::string& text = input.text;
    const auto fail = [&](std::string key_path, const std::string& message) {
      issues.push_back({input.file, input.line, input.column, std::move(key_path),
                        fmt::format("{} (in {} {})", message, input.file == "--set" ? "--set" : "set:", shown(text))});
    };
    const std::size_t eq = text.find('=');
    if (eq == std::string::npos) {
      fail("", "expected key.path=value, got no \"=\"");
      continue;
    }
    const std::string path_text = trim(std::string_view(text).substr(0, eq));
    const std::vector<std::string> segments = split(path_text, '.');
    if (std::any_of(segments.begin(), segments.end(),
                    [](const std::string& s) { return s.empty(); })) {
      fail(shown(path_text),
           fmt::format("expected a dotted key path such as run.days, got \"{}\"", shown(path_text)));
      continue;
    }
    YAML::Node value;
    try {
      value = YAML::Load(text.substr(eq + 1));
    } catch (const YAML::ParserException& e) {
      fail(path_text, fmt::format("expected a YAML value, got a syntax error at column {} of the "
                                  "value: {}",
                                  e.mark.column + 1, e.msg));
      continue;
    }

    // `reset` rebinds the handle; assigning a Node would overwrite the tree's node instead.
    YAML::Node cursor;
    cursor.reset(root);
    KeyPath path;
    bool ok = true;
    for (std::size_t i = 0; i < segments.size() && ok; ++i) {
      const std::string& segment = segments[i];
      const bool last = i + 1 == segments.size();
      const YAML::Node& parent = cursor;  // const lookups never insert
      if (parent.IsMap()) {
        const YAML::Node child = parent[segment];
        if (last) {
          // `key=null` (or `~`) removes the key, e.g. to switch per_grid to per_1000_residents.
          if (value.IsNull()) cursor.remove(segment);
          else cursor[segment] = value;
          path = path.key(segment);
        } else if (!child.IsDefined()) {
          // A section the file leaves out (all defaults) is created; the schema then checks
          // the key like any other, so a misspelt one is still reported, with a suggestion.
          cursor[segment] = YAML::Node(YAML::NodeType::Map);
          path = path.key(segment);
          const YAML::Node created = cursor[segment];
          cursor.reset(created);
        } else {
          path = path.key(segment);
          cursor.reset(child);
        }
      } else if (parent.IsSequence()) {
        const Step step = resolve_in_list(parent, segment, path);
        if (!step.ok) {
          fail(path_text, step.error);
          ok = false;
        } else {
          path = path.element(step.index, step.name);
          if (last) {
            cursor[step.index] = value;
          } else {
            const YAML::Node child = parent[step.index];
            cursor.reset(child);
          }
        }
      } else {
        fail(path_text, fmt::format("expected {} to be a map or a list, got {}", where(path),
                                    describe(parent)));
        ok = false;
      }
    }
    if (ok) applied.push_back({path.segments(), text, input.file, input.line, input.column});
  }
  return applied;
}

}  // namespace govgrid::detail
