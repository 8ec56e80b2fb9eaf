// The same seed gives byte-identical outputs whatever the thread count and the parallel window.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "analysis/outputs.h"
#include "engine/run/replications.h"
#include "govgrid/scenario_loader.h"

namespace govgrid {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path run_into(const ScenarioSpec& spec, const World& world, int threads, const std::string& tag) {
  RunOptions options;
  options.threads = threads;
  options.case_log = true;
  RunReport report{&spec, &world, run_replications(spec, world, options), threads, 0.0};
  // ctest runs each test in its own process, at the same time: keep their folders apart.
  const fs::path dir = fs::temp_directory_path() /
                       ("govgrid_determinism_" + std::to_string(::getpid()) + "_" + tag);
  fs::remove_all(dir);
  write_run_outputs(report, dir);
  return dir;
}

struct Setting {
  int threads;
  double window_h;  ///< run.sync_window_h: only how often the processes synchronise
};

class Determinism : public ::testing::TestWithParam<Setting> {};

TEST_P(Determinism, OutputsEqualTheSingleThreadRun) {
  const Setting setting = GetParam();
  ScenarioSpec spec = load_scenario_file(
      GOVGRID_SOURCE_DIR "/scenarios/district.yaml",
      // Party organisation on, so its per-street state (members' hours, units' hours, ratings)
      // and the members' patrols are held to the same rule.
      {"world.generate.streets=4", "run.days=40", "run.warmup_days=10", "run.replications=3", "party.branch_coverage=0.5",
       "policies.helpers=double_report", "party.double_report.members_per_community=50",
       "party.big_committee.units_per_community=2"});
  const World world = build_world(spec);
  static const fs::path reference = run_into(spec, world, 1, "reference");
  const std::string tag = std::to_string(setting.threads) + "_" + std::to_string(static_cast<int>(setting.window_h * 100));
  spec.run.sync_window_h = setting.window_h;
  const fs::path dir = run_into(spec, world, setting.threads, tag);

  for (const char* file : {"metrics.csv", "streets.csv", "grids.csv", "daily.csv", "cases.csv"}) {
    const std::string a = slurp(reference / file), b = slurp(dir / file);
    EXPECT_GT(a.size(), 100u) << file;
    EXPECT_TRUE(a == b) << file << " differs with " << setting.threads << " threads, window " << setting.window_h << " h";
  }
  // summary.json: equal but for the thread count, wall-clock figures and the window it names.
  auto a = nlohmann::json::parse(slurp(reference / "summary.json"));
  auto b = nlohmann::json::parse(slurp(dir / "summary.json"));
  for (auto* j : {&a, &b}) {
    j->erase("threads");
    j->erase("perf");
    j->erase("effective_scenario");
  }
  EXPECT_EQ(a, b);
}

INSTANTIATE_TEST_SUITE_P(ThreadsAndWindows, Determinism,
                         ::testing::Values(Setting{1, 1.0}, Setting{2, 1.0}, Setting{4, 1.0}, Setting{2, 0.3},
                                           Setting{4, 0.05}),
                         [](const auto& info) {
                           return std::to_string(info.param.threads) + "_threads_window_" +
                                  std::to_string(static_cast<int>(info.param.window_h * 100)) + "_cs";
                         });

TEST(Determinism, ACityIsTheSameOnAnyThreadCount) {
  // Three districts with their departments and a city level getting half the referrable tickets:
  // messages street → district department → city department → street.
  std::vector<std::string> sets = {
      "world={districts: [{name: a, generate: {streets: 2}}, {name: b, generate: {streets: 1}, "
      "department_crews_factor: 0.3}, {name: c, generate: {streets: 2}}]}",
      "run.days=40", "run.warmup_days=10", "run.replications=2", "city.departments.utilities.crews=2"};
  for (const char* c : {"utilities", "public_facilities", "parking_traffic", "property", "construction", "market"})
    sets.push_back(std::string("categories.") + c + ".city_share=0.5");
  const ScenarioSpec spec = load_scenario_file(GOVGRID_SOURCE_DIR "/scenarios/city.yaml", sets);
  const World world = build_world(spec);
  const fs::path one = run_into(spec, world, 1, "city_1");
  for (int threads : {2, 4}) {
    const fs::path dir = run_into(spec, world, threads, "city_" + std::to_string(threads));
    for (const char* file : {"metrics.csv", "streets.csv", "stations.csv", "daily.csv", "cases.csv"}) {
      const std::string a = slurp(one / file), b = slurp(dir / file);
      EXPECT_GT(a.size(), 100u) << file;
      EXPECT_TRUE(a == b) << file << " differs with " << threads << " threads";
    }
  }
}

TEST(Determinism, DifferentSeedsGiveDifferentRuns) {
  auto spec = load_scenario_file(GOVGRID_SOURCE_DIR "/scenarios/erlang_c.yaml", {"run.days=60", "run.replications=1"});
  const World world = build_world(spec);
  const auto a = run_replications(spec, world);
  spec.run.seed += 1;
  const auto b = run_replications(spec, world);
  EXPECT_NE(a[0].cases_created_all, b[0].cases_created_all);
}

}  // namespace
}  // namespace govgrid
