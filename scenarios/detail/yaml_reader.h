// Internal: typed, self-reporting reads from a yaml-cpp tree.
//
// Every reader reports what it finds wrong to an IssueLog and carries on, so one pass over a
// scenario gathers every problem. Readers leave their output untouched (the default) when a
// key is absent or its value is wrong.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "govgrid/scenario_loader.h"
#include "govgrid/scenario_spec.h"

namespace govgrid::detail {

/// Where a value sits: the display form used in messages (`categories[2:sanitation].rate`)
/// and the canonical segments (map keys; list indices as decimal text) used to tell whether
/// an override put it there.
class KeyPath {
 public:
  KeyPath key(std::string_view k) const;
  /// A list element; `name` is the element's `name` field, or empty when it has none.
  KeyPath element(std::size_t index, std::string_view name) const;

  const std::string& text() const { return text_; }
  const std::vector<std::string>& segments() const { return segments_; }

 private:
  std::string text_;
  std::vector<std::string> segments_;
};

/// An override that was applied: the canonical path it set and the text as given.
struct AppliedOverride {
  std::vector<std::string> segments;
  std::string text;  ///< `key.path=value`
  /// Where it was written: `--set` (line 0) or a scenario file's `set:` entry.
  std::string file = "--set";
  int line = 0, column = 0;
};

/// Collects issues for one scenario. An issue at or under a path that an override set is
/// attributed to `--set` (line 0); one above such a path mentions the override.
class IssueLog {
 public:
  IssueLog(std::string file, std::vector<AppliedOverride> overrides);

  void add(const KeyPath& path, const YAML::Mark& mark, std::string message);
  void add(const KeyPath& path, const YAML::Node& at, std::string message);
  /// An issue with no key path and no override attribution (syntax, overrides themselves).
  void add_raw(ScenarioIssue issue) { issues_.push_back(std::move(issue)); }

  const std::string& file() const { return file_; }
  bool empty() const { return issues_.empty(); }
  /// The issues, in file order (those with no place, such as `--set` ones, first).
  std::vector<ScenarioIssue> take();

 private:
  std::string file_;
  std::vector<AppliedOverride> overrides_;
  std::vector<ScenarioIssue> issues_;
};

/// An allowed interval for a number, with the words used in "expected …".
struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;
  bool hi_open = false;
  const char* expect = "a number";

  bool contains(double v) const;
};

inline constexpr Range kAnyNumber{};
inline constexpr Range kNonNegative{0.0, std::numeric_limits<double>::infinity(), false, false,
                                    "a number >= 0"};
inline constexpr Range kPositive{0.0, std::numeric_limits<double>::infinity(), true, false,
                                 "a number > 0"};
inline constexpr Range kShare{0.0, 1.0, false, false, "a share between 0 and 1"};
inline constexpr Range kAtLeastOne{1.0, std::numeric_limits<double>::infinity(), false, false,
                                   "an integer >= 1"};
inline constexpr Range kNonNegativeInt{0.0, std::numeric_limits<double>::infinity(), false, false,
                                       "an integer >= 0"};

/// How a node reads in a message: `a list`, `a map`, `nothing (an empty value)`,
/// `the string "abc"`, `the boolean true`, or a number as written.
std::string describe(const YAML::Node& node);

/// Text from the input as quoted in a message: at most about 60 bytes (cut on a character
/// boundary, with "… (N bytes)"). Control characters are escaped when the message is
/// formatted (format_issue), so whatever the input holds a problem stays one line.
std::string shown(std::string_view text);

/// `"a", "b", "c"` → `a, b, c`; used for lists of allowed keys and known names.
std::string join(const std::vector<std::string>& words, std::string_view sep = ", ");

/// The candidate closest to `word` by edit distance (case-insensitive, a swap counts once),
/// if it is close enough to be a plausible typo.
std::optional<std::string> closest(std::string_view word,
                                   const std::vector<std::string>& candidates);

/// `; did you mean "x"?` or nothing.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

std::optional<double> read_number(IssueLog& log, const YAML::Node& node, const KeyPath& path,
                                  const Range& range);
std::optional<long long> read_integer(IssueLog& log, const YAML::Node& node, const KeyPath& path,
                                      const Range& range);
std::optional<std::uint64_t> read_unsigned(IssueLog& log, const YAML::Node& node,
                                           const KeyPath& path);
