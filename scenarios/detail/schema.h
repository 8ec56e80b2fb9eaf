// Internal: each scenario key declared once, ns-3 AddAttribute style.
//
// A Section<S> lists the keys of one YAML map, each with its type and check (a Range, the
// names of a choice), unit, one-line doc and the member of S it fills. From that one
// declaration come the map's allowed keys, the reads with their checks and messages, and the
// rows of the schema tables (`govgrid schema`, scenarios/README.md). Checks across keys and
// reads that need more than one key (lists of names) are attached to the section as code.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "govgrid/scenario_spec.h"
#include "scenarios/detail/yaml_reader.h"

namespace govgrid::detail {

/// What reading did with one key of a map.
enum class KeyState : std::uint8_t { absent, read, bad };

/// The keys' states after a map is read, for checks across keys.
class ReadOutcome {
 public:
  void set(std::string_view key, KeyState state) { states_.emplace_back(key, state); }
  /// Present and valid.
  bool read(std::string_view key) const { return state(key) == KeyState::read; }
  /// Absent (the default stands) or valid: the value in the spec can be trusted.
  bool ok(std::string_view key) const { return state(key) != KeyState::bad; }

 private:
  KeyState state(std::string_view key) const {
    for (const auto& [k, s] : states_)
      if (k == key) return s;
    return KeyState::absent;
  }
  std::vector<std::pair<std::string, KeyState>> states_;
};

/// The documentation half of a declaration.
struct Doc {
  std::string_view unit;  ///< "" when the value has none (a share, a name, a switch)
  std::string_view text;  ///< one line, English, with the Chinese term where there is one
  /// For optional members only: what applies when the key is absent.
  std::string_view when_absent = {};
};

/// One row of a schema table.
struct SchemaRow {
  std::string key, type, default_text, unit, doc;
  bool required = false;
};

/// One table: a map's keys under its path (`world.streets[]`), or a type's (`shift`).
struct SchemaTable {
  std::string path;        ///< "" for the top level
  std::string type_name;   ///< non-empty for a type used in several places
  std::string note;
  std::vector<SchemaRow> rows;
};

/// The whole schema, in reading order.
struct SchemaDoc {
  std::vector<SchemaTable> tables;
  std::vector<std::pair<std::string, std::string>> retired;  ///< key path, what replaced it
  bool has_type(const std::string& name) const {
    for (const auto& t : tables)
      if (t.type_name == name) return true;
    return false;
  }
};

std::string schema_markdown(const SchemaDoc& doc);
std::string schema_text(const SchemaDoc& doc);

// Words for the type and default columns.
std::string format_number(double v);
std::string range_label(const Range& range, bool integer);
std::string distribution_text(const Distribution& d);
std::string choice_label(const std::vector<std::string>& names);

/// Shares (sums are typed by hand, 0.33 + 0.33 + 0.34: allow rounding, not real gaps).
inline constexpr double kSumTolerance = 1e-6;

/// A map of shares keyed by `names`; absent keys are 0. With `sum_to_one`, the shares must
/// add up to 1. Returns true when `out` was set.
template <std::size_t N>
bool read_shares(const MapReader& parent, std::string_view key, std::array<double, N>& out,
                 const std::vector<std::string>& names, bool sum_to_one, Need need);

/// A map of distributions keyed by `names` (levels); absent keys keep their defaults.
/// Returns false when something in it was wrong.
template <std::size_t N>
bool read_distributions(const MapReader& parent, std::string_view key,
                        std::array<Distribution, N>& out, const std::vector<std::string>& names);

/// A list of exactly N numbers in `range` (factors by weekday, month, hour); `what` names the
/// list in messages ("7 factors, Monday first"). Returns true when `out` was set.
template <std::size_t N>
bool read_numbers(const MapReader& parent, std::string_view key, std::array<double, N>& out, const Range& range,
                  std::string_view what);

/// A list of names (non-empty text), e.g. the streets a surge covers. Returns false when
/// something in it was wrong; every readable name is kept.
bool read_names(const MapReader& parent, std::string_view key, std::vector<std::string>& out, std::string_view what);

/// How a list is read: what its elements are called in messages, and its rules.
struct ListRule {
  std::string_view elements;   ///< "categories": "expected a list of categories"
  std::string_view unique;     ///< "category": names must be unique; "" when they have none
  bool non_empty = false;
  Need need = Need::optional;
  std::string_view expected = {};  ///< for a missing required list
};

template <class S>
class Section {
 public:
  /// The scenario as read so far (keys declared earlier are filled in), for reads and
  /// checks that depend on other sections (category departments, a remedy's policy).
  using Context = ScenarioSpec;
  using ReadFn = std::function<KeyState(const MapReader&, S&, const Context&)>;
  using CheckFn = std::function<void(const MapReader&, S&, const ReadOutcome&, const Context&)>;
  using DefaultFn = std::function<std::string(const S&)>;
  using DocumentFn = std::function<void(SchemaDoc&, const S&, const std::string&)>;

