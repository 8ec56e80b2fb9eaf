// govgrid: simulate grid-based grassroots governance (网格化基层治理) from YAML scenarios.
// Each subcommand is in its own file (see command.h); this file only dispatches.
// Exit codes: 0 success; 2 bad input (scenario or command line); 1 anything else.
#include <fmt/core.h>

#include <vector>

#include "command.h"
#include "govgrid/scenario_loader.h"

int main(int argc, char** argv) {
  using namespace govgrid::cli;
  CLI::App app{
      "govgrid — simulate grid-based grassroots governance (网格化基层治理).\n"
      "Residents' problems arise in grids, are reported or found on patrol, handled at the lowest\n"
      "capable level (grid → community → street → departments) and rated; outputs are response and\n"
      "resolution times, the three rates (响应率/解决率/满意率), where cases end, and worker load.\n"
      "Scenario schema: govgrid schema, or scenarios/README.md. Try: govgrid run --help",
      "govgrid"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every command");
  app.set_version_flag("--version", fmt::format("govgrid {} (commit {})", GOVGRID_VERSION, GOVGRID_COMMIT));

  const std::vector<Command> commands = {add_run_command(app), add_validate_command(app), add_report_command(app),
                                         add_sweep_command(app), add_export_command(app), add_schema_command(app),
                                         add_calibrate_command(app)};

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitBadInput;
  }
  try {
    for (const auto& command : commands)
      if (*command.subcommand) return command.run();
    return kExitBadInput;
  } catch (const govgrid::ScenarioError& e) {
    fmt::print(stderr, "{}\n", e.what());
    fmt::print(stderr, "govgrid: {} problem{} found; nothing was run.\n", e.issues().size(),
               e.issues().size() == 1 ? "" : "s");
    return kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "govgrid: error: {}\n", e.what());
    return kExitFailure;
  }
}
