// govgrid export: a sweep's results as one row per point (means and 95% intervals).
#include <fmt/core.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "engine/run/sweep/store.h"
#include "command.h"

namespace govgrid::cli {
namespace {

void write_text(const std::string& file, const std::string& text) {
  if (file == "-") {
    fmt::print("{}", text);
    return;
  }
  std::ofstream out(file, std::ios::binary);
  if (!(out << text) || !out.flush()) throw std::runtime_error(fmt::format("cannot write {}", file));
}

}  // namespace

Command add_export_command(CLI::App& app) {
  struct Args {
    std::string dir;
    std::string csv;
    std::string runs;
    std::string daily;
    std::string grids;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "export", "Write a sweep's table: one row per point with each metric's mean and 95% interval (CSV)");
  cmd->add_option("dir", a->dir, "A sweep's output directory (holding results.sqlite)")->required();
  cmd->add_option("--csv", a->csv, "CSV file to write: one row per point (- for stdout)")->required();
  cmd->add_option("--runs", a->runs,
                  "Also write every run's metrics, one row per (point, replication), to this CSV file");
  cmd->add_option("--daily", a->daily,
                  "Also write the daily series of every run that stored one (store: {daily: true}), one row per "
                  "(run, day), to this CSV file");
  cmd->add_option("--grids", a->grids,
                  "Also write the grid metrics of every run that stored them (store: {grids: true}), one row per "
                  "(run, grid), to this CSV file");
  return {cmd, [a] {
            std::optional<SweepStore> store;
            try {
              store.emplace(SweepStore::open_existing(a->dir));
            } catch (const SweepMismatch& e) {
              fmt::print(stderr, "govgrid: {}\n", e.what());
              return kExitBadInput;
            }
            if (!store->checksummed())
              fmt::print(stderr,
                         "govgrid: note: {} was written by an older govgrid (storage format 1), without checksums, so "
                         "its values are not verified; running its sweep command again adds them\n",
                         store->file().string());
            const SweepSummary summary = store->summary();
            write_text(a->csv, summary_csv(summary));
            if (!a->runs.empty()) write_text(a->runs, store->runs_csv());
            // A table of only its header: no run kept it, which the sweep file decides.
            const auto write_kept = [](const std::string& file, const std::string& csv, const char* what,
                                       const char* key) {
              write_text(file, csv);
              if (std::count(csv.begin(), csv.end(), '\n') <= 1)
                fmt::print(stderr, "govgrid: note: no run of this sweep kept its {} ({} has the header only); add "
                                   "store: {{{}: true}} to the sweep file and run it again: runs computed from then on "
                                   "keep it\n",
                           what, file, key);
            };
            if (!a->daily.empty()) write_kept(a->daily, store->daily_csv(), "daily series", "daily");
            if (!a->grids.empty()) write_kept(a->grids, store->grids_csv(), "grids", "grids");
            if (summary.done_runs < summary.run_count)
              fmt::print(stderr,
                         "govgrid: note: the sweep is not finished ({} of {} runs done); points with fewer runs "
                         "have wider intervals (column runs). Resume it with govgrid sweep.\n",
                         summary.done_runs, summary.run_count);
            return kExitOk;
          }};
}

}  // namespace govgrid::cli