  /// `what` names the map in messages ("expected a grid (a map with …), got …"). A section
  /// with a `type_name` (shift) is used in several places and documented once, by that name.
  explicit Section(std::string what = "a map", std::string type_name = {})
      : what_(std::move(what)), type_name_(std::move(type_name)) {}

  const std::vector<std::string>& keys() const { return keys_; }
  const std::vector<RetiredKey>& retired_keys() const { return retired_; }
  const std::string& what() const { return what_; }

  /// Reads every declared key of `m` into `out`, then runs the checks. Returns false when
  /// some key was wrong (and reported).
  bool read(const MapReader& m, S& out, const Context& ctx, ReadOutcome* outcome = nullptr) const;

  /// Adds this map's table (with defaults from `defaults`) and those of the maps below it.
  void document(SchemaDoc& doc, const S& defaults, const std::string& path) const;

  // ---- Declarations ------------------------------------------------------------------

  Section& text(std::string_view key, std::string S::*member, Doc doc, Need need = Need::optional) {
    return add(key, "text", doc, need == Need::required,
               [member](const S& d) { return (d.*member).empty() ? std::string("\"\"") : d.*member; },
               [key = std::string(key), member, need](const MapReader& m, S& out, const Context&) {
                 return state(m, key, m.text(key, out.*member, need), need);
               });
  }

  Section& number(std::string_view key, double S::*member, const Range& range, Doc doc,
                  Need need = Need::optional) {
    return add(key, range_label(range, false), doc, need == Need::required,
               [member](const S& d) { return format_number(d.*member); },
               [key = std::string(key), member, range, need](const MapReader& m, S& out, const Context&) {
                 return state(m, key, m.number(key, out.*member, range, need), need);
               });
  }

  Section& number(std::string_view key, std::optional<double> S::*member, const Range& range, Doc doc) {
    return add(key, range_label(range, false), doc, false,
               [text = std::string(doc.when_absent)](const S&) { return text; },
               [key = std::string(key), member, range](const MapReader& m, S& out, const Context&) {
                 double v = 0.0;
                 const bool ok = m.number(key, v, range);
                 if (ok) out.*member = v;
                 return state(m, key, ok, Need::optional);
               });
  }

  Section& integer(std::string_view key, int S::*member, const Range& range, Doc doc,
                   Need need = Need::optional) {
    return add(key, range_label(range, true), doc, need == Need::required,
               [member](const S& d) { return std::to_string(d.*member); },
               [key = std::string(key), member, range, need](const MapReader& m, S& out, const Context&) {
                 return state(m, key, m.integer(key, out.*member, range, need), need);
               });
  }

  Section& integer(std::string_view key, std::optional<int> S::*member, const Range& range, Doc doc) {
    return add(key, range_label(range, true), doc, false,
               [text = std::string(doc.when_absent)](const S&) { return text; },
               [key = std::string(key), member, range](const MapReader& m, S& out, const Context&) {
                 int v = 0;
                 const bool ok = m.integer(key, v, range);
                 if (ok) out.*member = v;
                 return state(m, key, ok, Need::optional);
               });
  }

