// Tests of engine/run/sweep/executor: a sweep's stored results do not depend on the thread
// count or on being interrupted and resumed, and replication r of every point shares its
// random streams (common random numbers).
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>

#include "engine/run/sweep/executor.h"
#include "engine/run/sweep/store.h"
#include "govgrid/sweep_loader.h"
#include "sweep_test_util.h"

namespace govgrid {
namespace {

using test::dump;
using test::scratch;

/// Where this test process keeps its reference sweep (ctest runs tests in parallel processes).
test::fs::path reference_dir() { return test::fs::current_path() / "sweep_scratch" / ("reference_" + std::to_string(getpid())); }

/// Removes this process's reference sweep when the tests end.
class RemoveReference : public ::testing::Environment {
 public:
  void TearDown() override { test::fs::remove_all(reference_dir()); }
};
[[maybe_unused]] ::testing::Environment* const kRemoveReference = ::testing::AddGlobalTestEnvironment(new RemoveReference);

/// The reference: the tiny sweep run once, uninterrupted, on one thread.
const std::string& reference() {
  static const std::string d = [] {
    const auto dir = scratch(reference_dir().filename().string());
    SweepOptions o;
    o.threads = 1;
    const SweepOutcome out = run_sweep(load_sweep_file(test::kTinySweep), dir, o);
    EXPECT_TRUE(out.complete());
    EXPECT_EQ(out.committed, 12);
    return dump(dir);
  }();
  return d;
}

class SweepThreads : public ::testing::TestWithParam<int> {};

TEST_P(SweepThreads, SameResultsForAnyThreadCount) {
  const auto dir = scratch("threads_" + std::to_string(GetParam()));
  SweepOptions o;
  o.threads = GetParam();
  std::atomic<int> done{0};
  o.runs_done = &done;
  SweepStart seen;
  o.on_start = [&](const SweepStart& s) { seen = s; };
  const SweepOutcome out = run_sweep(load_sweep_file(test::kTinySweep), dir, o);
  EXPECT_TRUE(out.complete());
  EXPECT_FALSE(out.interrupted);
  EXPECT_EQ(done.load(), 12);
  EXPECT_EQ(seen.points, 4);
  EXPECT_EQ(seen.run_count, 12);
  EXPECT_EQ(seen.pending, 12);
  EXPECT_EQ(seen.threads, GetParam());
  EXPECT_EQ(dump(dir), reference());
}

INSTANTIATE_TEST_SUITE_P(Threads, SweepThreads, ::testing::Values(1, 2, 4));

TEST(SweepResume, InterruptedThenResumedEqualsUninterrupted) {
  const auto dir = scratch("resume");
  const SweepSpec spec = load_sweep_file(test::kTinySweep);
  SweepOptions first;
  first.threads = 2;
  first.max_new_runs = 5;
  const SweepOutcome cut = run_sweep(spec, dir, first);
  EXPECT_TRUE(cut.interrupted);
  EXPECT_EQ(cut.committed, 5);
  EXPECT_EQ(cut.pending_after, 7);

  SweepOptions second;
  second.threads = 2;
  SweepStart seen;
  second.on_start = [&](const SweepStart& s) { seen = s; };
  const SweepOutcome rest = run_sweep(spec, dir, second);
  EXPECT_EQ(seen.done_before, 5);
  EXPECT_EQ(seen.pending, 7);
  EXPECT_EQ(rest.committed, 7);
  EXPECT_TRUE(rest.complete());
  EXPECT_EQ(dump(dir), reference());

  // A third call finds nothing to do and changes nothing.
  const SweepOutcome again = run_sweep(spec, dir, second);
  EXPECT_EQ(again.committed, 0);
  EXPECT_EQ(dump(dir), reference());
}

TEST(SweepResume, StopFlagStartsNothingMore) {
  const auto dir = scratch("stop");
  std::atomic<bool> stop{true};
  SweepOptions o;
  o.threads = 2;
  o.stop = &stop;
  const SweepOutcome out = run_sweep(load_sweep_file(test::kTinySweep), dir, o);
  EXPECT_EQ(out.committed, 0);
  EXPECT_TRUE(out.interrupted);
  EXPECT_EQ(out.pending_after, 12);
}

/// `spec` with `from` replaced by `to` in its file text and loaded again, as a researcher edits it.
SweepSpec edited(const SweepSpec& spec, const std::string& from, const std::string& to) {
  std::string yaml = spec.yaml;
  const auto at = yaml.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  yaml.replace(at, from.size(), to);
  return load_sweep_string(yaml, test::kTinySweep.string());
}

/// The SweepMismatch message run_sweep throws for `spec` on `dir`, or "" when it runs.
std::string refusal(const SweepSpec& spec, const test::fs::path& dir) {
  try {
    run_sweep(spec, dir, {});
  } catch (const SweepMismatch& e) {
    return e.what();
  }
  return "";
}

// Issue 12: a sweep grows without redoing finished runs. Editing a comment redoes nothing;
// a new axis value runs only its points; more replications only the new ones; and the store
// then equals that of the grown sweep run from scratch.
TEST(SweepResume, GrowsWithoutRedoingFinishedRuns) {
  const auto dir = scratch("grow");
  const SweepSpec tiny = load_sweep_file(test::kTinySweep);
  ASSERT_EQ(run_sweep(tiny, dir, {}).committed, 12);

  const SweepSpec commented = edited(tiny, "name: tiny", "# a researcher's note\nname: tiny  # renamed? no");
  SweepOutcome out = run_sweep(commented, dir, {});
  EXPECT_EQ(out.start.done_before, 12);
  EXPECT_EQ(out.committed, 0);

  const SweepSpec wider = edited(commented, "values: [0.75, 1.5]", "values: [0.75, 1, 1.5]");
  out = run_sweep(wider, dir, {});
  EXPECT_EQ(out.start.done_before, 12);
  EXPECT_EQ(out.committed, 6);  // 0.75 and 1.5 keep their 12 runs; 1 × (whistle on, off) × 3 replications
  EXPECT_TRUE(out.complete());

  const SweepSpec longer = edited(wider, "replications: 3", "replications: 5");
  out = run_sweep(longer, dir, {});
  EXPECT_EQ(out.start.done_before, 18);
  EXPECT_EQ(out.committed, 12);  // replications 3 and 4 of the 6 points

  const auto fresh = scratch("grow_fresh");
  run_sweep(longer, fresh, {});
  EXPECT_EQ(dump(dir), dump(fresh));
}

// What would change or drop a finished run refuses, naming the change and the runs it alters.
TEST(SweepResume, RefusesAChangeThatAltersFinishedRuns) {
  const auto dir = scratch("refuse");
  SweepOptions o;
  o.max_new_runs = 2;
  const SweepSpec tiny = load_sweep_file(test::kTinySweep);
  run_sweep(tiny, dir, o);

  std::string m = refusal(edited(tiny, "seed: 7", "seed: 8"), dir);
  EXPECT_NE(m.find("the overrides every point gets changed (stored run.seed=7, now seed: 8), which alters every done "
                   "run (2: run 0 (point 0, replication 0), run 1 (point 0, replication 1))"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("use another --out directory"), std::string::npos) << m;

  m = refusal(edited(tiny, "run.days: 60", "run.days: 50"), dir);
  EXPECT_NE(m.find("stored run.days=60, now set: run.days=50"), std::string::npos) << m;

  m = refusal(edited(tiny, "values: [0.75, 1.5]", "values: [1, 1.5]"), dir);
  EXPECT_NE(m.find("stored points with 2 done runs are no longer in the sweep"), std::string::npos) << m;
  EXPECT_NE(m.find("point 0 (grid_workers.per_grid=0.75, whistle.enabled=true)"), std::string::npos) << m;

  m = refusal(edited(tiny, "replications: 3", "replications: 1"), dir);
  EXPECT_NE(m.find("replications went from 3 to 1, which drops 1 done run: run 1 (point 0, replication 1)"),
            std::string::npos)
      << m;

  // A base scenario that runs something else: every point's effective scenario differs.
  SweepSpec rebased = tiny;
  rebased.base_yaml.replace(rebased.base_yaml.find("trust_reference: 0.6"), 20, "trust_reference: 0.7");
  m = refusal(rebased, dir);
  EXPECT_NE(m.find("district.yaml (or a file it extends) changed what the points run (its effective scenario, "
                   "first at line"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("trust_reference: 0.7"), std::string::npos) << m;
  // A comment in it changes nothing that runs.
  SweepSpec recommented = tiny;
  recommented.base_yaml += "\n# a note on the base\n";
  EXPECT_EQ(refusal(recommented, dir), "");
}

// Issue 13: a done run whose stored values changed fails its checksum; resuming computes that
// run, and only it, again, and the store is then as if nothing had happened.
TEST(SweepResume, ARunFailingItsChecksumIsComputedAgainAndOnlyIt) {
  const auto dir = scratch("checksum");
  const SweepSpec spec = load_sweep_file(test::kTinySweep);
  SweepOptions o;
  o.threads = 2;
  ASSERT_TRUE(run_sweep(spec, dir, o).complete());
  test::execute_sql(dir, "UPDATE metrics SET value = value + 1 WHERE run = 5 AND metric = (SELECT metric FROM "
                         "metrics WHERE run = 5 AND value IS NOT NULL ORDER BY metric LIMIT 1)");
  EXPECT_THROW(SweepStore::open_existing(dir), SweepDamaged);

  SweepStart seen;
  o.on_start = [&](const SweepStart& s) { seen = s; };
  const SweepOutcome again = run_sweep(spec, dir, o);
  ASSERT_EQ(seen.damaged.size(), 1u);
  EXPECT_EQ(seen.damaged[0].run, 5);
  EXPECT_EQ(seen.damaged[0].point, 1);
  EXPECT_EQ(seen.damaged[0].replication, 2);
  EXPECT_EQ(seen.pending, 1);
  EXPECT_EQ(again.committed, 1);
  EXPECT_TRUE(again.complete());
  EXPECT_EQ(dump(dir), reference());
  EXPECT_NO_THROW(SweepStore::open_existing(dir));
}

TEST(SweepCommonRandomNumbers, ReplicationRSharesItsSeedAcrossPoints) {
  reference();
  const std::string runs = SweepStore::open_existing(reference_dir()).runs_csv();
  // run,point,per_grid,whistle,replication,seed,...: the seed of (point p, replication r) is that of (0, r).
  std::vector<std::vector<std::string>> rows;
  std::size_t start = runs.find('\n') + 1;
  while (start < runs.size()) {
    const std::size_t end = runs.find('\n', start);
    std::vector<std::string> fields;
    std::size_t f = start;
    for (int i = 0; i < 7; ++i) {
      const std::size_t comma = runs.find(',', f);
      fields.push_back(runs.substr(f, comma - f));
      f = comma + 1;
    }
    rows.push_back(fields);
    start = end + 1;
  }
  ASSERT_EQ(rows.size(), 12u);
  for (const auto& row : rows) {
    const int replication = std::stoi(row[4]);
    EXPECT_EQ(row[5], rows[static_cast<std::size_t>(replication)][5]) << "run " << row[0];
    EXPECT_EQ(row[6], "done");
  }
  EXPECT_NE(rows[0][5], rows[1][5]);
}

}  // namespace
}  // namespace govgrid
