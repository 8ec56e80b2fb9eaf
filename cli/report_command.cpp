// govgrid report: an HTML report (and optionally a PDF) comparing run directories.
#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <memory>

#include "analysis/report/report.h"
#include "analysis/report/sweep_report.h"
#include "engine/run/sweep/store.h"
#include "command.h"

namespace fs = std::filesystem;

namespace govgrid::cli {
namespace {

struct ReportArgs {
  std::vector<std::string> dirs;
  std::string out = "report.html";
  std::string lang = "en";
  std::string baseline;
  std::string pdf;
  double threshold_points = 0.5;
  std::optional<double> budget;
};

/// A sweep's folder: results.sqlite and no summary.json of a run.
bool is_sweep_dir(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / SweepStore::kFileName, ec) && !fs::exists(dir / "summary.json", ec);
}

/// The sweep report's data from DIR/results.sqlite. Throws SweepMismatch (SweepDamaged) as export does.
report::SweepReportData sweep_report_data(const fs::path& dir) {
  const SweepStore store = SweepStore::open_existing(dir);
  const SweepSummary s = store.summary();
  report::SweepReportData d;
  d.name = s.name;
  d.description = s.description;
  d.sweep_file = s.sweep_file;
  d.govgrid_version = s.govgrid_version;
  d.replications = s.replications;
  d.run_count = s.run_count;
  d.done_runs = s.done_runs;
  for (std::size_t c = 0; c < s.columns.size(); ++c)
    d.columns.push_back({s.columns[c], c < s.column_kinds.size() ? s.column_kinds[c] : "values",
                         c < s.column_axes.size() ? s.column_axes[c] : static_cast<int>(c)});
  d.metrics = s.metrics;
  for (const PointSummary& p : s.points) d.points.push_back({p.point, p.values, p.runs, p.metrics});
  d.score_runs = store.replication_values("three_rate_score");
  return d;
}

/// `govgrid report SWEEP_DIR`: the sweep's own report.
void write_sweep_report(const fs::path& dir, const fs::path& out, const report::ReportOptions& options) {
  const std::string html = report::render_sweep_report(sweep_report_data(dir), options);
  std::error_code ec;
  if (out.has_parent_path()) fs::create_directories(out.parent_path(), ec);
  std::ofstream f(out, std::ios::binary | std::ios::trunc);
  if (!(f << html) || !f.flush()) throw std::runtime_error(fmt::format("cannot write {}", out.string()));
}

int run_report(const ReportArgs& a) {
  report::ReportOptions options;
  options.lang = *report::parse_lang(a.lang);  // CLI::IsMember checked it
  options.baseline = a.baseline;
  options.practical_threshold_points = a.threshold_points;
  if (a.budget) options.budget_yuan_per_year = *a.budget;
  std::optional<fs::path> chromium;
  if (!a.pdf.empty()) {
    chromium = report::find_chromium();
    if (!chromium) {
      fmt::print(stderr,
                 "govgrid: error: --pdf needs headless Chromium, and none was found (looked for chromium, "
                 "chromium-browser, google-chrome on PATH and $GOVGRID_CHROMIUM). Install it (scripts/setup.sh "
                 "does) or open {} in a browser and print it.\n",
                 a.out);
      return kExitFailure;
    }
  }
  std::vector<fs::path> dirs(a.dirs.begin(), a.dirs.end());
  const bool sweep = std::any_of(dirs.begin(), dirs.end(), is_sweep_dir);
  try {
    if (sweep && dirs.size() > 1)
      throw report::ReportInputError(fmt::format(
          "{} holds a sweep (results.sqlite): a sweep is reported on its own (govgrid report {}), not beside other "
          "directories",
          std::find_if(dirs.begin(), dirs.end(), is_sweep_dir)->string(),
          std::find_if(dirs.begin(), dirs.end(), is_sweep_dir)->string()));
    if (sweep && !a.baseline.empty())
      throw report::ReportInputError(fmt::format(
          "--baseline {} names a scenario to compare runs against; a sweep's report has none (it compares its "
          "points): leave it out",
          a.baseline));
    if (sweep)
      write_sweep_report(dirs.front(), a.out, options);
    else
      report::write_report(dirs, a.out, options);
  } catch (const report::ReportInputError& e) {
    fmt::print(stderr, "govgrid: error: {}\n", e.what());
    return kExitBadInput;
  } catch (const SweepMismatch& e) {
    fmt::print(stderr, "govgrid: error: {}\n", e.what());
    return kExitBadInput;
  }
  fmt::print(stderr, "govgrid: report in {}\n", a.out);
  if (chromium) {
    report::print_pdf(*chromium, a.out, a.pdf);
    fmt::print(stderr, "govgrid: PDF in {}\n", a.pdf);
  }
  return kExitOk;
}

}  // namespace

Command add_report_command(CLI::App& app) {
  auto a = std::make_shared<ReportArgs>();
  auto* cmd = app.add_subcommand(
      "report",
      "Write one self-contained HTML report comparing run directories (the output of `govgrid run`): the "
      "answer table against a baseline, charts, street rankings; or the report of one sweep directory (the "
      "output of `govgrid sweep`): the best point within --budget, response curves, heatmaps; in English or Chinese");
  cmd->add_option("dirs", a->dirs,
                  "Run directories, each holding summary.json (the first is the baseline unless --baseline), or one "
                  "sweep directory holding results.sqlite")
      ->required();
  cmd->add_option("--out,-o", a->out, "The HTML file to write")->capture_default_str();
  cmd->add_option("--lang", a->lang, "Language of the report: en or zh")
      ->check(CLI::IsMember({"en", "zh"}))
      ->capture_default_str();
  cmd->add_option("--baseline", a->baseline, "Scenario name of the baseline (default: the first directory)");
  cmd->add_option("--pdf", a->pdf, "Also print the report to this PDF with headless Chromium");
  cmd->add_option("--threshold", a->threshold_points,
                  "Changes in the three-rate score under this many points (of 100) are shown as negligible, even "
                  "when statistically clear")
      ->check(CLI::Range(0.0, 100.0))
      ->capture_default_str();
  cmd->add_option("--budget", a->budget,
                  "Extra yuan a year to spend: the report names the option that gains most within it; for a sweep, "
                  "the total yuan a year a point may cost: the report names the best point within it")
      ->check(CLI::Range(0.0, 1e12));
  return {cmd, [a] { return run_report(*a); }};
}

}  // namespace govgrid::cli
