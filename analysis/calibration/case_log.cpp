#include "analysis/calibration/case_log.h"

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include "analysis/report/csv.h"

namespace govgrid::calibration {

namespace {

using Seconds = std::chrono::seconds;

struct ParsedTime {
  date::local_seconds local;  ///< the clock on the wall where it happened
  date::sys_seconds utc;
};

std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::optional<ParsedTime> parse_time(const std::string& raw, const std::vector<std::string>& formats,
                                     const date::time_zone* zone) {
  const std::string text = trimmed(raw);
  if (text.empty()) return std::nullopt;
  for (const std::string& format : formats) {
    std::istringstream in(text);
    in.imbue(std::locale::classic());
    ParsedTime t;
    if (format.find("%z") != std::string::npos || format.find("%Ez") != std::string::npos) {
      in >> date::parse(format, t.utc);
      if (in.fail()) continue;
      t.local = zone->to_local(t.utc);
    } else {
      in >> date::parse(format, t.local);
      if (in.fail()) continue;
      // Ambiguous wall times (the hour repeated when clocks go back) take the earlier instant;
      // times that never happened (clocks going forward) the instant the gap starts.
      t.utc = zone->to_sys(t.local, date::choose::earliest);
    }
    in >> std::ws;
    if (in.peek() != std::char_traits<char>::eof()) continue;  // trailing text: another format may fit
    return t;
  }
  return std::nullopt;
}

int yes_no(const std::string& raw, const CaseLogMap& map) {
  const std::string v = lower_ascii(trimmed(raw));
  if (v.empty()) return -1;
  for (const std::string& y : map.yes_values)
    if (lower_ascii(y) == v) return 1;
  for (const std::string& n : map.no_values)
    if (lower_ascii(n) == v) return 0;
  return -2;  // neither: a problem with the row
}

template <class Named>
int index_of(const std::vector<Named>& items, const std::string& name) {
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].name == name) return static_cast<int>(i);
  return -1;
}

int level_of(const std::string& target) {
  for (int l = 0; l < 3; ++l)
    if (target == kLevelNames[static_cast<std::size_t>(l)]) return l;
  return -1;
}

// A field as quoted in a message: at most 60 bytes, control characters escaped, one line.
std::string shown(const std::string& text) {
  std::string out = "\"";
  std::size_t i = 0;
  for (; i < text.size() && i < 60; ++i) {
    const auto ch = static_cast<unsigned char>(text[i]);
    if (ch < 0x20 || ch == 0x7F) out += fmt::format("\\x{:02x}", ch);
    else out += static_cast<char>(ch);
  }
  while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) out += text[i++];  // finish a character
  out += '"';
  if (i < text.size()) out += fmt::format("… ({} bytes)", text.size());
  return out;
}

double hours(Seconds s) { return static_cast<double>(s.count()) / 3600.0; }

}  // namespace

CaseLogError::CaseLogError(std::string file, std::vector<CaseLogIssue> issues)
    : std::runtime_error([&] {
        std::string out;
        for (const auto& i : issues) {
          if (!out.empty()) out += '\n';
          out += file;
          if (i.line > 0) out += fmt::format(":{}", i.line);
          if (i.column > 0) out += fmt::format(":{}", i.column);
          out += ": " + i.message;
        }
        return out;
      }()),
      file_(std::move(file)),
      issues_(std::move(issues)) {}

LogCalendar::Day LogCalendar::day_at(double local_h) const {
  const date::local_days t0{date::year{year} / month / 1};
  const auto d = t0 + date::days{static_cast<long>(std::floor(local_h / 24.0))};
  const date::year_month_day ymd{d};
  const date::weekday wd{d};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day())), static_cast<int>(wd.iso_encoding()) - 1};
}

std::string LogCalendar::date_text(double local_h) const {
  const Day d = day_at(local_h);
  return fmt::format("{:04d}-{:02d}-{:02d}", d.year, d.month, d.day);
}

std::optional<double> parse_log_time(const std::string& text, const CaseLogMap& map, const LogCalendar& calendar) {
  const date::time_zone* zone = date::locate_zone(map.time_zone);
  std::vector<std::string> formats = map.time_formats;
  formats.push_back("%Y-%m-%d");  // a bare date: its midnight
  const auto t = parse_time(text, formats, zone);
  if (!t) return std::nullopt;
  const date::local_days t0{date::year{calendar.year} / calendar.month / 1};
  return hours(t->local - date::local_seconds{t0});
}

