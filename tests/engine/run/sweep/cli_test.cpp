// The govgrid program's sweep and export commands, end to end: a sweep killed with SIGKILL
// in the middle and started again with the same command ends with exactly the results of an
// uninterrupted sweep; an edited sweep file grows the sweep without redoing finished runs.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "sweep_test_util.h"

namespace govgrid {
namespace {

using test::scratch;

const std::string kBin = GOVGRID_BIN;
const std::string kResumeSweep = (test::kSourceDir / "tests" / "engine" / "run" / "sweep" / "data" / "resume.yaml").string();

int run_command(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string read(const test::fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string export_of(const test::fs::path& dir) {
  const auto points = dir / "points.csv", runs = dir / "runs.csv";
  EXPECT_EQ(run_command(kBin + " export " + dir.string() + " --csv " + points.string() + " --runs " + runs.string()), 0);
  return read(points) + read(runs);
}

/// Starts `govgrid sweep resume.yaml --out dir --threads 1 -q` in a child process.
pid_t start_sweep(const test::fs::path& dir) {
  const pid_t child = fork();
  if (child == 0) {
    execl(kBin.c_str(), kBin.c_str(), "sweep", kResumeSweep.c_str(), "--out", dir.c_str(), "--threads", "1", "-q",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  return child;
}

TEST(SweepCli, KilledWithSigkillThenResumedEqualsUninterrupted) {
  const auto whole = scratch("cli_whole");
  ASSERT_EQ(run_command(kBin + " sweep " + kResumeSweep + " --out " + whole.string() + " --threads 2 -q"), 0);
  const std::string expected = export_of(whole);
  const int total = test::done_runs(whole);
  ASSERT_GT(total, 8);

  const auto cut = scratch("cli_killed");
  const pid_t child = start_sweep(cut);
  ASSERT_GE(child, 0);
  // Kill it as soon as a few runs are stored, in the middle of whatever it is doing.
  int done = 0;
  for (int i = 0; i < 3000 && done < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    done = test::done_runs(cut);
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the sweep finished before it could be killed";
  const int stored = test::done_runs(cut);
  EXPECT_GE(stored, 3);
  EXPECT_LT(stored, total) << "kill came too late to test anything";

  ASSERT_EQ(run_command(kBin + " sweep " + kResumeSweep + " --out " + cut.string() + " --threads 2 -q"), 0);
  EXPECT_EQ(test::done_runs(cut), total);
  EXPECT_EQ(export_of(cut), expected);
  EXPECT_EQ(test::dump(cut), test::dump(whole));
}

TEST(SweepCli, RefusesADifferentSweepWithExitCode2) {
  const auto dir = scratch("cli_refuse");
  ASSERT_EQ(run_command(kBin + " sweep " + test::kTinySweep.string() + " --out " + dir.string() + " -q"), 0);
  const auto log = dir / "stderr.txt";
  EXPECT_EQ(run_command(kBin + " sweep " + kResumeSweep + " --out " + dir.string() + " -q 2> " + log.string()), 2);
  const std::string message = read(log);
  EXPECT_NE(message.find(dir.string() + " already holds sweep \"tiny\""), std::string::npos) << message;
  EXPECT_NE(message.find("resume.yaml differs from it in what finished runs computed"), std::string::npos) << message;
}

// Issue 12: the researcher's loop. A sweep file copied and edited in place: a comment resumes
// with nothing to run, a value added to an axis runs only its points, and the export then equals
// that of the grown sweep run from scratch; the daily series switched on comes out of export.
TEST(SweepCli, AnEditedSweepFileGrowsTheSweepWithoutRedoingFinishedRuns) {
  const auto dir = scratch("cli_grow"), fresh = scratch("cli_grow_fresh");
  const auto file = dir / "tiny.yaml";
  std::string yaml = read(test::kTinySweep);
  const std::string base = "base: ../../../../../scenarios/district.yaml";
  yaml.replace(yaml.find(base), base.size(), "base: " + (test::kSourceDir / "scenarios" / "district.yaml").string());
  const auto write = [&](const std::string& text) { std::ofstream(file, std::ios::binary) << text; };
  const auto sweep = [&](const test::fs::path& out) {
    const auto log = dir / "stderr.txt";
    EXPECT_EQ(run_command(kBin + " sweep " + file.string() + " --out " + out.string() + " --threads 2 2> " + log.string()), 0);
    return read(log);
  };
  write(yaml);
  sweep(dir / "out");
  write("# a note: whistle on/off matters less than staffing\n" + yaml);
  EXPECT_NE(sweep(dir / "out").find("resuming: 12 done, 0 to run"), std::string::npos);
  yaml.replace(yaml.find("values: [0.75, 1.5]"), 19, "values: [0.75, 1, 1.5]");
  write(yaml + "store: {daily: true}\n");
  EXPECT_NE(sweep(dir / "out").find("6 points × 3 replications = 18 runs; resuming: 12 done, 6 to run"),
            std::string::npos);
  sweep(fresh);
  EXPECT_EQ(export_of(dir / "out"), export_of(fresh));
  const auto daily = dir / "daily.csv";
  EXPECT_EQ(run_command(kBin + " export " + (dir / "out").string() + " --csv /dev/null --daily " + daily.string()), 0);
  const std::string series = read(daily);
  // 60 days of the 6 new runs (point 2 and 3: per_grid 1); the 12 earlier runs kept none.
  EXPECT_EQ(std::count(series.begin(), series.end(), '\n'), 1 + 6 * 60) << series.substr(0, 300);
  EXPECT_NE(series.find("\n6,2,1,true,0,0,"), std::string::npos) << series.substr(0, 300);
}

// `--set` on a sweep (issue 12): every point gets it, a swept key is refused, and resuming needs
// the same values (a different one would mix two sweeps in one store).
TEST(SweepCli, SetOverridesEveryPointAndResumingNeedsTheSameSet) {
  const auto plain = scratch("cli_set_plain"), set = scratch("cli_set");
  const std::string sweep = kBin + " sweep " + test::kTinySweep.string() + " -q --threads 2 --out ";
  ASSERT_EQ(run_command(sweep + plain.string()), 0);
  ASSERT_EQ(run_command(sweep + set.string() + " --set run.days=40"), 0);
  EXPECT_NE(export_of(plain), export_of(set));  // 40 days instead of the file's 60
  EXPECT_EQ(run_command(sweep + set.string() + " --set run.days=40"), 0);  // resumes: nothing left to run
  const auto log = set / "stderr.txt";
  EXPECT_EQ(run_command(sweep + set.string() + " --set run.days=50 2> " + log.string()), 2);
  EXPECT_NE(read(log).find("stored run.days=40, now --set run.days=50"), std::string::npos) << read(log);
  EXPECT_EQ(run_command(sweep + scratch("cli_set_swept").string() + " --set whistle.enabled=true 2> " + log.string()), 2);
  EXPECT_NE(read(log).find("expected a key the sweep does not vary"), std::string::npos) << read(log);
}

// Two sweeps on one folder: while the first computes, the second is refused with exit 2 and
// told who holds the folder, having computed nothing; the first then finishes alone.
TEST(SweepCli, ASecondSweepOnABusyFolderIsRefused) {
  const auto dir = scratch("cli_locked");
  const pid_t first = start_sweep(dir);
  ASSERT_GE(first, 0);
  for (int i = 0; i < 3000 && test::done_runs(dir) < 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const auto log = dir / "second.txt";
  const int second = run_command(kBin + " sweep " + kResumeSweep + " --out " + dir.string() + " --threads 1 -q 2> " +
                                 log.string());
  int status = 0;
  const bool first_still_running = waitpid(first, &status, WNOHANG) == 0;
  if (first_still_running) waitpid(first, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  ASSERT_TRUE(first_still_running) << "the first sweep finished before the second started: nothing was tested";
  EXPECT_EQ(second, 2);
  const std::string message = read(log);
  EXPECT_NE(message.find(dir.string() + " is in use by another sweep (govgrid process " + std::to_string(first)),
            std::string::npos)
      << message;
  // The folder is free again: the same command now finds every run done and computes none.
  const std::string before = test::dump(dir);
  EXPECT_EQ(run_command(kBin + " sweep " + kResumeSweep + " --out " + dir.string() + " -q"), 0);
  EXPECT_EQ(test::dump(dir), before);
}

// Issue 13: a stored metric value changed behind govgrid's back (raw SQL here; a bad disk or a
// hand edit in life) fails its run's checksum. Export refuses with exit 2 naming the run and how
// to recover; the same sweep command computes that run alone again; the export then gives
// exactly the values of before.
TEST(SweepCli, AChangedStoredValueIsRefusedByExportAndComputedAgainOnResume) {
  const auto dir = scratch("cli_checksum");
  const std::string sweep = kBin + " sweep " + test::kTinySweep.string() + " --out " + dir.string() + " --threads 2";
  ASSERT_EQ(run_command(sweep + " -q"), 0);
  const std::string expected = export_of(dir);
  const std::string stored = test::dump(dir);
  test::execute_sql(dir, "UPDATE metrics SET value = value * 1.5 + 1 WHERE run = 7 AND metric = (SELECT metric FROM "
                         "metrics WHERE run = 7 AND value IS NOT NULL ORDER BY metric LIMIT 1)");
  const auto log = dir / "stderr.txt";
  EXPECT_EQ(run_command(kBin + " export " + dir.string() + " --csv - > /dev/null 2> " + log.string()), 2);
  std::string message = read(log);
  EXPECT_NE(message.find((dir / "results.sqlite").string() + " is damaged (run 7 (point 2, replication 1) fails its "
                         "checksum"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("The other 11 stored runs are sound: run the sweep command that wrote it again (govgrid "
                         "sweep " + test::kTinySweep.string() + " --out " + dir.string()),
            std::string::npos)
      << message;

  ASSERT_EQ(run_command(sweep + " 2> " + log.string()), 0);
  message = read(log);
  EXPECT_NE(message.find("govgrid: 1 stored run of " + (dir / "results.sqlite").string() +
                         " failed its checksum (a value changed after it was stored) and is computed again: run 7 "
                         "(point 2, replication 1)"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("resuming: 11 done, 1 to run"), std::string::npos) << message;
  EXPECT_EQ(export_of(dir), expected);
  EXPECT_EQ(test::dump(dir), stored);
}

TEST(SweepCli, ExportOfAMissingSweepIsBadInput) {
  const auto dir = scratch("cli_empty");
  EXPECT_EQ(run_command(kBin + " export " + dir.string() + " --csv - 2>/dev/null"), 2);
}

}  // namespace
}  // namespace govgrid