  /// A seed: any unsigned 64-bit integer.
  Section& seed(std::string_view key, std::uint64_t S::*member, Doc doc) {
    return add(key, "int 0..2⁶⁴−1", doc, false, [member](const S& d) { return std::to_string(d.*member); },
               [key = std::string(key), member](const MapReader& m, S& out, const Context&) {
                 if (!m.has(key)) return KeyState::absent;
                 const auto v = read_unsigned(m.log(), m.get(key), m.at(key));
                 if (v) out.*member = *v;
                 return v ? KeyState::read : KeyState::bad;
               });
  }

  Section& boolean(std::string_view key, bool S::*member, Doc doc) {
    return add(key, "bool", doc, false, [member](const S& d) { return std::string(d.*member ? "true" : "false"); },
               [key = std::string(key), member](const MapReader& m, S& out, const Context&) {
                 return state(m, key, m.boolean(key, out.*member), Need::optional);
               });
  }

  /// `max` bounds its parameters (mean, median, min, max, value, sd).
  Section& distribution(std::string_view key, Distribution S::*member, Doc doc,
                        double max = kMaxDistributionValue) {
    return add(key, "dist", doc, false, [member](const S& d) { return distribution_text(d.*member); },
               [key = std::string(key), member, max](const MapReader& m, S& out, const Context&) {
                 return state(m, key, m.distribution(key, out.*member, Need::optional, max), Need::optional);
               });
  }

  /// A named choice: the enum value at the name's index in `names` (the k*Names tables of
  /// scenario_spec.h list them in enum order).
  template <class E, std::size_t N>
  Section& choice(std::string_view key, E S::*member, const std::array<const char*, N>& names, Doc doc,
                  Need need = Need::optional) {
    std::vector<std::string> allowed(names.begin(), names.end());
    return add(key, choice_label(allowed), doc, need == Need::required,
               [member, allowed](const S& d) { return allowed[static_cast<std::size_t>(d.*member)]; },
               [key = std::string(key), member, allowed, need](const MapReader& m, S& out, const Context&) {
                 if (need == Need::required && !m.require(key, choice_label(allowed))) return KeyState::bad;
                 if (!m.has(key)) return KeyState::absent;
                 const auto v = read_choice(m.log(), m.get(key), m.at(key), allowed);
                 if (!v) return KeyState::bad;
                 for (std::size_t i = 0; i < allowed.size(); ++i)
                   if (allowed[i] == *v) out.*member = static_cast<E>(i);
                 return KeyState::read;
               });
  }

  template <std::size_t N>
  Section& shares(std::string_view key, std::array<double, N> S::*member, const std::vector<std::string>& names,
                  bool sum_to_one, Doc doc, Need need = Need::optional) {
    return add(key, fmt_shares_type(names, sum_to_one), doc, need == Need::required,
               [member](const S& d) {
                 std::string out;
                 for (std::size_t i = 0; i < N; ++i) out += (i ? "/" : "") + format_number((d.*member)[i]);
                 return out;
               },
               [key = std::string(key), member, names, sum_to_one, need](const MapReader& m, S& out, const Context&) {
                 return state(m, key, read_shares(m, key, out.*member, names, sum_to_one, need), need);
               });
  }

  /// A list of exactly N numbers (factors by weekday, month, hour of day); `what` says what
  /// the list holds, in messages and the type column ("7 factors, Monday first").
  template <std::size_t N>
  Section& numbers(std::string_view key, std::array<double, N> S::*member, const Range& range, std::string what,
                   Doc doc) {
    return add(key, "list of " + what, doc, false,
               [member](const S& d) {
                 const auto& v = d.*member;
                 bool same = true;
                 for (double x : v) same = same && x == v[0];
                 if (same) return "all " + format_number(v[0]);
                 std::string out;
                 for (std::size_t i = 0; i < N; ++i) out += (i ? ", " : "") + format_number(v[i]);
                 return "[" + out + "]";
               },
               [key = std::string(key), member, range, what](const MapReader& m, S& out, const Context&) {
                 if (!m.has(key)) return KeyState::absent;
                 return read_numbers(m, key, out.*member, range, what) ? KeyState::read : KeyState::bad;
               });
  }