CaseLog read_case_log(const std::filesystem::path& path, const CaseLogMap& map, const ScenarioSpec& spec) {
  std::string text;
  try {
    text = report::read_text_file(path);
  } catch (const std::exception& e) {
    throw CaseLogError(path.string(), {CaseLogIssue{0, 0, fmt::format("expected a CSV case log: {}", e.what())}});
  }
  return read_case_log_text(text, path.string(), map, spec);
}

CaseLog read_case_log_text(std::string_view text, const std::string& file, const CaseLogMap& map,
                           const ScenarioSpec& spec) {
  auto fail = [&](std::size_t line, std::size_t column, std::string message) -> CaseLogError {
    return CaseLogError(file, {CaseLogIssue{line, column, std::move(message)}});
  };
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(map.time_zone);
  } catch (const std::exception&) {
    throw fail(0, 0, fmt::format("the mapping {} names time zone \"{}\", which the time-zone database (tzdata) "
                                 "does not know; expected an IANA name such as Asia/Shanghai",
                                 map.source_file, map.time_zone));
  }
  // Mapping targets the scenario lacks: a mapping may serve a larger scenario than this one
  // (scenarios/case_logs/12345.yaml names every department of district.yaml), so these are notes;
  // a row whose category maps to a missing one is skipped with the reason.
  std::vector<std::string> notes;
  for (const ValueMapping& m : map.categories)
    if (index_of(spec.categories, m.target) < 0)
      notes.push_back(fmt::format("the mapping sends category \"{}\" to \"{}\", which scenario {} does not have: "
                                  "such rows are skipped", m.log_value, m.target, spec.source_file));
  for (const ValueMapping& m : map.agencies)
    if (index_of(spec.departments, m.target) < 0 && level_of(m.target) < 0)
      notes.push_back(fmt::format("the mapping sends agency \"{}\" to \"{}\", which is neither a department of {} "
                                  "nor grid, community or street: such rows have no known handling unit",
                                  m.log_value, m.target, spec.source_file));
  for (const ValueMapping& m : map.channels)
    if (index_of(spec.residents.channels, m.target) < 0)
      notes.push_back(fmt::format("the mapping sends channel \"{}\" to \"{}\", which scenario {} does not have: "
                                  "such rows have no known channel", m.log_value, m.target, spec.source_file));

  report::CsvTable table;
  try {
    table = report::parse_csv(text);
  } catch (const std::exception& e) {
    throw fail(0, 0, fmt::format("expected a CSV case log: {}", e.what()));
  }
  if (table.header().empty()) throw fail(1, 0, "expected a header row naming the columns, got an empty file");

  // The header must hold every column the mapping names.
  const auto& c = map.columns;
  std::vector<CaseLogIssue> missing;
  auto column = [&](const std::string& name) -> std::optional<std::size_t> {
    if (name.empty()) return std::nullopt;
    auto i = table.column(name);
    if (!i) {
      std::string header;
      for (const auto& h : table.header()) header += (header.empty() ? "" : ", ") + shown(h);
      missing.push_back({1, 0, fmt::format("expected a column \"{}\" (mapping {}), got columns {}", name,
                                           map.source_file, header)});
    }
    return i;
  };
  const auto col_id = column(c.id), col_opened = column(c.opened), col_closed = column(c.closed),
             col_status = column(c.status), col_category = column(c.category), col_agency = column(c.agency),
             col_channel = column(c.channel), col_response = column(c.first_response),
             col_resolved = column(c.resolved), col_satisfied = column(c.satisfied);
  if (!missing.empty()) throw CaseLogError(file, std::move(missing));
  if (table.size() == 0) throw fail(2, 0, "expected at least one case after the header, got none");

  CaseLog log;
  log.file = file;
  log.notes = std::move(notes);
  log.rows = table.size();
  log.has_first_response = col_response.has_value();
  log.has_resolved = col_resolved.has_value();
  log.has_satisfied = col_satisfied.has_value();
  log.has_channel = col_channel.has_value();
  log.has_agency = col_agency.has_value();

  struct Row {
    LoggedCase lc;
    ParsedTime opened;
    std::optional<ParsedTime> closed, response;
  };
  std::vector<Row> rows;
  rows.reserve(table.size());
  auto skip = [&](std::size_t r, std::optional<std::size_t> col, std::string why) {
    log.skipped.push_back({table.line(r), col ? *col + 1 : 0, std::move(why)});
  };
  for (std::size_t r = 0; r < table.size(); ++r) {
    const std::string& id = table.text(r, *col_id);
    if (trimmed(id).empty()) {
      skip(r, col_id, "no request id");
      continue;
    }
    Row row;
    row.lc.line = static_cast<std::uint32_t>(table.line(r));
    const auto opened = parse_time(table.text(r, *col_opened), map.time_formats, zone);
    if (!opened) {
      skip(r, col_opened, fmt::format("opened time {} matches none of the formats {}",
                                      shown(table.text(r, *col_opened)), fmt::join(map.time_formats, " | ")));
      continue;
    }
    row.opened = *opened;
    bool closed = true;
    if (col_status && !map.closed_status.empty()) {
      const std::string status = trimmed(table.text(r, *col_status));
      closed = std::find(map.closed_status.begin(), map.closed_status.end(), status) != map.closed_status.end();
    }
    if (col_closed) {
      const std::string& text = table.text(r, *col_closed);
      if (trimmed(text).empty()) {
        if (closed && (!col_status || map.closed_status.empty())) closed = false;  // no closing time: open
        else if (closed) {
          skip(r, col_closed, "status says closed but the closed time is empty");
          continue;
        }
      } else if (closed) {
        row.closed = parse_time(text, map.time_formats, zone);
        if (!row.closed) {
          skip(r, col_closed, fmt::format("closed time {} matches none of the formats {}", shown(text),
                                          fmt::join(map.time_formats, " | ")));
          continue;
        }
        if (row.closed->utc < row.opened.utc) {
          skip(r, col_closed, fmt::format("closed {} before it opened", shown(text)));
          continue;
        }
      }
    } else if (closed) {
      skip(r, col_status, "closed, but the log has no closed time");
      continue;
    }
    if (col_category) {
      const std::string value = trimmed(table.text(r, *col_category));
      const auto target = map_value(map.categories, value);
      if (!target) {
        skip(r, col_category, fmt::format("category {} is not in the mapping (add it, or `\"*\": <category>`)",
                                          shown(value)));
        continue;
      }
      const int category = index_of(spec.categories, *target);
      if (category < 0) {
        skip(r, col_category, fmt::format("category {} maps to \"{}\", which the scenario does not have", shown(value),
                                          *target));
        continue;
      }
      row.lc.category = static_cast<std::int16_t>(category);
    }
    if (col_agency) {
      if (const auto target = map_value(map.agencies, trimmed(table.text(r, *col_agency)))) {
        const int d = index_of(spec.departments, *target);
        row.lc.department = static_cast<std::int16_t>(d);
        row.lc.level = static_cast<std::int8_t>(d >= 0 ? kLevelCount - 1 : level_of(*target));  // -1: unknown
      }
    }
    if (col_channel)
      if (const auto target = map_value(map.channels, trimmed(table.text(r, *col_channel))))
        row.lc.channel = static_cast<std::int8_t>(index_of(spec.residents.channels, *target));  // -1: unknown
    if (col_response && !trimmed(table.text(r, *col_response)).empty()) {
      row.response = parse_time(table.text(r, *col_response), map.time_formats, zone);
      if (!row.response) {
        skip(r, col_response, fmt::format("first-response time {} matches none of the formats",
                                          shown(table.text(r, *col_response))));
        continue;
      }
    }
    bool answers_ok = true;
    for (auto [col, out] : {std::pair{col_resolved, &row.lc.resolved}, {col_satisfied, &row.lc.satisfied}}) {
      if (!col) continue;
      const int v = yes_no(table.text(r, *col), map);
      if (v == -2) {
        skip(r, col, fmt::format("expected yes or no ({} / {}), got {}", fmt::join(map.yes_values, ", "),
                                 fmt::join(map.no_values, ", "), shown(table.text(r, *col))));
        answers_ok = false;
        break;
      }
      *out = static_cast<std::int8_t>(v);
    }
    if (!answers_ok) continue;
    rows.push_back(row);
  }
  if (rows.empty()) {
    std::vector<CaseLogIssue> issues;
    issues.push_back({0, 0, fmt::format("expected at least one usable case, got none of {} rows", table.size())});
    for (std::size_t i = 0; i < log.skipped.size() && i < 20; ++i) issues.push_back(log.skipped[i]);
    if (log.skipped.size() > 20) issues.push_back({0, 0, fmt::format("… and {} more rows", log.skipped.size() - 20)});
    throw CaseLogError(file, std::move(issues));
  }

  // t0: local midnight of the 1st of the month of the first case.
  date::local_seconds first = rows.front().opened.local;
  for (const Row& r : rows) first = std::min(first, r.opened.local);
  const date::year_month_day ymd{date::floor<date::days>(first)};
  const date::local_days t0_local{ymd.year() / ymd.month() / 1};
  const date::sys_seconds t0_utc = zone->to_sys(date::local_seconds{t0_local}, date::choose::earliest);
  log.calendar.year = static_cast<int>(ymd.year());
  log.calendar.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  log.calendar.weekday = static_cast<int>(date::weekday{t0_local}.iso_encoding()) - 1;
  log.calendar.zone = map.time_zone;

  double latest = 0.0;
  log.cases.reserve(rows.size());
  for (Row& r : rows) {
    r.lc.opened_h = hours(r.opened.utc - t0_utc);
    r.lc.local_opened_h = hours(r.opened.local - date::local_seconds{t0_local});
    latest = std::max(latest, r.lc.opened_h);
    if (r.closed) {
      r.lc.closed_h = hours(r.closed->utc - t0_utc);
      latest = std::max(latest, r.lc.closed_h);
    }
    if (r.response) r.lc.first_response_h = hours(r.response->utc - t0_utc);
    log.cases.push_back(r.lc);
  }
  log.extracted_h = latest;
  if (!map.extracted.empty()) {
    const auto t = parse_log_time(map.extracted, map, log.calendar);
    if (!t) throw fail(0, 0, fmt::format("the mapping's `extracted` {} matches none of its time formats", map.extracted));
    if (*t < latest)
      throw fail(0, 0, fmt::format("the mapping's `extracted` {} is before the log's latest time ({})", map.extracted,
                                   log.calendar.date_text(latest)));
    log.extracted_h = *t;
  }
  return log;
}

