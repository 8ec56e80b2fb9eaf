// HTML reports for district leaders: scenarios side by side against a baseline, in English
// or Chinese, as one self-contained HTML file (Vega, Vega-Lite and vega-embed inlined; no
// network access needed) with a print stylesheet, and optionally a PDF printed by headless
// Chromium.
//
// What a report shows, top to bottom:
//   - the answer: each scenario's mean and 95% interval of mean response and resolution time,
//     响应率 / 解决率 / 满意率, pushed-down share, overtime and annual staff cost, with its change
//     against the baseline, marked better / worse where the 95% interval of the change
//     excludes 0 and grey where it does not (report_data.h: compare_metric);
//   - backlog and 7-day satisfaction over time; response times across grids; tiled maps of
//     grids by load and satisfaction (GeoJSON shapes when every run has grids.geojson);
//     the three rates per street;
//   - a ranking of streets by 0.2·响应率 + 0.4·解决率 + 0.4·满意率 with the bottom streets
//     marked as falling behind (落后);
//   - notes on the method.
// Scenario text (names, descriptions, street and grid names) is HTML-escaped in the page and
// JSON-escaped in the embedded data (html.h), so it always shows as text.
//
// Page contract used by tests: the summary table is table#summary; each value cell is
// td.cell[data-metric][data-scenario] (scenario index in the given order) with data-mean,
// data-lo, data-hi (the summary.json numbers, shortest round-trip form) and span.v / span.ci
// / span.delta; each chart is div.chart-box[data-chart]; <html data-charts-ready="true">
// once every chart has rendered, data-chart-errors="N" when some failed.
#pragma once

#include <filesystem>
#include <optional>
#include <limits>
#include <string>
#include <vector>

#include "analysis/report/i18n.h"
#include "analysis/report/report_data.h"

namespace govgrid::report {

struct ReportOptions {
  Lang lang = Lang::en;
  /// The baseline's scenario name or label (see find_baseline); empty: the first run.
  std::string baseline;
  /// Changes in the three-rate score under this many points (of 100) are negligible.
  double practical_threshold_points = 0.5;
  /// "What to buy with budget B": extra yuan a year; NaN: no budget line.
  double budget_yuan_per_year = std::numeric_limits<double>::quiet_NaN();
};

/// The report's HTML for runs already loaded (labels assigned). Throws ReportInputError for
/// an unknown baseline or runs whose files lack what the report needs.
std::string render_report(const std::vector<RunData>& runs, const ReportOptions& options);

/// Loads each directory (load_run), assigns labels and writes the report to `out`, creating
/// its parent directory. Throws ReportInputError for bad input, std::runtime_error when the
/// file cannot be written.
void write_report(const std::vector<std::filesystem::path>& dirs, const std::filesystem::path& out,
                  const ReportOptions& options);

/// The headless Chromium to print with: $GOVGRID_CHROMIUM when set, else the first of
/// chromium, chromium-browser, google-chrome, google-chrome-stable found on PATH.
std::optional<std::filesystem::path> find_chromium();

/// Prints `html` to `pdf` (A4, as the print stylesheet lays it out) with headless Chromium,
/// letting the charts render first. Throws std::runtime_error when Chromium fails or writes
/// no PDF.
void print_pdf(const std::filesystem::path& chromium, const std::filesystem::path& html,
               const std::filesystem::path& pdf);

}  // namespace govgrid::report
