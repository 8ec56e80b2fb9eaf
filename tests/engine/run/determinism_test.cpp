// The same seed gives byte-identical outputs whatever the thread count.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

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

fs::path run_into(const ScenarioSpec& spec, const World& world, int threads) {
  RunOptions options;
  options.threads = threads;
  options.case_log = true;
  RunReport report{&spec, &world, run_replications(spec, world, options), threads, 0.0};
  // ctest runs each test in its own process, at the same time: keep their folders apart.
  const fs::path dir = fs::temp_directory_path() /
                       ("govgrid_determinism_" + std::to_string(::getpid()) + "_" + std::to_string(threads));
  fs::remove_all(dir);
  write_run_outputs(report, dir);
  return dir;
}

class Determinism : public ::testing::TestWithParam<int> {};

TEST_P(Determinism, OutputsEqualTheSingleThreadRun) {
  const ScenarioSpec spec = load_scenario_file(
      GOVGRID_SOURCE_DIR "/scenarios/district.yaml",
      // Party organisation on, so its per-street state (members' hours, units' hours, ratings)
      // and the members' patrols are held to the same rule.
      {"world.generate.streets=4", "run.days=40", "run.warmup_days=10", "run.replications=3", "party.branch_coverage=0.5",
       "policies.helpers=double_report", "party.double_report.members_per_community=50",
       "party.big_committee.units_per_community=2"});
  const World world = build_world(spec);
  static const fs::path reference = run_into(spec, world, 1);
  const fs::path dir = run_into(spec, world, GetParam());

  for (const char* file : {"metrics.csv", "streets.csv", "grids.csv", "daily.csv", "cases.csv"}) {
    const std::string a = slurp(reference / file), b = slurp(dir / file);
    EXPECT_GT(a.size(), 100u) << file;
    EXPECT_TRUE(a == b) << file << " differs with " << GetParam() << " threads";
  }
  // summary.json: equal but for the thread count and wall-clock figures.
  auto a = nlohmann::json::parse(slurp(reference / "summary.json"));
  auto b = nlohmann::json::parse(slurp(dir / "summary.json"));
  for (auto* j : {&a, &b}) {
    j->erase("threads");
    j->erase("perf");
  }
  EXPECT_EQ(a, b);
}

INSTANTIATE_TEST_SUITE_P(Threads, Determinism, ::testing::Values(1, 2, 4),
                         [](const auto& info) { return std::to_string(info.param) + "_threads"; });

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
