// govgrid schema: every scenario key with its type, default, unit and meaning, from the same
// declarations the loader reads with (scenarios/README.md holds the Markdown form).
#include <fmt/core.h>

#include <memory>

#include "command.h"
#include "govgrid/scenario_schema.h"

namespace govgrid::cli {

Command add_schema_command(CLI::App& app) {
  auto markdown = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand(
      "schema", "Print every scenario key: type and check, default, unit, meaning (one line per key)");
  cmd->add_flag("--markdown", *markdown,
                "Print Markdown tables instead, as in scenarios/README.md (scripts/update_schema_table.sh "
                "puts them there)");
  return {cmd, [markdown] {
            fmt::print("{}", *markdown ? scenario_schema_markdown() : scenario_schema_text());
            return kExitOk;
          }};
}

}  // namespace govgrid::cli
