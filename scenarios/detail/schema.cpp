#include "scenarios/detail/schema.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "govgrid/scenario_schema.h"
#include "scenarios/detail/spec_reader.h"

namespace govgrid {

namespace detail {

std::string format_number(double v) { return fmt::format("{:.6g}", v); }

std::string range_label(const Range& r, bool integer) {
  // Bounds as written in a scenario: 1000000, not 1e+06.
  const auto format_number = [](double v) {
    return v == std::floor(v) && std::fabs(v) < 1e15 ? fmt::format("{:.0f}", v) : detail::format_number(v);
  };
  const char* kind = integer ? "int" : "num";
  const bool lo = std::isfinite(r.lo), hi = std::isfinite(r.hi);
  if (!integer && lo && hi && r.lo == 0.0 && r.hi == 1.0 && !r.lo_open && !r.hi_open) return "share";
  if (!lo && !hi) return kind;
  if (!hi) return fmt::format("{} {} {}", kind, r.lo_open ? ">" : "≥", format_number(r.lo));
  if (!lo) return fmt::format("{} {} {}", kind, r.hi_open ? "<" : "≤", format_number(r.hi));
  if (integer) return fmt::format("int {}..{}", format_number(r.lo), format_number(r.hi));
  return fmt::format("num in {}{}, {}{}", r.lo_open ? "(" : "[", format_number(r.lo), format_number(r.hi),
                     r.hi_open ? ")" : "]");
}

std::string distribution_text(const Distribution& d) {
  switch (d.kind) {
    case Distribution::Kind::fixed: return format_number(d.a);
    case Distribution::Kind::exponential: return fmt::format("exponential({})", format_number(d.a));
    case Distribution::Kind::lognormal:
      return fmt::format("lognormal({}, {})", format_number(d.a), format_number(d.b));
    case Distribution::Kind::uniform: return fmt::format("uniform({}, {})", format_number(d.a), format_number(d.b));
    case Distribution::Kind::normal: return fmt::format("normal({}, {})", format_number(d.a), format_number(d.b));
  }
  return {};
}

std::string choice_label(const std::vector<std::string>& names) {
  std::vector<std::string> quoted;
  for (const auto& n : names) quoted.push_back("`" + n + "`");
  return join(quoted, " | ");
}

bool read_names(const MapReader& parent, std::string_view key, std::vector<std::string>& out, std::string_view what) {
  bool ok = true;
  const bool listed = for_each_element(parent.log(), parent.get(key), parent.at(key), what, false,
                                       [&](const YAML::Node& e, const KeyPath& p) {
                                         const auto name = read_string(parent.log(), e, p);
                                         if (name) out.push_back(*name);
                                         ok = ok && name.has_value();
                                       });
  return listed && ok;
}

namespace {

std::string heading(const SchemaTable& t) {
  if (!t.type_name.empty()) return fmt::format("*{}* (a type)", t.type_name);
  return t.path.empty() ? std::string("Top level") : fmt::format("`{}`", t.path);
}

// A table cell: `|` would end it.
std::string cell(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

// Display width on a terminal: code points (the columns padded are ASCII but for ≥, ⁶⁴, …).
std::size_t width(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

std::string schema_markdown(const SchemaDoc& doc) {
  std::string out;
  for (const auto& t : doc.tables) {
    if (!out.empty()) out += '\n';
    out += fmt::format("### {}\n\n", heading(t));
    if (!t.note.empty()) out += t.note + "\n\n";
    const bool defaults = t.type_name.empty();
    out += defaults ? "| key | type | default | unit | meaning |\n|---|---|---|---|---|\n"
                    : "| key | type | unit | meaning |\n|---|---|---|---|\n";
    for (const auto& r : t.rows) {
      out += fmt::format("| `{}`{} | {} |", r.key, r.required ? " **R**" : "", cell(r.type));
      if (defaults) out += fmt::format(" {} |", cell(r.default_text));
      out += fmt::format(" {} | {} |\n", cell(r.unit), cell(r.doc));
    }
  }
  if (!doc.retired.empty()) {
    out += "\n### Retired keys\n\nA scenario that still uses one is refused with what to write instead.\n\n";
    out += "| key | write instead |\n|---|---|\n";
    for (const auto& [key, replacement] : doc.retired) out += fmt::format("| `{}` | {} |\n", key, cell(replacement));
  }
  return out;
}

std::string schema_text(const SchemaDoc& doc) {
  // One line per key with its full path (as --set takes it), for reading in a terminal:
  // `remedies.travel_h   dist; default uniform(0.1, 0.5); h — …`.
  std::string out;
  for (const auto& t : doc.tables) {
    const std::string prefix = !t.type_name.empty() ? "<" + t.type_name + ">." : t.path.empty() ? "" : t.path + ".";
    std::size_t w = 0;
    for (const auto& r : t.rows) w = std::max(w, width(prefix + r.key));
    if (!out.empty()) out += '\n';
    if (!t.note.empty()) out += "# " + t.note + "\n";
    for (const auto& r : t.rows) {
      const std::string key = prefix + r.key;
      std::string line = key + std::string(w - width(key) + 2, ' ') + r.type;
      if (r.required) line += "; required";
      if (!r.default_text.empty()) line += "; default " + r.default_text;
      if (!r.unit.empty()) line += "; " + r.unit;
      out += line + " — " + r.doc + "\n";
    }
  }
  if (!doc.retired.empty()) out += '\n';
  for (const auto& [key, replacement] : doc.retired) out += fmt::format("{}: retired; write {}\n", key, replacement);
  return out;
}

}  // namespace detail

std::string scenario_schema_markdown() { return detail::schema_markdown(detail::describe_scenario()); }

std::string scenario_schema_text() { return detail::schema_text(detail::describe_scenario()); }

}  // namespace govgrid
