// govgrid run / govgrid validate.
#include <fmt/core.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "analysis/outputs.h"
#include "analysis/report/report.h"
#include "command.h"
#include "engine/run/replications.h"
#include "engine/run/replication.h"
#include "govgrid/scenario_loader.h"
#include "progress.h"

namespace fs = std::filesystem;

namespace govgrid::cli {
namespace {

struct RunArgs {
  std::string scenario = default_scenario_path();
  std::string out;
  std::optional<int> replications, threads;
  std::optional<std::uint64_t> seed;
  std::optional<double> days;
  std::vector<std::string> sets;
  bool case_log = false;
  bool quiet = false;
  std::string lang = "en";
};

/// Command-line shortcuts become overrides, so they are checked like any other key.
std::vector<std::string> overrides_of(const RunArgs& a) {
  std::vector<std::string> out = a.sets;
  if (a.replications) out.push_back(fmt::format("run.replications={}", *a.replications));
  if (a.seed) out.push_back(fmt::format("run.seed={}", *a.seed));
  if (a.days) out.push_back(fmt::format("run.days={}", *a.days));
  return out;
}

int run(const RunArgs& a) {
  const ScenarioSpec spec = load_scenario_file(a.scenario, overrides_of(a));
  const fs::path out = a.out.empty() ? fs::path("out") / spec.name : fs::path(a.out);
  const auto t0 = std::chrono::steady_clock::now();
  const World world = build_world(spec);
  const int threads = resolved_threads(a.threads.value_or(0));
  if (!a.quiet)
    fmt::print(stderr, "govgrid: {} — {} streets, {} communities, {} grids, {} residents; {} × {} days on {} threads\n",
               spec.name, world.streets.size(), world.communities.size(), world.grids.size(),
               world.resident_count(), spec.run.replications, spec.run.days, threads);

  std::atomic<std::uint64_t> windows_done{0};
  RunOptions options;
  options.threads = threads;
  options.case_log = a.case_log;
  options.windows_done = &windows_done;
  RunReport report;
  report.spec = &spec;
  report.world = &world;
  report.threads = threads;
  report.overrides = overrides_of(a);
  {
    std::optional<ProgressBar> bar;
    if (!a.quiet)
      bar.emplace("simulating", windows_done,
                  window_count(spec) * static_cast<std::uint64_t>(spec.run.replications));
    report.replications = run_replications(spec, world, options);
  }
  report.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  write_run_outputs(report, out);
  govgrid::report::write_report({out}, out / "report.html", {*govgrid::report::parse_lang(a.lang), ""});
  std::cout << format_summary_table(report);
  if (!a.quiet) fmt::print(stderr, "govgrid: outputs in {}\n", out.string());
  return kExitOk;
}

}  // namespace

std::string default_scenario_path() {
#ifdef GOVGRID_SOURCE_DIR
  const fs::path shipped = fs::path(GOVGRID_SOURCE_DIR) / "scenarios" / "district.yaml";
  if (fs::exists(shipped)) return shipped.string();
#endif
  return "scenarios/district.yaml";
}

Command add_run_command(CLI::App& app) {
  auto a = std::make_shared<RunArgs>();
  auto* cmd = app.add_subcommand(
      "run", "Simulate a scenario; write summary.json, metrics.csv, streets.csv, grids.csv, daily.csv to --out");
  cmd->add_option("scenario", a->scenario, "Scenario YAML file")->capture_default_str();
  cmd->add_option("--out,-o", a->out, "Output directory (default: out/<scenario name>)");
  cmd->add_option("--replications,-r", a->replications, "Replications (overrides run.replications)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--seed", a->seed, "Seed (overrides run.seed); same seed, same results, any thread count");
  cmd->add_option("--threads,-t", a->threads, "Worker threads (default: all cores)")->check(CLI::PositiveNumber);
  cmd->add_option("--days,-d", a->days, "Simulated days including warm-up (overrides run.days)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--set,-s", a->sets,
                  "Override a scenario key, key.path=value (repeatable), e.g. grid_workers.per_grid=2 or "
                  "categories.sanitation.rate_per_1000_per_day=0.2");
  cmd->add_flag("--case-log", a->case_log, "Also write cases.csv: one row per case with all its timestamps");
  cmd->add_flag("--quiet,-q", a->quiet, "No progress or notes on stderr");
  cmd->add_option("--lang", a->lang, "Language of DIR/report.html: en or zh")
      ->check(CLI::IsMember({"en", "zh"}))
      ->capture_default_str();
  return {cmd, [a] { return run(*a); }};
}

Command add_validate_command(CLI::App& app) {
  struct Args {
    std::string file;
    std::vector<std::string> sets;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "validate", "Check a scenario without running it; lists every problem as file:line:col: key.path: message");
  cmd->add_option("scenario", a->file, "Scenario YAML file")->required();
  cmd->add_option("--set,-s", a->sets, "Override a scenario key: key.path=value (repeatable)");
  return {cmd, [a] {
            const ScenarioSpec spec = load_scenario_file(a->file, a->sets);
            const World world = build_world(spec);
            fmt::print("{}: valid — scenario '{}': {} streets, {} communities, {} grids, {} residents, "
                       "{} categories, {} departments\n",
                       a->file, spec.name, world.streets.size(), world.communities.size(), world.grids.size(),
                       world.resident_count(), spec.categories.size(), spec.departments.size());
            return kExitOk;
          }};
}

}  // namespace govgrid::cli
