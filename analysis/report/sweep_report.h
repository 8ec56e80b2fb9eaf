// The report of a sweep (`govgrid report SWEEP_DIR`): one self-contained HTML page, in English
// or Chinese, from a sweep's stored results as plain data (the command reads results.sqlite;
// this library never sees SQLite).
//
// What it shows, top to bottom:
//   - the best point: the best three-rate score among the points whose total cost per year is
//     within --budget (among all points without one), with its 95% interval, the runner-up, and
//     whether the two differ beyond chance (a paired 95% interval over replications: replication
//     r of every point shares its random numbers);
//   - response curves: for each swept parameter, the three rates, the three-rate score and the
//     total cost per year (means and 95% intervals) against its values, a line per combination
//     of the other parameters; categorical for a cases axis or non-numeric values;
//   - for a Latin-hypercube block, the score of each sample against each of its parameters;
//   - for a sweep of exactly two parameters (not Latin-hypercube), a heatmap of each of those
//     metrics whose colour runs from red (worse) to green (better), whichever way is better;
//   - every point in a table (table#points, a row tr[data-point] per point).
// Page contract as for the comparison report: each chart is div.chart-box[data-chart] and
// <html data-charts-ready="true"> once every chart has rendered.
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "analysis/report/report.h"
#include "analysis/stats.h"

namespace govgrid::report {

/// One swept column: its key (a cases axis: its name), kind ("values", "range", "lhs",
/// "cases") and axis (an lhs block's columns share one).
struct SweepReportColumn {
  std::string key;
  std::string kind;
  int axis = 0;
};

struct SweepReportPoint {
  int point = 0;
  std::vector<std::string> values;  ///< per column
  int runs = 0;                     ///< done runs
  std::vector<Interval> metrics;    ///< per SweepReportData::metrics
};

struct SweepReportData {
  std::string name;
  std::string description;
  std::string sweep_file;
  std::string govgrid_version;  ///< of the govgrid that began the sweep; may be empty
  int replications = 0;
  int run_count = 0;
  int done_runs = 0;
  std::vector<SweepReportColumn> columns;
  std::vector<std::string> metrics;  ///< metric names, as stored
  std::vector<SweepReportPoint> points;
  /// The three-rate score of every run as [point][replication], NaN where not done.
  std::vector<std::vector<double>> score_runs;
};

/// The sweep report's HTML. Uses options.lang, options.budget_yuan_per_year and options.practical_threshold_points. Throws
/// ReportInputError when the sweep lacks the metrics it shows or has no done run.
std::string render_sweep_report(const SweepReportData& sweep, const ReportOptions& options);

}  // namespace govgrid::report