  /// A list of names (text), checked against other sections by a check().
  Section& names(std::string_view key, std::vector<std::string> S::*member, std::string what, Doc doc) {
    return add(key, "list of " + what, doc, false,
               [member](const S& d) { return (d.*member).empty() ? std::string("[]") : join(d.*member); },
               [key = std::string(key), member, what](const MapReader& m, S& out, const Context&) {
                 if (!m.has(key)) return KeyState::absent;
                 return read_names(m, key, out.*member, what) ? KeyState::read : KeyState::bad;
               });
  }

  /// A map of distributions by level (service_h, assess_h, handover_h).
  template <std::size_t N>
  Section& distributions(std::string_view key, std::array<Distribution, N> S::*member,
                         const std::vector<std::string>& names, Doc doc) {
    return add(key, "map of dist by " + join(names, "/"), doc, false,
               [member](const S& d) {
                 std::string out;
                 for (std::size_t i = 0; i < N; ++i) out += (i ? " / " : "") + distribution_text((d.*member)[i]);
                 return out;
               },
               [key = std::string(key), member, names](const MapReader& m, S& out, const Context&) {
                 if (!m.has(key)) return KeyState::absent;
                 return read_distributions(m, key, out.*member, names) ? KeyState::read : KeyState::bad;
               });
  }

  /// A map below this one, with its own section.
  template <class T>
  Section& section(std::string_view key, T S::*member, const Section<T>& sub, Doc doc,
                   Need need = Need::optional) {
    return add(key, sub.type_name_.empty() ? "map" : sub.type_name_, doc, need == Need::required,
               [&sub, member](const S& d) { return sub.summary_ ? sub.summary_(d.*member) : std::string(); },
               [key = std::string(key), member, &sub, need](const MapReader& m, S& out, const Context& ctx) {
                 if (need == Need::required && !m.require(key, sub.what_)) return KeyState::bad;
                 if (!m.has(key)) return KeyState::absent;
                 const MapReader child(m.log(), m.get(key), m.at(key), sub.keys_, sub.what_, sub.retired_);
                 if (!child.is_map()) return KeyState::bad;
                 return sub.read(child, out.*member, ctx) ? KeyState::read : KeyState::bad;
               },
               [&sub, member](SchemaDoc& doc, const S& d, const std::string& path) {
                 sub.document(doc, d.*member, path);
               });
  }

  /// An optional map below this one (set only when the key is there).
  template <class T>
  Section& section(std::string_view key, std::optional<T> S::*member, const Section<T>& sub, Doc doc) {
    return add(key, "map", doc, false, [text = std::string(doc.when_absent)](const S&) { return text; },
               [key = std::string(key), member, &sub](const MapReader& m, S& out, const Context& ctx) {
                 if (!m.has(key)) return KeyState::absent;
                 const MapReader child(m.log(), m.get(key), m.at(key), sub.keys_, sub.what_, sub.retired_);
                 if (!child.is_map()) return KeyState::bad;
                 T value;
                 const bool ok = sub.read(child, value, ctx);
                 out.*member = std::move(value);
                 return ok ? KeyState::read : KeyState::bad;
               },
               [&sub, member](SchemaDoc& doc, const S& d, const std::string& path) {
                 sub.document(doc, (d.*member).value_or(T{}), path);
               });
  }

