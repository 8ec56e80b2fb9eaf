// govgrid report: an HTML report (and optionally a PDF) comparing run directories.
#include <fmt/core.h>

#include <filesystem>
#include <optional>
#include <memory>

#include "analysis/report/report.h"
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
  try {
    report::write_report(dirs, a.out, options);
  } catch (const report::ReportInputError& e) {
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
      "answer table against a baseline, charts, street rankings; in English or Chinese");
  cmd->add_option("dirs", a->dirs, "Run directories, each holding summary.json; the first is the baseline unless --baseline")
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
                  "Extra yuan a year to spend: the report names the option that gains most within it")
      ->check(CLI::Range(0.0, 1e12));
  return {cmd, [a] { return run_report(*a); }};
}

}  // namespace govgrid::cli
