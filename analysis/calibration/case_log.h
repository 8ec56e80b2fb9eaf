// A city's case log read through a mapping (govgrid/case_log_map.h) onto a scenario's
// categories, levels, departments and channels. Rows that can't be used are kept with the
// reason, by line, never silently dropped; a log that can't be read at all (missing columns,
// not CSV, no usable row) is a CaseLogError.
//
// Times: every time is parsed in the mapping's zone and kept as hours since t0, the local
// midnight starting the month of the first case: `opened_h` etc. are elapsed (UTC) hours, so
// durations are right across daylight saving; `local_opened_h` is the local clock's hours
// since t0, for hour-of-week and month profiles. A simulation of the log starts at t0 (its
// hour h is both).
#pragma once

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "govgrid/case_log_map.h"
#include "govgrid/scenario_spec.h"

namespace govgrid::calibration {

/// One case of a log, or of a simulation in the same terms.
struct LoggedCase {
  double opened_h = 0.0;
  double closed_h = NAN;          ///< NaN: open when the log was extracted
  double first_response_h = NAN;  ///< NaN: none recorded
  double local_opened_h = 0.0;
  std::int16_t category = 0;      ///< the scenario's category index
  std::int8_t level = -1;         ///< handling level, -1 unknown
  std::int16_t department = -1;   ///< the scenario's department index, -1 none or unknown
  std::int8_t channel = -1;       ///< the scenario's channel index, -1 unknown
  std::int8_t resolved = -1;      ///< the requester's answer: 1 resolved, 0 not, -1 not asked
  std::int8_t satisfied = -1;
  std::uint32_t line = 0;         ///< line of the log (0 for simulated cases)

  bool closed() const { return !std::isnan(closed_h); }
};

/// A problem with one row or with the file, 1-based (column 0: the row as a whole).
struct CaseLogIssue {
  std::size_t line = 0;
  std::size_t column = 0;
  std::string message;
};

/// The calendar a log starts on.
struct LogCalendar {
  int year = 2000, month = 1;  ///< of t0
  int weekday = 0;             ///< of t0, Monday 0
  std::string zone;
  /// Local date (y, m, d) and weekday (Monday 0) `local_h` hours after t0.
  struct Day {
    int year, month, day, weekday;
  };
  Day day_at(double local_h) const;
  /// "YYYY-MM-DD" of `local_h` hours after t0.
  std::string date_text(double local_h) const;
};

struct CaseLog {
  std::string file;
  std::vector<LoggedCase> cases;       ///< usable rows, in file order
  std::vector<CaseLogIssue> skipped;   ///< unusable rows and why
  std::vector<std::string> notes;      ///< about the mapping (targets the scenario lacks)
  std::size_t rows = 0;                ///< data rows in the file
  LogCalendar calendar;
  double extracted_h = 0.0;            ///< when the log was taken, hours after t0
  bool has_first_response = false, has_resolved = false, has_satisfied = false;
  bool has_channel = false, has_agency = false;
};

/// The log could not be used at all: every problem found, with the file.
class CaseLogError : public std::runtime_error {
 public:
  CaseLogError(std::string file, std::vector<CaseLogIssue> issues);
  const std::string& file() const { return file_; }
  const std::vector<CaseLogIssue>& issues() const { return issues_; }

 private:
  std::string file_;
  std::vector<CaseLogIssue> issues_;
};

/// Reads `path` through `map` onto `spec` (categories, departments and channels by name).
/// Throws CaseLogError (an unknown time zone too, at line 0). Mapping targets the scenario
/// lacks are notes, not errors: one mapping may serve several scenarios.
CaseLog read_case_log(const std::filesystem::path& path, const CaseLogMap& map, const ScenarioSpec& spec);
/// The same, from the log's text in memory (`file` names it in messages).
CaseLog read_case_log_text(std::string_view text, const std::string& file, const CaseLogMap& map,
                           const ScenarioSpec& spec);

/// Local (wall-clock) hours after t0 of a time written in one of the map's formats, or a bare
/// date (nullopt if none parses): for --train-until and `extracted`.
std::optional<double> parse_log_time(const std::string& text, const CaseLogMap& map, const LogCalendar& calendar);

/// Writes simulated cases as a Chinese 12345 work-order export (工单编号, 来电时间, 派单时间,
/// 签收时间, 办结时间, 诉求类别, 承办单位, 是否解决, 是否满意), times in Asia/Shanghai local
/// time from `calendar`'s t0. Parameter-recovery tests and users without a log of their own.
void write_12345_export(const std::filesystem::path& path, const std::vector<LoggedCase>& cases,
                        const ScenarioSpec& spec, const LogCalendar& calendar);

}  // namespace govgrid::calibration
