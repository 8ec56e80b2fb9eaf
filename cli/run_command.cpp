// govgrid run / govgrid validate.
#include <fmt/core.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <memory>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "analysis/outputs.h"
#include "analysis/report/report.h"
#include "command.h"
#include "engine/run/replications.h"
#include "engine/run/replication.h"
#include "engine/run/resources.h"
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
  std::string max_memory;
  std::string map;
};

}  // namespace

double memory_limit(const std::string& text) {
  if (text.empty()) return static_cast<double>(available_memory_bytes());
  std::size_t used = 0;
  double v = 0.0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  std::string unit = text.substr(used);
  for (char& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::pair<const char*, double> units[] = {
      {"", 1.0},   {"B", 1.0},   {"K", 1e3},   {"KB", 1e3},   {"M", 1e6},      {"MB", 1e6},        {"G", 1e9},
      {"GB", 1e9}, {"T", 1e12},  {"TB", 1e12}, {"KIB", 1024.0}, {"MIB", 1048576.0}, {"GIB", 1073741824.0},
      {"TIB", 1099511627776.0}};
  for (const auto& [name, scale] : units)
    if (used > 0 && unit == name && std::isfinite(v) && v > 0.0) return v * scale;
  throw ScenarioError({ScenarioIssue{"--max-memory", 0, 0, "",
                                     fmt::format("expected an amount of memory such as 8G, 512M or 16GiB, got \"{}\"",
                                                 text)}});
}

namespace {

/// Refuses a scenario whose estimated peak memory is over the limit, before anything is built.
void check_resources(const ScenarioSpec& spec, const std::string& file, int threads, bool case_log,
                     const std::string& max_memory) {
  const double limit = memory_limit(max_memory);
  const ResourceEstimate e = estimate_resources(spec, threads, case_log);
  if (limit <= 0.0 || e.peak_bytes <= limit) return;
  throw ScenarioError({ScenarioIssue{
      file, 0, 0, "",
      fmt::format("expected a run that fits in {} ({}), got one that needs {}; make it smaller (fewer streets, "
                  "residents, days or replications, or fewer --threads) or raise --max-memory",
                  format_bytes(limit), max_memory.empty() ? "the machine's memory; --max-memory sets another limit"
                                                          : "--max-memory " + max_memory,
                  describe(e, spec))}});
}

/// The scenario replication r runs under `uncertainty:`: each key set to its drawn value like a
/// --set override, then validated (a misspelt key is refused there, with a suggestion).
ScenarioSpec scenario_of_replication(const std::string& file, std::vector<std::string> overrides,
                                     const ScenarioSpec& spec, const std::vector<double>& values) {
  for (std::size_t k = 0; k < values.size(); ++k)
    overrides.push_back(fmt::format("{}={:.17g}", spec.uncertainty[k].key, values[k]));
  return load_scenario_file(file, overrides);
}

/// Command-line shortcuts become overrides, so they are checked like any other key.
std::vector<std::string> overrides_of(const RunArgs& a) {
  std::vector<std::string> out = a.sets;
  if (a.replications) out.push_back(fmt::format("run.replications={}", *a.replications));
  if (a.seed) out.push_back(fmt::format("run.seed={}", *a.seed));
  if (a.days) out.push_back(fmt::format("run.days={}", *a.days));
  return out;
}

/// The user's map of the grids (--map), read and checked before anything runs: a GeoJSON
/// FeatureCollection whose features name the scenario's grids in properties.grid.
std::string read_map(const std::string& file, const World& world) {
  auto fail = [&](const std::string& what) {
    throw ScenarioError({ScenarioIssue{file, 0, 0, "", "--map: " + what}});
  };
  std::ifstream in(file, std::ios::binary);
  if (!in) fail("cannot read the file");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const nlohmann::json map = nlohmann::json::parse(text, nullptr, false);
  if (map.is_discarded()) fail("expected GeoJSON, got text that is not JSON");
  if (!map.is_object() || map.value("type", std::string()) != "FeatureCollection" || !map.contains("features") ||
      !map["features"].is_array())
    fail("expected a GeoJSON FeatureCollection (\"type\": \"FeatureCollection\" with a \"features\" list)");
  std::set<std::string> grids;
  for (const auto& g : world.grids) grids.insert(g.name);
  std::size_t named = 0;
  for (const auto& f : map["features"]) {
    if (!f.is_object() || !f.contains("properties") || !f["properties"].is_object()) continue;
    const auto& p = f["properties"];
    named += p.contains("grid") && p["grid"].is_string() && grids.contains(p["grid"].get<std::string>());
  }
  if (named == 0)
    fail(fmt::format("expected features whose properties.grid names a grid of the scenario (such as \"{}\"), got "
                     "none of its {} features",
                     world.grids.empty() ? "" : world.grids.front().name, map["features"].size()));
  if (named < grids.size())
    fmt::print(stderr, "govgrid: note: {} has shapes for {} of the scenario's {} grids; the others are left off the map\n",
               file, named, grids.size());
  return text;
}

int run(const RunArgs& a) {
  const ScenarioSpec spec = load_scenario_file(a.scenario, overrides_of(a));
  const fs::path out = a.out.empty() ? fs::path("out") / spec.name : fs::path(a.out);
  const int threads = resolved_threads(a.threads.value_or(0));
  check_resources(spec, a.scenario, threads, a.case_log, a.max_memory);
  const auto t0 = std::chrono::steady_clock::now();
  const World world = build_world(spec);
  const std::string map = a.map.empty() ? std::string() : read_map(a.map, world);
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
  report.map_geojson = map;
  {
    std::optional<ProgressBar> bar;
    if (!a.quiet)
      bar.emplace("simulating", windows_done,
                  window_count(spec) * static_cast<std::uint64_t>(spec.run.replications));
    if (spec.uncertainty.empty()) {
      report.replications = run_replications(spec, world, options);
    } else {
      // Each replication its own draw of the uncertain parameters, set like --set and checked.
      std::vector<ScenarioSpec> specs;
      for (int r = 0; r < spec.run.replications; ++r) {
        report.uncertain_values.push_back(uncertain_values(spec, r));
        specs.push_back(scenario_of_replication(a.scenario, overrides_of(a), spec, report.uncertain_values.back()));
      }
      report.replications = run_replications_each(specs, options);
    }
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
      "run", "Simulate a scenario; write summary.json, metrics.csv, streets.csv, districts.csv, grids.csv, daily.csv to --out");
  cmd->add_option("scenario", a->scenario, "Scenario YAML file")->capture_default_str();
  cmd->add_option("--out,-o", a->out, "Output directory (default: out/<scenario name>)");
  // --replications and --days are checked by the scenario schema, as overrides.
  cmd->add_option("--replications,-r", a->replications, "Replications (overrides run.replications)");
  cmd->add_option("--seed", a->seed, "Seed (overrides run.seed); same seed, same results, any thread count");
  cmd->add_option("--threads,-t", a->threads, "Worker threads (default: all cores)")->check(CLI::PositiveNumber);
  cmd->add_option("--days,-d", a->days, "Simulated days including warm-up (overrides run.days)");
  cmd->add_option("--set,-s", a->sets,
                  "Override a scenario key, key.path=value (repeatable), e.g. grid_workers.per_grid=2 or "
                  "categories.sanitation.rate_per_1000_per_day=0.2");
  cmd->add_flag("--case-log", a->case_log, "Also write cases.csv: one row per case with all its timestamps");
  cmd->add_flag("--quiet,-q", a->quiet, "No progress or notes on stderr");
  cmd->add_option("--max-memory", a->max_memory,
                  "Refuse a run whose estimated peak memory is over this, e.g. 8G or 512M (default: the "
                  "machine's physical memory)");
  cmd->add_option("--map", a->map,
                  "GeoJSON FeatureCollection of the grids' real boundaries (properties.grid = the grid's name), "
                  "written as DIR/grids.geojson for the reports' maps; without it a schematic layout by street "
                  "and community is generated")
      ->check(CLI::ExistingFile);
  cmd->add_option("--lang", a->lang, "Language of DIR/report.html: en or zh")
      ->check(CLI::IsMember({"en", "zh"}))
      ->capture_default_str();
  return {cmd, [a] { return run(*a); }};
}

Command add_validate_command(CLI::App& app) {
  struct Args {
    std::string file;
    std::vector<std::string> sets;
    std::string max_memory;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "validate", "Check a scenario without running it; lists every problem as file:line:col: key.path: message");
  cmd->add_option("scenario", a->file, "Scenario YAML file")->required();
  cmd->add_option("--set,-s", a->sets, "Override a scenario key: key.path=value (repeatable)");
  cmd->add_option("--max-memory", a->max_memory,
                  "Also refuse a scenario whose run would need more memory than this (default: the machine's)");
  return {cmd, [a] {
            const ScenarioSpec spec = load_scenario_file(a->file, a->sets);
            if (!spec.uncertainty.empty()) scenario_of_replication(a->file, a->sets, spec, uncertain_values(spec, 0));
            check_resources(spec, a->file, resolved_threads(0), false, a->max_memory);
            const World world = build_world(spec);
            fmt::print("{}: valid — scenario '{}': {} streets, {} communities, {} grids, {} residents, "
                       "{} categories, {} departments\n",
                       a->file, spec.name, world.streets.size(), world.communities.size(), world.grids.size(),
                       world.resident_count(), spec.categories.size(), spec.departments.size());
            return kExitOk;
          }};
}

}  // namespace govgrid::cli
