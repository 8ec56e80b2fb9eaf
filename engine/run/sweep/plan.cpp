#include "engine/run/sweep/plan.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <stdexcept>
#include <string>
#include <tuple>

#include <fmt/format.h>

#include "engine/rng/counter_rng.h"  // mix64
#include "govgrid/scenario_loader.h"

namespace govgrid {

namespace {

/// SplitMix64: small, portable and fully specified, so a seed gives the same hypercube on
/// every platform (std::uniform_real_distribution does not promise that).
class SplitMix {
 public:
  explicit SplitMix(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() { return mix64(state_++ * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL); }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

std::string number_text(double v) { return fmt::format("{}", v); }

/// Where an override of a point was written in the sweep file.
struct OverrideSource {
  SourceMark at;
  std::string where;
};

/// One choice along an axis: a value per column of the axis, and the overrides it makes.
struct Entry {
  std::vector<std::string> values;
  std::vector<std::string> overrides;
  std::vector<OverrideSource> sources;  ///< per override
};

/// For each axis, its entries in order.
std::vector<std::vector<Entry>> axis_table(const SweepSpec& spec) {
  std::vector<std::vector<Entry>> table;
  for (std::size_t a = 0; a < spec.axes.size(); ++a) {
    const SweepAxis& axis = spec.axes[a];
    std::vector<Entry> entries;
    switch (axis.kind) {
      case SweepAxis::Kind::values:
        for (std::size_t j = 0; j < axis.values.size(); ++j)
          entries.push_back({{axis.values[j].text},
                             {axis.key + "=" + axis.values[j].text},
                             {{axis.values[j].at, fmt::format("{}.values[{}]", axis.where, j)}}});
        break;
      case SweepAxis::Kind::range:
        for (double v : range_values(axis.range.from, axis.range.to, axis.range.step.value_or(1.0)))
          entries.push_back({{number_text(v)}, {axis.key + "=" + number_text(v)}, {{axis.range.at, axis.where + ".range"}}});
        break;
      case SweepAxis::Kind::lhs: {
        const std::uint64_t seed =
            axis.lhs_seed.value_or(mix64(spec.seed ^ mix64(0x6c6873ULL + static_cast<std::uint64_t>(a))));
        const auto cube = latin_hypercube(axis.samples, static_cast<int>(axis.dimensions.size()), seed);
        for (const auto& sample : cube) {
          Entry entry;
          for (std::size_t d = 0; d < axis.dimensions.size(); ++d) {
            const LhsDimension& dim = axis.dimensions[d];
            const std::string v = number_text(dim.range.from + (dim.range.to - dim.range.from) * sample[d]);
            entry.values.push_back(v);
            entry.overrides.push_back(dim.key + "=" + v);
            entry.sources.push_back({dim.range.at, fmt::format("{}.ranges.{}", axis.where, dim.key)});
          }
          entries.push_back(std::move(entry));
        }
        break;
      }
      case SweepAxis::Kind::cases:
        for (const SweepCase& c : axis.cases) {
          Entry entry{{c.name}, {}, {}};
          for (const SweepOverride& o : c.set) {
            entry.overrides.push_back(o.key + "=" + o.value.text);
            entry.sources.push_back({o.value.at, fmt::format("{}.cases.{}.{}", axis.where, c.name, o.key)});
          }
          entries.push_back(std::move(entry));
        }
        break;
    }
    table.push_back(std::move(entries));
  }
  return table;
}

/// The plan, with where each point's overrides come from.
struct Expanded {
  SweepPlan plan;
  std::vector<std::vector<OverrideSource>> sources;  ///< per point, per override
};

Expanded expand(const SweepSpec& spec) {
  Expanded out;
  SweepPlan& plan = out.plan;
  plan.replications = spec.replications;
  for (std::size_t a = 0; a < spec.axes.size(); ++a) {
    const SweepAxis& axis = spec.axes[a];
    if (axis.kind == SweepAxis::Kind::lhs)
      for (const auto& d : axis.dimensions) plan.columns.push_back({d.key, axis.kind, static_cast<int>(a)});
    else
      plan.columns.push_back({axis.kind == SweepAxis::Kind::cases ? axis.name : axis.key, axis.kind, static_cast<int>(a)});
  }
  const auto table = axis_table(spec);
  std::vector<int> sizes;
  for (const auto& entries : table) sizes.push_back(static_cast<int>(entries.size()));
  const int count = std::accumulate(sizes.begin(), sizes.end(), 1, std::multiplies<>());

  const std::vector<std::string> fixed = fixed_overrides(spec);
  std::vector<OverrideSource> fixed_sources = {{spec.seed_at, "seed"}};
  for (const auto& o : spec.set) fixed_sources.push_back({o.value.at, "set." + o.key});
  plan.points.reserve(static_cast<std::size_t>(count));
  for (int p = 0; p < count; ++p) {
    SweepPoint point;
    point.index = p;
    point.overrides = fixed;
    std::vector<OverrideSource> sources = fixed_sources;
    // Row-major: the last axis varies fastest.
    std::vector<int> choice(sizes.size());
    for (std::size_t a = sizes.size(), rest = static_cast<std::size_t>(p); a-- > 0;) {
      choice[a] = static_cast<int>(rest % static_cast<std::size_t>(sizes[a]));
      rest /= static_cast<std::size_t>(sizes[a]);
    }
    for (std::size_t a = 0; a < table.size(); ++a) {
      const Entry& e = table[a][static_cast<std::size_t>(choice[a])];
      point.values.insert(point.values.end(), e.values.begin(), e.values.end());
      point.overrides.insert(point.overrides.end(), e.overrides.begin(), e.overrides.end());
      sources.insert(sources.end(), e.sources.begin(), e.sources.end());
    }
    plan.points.push_back(std::move(point));
    out.sources.push_back(std::move(sources));
  }
  return out;
}

std::string points_text(const std::vector<int>& points, std::size_t total) {
  if (points.size() == total && total > 1) return fmt::format("every sweep point, {} of them", total);
  if (points.size() == 1) return fmt::format("sweep point {}", points.front());
  constexpr std::size_t kShown = 8;
  std::string list;
  for (std::size_t i = 0; i < std::min(points.size(), kShown); ++i) list += (i ? ", " : "") + std::to_string(points[i]);
  if (points.size() > kShown) list += fmt::format(" and {} more", points.size() - kShown);
  return "sweep points " + list;
}

/// Removes ` (in --set TEXT)` / ` (from --set TEXT)` from a message; true when it was there.
bool strip_override_note(std::string& message, const std::string& text) {
  for (const char* how : {" (in --set ", " (from --set "}) {
    const std::string note = how + text + ")";
    const auto pos = message.rfind(note);
    if (pos != std::string::npos && pos + note.size() == message.size()) {
      message.erase(pos);
      return true;
    }
  }
  return false;
}

}  // namespace

std::string fnv1a_hex(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return fmt::format("{:016x}", h);
}

std::vector<double> range_values(double from, double to, double step) {
  if (!(step > 0.0) || !(to >= from) || !std::isfinite(from) || !std::isfinite(to))
    throw std::invalid_argument(
        fmt::format("range_values: expected finite from <= to and step > 0, got from {} to {} step {}", from, to, step));
  const double count = std::floor((to - from) / step + 1e-9);
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(count) + 1);
  for (double i = 0; i <= count; ++i) {
    const double v = i == count && std::abs(from + i * step - to) <= 1e-9 * step ? to : from + i * step;
    out.push_back(std::stod(fmt::format("{:.12g}", v)));
  }
  return out;
}

std::vector<std::vector<double>> latin_hypercube(int samples, int dims, std::uint64_t seed) {
  if (samples < 1 || dims < 0)
    throw std::invalid_argument(fmt::format("latin_hypercube: expected samples >= 1 and dims >= 0, got {} and {}",
                                            samples, dims));
  constexpr double kMargin = 1e-6;
  const auto n = static_cast<std::size_t>(samples);
  std::vector<std::vector<double>> out(n, std::vector<double>(static_cast<std::size_t>(dims)));
  std::vector<std::size_t> strata(n);
  for (int d = 0; d < dims; ++d) {
    // One stream per dimension: adding a dimension leaves the others' samples as they were.
    SplitMix rng(mix64(seed ^ mix64(0x64696dULL + static_cast<std::uint64_t>(d))));
    std::iota(strata.begin(), strata.end(), std::size_t{0});
    for (std::size_t i = n - 1; i > 0; --i) std::swap(strata[i], strata[rng.next() % (i + 1)]);
    for (std::size_t i = 0; i < n; ++i) {
      const double u = kMargin + (1.0 - 2.0 * kMargin) * rng.unit();
      out[i][static_cast<std::size_t>(d)] = (static_cast<double>(strata[i]) + u) / static_cast<double>(n);
    }
  }
  return out;
}

std::vector<std::string> fixed_overrides(const SweepSpec& spec) {
  std::vector<std::string> out = {fmt::format("run.seed={}", spec.seed)};
  for (const auto& o : spec.set) out.push_back(o.key + "=" + o.value.text);
  return out;
}

SweepPlan plan_sweep(const SweepSpec& spec) { return expand(spec).plan; }

std::vector<ScenarioSpec> load_points(const SweepSpec& spec, SweepPlan& plan) {
  std::vector<ScenarioSpec> specs;
  specs.reserve(plan.points.size());
  // Each distinct problem once, with the points it occurs in.
  using IssueKey = std::tuple<std::string, int, int, std::string, std::string>;
  std::map<IssueKey, std::vector<int>> found;
  std::vector<IssueKey> order;
  const Expanded expanded = expand(spec);

  for (SweepPoint& point : plan.points) {
    try {
      specs.push_back(load_scenario_string(spec.base_yaml, spec.base_file, point.overrides));
      point.scenario_hash = fnv1a_hex(specs.back().effective_yaml);
    } catch (const ScenarioError& e) {
      const std::vector<OverrideSource>& sources = expanded.sources[static_cast<std::size_t>(point.index)];
      for (const ScenarioIssue& issue : e.issues()) {
        ScenarioIssue placed = issue;
        if (issue.file == "--set") {
          for (std::size_t k = 0; k < point.overrides.size() && k < sources.size(); ++k) {
            std::string message = issue.message;
            if (!strip_override_note(message, point.overrides[k])) continue;
            placed = {spec.source_file, sources[k].at.line, sources[k].at.column, sources[k].where,
                      issue.key_path.empty() ? message : issue.key_path + ": " + message};
            break;
          }
        }
        const IssueKey key{placed.file, placed.line, placed.column, placed.key_path, placed.message};
        auto [it, inserted] = found.try_emplace(key);
        if (inserted) order.push_back(key);
        it->second.push_back(point.index);
      }
    }
  }
  if (order.empty()) {
    try {
      plan.base_scenario = load_scenario_string(spec.base_yaml, spec.base_file, fixed_overrides(spec)).effective_yaml;
    } catch (const ScenarioError&) {
      // Valid only with some axis's values: the points' hashes still say what each runs.
    }
    return specs;
  }

  std::vector<ScenarioIssue> issues;
  for (const auto& key : order) {
    const auto& [file, line, column, where, message] = key;
    issues.push_back({file, line, column, where,
                      fmt::format("{} ({})", message, points_text(found[key], plan.points.size()))});
  }
  // The sweep file's problems first, each file in line order.
  std::stable_sort(issues.begin(), issues.end(), [&](const ScenarioIssue& a, const ScenarioIssue& b) {
    const bool a_sweep = a.file == spec.source_file, b_sweep = b.file == spec.source_file;
    if (a_sweep != b_sweep) return a_sweep;
    return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
  });
  throw ScenarioError(std::move(issues));
}

}  // namespace govgrid
