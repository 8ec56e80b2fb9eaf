#include "govgrid/sweep_loader.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "scenarios/detail/file_text.h"
#include "scenarios/detail/yaml_reader.h"

namespace govgrid {

namespace {

using detail::IssueLog;
using detail::KeyPath;
using detail::MapReader;
using detail::Need;

// A sweep of more runs than this is a typo (a step of 0.0001), not a plan.
constexpr double kMaxPoints = 1.0e6;
constexpr int kMaxExtendsDepth = 8;

SourceMark mark_of(const YAML::Node& node) {
  if (!node.IsDefined()) return {};
  const YAML::Mark m = node.Mark();
  return m.line < 0 ? SourceMark{} : SourceMark{m.line + 1, m.column + 1};
}

/// The node as YAML text usable after `key.path=`: scalars as written, collections in flow style.
std::string flow_text(const YAML::Node& node) {
  if (node.IsScalar()) {
    // A quoted scalar is a string even when it looks like a number or a boolean; keep the quotes.
    if (node.Tag() == "!") {
      YAML::Emitter out;
      out << YAML::DoubleQuoted << node.Scalar();
      return out.c_str();
    }
    return node.Scalar();
  }
  YAML::Emitter out;
  // Flow style all the way down: a value set from a block-style map stays one line.
  out.SetMapFormat(YAML::Flow);
  out.SetSeqFormat(YAML::Flow);
  out << node;
  return out.c_str();
}

// Only regular files of bounded size are read (scenarios/detail/file_text.h).
std::string read_text(const std::filesystem::path& path, bool& ok) {
  detail::FileText file = detail::read_file_text(path);
  ok = file.ok();
  return std::move(file.text);
}

std::uint64_t fnv1a(std::string_view text, std::uint64_t h = 0xcbf29ce484222325ULL) {
  for (const unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

/// Hash of the base scenario and every file it extends: a change anywhere in the chain
/// changes the points. Files that do not parse hash as text; the scenario loader reports them.
std::string base_chain_hash(const std::string& text, const std::filesystem::path& file) {
  std::uint64_t h = fnv1a(text);
  std::string current = text;
  std::filesystem::path current_file = file;
  for (int depth = 0; depth < kMaxExtendsDepth; ++depth) {
    YAML::Node root;
    try {
      root = YAML::Load(current);
    } catch (const YAML::Exception&) {
      break;
    }
    if (!root.IsMap() || !root["extends"] || !root["extends"].IsScalar()) break;
    current_file = current_file.parent_path() / root["extends"].Scalar();
    bool ok = false;
    current = read_text(current_file, ok);
    if (!ok) break;
    h = fnv1a("\n--- extends ---\n", h);
    h = fnv1a(current, h);
  }
  return fmt::format("{:016x}", h);
}

/// Remembers where each scenario key is swept or set, to report a key swept twice.
class KeyRegistry {
 public:
  explicit KeyRegistry(IssueLog& log) : log_(&log) {}

  void add(const std::string& key, const KeyPath& path, const YAML::Node& at, std::string_view by) {
    const auto it = std::find_if(seen_.begin(), seen_.end(), [&](const auto& s) { return s.key == key; });
    if (it != seen_.end()) {
      log_->add(path, at,
                fmt::format("expected each scenario key in one place only, got \"{}\" again (first {} at "
                            "line {})",
                            key, it->by, it->line));
      return;
    }
    if (key == "run.seed" || key == "run.replications") {
      log_->add(path, at,
                fmt::format("expected a key other than {} (the sweep's own `seed` and `replications` "
                            "set it for every point, so that replication r of every point shares its "
                            "random streams), got \"{}\"",
                            key, key));
      return;
    }
    seen_.push_back({key, std::string(by), mark_of(at).line});
  }

 private:
  struct Seen {
    std::string key;
    std::string by;
    int line;
  };
  IssueLog* log_;
  std::vector<Seen> seen_;
};

bool read_key(IssueLog& log, const YAML::Node& node, const KeyPath& path, std::string& out) {
  const auto key = detail::read_string(log, node, path);
  if (!key) return false;
  const bool well_formed = key->front() != '.' && key->back() != '.' && key->find("..") == std::string::npos &&
                           key->find('=') == std::string::npos;
  if (!well_formed) {
    log.add(path, node,
            fmt::format("expected a dotted scenario key such as grid_workers.per_grid, got \"{}\"", *key));
    return false;
  }
  out = *key;
  return true;
}

/// `{from, to}` (an lhs range) or `{from, to, step}` (a range axis).
bool read_range(IssueLog& log, const YAML::Node& node, const KeyPath& path, bool with_step, SweepRange& out) {
  const char* what = with_step ? "a range {from: A, to: B, step: S}" : "a range {from: A, to: B}";
  if (!node.IsMap()) {
    log.add(path, node, fmt::format("expected {}, got {}", what, detail::describe(node)));
    return false;
  }
  const MapReader m(log, node, path,
                    with_step ? std::vector<std::string>{"from", "to", "step"} : std::vector<std::string>{"from", "to"},
                    what);
  SweepRange r;
  r.at = mark_of(node);
  bool ok = m.number("from", r.from, detail::kAnyNumber, Need::required);
  ok = m.number("to", r.to, detail::kAnyNumber, Need::required) && ok;
  if (with_step) {
    double step = 0.0;
    ok = m.number("step", step, detail::kPositive, Need::required) && ok;
    r.step = step;
  }
  if (!ok) return false;
  if (r.to < r.from) {
    log.add(path.key("to"), node["to"],
            fmt::format("expected to >= from ({}), got {}", fmt::format("{:.6g}", r.from),
                        detail::describe(node["to"])));
    return false;
  }
  if (with_step && (r.to - r.from) / *r.step + 1.0 > kMaxPoints) {
    log.add(path.key("step"), node["step"],
            fmt::format("expected a step giving at most {:.0f} values, got {} values", kMaxPoints,
                        std::floor((r.to - r.from) / *r.step) + 1.0));
    return false;
  }
  out = r;
  return true;
}

/// One element of `axes`; returns the number of entries it contributes (0 when broken).
double read_axis(IssueLog& log, const YAML::Node& node, const KeyPath& path, KeyRegistry& keys,
                 SweepAxis& axis) {
  static const std::string kForms =
      "an axis: {key: K, values: [...]}, {key: K, range: {from: A, to: B, step: S}}, "
      "{lhs: {samples: N}, ranges: {K: {from: A, to: B}, ...}} or {name: N, cases: {CASE: {K: V, ...}, ...}}";
  if (!node.IsMap()) {
    log.add(path, node, fmt::format("expected {}, got {}", kForms, detail::describe(node)));
    return 0;
  }
  const MapReader m(log, node, path, {"key", "values", "range", "lhs", "ranges", "name", "cases"}, kForms);
  axis.at = mark_of(node);
  axis.where = path.text();

  if (m.has("cases") || m.has("name")) {
    axis.kind = SweepAxis::Kind::cases;
    for (const char* stray : {"key", "values", "range", "lhs", "ranges"})
      if (m.has(stray))
        log.add(m.at(stray), m.get(stray),
                fmt::format("expected no \"{}\" in a cases axis (each case sets its own keys)", stray));
    bool ok = m.text("name", axis.name, Need::required);
    if (ok) keys.add(axis.name, m.at("name"), m.get("name"), "as an axis name in " + axis.where);
    if (!m.require("cases", "a map of case names to maps of scenario keys and values")) return 0;
    const YAML::Node cases = m.get("cases");
    if (!cases.IsMap() || cases.size() == 0) {
      log.add(m.at("cases"), cases,
              fmt::format("expected a non-empty map of case names to maps of scenario keys and values "
                          "({{none: {{}}, pooling: {{policies.dispatch: pooling}}}}), got {}",
                          detail::describe(cases)));
      return 0;
    }
    // A key may appear in several cases of this axis, but in no other axis and not in set:.
    std::vector<std::string> axis_keys;
    for (const auto& kv : cases) {
      SweepCase c;
      const KeyPath case_path = m.at("cases").key(kv.first.IsScalar() ? kv.first.Scalar() : "?");
      if (!kv.first.IsScalar() || kv.first.Scalar().empty()) {
        log.add(case_path, kv.first, fmt::format("expected a case name, got {}", detail::describe(kv.first)));
        ok = false;
        continue;
      }
      c.name = kv.first.Scalar();
      c.at = mark_of(kv.first);
      if (std::any_of(axis.cases.begin(), axis.cases.end(), [&](const SweepCase& o) { return o.name == c.name; })) {
        log.add(case_path, kv.first, fmt::format("expected each case name once, got \"{}\" again", c.name));
        ok = false;
        continue;
      }
      const YAML::Node set = kv.second;
      if (!set.IsMap() && !set.IsNull()) {
        log.add(case_path, set,
                fmt::format("expected a map of scenario keys to values ({{}} for the base as it is), got {}",
                            detail::describe(set)));
        ok = false;
        continue;
      }
      if (set.IsMap())
        for (const auto& entry : set) {
          SweepOverride o;
          const KeyPath key_path = case_path.key(entry.first.IsScalar() ? entry.first.Scalar() : "?");
          if (!read_key(log, entry.first, key_path, o.key)) {
            ok = false;
            continue;
          }
          if (!entry.second.IsDefined() || entry.second.IsNull()) {
            log.add(key_path, entry.second, "expected a value, got nothing (an empty value)");
            ok = false;
            continue;
          }
          if (std::find(axis_keys.begin(), axis_keys.end(), o.key) == axis_keys.end()) {
            axis_keys.push_back(o.key);
            keys.add(o.key, key_path, entry.first, "in " + axis.where);
          }
          o.value = {flow_text(entry.second), mark_of(entry.second)};
          c.set.push_back(std::move(o));
        }
      axis.cases.push_back(std::move(c));
    }
    return ok ? static_cast<double>(axis.cases.size()) : 0;
  }

  if (m.has("lhs")) {
    axis.kind = SweepAxis::Kind::lhs;
    for (const char* stray : {"key", "values", "range"})
      if (m.has(stray))
        log.add(m.at(stray), m.get(stray),
                fmt::format("expected no \"{}\" in an lhs axis (its keys are those of `ranges`)", stray));
    const YAML::Node lhs_node = m.get("lhs");
    const MapReader lhs(log, lhs_node, m.at("lhs"), {"samples", "seed"}, "a map {samples: N, seed: S}");
    bool ok = lhs.is_map();
    if (ok) ok = lhs.integer("samples", axis.samples, detail::kAtLeastOne, Need::required);
    if (lhs.has("seed")) {
      const auto seed = detail::read_unsigned(log, lhs.get("seed"), lhs.at("seed"));
      if (seed) axis.lhs_seed = *seed;
      ok = ok && seed.has_value();
    }
    if (ok && axis.samples > kMaxPoints) {
      log.add(lhs.at("samples"), lhs.get("samples"),
              fmt::format("expected at most {:.0f} samples, got {}", kMaxPoints, axis.samples));
      ok = false;
    }
    if (!m.require("ranges", "a map of scenario keys to ranges {from: A, to: B}")) return 0;
    const YAML::Node ranges = m.get("ranges");
    if (!ranges.IsMap() || ranges.size() == 0) {
      log.add(m.at("ranges"), ranges,
              fmt::format("expected a non-empty map of scenario keys to ranges {{from: A, to: B}}, got {}",
                          detail::describe(ranges)));
      return 0;
    }
    for (const auto& kv : ranges) {
      LhsDimension dim;
      const KeyPath dim_path = m.at("ranges").key(kv.first.IsScalar() ? kv.first.Scalar() : "?");
      bool dim_ok = read_key(log, kv.first, dim_path, dim.key);
      if (dim_ok) keys.add(dim.key, dim_path, kv.first, "in " + axis.where);
      dim_ok = read_range(log, kv.second, dim_path, false, dim.range) && dim_ok;
      ok = ok && dim_ok;
      axis.dimensions.push_back(std::move(dim));
    }
    return ok ? axis.samples : 0;
  }

  if (!m.require("key", "the scenario key this axis sweeps (key.path)")) return 0;
  bool ok = read_key(log, m.get("key"), m.at("key"), axis.key);
  if (ok) keys.add(axis.key, m.at("key"), m.get("key"), "in " + axis.where);
  if (m.has("ranges"))
    log.add(m.at("ranges"), m.get("ranges"), "expected \"ranges\" only in an lhs axis (with lhs: {samples: N})");
  const bool has_values = m.has("values"), has_range = m.has("range");
  if (has_values == has_range) {
    log.add(path, node,
            has_values ? "expected either values or range in an axis, got both"
                       : "expected values: [...] or range: {from: A, to: B, step: S} in an axis with a key");
    return 0;
  }
  if (has_range) {
    axis.kind = SweepAxis::Kind::range;
    if (!read_range(log, m.get("range"), m.at("range"), true, axis.range) || !ok) return 0;
    return std::floor((axis.range.to - axis.range.from) / *axis.range.step + 1e-9) + 1.0;
  }
  axis.kind = SweepAxis::Kind::values;
  const YAML::Node values = m.get("values");
  if (!values.IsSequence() || values.size() == 0) {
    log.add(m.at("values"), values,
            fmt::format("expected a non-empty list of values, got {}", detail::describe(values)));
    return 0;
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    const YAML::Node v = values[i];
    if (!v.IsDefined() || v.IsNull()) {
      log.add(m.at("values").element(i, ""), v, "expected a value, got nothing (an empty value)");
      ok = false;
      continue;
    }
    axis.values.push_back({flow_text(v), mark_of(v)});
  }
  return ok ? static_cast<double>(axis.values.size()) : 0;
}

}  // namespace

SweepSpec load_sweep_string(std::string_view yaml, std::string_view display_name) {
  const std::string file(display_name);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::ParserException& e) {
    throw ScenarioError({ScenarioIssue{file, e.mark.line + 1, e.mark.column + 1, "",
                                       fmt::format("expected valid YAML, got a syntax error: {}", e.msg)}});
  }
  IssueLog log(file, {});
  SweepSpec spec;
  spec.source_file = file;
  spec.yaml = std::string(yaml);
  static const std::vector<std::string> kSweepKeys = {"name", "description", "base", "replications", "seed", "set",
                                                      "axes", "store"};
  const bool has_sweep_keys = root.IsMap() && std::any_of(root.begin(), root.end(), [](const auto& kv) {
    return kv.first.IsScalar() &&
           std::find(kSweepKeys.begin(), kSweepKeys.end(), kv.first.Scalar()) != kSweepKeys.end();
  });
  if (!has_sweep_keys) {
    // Text or a map with no sweep key is not quoted: the file may be anything but a sweep.
    log.add(KeyPath(), root,
            fmt::format("expected a sweep (a map with name, base, replications, seed and axes), got {}",
                        root.IsScalar() ? std::string("text that is not a YAML map (is this a sweep file?)")
                        : root.IsMap()  ? std::string("a map with none of these keys (is this a sweep file?)")
                                        : detail::describe(root)));
    throw ScenarioError(log.take());
  }

  const MapReader m(log, root, KeyPath(), kSweepKeys, "a sweep");
  m.text("name", spec.name, Need::required);
  m.text("description", spec.description);
  static constexpr detail::Range kReplications{1.0, RunSpec::kMaxReplications, false, false,
                                                "an integer from 1 to 10000"};
  if (m.integer("replications", spec.replications, kReplications, Need::required))
    spec.replications_at = mark_of(m.get("replications"));
  if (m.require("seed", "an integer between 0 and 2^64 - 1")) {
    if (const auto seed = detail::read_unsigned(log, m.get("seed"), m.at("seed"))) spec.seed = *seed;
    spec.seed_at = mark_of(m.get("seed"));
  }

  std::string base;
  if (m.text("base", base, Need::required)) {
    const std::filesystem::path path = std::filesystem::path(file).parent_path() / base;
    spec.base_file = path.lexically_normal().string();
    spec.base_at = mark_of(m.get("base"));
    std::error_code ec;
    detail::FileText base_file = detail::read_file_text(path);
    const bool ok = base_file.ok();
    if (ok) spec.base_yaml = std::move(base_file.text);
    if (!ok)
      log.add(m.at("base"), m.get("base"),
              fmt::format("expected a readable scenario file (relative to the sweep file), got \"{}\" ({} at {})",
                          base, base_file.what, std::filesystem::absolute(path, ec).lexically_normal().string()));
    else
      spec.base_hash = base_chain_hash(spec.base_yaml, path);
  }

  KeyRegistry keys(log);
  if (m.has("set")) {
    const YAML::Node set = m.get("set");
    if (!set.IsMap()) {
      log.add(m.at("set"), set,
              fmt::format("expected a map of scenario keys to values (key.path: value), got {}",
                          detail::describe(set)));
    } else {
      for (const auto& kv : set) {
        SweepOverride o;
        const KeyPath path = m.at("set").key(kv.first.IsScalar() ? kv.first.Scalar() : "?");
        if (!read_key(log, kv.first, path, o.key)) continue;
        keys.add(o.key, path, kv.first, "in set:");
        if (!kv.second.IsDefined() || kv.second.IsNull()) {
          log.add(path, kv.second, "expected a value, got nothing (an empty value)");
          continue;
        }
        o.value = {flow_text(kv.second), mark_of(kv.second)};
        spec.set.push_back(std::move(o));
      }
    }
  }

  if (m.require("axes", "a list of axes (an empty list [] runs the base alone)")) {
    double points = 1.0;
    // Read by hand rather than with for_each_element: axes are named by their key (or
    // their name, or "lhs"), and most have no `name` field.
    const YAML::Node axes = m.get("axes");
    if (!axes.IsSequence()) {
      log.add(m.at("axes"), axes, fmt::format("expected a list of axes, got {}", detail::describe(axes)));
    } else {
      for (std::size_t i = 0; i < axes.size(); ++i) {
        const YAML::Node element = axes[i];
        std::string label = "lhs";
        for (const char* key : {"key", "name"})
          if (element.IsMap() && element[key] && element[key].IsScalar()) {
            label = element[key].Scalar();
            break;
          }
        SweepAxis axis;
        points *= read_axis(log, element, m.at("axes").element(i, label), keys, axis);
        spec.axes.push_back(std::move(axis));
      }
    }
    if (log.empty() && points > kMaxPoints)
      log.add(m.at("axes"), m.get("axes"),
              fmt::format("expected at most {:.0f} points in all, got {:.0f} (the product of the axes)",
                          kMaxPoints, points));
  }
  if (m.has("store")) {
    const MapReader store(log, m.get("store"), m.at("store"), {"daily", "grids"},
                          "a map {daily: true|false, grids: true|false}");
    store.boolean("daily", spec.store_daily);
    store.boolean("grids", spec.store_grids);
  }
  if (!log.empty()) throw ScenarioError(log.take());
  return spec;
}

SweepSpec load_sweep_file(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    throw ScenarioError({ScenarioIssue{name, 0, 0, "",
                                       fmt::format("expected a sweep file, got no file at this path (looked for {})",
                                                   std::filesystem::absolute(path, ec).string())}});
  const detail::FileText file = detail::read_file_text(path);
  if (!file.ok()) throw ScenarioError({ScenarioIssue{name, 0, 0, "", fmt::format("expected a sweep file, got {}", file.what)}});
  return load_sweep_string(file.text, name);
}

}  // namespace govgrid