std::optional<bool> read_bool(IssueLog& log, const YAML::Node& node, const KeyPath& path);
/// A non-empty scalar.
std::optional<std::string> read_string(IssueLog& log, const YAML::Node& node, const KeyPath& path);
/// One of `allowed`; an unknown value is reported with the allowed ones and a suggestion.
std::optional<std::string> read_choice(IssueLog& log, const YAML::Node& node, const KeyPath& path,
                                       const std::vector<std::string>& allowed);
/// The largest parameter of a distribution (a mean, median, bound or sd; hours unless the key
/// says otherwise: about 114 years) and the largest lognormal sigma, unless a key sets its own.
inline constexpr double kMaxDistributionValue = 1e6;
inline constexpr double kMaxLognormalSigma = 10.0;

/// A plain number (fixed) or a `{dist: …}` map; see Distribution in scenario_spec.h. Its
/// parameters are at most `max` (sigma at most kMaxLognormalSigma).
std::optional<Distribution> read_distribution(IssueLog& log, const YAML::Node& node,
                                              const KeyPath& path,
                                              double max = kMaxDistributionValue);

enum class Need : std::uint8_t { optional, required };

/// A key that is no longer read, and what to write instead (`policies.dispatch: pooling`).
struct RetiredKey {
  std::string key;
  std::string replacement;
};

/// A YAML map being read against a fixed set of keys. Construction reports a value that is
/// not a map, unknown keys (with a suggestion and the allowed keys) and repeated keys.
/// An absent node (key not in the file) is fine: nothing is read and nothing reported,
/// except for `Need::required` reads, which report the missing key.
class MapReader {
 public:
  /// An unknown key found in `retired` is reported with its replacement instead of a guess.
  MapReader(IssueLog& log, const YAML::Node& node, KeyPath path, std::vector<std::string> allowed,
            std::string_view what = "a map", const std::vector<RetiredKey>& retired = {});

  bool is_map() const { return is_map_; }
  const KeyPath& path() const { return path_; }
  const YAML::Node& node() const { return node_; }
  IssueLog& log() const { return *log_; }

  bool has(std::string_view key) const;
  /// The value under `key`, or an undefined node.
  YAML::Node get(std::string_view key) const;
  KeyPath at(std::string_view key) const { return path_.key(key); }

  /// Reports `key` as missing (expected: `expected`) unless it is present; returns presence.
  bool require(std::string_view key, std::string_view expected) const;

  bool number(std::string_view key, double& out, const Range& range,
              Need need = Need::optional) const;
  bool integer(std::string_view key, int& out, const Range& range,
               Need need = Need::optional) const;
  bool boolean(std::string_view key, bool& out) const;
  bool text(std::string_view key, std::string& out, Need need = Need::optional) const;
  bool distribution(std::string_view key, Distribution& out, Need need = Need::optional,
                    double max = kMaxDistributionValue) const;

 private:
  IssueLog* log_;
  YAML::Node node_;
  KeyPath path_;
  bool is_map_ = false;
};

/// Calls `fn(element, element_path)` for each element of a list. Reports a value that is not
/// a list (`what` names its elements: "categories") and, with `non_empty`, an empty list.
/// Returns false when there is no list to read.
template <class Fn>
bool for_each_element(IssueLog& log, const YAML::Node& node, const KeyPath& path,
                      std::string_view what, bool non_empty, Fn&& fn);

/// The element's `name` as text when it is a map with a scalar `name`, else empty.
std::string element_name(const YAML::Node& element);

/// Reports repeated names among siblings (categories, departments, channels, …).
class UniqueNames {
 public:
  UniqueNames(IssueLog& log, std::string what) : log_(&log), what_(std::move(what)) {}
  /// `name_node` is the `name` value; `path` the element's path.
  void add(const std::string& name, const YAML::Node& name_node, const KeyPath& path);
  const std::vector<std::string>& names() const { return names_; }

 private:
  IssueLog* log_;
  std::string what_;
  std::vector<std::string> names_;
  std::vector<int> lines_;  ///< 1-based line of each name, 0 when unknown
};

// ---------------------------------------------------------------------------------------

template <class Fn>
bool for_each_element(IssueLog& log, const YAML::Node& node, const KeyPath& path,
                      std::string_view what, bool non_empty, Fn&& fn) {
  if (!node.IsDefined()) return false;
  if (!node.IsSequence()) {
    log.add(path, node, "expected a list of " + std::string(what) + ", got " + describe(node));
    return false;
  }
  if (non_empty && node.size() == 0) {
    log.add(path, node,
            "expected a non-empty list of " + std::string(what) + ", got an empty list");
    return false;
  }
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YAML::Node element = node[i];
    fn(element, path.element(i, element_name(element)));
  }
  return true;
}

}  // namespace govgrid::detail
