// How a city's case log (a 12345 work-order export, an Open311 or SF311 download) maps onto a
// scenario: which column holds what, how times are written and in which time zone, and which
// of the log's categories, agencies and channels are which of the scenario's. Plain data, read
// from YAML by load_case_log_map (the mappings shipped are in scenarios/case_logs/).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace govgrid {

/// One `log value: scenario name` entry. A value ending in `*` matches by prefix (`DPW*`), one
/// starting with `*` by suffix (`*街道`), the longest such pattern winning; `*` alone matches any
/// value not listed.
struct ValueMapping {
  std::string log_value;
  std::string target;
};

struct CaseLogMap {
  std::string name;
  std::string source_file;

  /// Column names in the log's header row; empty: the log has no such column.
  struct Columns {
    std::string id, opened, closed, status, category;  ///< id and opened required
    std::string agency, channel, location;
    std::string first_response;  ///< first contact with the requester (签收 / 响应), a time
    std::string resolved;        ///< the requester's answer "resolved" (是否解决), yes/no
    std::string satisfied;       ///< the requester's answer "satisfied" (是否满意), yes/no
  } columns;

  /// Formats tried in order for every time (date::parse / strftime specifiers).
  std::vector<std::string> time_formats = {"%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"};
  /// IANA zone the times are written in (e.g. Asia/Shanghai); a time with its own offset keeps it.
  std::string time_zone = "UTC";
  /// Status values that mean closed; empty: a case is closed when its closed time is filled.
  std::vector<std::string> closed_status;
  std::vector<std::string> yes_values = {"1", "yes", "y", "true", "是", "已解决", "满意"};
  std::vector<std::string> no_values = {"0", "no", "n", "false", "否", "未解决", "不满意"};

  /// Log category → scenario category name.
  std::vector<ValueMapping> categories;
  /// Log agency → a scenario department's name, or `grid`, `community`, `street` for cases
  /// handled at that level.
  std::vector<ValueMapping> agencies;
  /// Log channel → scenario channel name.
  std::vector<ValueMapping> channels;

  /// The log lists cases found by grid workers' patrols too (a grid platform's export); a 12345
  /// or 311 log holds only residents' reports.
  bool includes_patrol_finds = false;
  /// When the log was extracted (same formats and zone): cases still open then are open in the
  /// log. Absent: the latest time in the log.
  std::string extracted;
};

/// The target of `value` in `mappings` (an exact match, else the longest pattern), or nullopt.
std::optional<std::string> map_value(const std::vector<ValueMapping>& mappings, const std::string& value);

/// Reads a case-log mapping; throws ScenarioError (file, line, column, key path) listing every
/// problem found.
CaseLogMap load_case_log_map(const std::filesystem::path& path);

}  // namespace govgrid
