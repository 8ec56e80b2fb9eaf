#include "scenarios/detail/yaml_reader.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace govgrid::detail {

namespace {

// yaml-cpp marks are 0-based; null marks (nodes made in code) are all -1.
int one_based(int v) { return v < 0 ? 0 : v + 1; }

bool is_prefix(const std::vector<std::string>& prefix, const std::vector<std::string>& of) {
  return prefix.size() <= of.size() && std::equal(prefix.begin(), prefix.end(), of.begin());
}

// A scalar written in quotes is a string even when it looks like a number: yaml-cpp tags
// quoted scalars "!" and plain ones "?".
bool is_quoted(const YAML::Node& node) { return node.Tag() == "!"; }

// Decimal numbers only: yaml-cpp's own conversion reads "010" as octal and "0x1" as hex.
std::optional<double> parse_double(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double v = 0.0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::optional<long long> parse_integer(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  long long v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

bool is_yaml_infinity_or_nan(std::string_view s) {
  static constexpr std::array<std::string_view, 9> kSpecial = {
      ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", ".nan", ".NaN", ".NAN"};
  if (!s.empty() && s.front() == '-') s.remove_prefix(1);
  return std::find(kSpecial.begin(), kSpecial.end(), s) != kSpecial.end();
}

std::string format_number(double v) { return fmt::format("{:.6g}", v); }

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Optimal string alignment distance: Levenshtein plus adjacent transpositions.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

std::string range_violation(const Range& range, const YAML::Node& node) {
  return fmt::format("expected {}, got {}", range.expect, describe(node));
}

}  // namespace

// ---------------------------------------------------------------------------------------

std::string shown(std::string_view text) {
  constexpr std::size_t kMax = 60;
  if (text.size() <= kMax) return std::string(text);
  std::size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  return fmt::format("{}… ({} bytes)", text.substr(0, cut), text.size());
}

KeyPath KeyPath::key(std::string_view k) const {
  KeyPath out = *this;
  if (!out.text_.empty()) out.text_ += '.';
  out.text_ += shown(k);
  out.segments_.emplace_back(k);
  return out;
}

KeyPath KeyPath::element(std::size_t index, std::string_view name) const {
  KeyPath out = *this;
  out.text_ += name.empty() ? fmt::format("[{}]", index) : fmt::format("[{}:{}]", index, shown(name));
  out.segments_.push_back(std::to_string(index));
  return out;
}

IssueLog::IssueLog(std::string file, std::vector<AppliedOverride> overrides)
    : file_(std::move(file)), overrides_(std::move(overrides)) {}

void IssueLog::add(const KeyPath& path, const YAML::Mark& mark, std::string message) {
  // The last override that covers the path is the one whose value is in the tree.
  for (auto it = overrides_.rbegin(); it != overrides_.rend(); ++it) {
    if (is_prefix(it->segments, path.segments())) {
      issues_.push_back({it->file, it->line, it->column, path.text(),
                         fmt::format("{} (from {} {})", message, it->file == "--set" ? "--set" : "set:",
                                     shown(it->text))});
      return;
    }
  }
  for (auto it = overrides_.rbegin(); it != overrides_.rend(); ++it) {
    if (!path.segments().empty() && is_prefix(path.segments(), it->segments)) {
      message += fmt::format(" (after {} {})", it->file == "--set" ? "--set" : "set:", shown(it->text));
      break;
    }
  }
  issues_.push_back(
      {file_, one_based(mark.line), one_based(mark.column), path.text(), std::move(message)});
}

void IssueLog::add(const KeyPath& path, const YAML::Node& at, std::string message) {
  add(path, at.IsDefined() ? at.Mark() : YAML::Mark::null_mark(), std::move(message));
}

std::vector<ScenarioIssue> IssueLog::take() {
  // Reading follows the schema, not the file; readers want the file's order.
  std::stable_sort(issues_.begin(), issues_.end(), [](const auto& a, const auto& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  return std::move(issues_);
}

bool Range::contains(double v) const {
  if (lo_open ? !(v > lo) : !(v >= lo)) return false;
  if (hi_open ? !(v < hi) : !(v <= hi)) return false;
  return true;
}

std::string describe(const YAML::Node& node) {
  if (!node.IsDefined()) return "nothing";
  if (node.IsNull()) return "nothing (an empty value)";
  if (node.IsSequence()) return node.size() == 0 ? "an empty list" : "a list";
  if (node.IsMap()) return node.size() == 0 ? "an empty map" : "a map";
  const std::string& s = node.Scalar();
  if (is_quoted(node)) return fmt::format("the string \"{}\"", shown(s));
  if (parse_double(s) || is_yaml_infinity_or_nan(s)) return shown(s);
  bool b = false;
  if (YAML::convert<bool>::decode(node, b)) return fmt::format("the boolean {}", s);
  return fmt::format("the string \"{}\"", shown(s));
}

std::string join(const std::vector<std::string>& words, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += sep;
    out += words[i];
  }
  return out;
}

std::optional<std::string> closest(std::string_view word,
                                   const std::vector<std::string>& candidates) {
  const std::string w = to_lower(word);
  // Short words get one edit; longer ones about a third of their length.
  const std::size_t limit = w.size() <= 3 ? 1 : std::max<std::size_t>(2, w.size() / 3);
  std::optional<std::string> best;
  std::size_t best_d = limit + 1;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(w, to_lower(c));
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const auto best = closest(word, candidates);
  return best ? fmt::format("; did you mean \"{}\"?", *best) : std::string();
}

std::optional<double> read_number(IssueLog& log, const YAML::Node& node, const KeyPath& path,
                                  const Range& range) {
  std::optional<double> v;
  if (node.IsScalar() && !is_quoted(node)) v = parse_double(node.Scalar());
  if (!v) {
    std::string hint;
    if (node.IsScalar() && is_quoted(node) && parse_double(node.Scalar())) {
      hint = " (a number in quotes is a string: remove the quotes)";
    }
    log.add(path, node, fmt::format("expected {}, got {}{}", range.expect, describe(node), hint));
    return std::nullopt;
  }
  if (!std::isfinite(*v)) {
    log.add(path, node, fmt::format("expected a finite number, got {}", describe(node)));
    return std::nullopt;
  }
  if (!range.contains(*v)) {
    log.add(path, node, range_violation(range, node));
    return std::nullopt;
  }
  return v;
}

std::optional<long long> read_integer(IssueLog& log, const YAML::Node& node, const KeyPath& path,
                                      const Range& range) {
  std::optional<long long> v;
  if (node.IsScalar() && !is_quoted(node)) v = parse_integer(node.Scalar());
  if (!v) {
    log.add(path, node, fmt::format("expected {}, got {}", range.expect, describe(node)));
    return std::nullopt;
  }
  if (!range.contains(static_cast<double>(*v))) {
    log.add(path, node, range_violation(range, node));
    return std::nullopt;
  }
  return v;
}

std::optional<std::uint64_t> read_unsigned(IssueLog& log, const YAML::Node& node,
                                           const KeyPath& path) {
  std::uint64_t v = 0;
  if (node.IsScalar() && !is_quoted(node)) {
    std::string_view s = node.Scalar();
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (!s.empty() && ec == std::errc() && end == s.data() + s.size()) return v;
  }
  log.add(path, node,
          fmt::format("expected an integer between 0 and 2^64 - 1, got {}", describe(node)));
  return std::nullopt;
}

std::optional<bool> read_bool(IssueLog& log, const YAML::Node& node, const KeyPath& path) {
  bool b = false;
  if (node.IsScalar() && !is_quoted(node) && YAML::convert<bool>::decode(node, b)) return b;
  log.add(path, node, fmt::format("expected true or false, got {}", describe(node)));
  return std::nullopt;
}

std::optional<std::string> read_string(IssueLog& log, const YAML::Node& node, const KeyPath& path) {
  if (!node.IsScalar() || node.Scalar().empty()) {
    log.add(path, node, fmt::format("expected a non-empty text, got {}", describe(node)));
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<std::string> read_choice(IssueLog& log, const YAML::Node& node, const KeyPath& path,
                                       const std::vector<std::string>& allowed) {
  if (node.IsScalar() &&
      std::find(allowed.begin(), allowed.end(), node.Scalar()) != allowed.end()) {
    return node.Scalar();
  }
  const std::string hint = node.IsScalar() ? did_you_mean(node.Scalar(), allowed) : "";
  log.add(path, node,
          fmt::format("expected one of {}, got {}{}", join(allowed, "|"), describe(node), hint));
  return std::nullopt;
}

std::optional<Distribution> read_distribution(IssueLog& log, const YAML::Node& node,
                                              const KeyPath& path, double max) {
  // The bounded ranges of the parameters; `max` is one of a few constants, so the words are
  // made once per value.
  const auto whole = [](double v) { return fmt::format("{:.0f}", v); };  // 1000000, not 1e+06
  const std::string upto = fmt::format("a number from 0 to {}", whole(max));
  const std::string above = fmt::format("a number > 0 and at most {}", whole(max));
  const std::string sigma = fmt::format("a number from 0 to {}", whole(kMaxLognormalSigma));
  const Range value{0.0, max, false, false, upto.c_str()};
  const Range positive{0.0, max, true, false, above.c_str()};
  const Range sigma_range{0.0, kMaxLognormalSigma, false, false, sigma.c_str()};
  static const std::vector<std::string> kKinds = {"fixed", "exponential", "lognormal", "uniform",
                                                  "normal"};
  constexpr const char* kExpected =
      "a number >= 0 or a distribution such as {dist: exponential, mean: 2} (dist: "
      "fixed|exponential|lognormal|uniform|normal)";
  if (node.IsScalar() && !is_quoted(node) && parse_double(node.Scalar())) {
    const auto v = read_number(log, node, path, value);
    return v ? std::optional(Distribution::fixed(*v)) : std::nullopt;
  }
  if (!node.IsMap()) {
    log.add(path, node, fmt::format("expected {}, got {}", kExpected, describe(node)));
    return std::nullopt;
  }
  const YAML::Node kind_node = node["dist"];
  if (!kind_node.IsDefined()) {
    log.add(path.key("dist"), node,
            fmt::format("missing required key; expected one of {}", join(kKinds, "|")));
    return std::nullopt;
  }
  const auto kind = read_choice(log, kind_node, path.key("dist"), kKinds);
  if (!kind) return std::nullopt;

  // The parameters each kind takes, in the order of Distribution::a and ::b.
  std::vector<std::string> params;
  if (*kind == "fixed") params = {"value"};
  if (*kind == "exponential") params = {"mean"};
  if (*kind == "lognormal") params = {"median", "sigma"};
  if (*kind == "uniform") params = {"min", "max"};
  if (*kind == "normal") params = {"mean", "sd"};
  std::vector<std::string> allowed = params;
  allowed.insert(allowed.begin(), "dist");
  const MapReader map(log, node, path, allowed);

  double a = 0.0, b = 0.0;
  bool ok = true;
  if (*kind == "fixed") {
    ok = map.number("value", a, value, Need::required);
    return ok ? std::optional(Distribution::fixed(a)) : std::nullopt;
  }
  if (*kind == "exponential") {
    ok = map.number("mean", a, positive, Need::required);
    return ok ? std::optional(Distribution::exponential(a)) : std::nullopt;
  }
  if (*kind == "lognormal") {
    ok = map.number("median", a, positive, Need::required);
    ok = map.number("sigma", b, sigma_range, Need::required) && ok;
    return ok ? std::optional(Distribution::lognormal(a, b)) : std::nullopt;
  }
  if (*kind == "normal") {
    ok = map.number("mean", a, value, Need::required);
    ok = map.number("sd", b, value, Need::required) && ok;
    return ok ? std::optional(Distribution::normal(a, b)) : std::nullopt;
  }
  ok = map.number("min", a, value, Need::required);
  ok = map.number("max", b, value, Need::required) && ok;
  if (ok && b < a) {
    log.add(
        path.key("max"), node["max"],
        fmt::format("expected max >= min ({}), got {}", format_number(a), describe(node["max"])));
    ok = false;
  }
  return ok ? std::optional(Distribution::uniform(a, b)) : std::nullopt;
}

// ---------------------------------------------------------------------------------------

MapReader::MapReader(IssueLog& log, const YAML::Node& node, KeyPath path,
                     std::vector<std::string> allowed, std::string_view what,
                     const std::vector<RetiredKey>& retired)
    : log_(&log), node_(node), path_(std::move(path)) {
  if (!node_.IsDefined()) return;
  if (!node_.IsMap()) {
    log.add(path_, node_, fmt::format("expected {}, got {}", what, describe(node_)));
    return;
  }
  is_map_ = true;
  // yaml-cpp keeps repeated keys (lookups see the first), so they are caught here.
  std::vector<std::pair<std::string, int>> seen;
  for (const auto& kv : node_) {
    const YAML::Node& k = kv.first;
    if (!k.IsScalar()) {
      log.add(path_, k, fmt::format("expected a plain key, got {}", describe(k)));
      continue;
    }
    const std::string& key = k.Scalar();
    const KeyPath key_path = path_.key(key);
    const auto previous =
        std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == key; });
    if (previous != seen.end()) {
      log.add(key_path, k,
              fmt::format("expected each key once, got \"{}\" again (first at line {})", shown(key),
                          previous->second));
      continue;
    }
    seen.emplace_back(key, one_based(k.Mark().line));
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      const auto old = std::find_if(retired.begin(), retired.end(),
                                    [&](const RetiredKey& r) { return r.key == key; });
      if (old != retired.end()) {
        // A guess at a close key would mislead: the concept moved, say where.
        log.add(key_path, k,
                fmt::format("unknown key \"{}\" (retired): write {} instead", shown(key), old->replacement));
        continue;
      }
      log.add(key_path, k,
              fmt::format("unknown key \"{}\"{} (expected one of: {})", shown(key),
                          did_you_mean(key, allowed), join(allowed)));
    }
  }
}

bool MapReader::has(std::string_view key) const {
  return is_map_ && node_[std::string(key)].IsDefined();
}

YAML::Node MapReader::get(std::string_view key) const {
  if (!is_map_) return YAML::Node(YAML::NodeType::Undefined);
  return node_[std::string(key)];
}

bool MapReader::require(std::string_view key, std::string_view expected) const {
  if (has(key)) return true;
  // A value that is not a map was reported already, and an absent map is reported (or
  // allowed) by its parent: only a map that is there can lack a key.
  if (is_map_) {
    log_->add(path_.key(key), node_, fmt::format("missing required key; expected {}", expected));
  }
  return false;
}

bool MapReader::number(std::string_view key, double& out, const Range& range, Need need) const {
  if (need == Need::required && !require(key, range.expect)) return false;
  if (!has(key)) return false;
  const auto v = read_number(*log_, get(key), at(key), range);
  if (v) out = *v;
  return v.has_value();
}

bool MapReader::integer(std::string_view key, int& out, const Range& range, Need need) const {
  if (need == Need::required && !require(key, range.expect)) return false;
  if (!has(key)) return false;
  Range r = range;
  r.hi = std::min(r.hi, static_cast<double>(std::numeric_limits<int>::max()));
  const auto v = read_integer(*log_, get(key), at(key), r);
  if (v) out = static_cast<int>(*v);
  return v.has_value();
}

bool MapReader::boolean(std::string_view key, bool& out) const {
  if (!has(key)) return false;
  const auto v = read_bool(*log_, get(key), at(key));
  if (v) out = *v;
  return v.has_value();
}

bool MapReader::text(std::string_view key, std::string& out, Need need) const {
  if (need == Need::required && !require(key, "a non-empty text")) return false;
  if (!has(key)) return false;
  const auto v = read_string(*log_, get(key), at(key));
  if (v) out = *v;
  return v.has_value();
}

bool MapReader::distribution(std::string_view key, Distribution& out, Need need, double max) const {
  if (need == Need::required && !require(key, "a number or a distribution")) return false;
  if (!has(key)) return false;
  const auto v = read_distribution(*log_, get(key), at(key), max);
  if (v) out = *v;
  return v.has_value();
}

std::string element_name(const YAML::Node& element) {
  if (!element.IsMap()) return {};
  // A const lookup of a missing key gives an invalid node; ask IsDefined before anything else.
  const YAML::Node name = element["name"];
  return name.IsDefined() && name.IsScalar() ? name.Scalar() : std::string();
}

void UniqueNames::add(const std::string& name, const YAML::Node& name_node, const KeyPath& path) {
  const auto it = std::find(names_.begin(), names_.end(), name);
  if (it != names_.end()) {
    const int first_line = lines_[static_cast<std::size_t>(it - names_.begin())];
    log_->add(path.key("name"), name_node,
              fmt::format("expected a unique {} name, got \"{}\" again (first at line {})", what_,
                          shown(name), first_line));
    return;
  }
  names_.push_back(name);
  lines_.push_back(name_node.IsDefined() ? one_based(name_node.Mark().line) : 0);
}

}  // namespace govgrid::detail