void write_12345_export(const std::filesystem::path& path, const std::vector<LoggedCase>& cases,
                        const ScenarioSpec& spec, const LogCalendar& calendar) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error(fmt::format("cannot write {}", path.string()));
  out << "工单编号,来电时间,派单时间,签收时间,办结时间,诉求类别,承办单位,是否解决,是否满意\n";
  const date::local_seconds t0{date::local_days{date::year{calendar.year} / calendar.month / 1}};
  auto when = [&](double h) -> std::string {
    if (std::isnan(h)) return {};
    const auto t = t0 + Seconds{static_cast<long long>(std::llround(h * 3600.0))};
    return date::format("%Y-%m-%d %H:%M:%S", t);
  };
  std::uint64_t id = 0;
  for (const LoggedCase& c : cases) {
    // A department case names its department (the category's lead when the case does not say),
    // a case fixed below it the level of the unit.
    const auto& owners = spec.categories[static_cast<std::size_t>(c.category)].departments;
    const std::string unit = c.department >= 0 ? spec.departments[static_cast<std::size_t>(c.department)].name
                             : c.level == kLevelCount - 1 && !owners.empty() ? owners.front()
                             : c.level >= 0 && c.level < kLevelCount - 1     ? std::string(kLevelNames[static_cast<std::size_t>(c.level)])
                                                                             : std::string();
    auto answer = [](std::int8_t v) -> std::string { return v < 0 ? "" : v ? "是" : "否"; };
    out << fmt::format("GD{:08d},{},{},{},{},{},{},{},{}\n", ++id, when(c.opened_h), when(c.opened_h),
                       when(c.first_response_h), when(c.closed_h),
                       spec.categories[static_cast<std::size_t>(c.category)].name, unit, answer(c.resolved),
                       answer(c.satisfied));
  }
  if (!out) throw std::runtime_error(fmt::format("cannot write {}", path.string()));
}

}  // namespace govgrid::calibration
