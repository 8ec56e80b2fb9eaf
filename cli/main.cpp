// govgrid: simulate grid-based grassroots governance (网格化基层治理) from YAML scenarios.
//
//   govgrid run [SCENARIO.yaml] --out DIR [--replications N] [--seed S] [--threads T]
//               [--days D] [--set key.path=value ...] [--case-log]
//   govgrid validate SCENARIO.yaml [--set ...]
//
// Exit codes: 0 success; 2 bad input (scenario or command line); 1 anything else.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <optional>

#include "analysis/outputs.h"
#include "engine/runner/runner.h"
#include "engine/simulator/simulation.h"
#include "govgrid/scenario_loader.h"
#include "progress.h"

namespace fs = std::filesystem;
using namespace govgrid;

namespace {

constexpr int kExitBadInput = 2;

/// Where the default scenario lives: next to the program's source tree, else the working dir.
std::string default_scenario() {
#ifdef GOVGRID_SOURCE_DIR
  const fs::path shipped = fs::path(GOVGRID_SOURCE_DIR) / "scenarios" / "district.yaml";
  if (fs::exists(shipped)) return shipped.string();
#endif
  return "scenarios/district.yaml";
}

struct RunArgs {
  std::string scenario = default_scenario();
  std::string out;
  std::optional<int> replications, threads;
  std::optional<std::uint64_t> seed;
  std::optional<double> days;
  std::vector<std::string> sets;
  bool case_log = false;
  bool quiet = false;
};

/// Command-line shortcuts become overrides, so they are checked like any other key.
std::vector<std::string> overrides_of(const RunArgs& a) {
  std::vector<std::string> out = a.sets;
  if (a.replications) out.push_back(fmt::format("run.replications={}", *a.replications));
  if (a.seed) out.push_back(fmt::format("run.seed={}", *a.seed));
  if (a.days) out.push_back(fmt::format("run.days={}", *a.days));
  return out;
}

int run_command(const RunArgs& a) {
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
  {
    std::optional<cli::ProgressBar> bar;
    if (!a.quiet) bar.emplace("simulating", windows_done, window_count(spec) * static_cast<std::uint64_t>(spec.run.replications));
    report.replications = run_replications(spec, world, options);
  }
  report.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  write_run_outputs(report, out);
  std::cout << format_summary_table(report);
  if (!a.quiet) fmt::print(stderr, "govgrid: outputs in {}\n", out.string());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "govgrid — simulate grid-based grassroots governance (网格化基层治理).\n"
      "Residents' problems arise in grids, are reported or found on patrol, handled at the lowest\n"
      "capable level (grid → community → street → departments) and rated; outputs are response and\n"
      "resolution times, the three rates (响应率/解决率/满意率), where cases end, and worker load.\n"
      "Scenario schema: scenarios/README.md.",
      "govgrid"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every command");

  RunArgs run;
  auto* run_cmd = app.add_subcommand("run", "Simulate a scenario and write summary.json, metrics.csv, streets.csv, grids.csv, daily.csv");
  run_cmd->add_option("scenario", run.scenario, "Scenario YAML file")->capture_default_str();
  run_cmd->add_option("--out,-o", run.out, "Output directory (default: out/<scenario name>)");
  run_cmd->add_option("--replications,-r", run.replications, "Replications (overrides run.replications)")->check(CLI::PositiveNumber);
  run_cmd->add_option("--seed", run.seed, "Seed (overrides run.seed); same seed, same results, any thread count");
  run_cmd->add_option("--threads,-t", run.threads, "Worker threads (default: all cores)")->check(CLI::PositiveNumber);
  run_cmd->add_option("--days,-d", run.days, "Simulated days including warm-up (overrides run.days)")->check(CLI::PositiveNumber);
  run_cmd->add_option("--set,-s", run.sets, "Override a scenario key: key.path=value (repeatable), e.g. grid_workers.per_grid=2 or categories.sanitation.rate_per_1000_per_day=0.2");
  run_cmd->add_flag("--case-log", run.case_log, "Also write cases.csv: one row per case with all its timestamps");
  run_cmd->add_flag("--quiet,-q", run.quiet, "No progress or notes on stderr");

  std::string validate_file;
  std::vector<std::string> validate_sets;
  auto* validate_cmd = app.add_subcommand("validate", "Check a scenario without running it; lists every problem as file:line:col: key.path: message");
  validate_cmd->add_option("scenario", validate_file, "Scenario YAML file")->required();
  validate_cmd->add_option("--set,-s", validate_sets, "Override a scenario key: key.path=value (repeatable)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitBadInput;
  }

  try {
    if (*run_cmd) return run_command(run);
    const ScenarioSpec spec = load_scenario_file(validate_file, validate_sets);
    const World world = build_world(spec);
    fmt::print("{}: valid — scenario '{}', {} streets, {} communities, {} grids, {} residents, {} categories, {} departments\n",
               validate_file, spec.name, world.streets.size(), world.communities.size(), world.grids.size(),
               world.resident_count(), spec.categories.size(), spec.departments.size());
    return 0;
  } catch (const ScenarioError& e) {
    fmt::print(stderr, "{}\n", e.what());
    fmt::print(stderr, "govgrid: {} problem{} found; nothing was run.\n", e.issues().size(),
               e.issues().size() == 1 ? "" : "s");
    return kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "govgrid: error: {}\n", e.what());
    return 1;
  }
}