  /// A list of maps, each read with `element`. `after` runs when every element was read
  /// without a problem (checks across elements).
  template <class T>
  Section& list(std::string_view key, std::vector<T> S::*member, const Section<T>& element, ListRule rule,
                Doc doc, std::type_identity_t<std::function<void(const MapReader&, const std::vector<T>&)>> after = {}) {
    return add(key, "list", doc, rule.need == Need::required,
               [member, rule](const S& d) {
                 return rule.need == Need::required || !(d.*member).empty() ? std::string() : std::string("[]");
               },
               [key = std::string(key), member, &element, rule, after](const MapReader& m, S& out,
                                                                        const Context& ctx) {
                 if (rule.need == Need::required && !m.require(key, rule.expected)) return KeyState::bad;
                 if (!m.has(key)) return KeyState::absent;
                 IssueLog& log = m.log();
                 UniqueNames names(log, std::string(rule.unique));
                 bool all_read = true;
                 const bool listed = for_each_element(
                     log, m.get(key), m.at(key), rule.elements, rule.non_empty,
                     [&](const YAML::Node& e, const KeyPath& p) {
                       const MapReader em(log, e, p, element.keys_, element.what_, element.retired_);
                       if (!em.is_map()) {
                         all_read = false;
                         return;
                       }
                       T item;
                       ReadOutcome outcome;
                       all_read = element.read(em, item, ctx, &outcome) && all_read;
                       if constexpr (requires { item.name; }) {
                         if (!rule.unique.empty() && outcome.read("name")) names.add(item.name, em.get("name"), p);
                       }
                       (out.*member).push_back(std::move(item));
                     });
                 if (listed && all_read && after) after(m, out.*member);
                 return listed && all_read ? KeyState::read : KeyState::bad;
               },
               [&element](SchemaDoc& doc, const S&, const std::string& path) {
                 element.document(doc, T{}, path + "[]");
               });
  }

  /// A key whose read does not fit a pattern above (a list of names checked against another
  /// section); its type and default are given as words.
  Section& custom(std::string_view key, std::string type, std::string default_text, Doc doc, ReadFn read) {
    return add(key, std::move(type), doc, false, [default_text](const S&) { return default_text; },
               std::move(read));
  }

  /// A check across keys, run after every key was read.
  Section& check(CheckFn fn) {
    checks_.push_back(std::move(fn));
    return *this;
  }

  /// A key no longer read: reported with what to write instead.
  Section& retired(std::string key, std::string replacement) {
    retired_.push_back({std::move(key), std::move(replacement)});
    return *this;
  }

  /// Words under the table: rules that span keys.
  Section& note(std::string text) {
    note_ = std::move(text);
    return *this;
  }

  /// The default column of a typed section where it is used (a shift: "start 8.5, 8 h, …").
  Section& summary(std::function<std::string(const S&)> fn) {
    summary_ = std::move(fn);
    return *this;
  }

 private:
  template <class>
  friend class Section;

  struct Field {
    std::string key;
    SchemaRow row;  ///< all but the default, which depends on the place
    DefaultFn default_text;
    ReadFn read;
    DocumentFn document;  ///< the tables of maps below, if any
  };

  static KeyState state(const MapReader& m, std::string_view key, bool ok, Need need) {
    if (ok) return KeyState::read;
    return m.has(key) || need == Need::required ? KeyState::bad : KeyState::absent;
  }

  static std::string fmt_shares_type(const std::vector<std::string>& names, bool sum_to_one) {
    return "shares(" + join(names, "/") + ")" + (sum_to_one ? ", sum 1" : "");
  }

  Section& add(std::string_view key, std::string type, const Doc& doc, bool required, DefaultFn default_text,
               ReadFn read, DocumentFn document = {}) {
    keys_.emplace_back(key);
    fields_.push_back({std::string(key),
                       {std::string(key), std::move(type), {}, std::string(doc.unit), std::string(doc.text), required},
                       std::move(default_text), std::move(read), std::move(document)});
    return *this;
  }

