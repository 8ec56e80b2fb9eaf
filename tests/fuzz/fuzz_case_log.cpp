// libFuzzer target: reading a city's case log for `govgrid calibrate` (analysis/calibration/
// case_log): CSV parsing, times in several formats and a zone, yes/no answers, value patterns,
// then the statistics of what was read. Input: the log's bytes, read through the shipped 12345
// mapping onto district.yaml (run from the repository root, as scripts/fuzz.sh does). Only
// CaseLogError may come out; a crash or a sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "analysis/calibration/case_log.h"
#include "analysis/calibration/log_stats.h"
#include "govgrid/case_log_map.h"
#include "govgrid/scenario_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace govgrid;
  static const ScenarioSpec spec = load_scenario_file("scenarios/district.yaml");
  static const CaseLogMap map = load_case_log_map("scenarios/case_logs/12345.yaml");
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const calibration::CaseLog log = calibration::read_case_log_text(text, "fuzz.csv", map, spec);
    const calibration::PeriodStats s =
        calibration::period_stats(log.cases, log.calendar, 0.0, log.extracted_h + 1.0, spec);
    (void)calibration::ks_distance(s.close_h, s.close_h);
    (void)calibration::quantile(s.close_h, 0.5);
  } catch (const calibration::CaseLogError&) {
  }
  return 0;
}
