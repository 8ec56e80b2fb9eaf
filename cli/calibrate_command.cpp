// govgrid calibrate: fit a scenario to a city's own case log (analysis/calibration/).
#include <fmt/core.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>

#include "analysis/calibration/calibrate.h"
#include "analysis/calibration/case_log.h"
#include "analysis/calibration/fit_outputs.h"
#include "command.h"
#include "govgrid/case_log_map.h"
#include "govgrid/scenario_loader.h"
#include "progress.h"

namespace fs = std::filesystem;

namespace govgrid::cli {
namespace {

struct CalibrateArgs {
  std::string log, map, base, out, train_until;
  int budget = 150;
  double recent_days = 365.0;
  int threads = 0;
  bool quiet = false;
};

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error(fmt::format("cannot write {}", path.string()));
}

/// A log that can't be used: DIR gets only the list of what was wrong, stderr the same.
int refuse(const CalibrateArgs& a, const calibration::CaseLogError& e) {
  std::error_code ec;
  fs::create_directories(a.out, ec);
  const fs::path problems = fs::path(a.out) / "log-problems.txt";
  if (!ec) write_file(problems, std::string(e.what()) + "\n");
  fmt::print(stderr, "{}\n", e.what());
  fmt::print(stderr, "govgrid: the case log can't be used; nothing was calibrated{}.\n",
             ec ? "" : fmt::format(" (the problems are in {})", problems.string()));
  return kExitBadInput;
}

int run(const CalibrateArgs& a) {
  const CaseLogMap map = load_case_log_map(a.map);
  const ScenarioSpec base = load_scenario_file(a.base);
  calibration::CaseLog log;
  calibration::CalibrationOptions options;
  try {
    log = calibration::read_case_log(a.log, map, base);
    if (!a.train_until.empty()) {
      const auto t = calibration::parse_log_time(a.train_until, map, log.calendar);
      if (!t)
        throw calibration::CaseLogError(
            "--train-until", {{0, 0, fmt::format("expected a date such as 2015-01-01 or a time in the mapping's formats, "
                                                 "got \"{}\"", a.train_until)}});
      if (*t <= 0.0 || *t >= log.extracted_h)
        throw calibration::CaseLogError(
            "--train-until", {{0, 0, fmt::format("expected a date inside the log ({} to {}), got {}",
                                                 log.calendar.date_text(0.0), log.calendar.date_text(log.extracted_h),
                                                 a.train_until)}});
      options.train_until_h = *t;
    }
  } catch (const calibration::CaseLogError& e) {
    return refuse(a, e);
  }
  if (!a.quiet)
    fmt::print(stderr, "govgrid: {} — {} rows, {} usable, {} skipped (listed in {}/skipped-rows.csv); {} to {}\n",
               a.log, log.rows, log.cases.size(), log.skipped.size(), a.out, log.calendar.date_text(0.0),
               log.calendar.date_text(log.extracted_h));

  options.budget = a.budget;
  options.recent_days = a.recent_days;
  options.threads = a.threads;
  options.with_patrol_finds = map.includes_patrol_finds;
  std::atomic<std::uint64_t> runs{0};
  std::mutex best_mutex;
  double best = NAN;
  options.progress = [&](int done, int, double loss) {
    {
      std::lock_guard lock(best_mutex);
      best = loss;
    }
    runs = static_cast<std::uint64_t>(done);
  };
  calibration::CalibrationResult result;
  {
    std::optional<ProgressBar> bar;
    if (!a.quiet)
      bar.emplace("calibrating", runs, static_cast<std::uint64_t>(a.budget), [&] {
        std::lock_guard lock(best_mutex);
        return std::isnan(best) ? std::string("(stage 1)") : fmt::format("best loss {:.4g}", best);
      });
    try {
      result = calibration::calibrate(log, base, options);
    } catch (const calibration::CalibrationError& e) {
      bar.reset();
      fmt::print(stderr, "govgrid: {}\n", e.what());
      return kExitBadInput;
    }
    runs = static_cast<std::uint64_t>(a.budget);
  }

  fs::create_directories(a.out);
  const calibration::FitProvenance provenance{a.log, a.map, a.base, a.train_until,
                                              fmt::format("govgrid {} (commit {})", GOVGRID_VERSION, GOVGRID_COMMIT)};
  write_file(fs::path(a.out) / "calibrated.yaml", calibration::calibrated_yaml(result, log, provenance, a.out));
  const nlohmann::json fit = calibration::fit_json(result, log, provenance);
  write_file(fs::path(a.out) / "fit.json", fit.dump(1) + "\n");
  write_file(fs::path(a.out) / "fit.html", calibration::fit_page(fit, "en"));
  write_file(fs::path(a.out) / "fit.zh.html", calibration::fit_page(fit, "zh"));
  write_file(fs::path(a.out) / "skipped-rows.csv", calibration::skipped_rows_csv(log));

  // The answer first: how close the calibrated scenario comes, on the held-out period if any.
  auto line = [&](const char* what, const calibration::PeriodFit& f) {
    fmt::print("{:<10} KS(time to close) {:.3f}   cases/day simulated ÷ observed {:.3f}   open {:.1f}% vs {:.1f}%\n",
               what, f.ks_overall, f.daily_volume_ratio, 100.0 * f.simulated.open_share, 100.0 * f.observed.open_share);
  };
  line("training", result.train);
  line("window", result.window);
  if (result.has_test) line("held out", result.test);
  fmt::print("{} simulation runs of {} replications in {:.0f} s; loss {:.4g} → {:.4g}\n", result.runs,
             result.replications, result.seconds, result.loss_start, result.loss_best);
  for (const std::string& n : result.notes) fmt::print("note: {}\n", n);
  if (!a.quiet) fmt::print(stderr, "govgrid: calibrated.yaml, fit.json, fit.html in {}\n", a.out);
  return kExitOk;
}

}  // namespace

Command add_calibrate_command(CLI::App& app) {
  auto a = std::make_shared<CalibrateArgs>();
  auto* cmd = app.add_subcommand(
      "calibrate",
      "Fit a scenario to a city's case log (12345 export, Open311, SF311): demand directly, lead times by "
      "simulation; writes calibrated.yaml, fit.json and fit.html (fit.zh.html) to --out");
  cmd->add_option("log", a->log, "The case log, CSV with a header row")->required();
  cmd->add_option("--map", a->map,
                  "Mapping of the log's columns and values onto the scenario (scenarios/case_logs/*.yaml)")
      ->required();
  cmd->add_option("--base", a->base, "The scenario to calibrate (its structure is kept)")->required();
  cmd->add_option("--out,-o", a->out, "Output directory")->required();
  cmd->add_option("--train-until", a->train_until,
                  "Fit on cases opened before this date (e.g. 2015-01-01); the rest is held out and compared");
  cmd->add_option("--recent-days", a->recent_days,
                  "Fit lead times to the cases opened in the last this many days before --train-until "
                  "(service changes over the years)")
      ->check(CLI::Range(30.0, 36525.0))
      ->capture_default_str();
  cmd->add_option("--budget", a->budget, "Simulation runs in all, at most (each runs several replications)")
      ->check(CLI::Range(3, 100000))
      ->capture_default_str();
  cmd->add_option("--threads,-t", a->threads, "Worker threads (default: all cores)")->check(CLI::PositiveNumber);
  cmd->add_flag("--quiet,-q", a->quiet, "No progress on stderr");
  return {cmd, [a] { return run(*a); }};
}

}  // namespace govgrid::cli