  std::string what_;
  std::string type_name_;
  std::string note_;
  std::vector<std::string> keys_;
  std::vector<Field> fields_;
  std::vector<CheckFn> checks_;
  std::vector<RetiredKey> retired_;
  std::function<std::string(const S&)> summary_;
};

// ---------------------------------------------------------------------------------------

template <class S>
bool Section<S>::read(const MapReader& m, S& out, const Context& ctx, ReadOutcome* outcome) const {
  ReadOutcome local;
  ReadOutcome& o = outcome ? *outcome : local;
  bool ok = true;
  for (const auto& f : fields_) {
    const KeyState s = f.read(m, out, ctx);
    o.set(f.key, s);
    ok = ok && s != KeyState::bad;
  }
  for (const auto& check : checks_) check(m, out, o, ctx);
  return ok;
}

template <class S>
void Section<S>::document(SchemaDoc& doc, const S& defaults, const std::string& path) const {
  if (!type_name_.empty() && doc.has_type(type_name_)) return;
  SchemaTable table;
  table.path = type_name_.empty() ? path : std::string();
  table.type_name = type_name_;
  table.note = note_;
  for (const auto& f : fields_) {
    SchemaRow row = f.row;
    // A type's defaults depend on where it is used; that place's row says them.
    if (type_name_.empty() && !row.required) row.default_text = f.default_text(defaults);
    table.rows.push_back(std::move(row));
  }
  for (const auto& r : retired_)
    doc.retired.emplace_back((table.path.empty() ? std::string() : table.path + ".") + r.key, r.replacement);
  doc.tables.push_back(std::move(table));
  for (const auto& f : fields_)
    if (f.document) f.document(doc, defaults, path.empty() ? f.key : path + "." + f.key);
}

template <std::size_t N>
bool read_shares(const MapReader& parent, std::string_view key, std::array<double, N>& out,
                 const std::vector<std::string>& names, bool sum_to_one, Need need) {
  const std::string what = "a map of shares by " + join(names, "/");
  if (need == Need::required && !parent.require(key, what)) return false;
  if (!parent.has(key)) return false;
  const MapReader map(parent.log(), parent.get(key), parent.at(key), names, what);
  if (!map.is_map()) return false;
  // Shares that sum to 1 leave out what is 0; other shares leave out what keeps its default.
  std::array<double, N> v = sum_to_one ? std::array<double, N>{} : out;
  bool ok = true;
  for (std::size_t i = 0; i < N; ++i) ok = (!map.has(names[i]) || map.number(names[i], v[i], kShare)) && ok;
  if (!ok) return false;
  if (sum_to_one) {
    double sum = 0.0;
    std::vector<std::string> terms;
    for (std::size_t i = 0; i < N; ++i) {
      sum += v[i];
      terms.push_back(names[i] + " " + format_number(v[i]));
    }
    if (sum - 1.0 > kSumTolerance || 1.0 - sum > kSumTolerance) {
      parent.log().add(map.path(), map.node(),
                       "expected shares summing to 1, got " + format_number(sum) + " (" + join(terms, " + ") + ")");
      return false;
    }
  }
  out = v;
  return true;
}

template <std::size_t N>
bool read_numbers(const MapReader& parent, std::string_view key, std::array<double, N>& out, const Range& range,
                  std::string_view what) {
  const YAML::Node node = parent.get(key);
  const KeyPath path = parent.at(key);
  if (!node.IsSequence() || node.size() != N) {
    parent.log().add(path, node,
                     "expected a list of " + std::string(what) + ", got " +
                         (node.IsSequence() ? "a list of " + std::to_string(node.size()) : describe(node)));
    return false;
  }
  std::array<double, N> v{};
  bool ok = true;
  for (std::size_t i = 0; i < N; ++i) {
    const auto x = read_number(parent.log(), node[i], path.element(i, ""), range);
    if (x) v[i] = *x;
    ok = ok && x.has_value();
  }
  if (ok) out = v;
  return ok;
}

template <std::size_t N>
bool read_distributions(const MapReader& parent, std::string_view key, std::array<Distribution, N>& out,
                        const std::vector<std::string>& names) {
  if (!parent.has(key)) return true;
  const MapReader map(parent.log(), parent.get(key), parent.at(key), names,
                      "a map of distributions by " + join(names, "/"));
  if (!map.is_map()) return false;
  bool ok = true;
  for (std::size_t i = 0; i < N; ++i) ok = (!map.has(names[i]) || map.distribution(names[i], out[i])) && ok;
  return ok;
}

}  // namespace govgrid::detail
