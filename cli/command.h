// Each govgrid subcommand lives in its own file and registers itself with the program:
// `add_X_command(app)` declares the subcommand's options and returns what to run when the
// user picked it. Exit codes everywhere: 0 success, 2 bad input, 1 anything else.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace govgrid::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

struct Command {
  CLI::App* subcommand = nullptr;
  std::function<int()> run;  ///< may throw ScenarioError (→ 2) or std::exception (→ 1)
};

Command add_run_command(CLI::App& app);
Command add_validate_command(CLI::App& app);
Command add_report_command(CLI::App& app);
Command add_sweep_command(CLI::App& app);
Command add_export_command(CLI::App& app);
Command add_schema_command(CLI::App& app);
Command add_calibrate_command(CLI::App& app);

/// `--max-memory`: bytes, or a number with a unit (K, M, G, T: powers of 1000; KiB, MiB, GiB,
/// TiB: powers of 1024). Empty: the machine's memory (0 when unknown: no limit). Throws
/// ScenarioError on anything else.
double memory_limit(const std::string& text);

/// The shipped default scenario (scenarios/district.yaml in the source tree, else relative).
std::string default_scenario_path();

}  // namespace govgrid::cli
