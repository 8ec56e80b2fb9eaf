// Tests of engine/run/sweep/store (results.sqlite) and record (the run image sent over MPI).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>

#include <unistd.h>

#include "analysis/metric_catalogue.h"
#include "analysis/outputs.h"
#include "engine/run/sweep/record.h"
#include "engine/run/sweep/store.h"
#include "govgrid/sweep_loader.h"
#include "sweep_test_util.h"

namespace govgrid {
namespace {

using test::scratch;

SweepSpec tiny_spec() { return load_sweep_file(test::kTinySweep); }

RunRecord record_for(const SweepPlan& plan, int run, double base) {
  RunRecord r;
  r.run = run;
  r.point = plan.point_of(run);
  r.replication = plan.replication_of(run);
  r.seed = 1000u + static_cast<unsigned>(r.replication);
  r.events = 10u * static_cast<unsigned>(run);
  r.wall_seconds = 0.5;
  for (std::size_t m = 0; m < metric_defs().size(); ++m) r.metrics.push_back(base + static_cast<double>(m));
  r.metrics[1] = std::nan("");  // an undefined metric
  r.street_names = {"s0", "s1"};
  r.street_metrics = {r.metrics, r.metrics};
  return r;
}

TEST(SweepStore, RoundTripsRunsMetricsAndSummaries) {
  const SweepSpec spec = tiny_spec();
  const SweepPlan plan = plan_sweep(spec);
  const auto dir = scratch("store_round_trip");
  SweepStore store(dir, spec, plan);
  EXPECT_EQ(store.run_count(), 12);
  EXPECT_EQ(store.pending_runs().size(), 12u);
  // Point 1's three replications: values 1, 2, 3 (+ metric index).
  for (int r = 0; r < 3; ++r) store.commit(record_for(plan, plan.run_id(1, r), 1.0 + r));
  EXPECT_EQ(store.done_runs(), 3);
  EXPECT_EQ(store.pending_runs(), (std::vector<int>{0, 1, 2, 6, 7, 8, 9, 10, 11}));

  const SweepSummary s = store.summary();
  EXPECT_EQ(s.columns, (std::vector<std::string>{"grid_workers.per_grid", "whistle.enabled"}));
  ASSERT_EQ(s.points.size(), 4u);
  EXPECT_EQ(s.points[1].values, (std::vector<std::string>{"0.75", "false"}));
  EXPECT_EQ(s.points[1].runs, 3);
  EXPECT_EQ(s.points[0].runs, 0);
  EXPECT_DOUBLE_EQ(s.points[1].metrics[0].mean, 2.0);
  EXPECT_EQ(s.points[1].metrics[0].n, 3);
  EXPECT_LT(s.points[1].metrics[0].lo, 2.0);
  EXPECT_TRUE(std::isnan(s.points[1].metrics[1].mean));  // NaN stored as NULL, skipped
  EXPECT_EQ(s.points[1].metrics[1].n, 0);
  EXPECT_TRUE(std::isnan(s.points[0].metrics[0].mean));

  const std::string csv = summary_csv(s);
  EXPECT_EQ(csv.substr(0, csv.find('\n')).substr(0, 80),
            fmt::format("point,grid_workers.per_grid,whistle.enabled,runs,{0}_mean,{0}_lo,{0}_hi,", metric_defs()[0].name)
                .substr(0, 80));
  EXPECT_NE(csv.find("\n1,0.75,false,3,2,"), std::string::npos) << csv.substr(0, 400);
  EXPECT_NE(csv.find("\n0,0.75,true,0,,,,"), std::string::npos);

  store.refresh_point_summary();
  const std::string d = test::dump(dir);
  EXPECT_NE(d.find("3|1|0|1000|done|30|"), std::string::npos) << d.substr(0, 300);
  EXPECT_NE(d.find(fmt::format("3|{}|NULL|", metric_defs()[1].name)), std::string::npos);
  EXPECT_NE(d.find("3|1|" + std::string(metric_defs()[0].name) + "|0x1p+0|"), std::string::npos);
  EXPECT_NE(d.find("1|1|s1|"), std::string::npos);
}

TEST(SweepStore, FailedRunsStayPendingWithTheirError) {
  const SweepSpec spec = tiny_spec();
  const SweepPlan plan = plan_sweep(spec);
  const auto dir = scratch("store_failed");
  SweepStore store(dir, spec, plan);
  store.commit(failed_run(5, 1, 2, "the engine gave up"));
  EXPECT_EQ(store.done_runs(), 0);
  EXPECT_EQ(store.pending_runs().size(), 12u);
  EXPECT_NE(store.runs_csv().find("\n5,1,0.75,false,2,,failed,"), std::string::npos);
  EXPECT_THROW(store.commit(record_for(plan, 12, 0.0)), std::invalid_argument);
  RunRecord wrong = record_for(plan, 3, 0.0);
  wrong.metrics.pop_back();
  EXPECT_THROW(store.commit(wrong), std::invalid_argument);
}

TEST(SweepStore, ReopensTheSameSweepAndRefusesAnother) {
  const SweepSpec spec = tiny_spec();
  const SweepPlan plan = plan_sweep(spec);
  const auto dir = scratch("store_refuse");
  {
    SweepStore store(dir, spec, plan);
    store.commit(record_for(plan, 0, 0.0));
  }
  {
    SweepStore again(dir, spec, plan);
    EXPECT_EQ(again.done_runs(), 1);
  }
  SweepSpec commented = spec;
  commented.yaml += "# a comment leaves every run as it was\n";
  {
    SweepStore again(dir, commented, plan);
    EXPECT_EQ(again.done_runs(), 1);
  }
  SweepSpec rebased = spec;
  rebased.base_hash = "0123456789abcdef";
  try {
    SweepStore refused(dir, rebased, plan);
    FAIL() << "a changed base scenario was accepted";
  } catch (const SweepMismatch& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find(dir.string() + " already holds sweep \"tiny\""), std::string::npos) << m;
    EXPECT_NE(m.find("district.yaml (or a file it extends) changed what the points run"), std::string::npos) << m;
    EXPECT_NE(m.find("which alters 1 done run: run 0 (point 0, replication 0)"), std::string::npos) << m;
    EXPECT_NE(m.find("use another --out directory"), std::string::npos) << m;
  }
}

TEST(SweepStore, OneWriterAtATime) {
  const SweepSpec spec = tiny_spec();
  const SweepPlan plan = plan_sweep(spec);
  const auto dir = scratch("store_locked");
  {
    SweepStore first(dir, spec, plan);
    try {
      SweepStore second(dir, spec, plan);
      FAIL() << "a second writer was let in";
    } catch (const SweepLocked& e) {
      const std::string m = e.what();
      EXPECT_NE(m.find(dir.string() + " is in use by another sweep (govgrid process " + std::to_string(getpid())),
                std::string::npos)
          << m;
    }
    EXPECT_NO_THROW(SweepStore::open_existing(dir));  // readers (export) need no lock
  }
  EXPECT_NO_THROW(SweepStore(dir, spec, plan));  // released with the first store
}

// A damaged results.sqlite is named as damaged, with how to recover, for the sweep and for
// export alike; never a raw SQLite message.
TEST(SweepStore, ADamagedDatabaseIsReportedWithHowToRecover) {
  const SweepSpec spec = tiny_spec();
  const SweepPlan plan = plan_sweep(spec);
  const auto dir = scratch("store_damaged");
  {
    SweepStore store(dir, spec, plan);
    for (int run = 0; run < plan.run_count(); ++run) store.commit(record_for(plan, run, run));
  }
  const auto file = dir / "results.sqlite";
  ASSERT_GT(test::fs::file_size(file), 3u * 4096u);
  {
    // Scribble over every page but the first (which holds the header, checked apart below).
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4096);
    const std::string junk(test::fs::file_size(file) - 4096, '\xA5');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  const auto expect_damaged = [&](const auto& open) {
    try {
      open();
      FAIL() << "a damaged database was opened";
    } catch (const SweepDamaged& e) {
      const std::string m = e.what();
      EXPECT_NE(m.find(file.string() + " is damaged ("), std::string::npos) << m;
      EXPECT_NE(m.find("run the same sweep command to compute them again"), std::string::npos) << m;
      EXPECT_NE(m.find(".recover"), std::string::npos) << m;
    }
  };
  expect_damaged([&] { SweepStore::open_existing(dir); });
  expect_damaged([&] { SweepStore store(dir, spec, plan); });
  // Not a database at all (its header overwritten) is damaged too.
  {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.write("this is not SQLite at all", 25);
  }
  expect_damaged([&] { SweepStore::open_existing(dir); });
}

// Issue 13: each done run carries a checksum over its identity and every value it stored, so a
// value changed behind govgrid's back (a bad disk, a hand edit) is caught: export refuses naming
// the runs, and resuming sets exactly those runs back to pending.
TEST(SweepStore, AChecksumCatchesAnyChangeToAStoredRun) {
  const SweepSpec spec = tiny_spec();
  const SweepPlan plan = plan_sweep(spec);
  const auto dir = scratch("store_checksum");
  {
    SweepStore store(dir, spec, plan);
    for (int run = 0; run < plan.run_count(); ++run) {
      RunRecord r = record_for(plan, run, run);
      // Values that do not read back bit for bit (-0.0 comes back as 0.0, NaN as NULL) and
      // infinity must not raise false alarms.
      r.metrics[2] = -0.0;
      r.metrics[3] = std::numeric_limits<double>::infinity();
      r.street_metrics[1][2] = -0.0;
      store.commit(r);
    }
  }
  const std::string sound = test::dump(dir);
  EXPECT_NO_THROW(SweepStore::open_existing(dir));
  {
    SweepStore reopened(dir, spec, plan);
    EXPECT_TRUE(reopened.damaged_runs().empty());
    EXPECT_TRUE(reopened.pending_runs().empty());
  }

  const std::string m0 = "'" + std::string(metric_defs()[0].name) + "'";
  for (const std::string& change : {
           "UPDATE metrics SET value = value + 1e-9 WHERE run = 1 AND metric = " + m0,
           "UPDATE metrics SET value = NULL WHERE run = 2 AND metric = " + m0,
           "DELETE FROM metrics WHERE run = 3 AND metric = " + m0,
           std::string("INSERT INTO metrics(run, metric, value) VALUES (4, 'not_a_metric', 1)"),
           "UPDATE street_metrics SET value = -value WHERE run = 5 AND street = 1 AND metric = " + m0,
           std::string("UPDATE runs SET seed = '12345' WHERE run = 6"),
           std::string("UPDATE runs SET events = events + 1 WHERE run = 7"),
           std::string("UPDATE runs SET checksum = NULL WHERE run = 8"),
       })
    test::execute_sql(dir, change);
  const std::string damaged =
      "run 1 (point 0, replication 1), run 2 (point 0, replication 2), run 3 (point 1, replication 0), run 4 (point "
      "1, replication 1), run 5 (point 1, replication 2), run 6 (point 2, replication 0), run 7 (point 2, "
      "replication 1), run 8 (point 2, replication 2) fail their checksums";
  try {
    SweepStore::open_existing(dir);
    FAIL() << "export trusted changed values";
  } catch (const SweepDamaged& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find((dir / "results.sqlite").string() + " is damaged (" + damaged), std::string::npos) << m;
    EXPECT_NE(m.find("The other 4 stored runs are sound: run the sweep command that wrote it again (govgrid sweep "),
              std::string::npos)
        << m;
    EXPECT_NE(m.find("to compute only those runs again"), std::string::npos) << m;
  }

  {
    SweepStore resumed(dir, spec, plan);
    std::vector<int> runs;
    for (const DamagedRun& r : resumed.damaged_runs()) runs.push_back(r.run);
    EXPECT_EQ(runs, (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8}));
    EXPECT_EQ(resumed.pending_runs(), runs);
    // Computed again (here: the same records), the store is as it was before the changes.
    for (int run : runs) {
      RunRecord r = record_for(plan, run, run);
      r.metrics[2] = -0.0;
      r.metrics[3] = std::numeric_limits<double>::infinity();
      r.street_metrics[1][2] = -0.0;
      resumed.commit(r);
    }
  }
  EXPECT_EQ(test::dump(dir), sound);
  EXPECT_NO_THROW(SweepStore::open_existing(dir));
}

// A results.sqlite written before checksums (storage format 1) is exported unverified and, when
// its sweep resumes, given checksums over its values as stored; an unknown format is refused.
TEST(SweepStore, AStoreWithoutChecksumsIsUpgradedWhenItsSweepResumes) {
  const SweepSpec spec = tiny_spec();
  const SweepPlan plan = plan_sweep(spec);
  const auto dir = scratch("store_format_1");
  {
    SweepStore store(dir, spec, plan);
    for (int run = 0; run < 6; ++run) store.commit(record_for(plan, run, run));
  }
  test::execute_sql(dir, "ALTER TABLE runs DROP COLUMN checksum; UPDATE sweep SET format = 1");
  const std::string before = test::dump(dir);
  {
    const SweepStore old = SweepStore::open_existing(dir);
    EXPECT_FALSE(old.checksummed());
    EXPECT_EQ(old.done_runs(), 6);
  }
  {
    SweepStore resumed(dir, spec, plan);
    EXPECT_EQ(resumed.upgraded_from_format(), 1);
    EXPECT_TRUE(resumed.damaged_runs().empty());
    EXPECT_EQ(resumed.done_runs(), 6);
  }
  EXPECT_EQ(test::dump(dir), before);
  EXPECT_TRUE(SweepStore::open_existing(dir).checksummed());
  {
    SweepStore again(dir, spec, plan);
    EXPECT_EQ(again.upgraded_from_format(), 0);
  }
  // From now on its values are checked like any other store's.
  test::execute_sql(dir, "UPDATE metrics SET value = 99 WHERE run = 0 AND metric = '" +
                             std::string(metric_defs()[0].name) + "'");
  EXPECT_THROW(SweepStore::open_existing(dir), SweepDamaged);

  test::execute_sql(dir, "UPDATE sweep SET format = 4");
  try {
    SweepStore::open_existing(dir);
    FAIL() << "an unknown storage format was read";
  } catch (const SweepMismatch& e) {
    EXPECT_NE(std::string(e.what()).find("written in storage format 4, which this govgrid cannot read"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(SweepStore(dir, spec, plan), SweepMismatch);
}

// A store written before format 3 (no provenance, daily series or grids) is read as it is by
// export and upgraded when its sweep resumes, keeping its runs.
TEST(SweepStore, AFormat2StoreIsUpgradedWhenItsSweepResumes) {
  const SweepSpec spec = tiny_spec();
  SweepPlan plan = plan_sweep(spec);
  const auto dir = scratch("store_format_2");
  {
    SweepStore store(dir, spec, plan);
    for (int run = 0; run < 4; ++run) store.commit(record_for(plan, run, run));
  }
  test::execute_sql(dir,
                    "ALTER TABLE sweep DROP COLUMN fixed_overrides; ALTER TABLE sweep DROP COLUMN command_line_sets; "
                    "ALTER TABLE sweep DROP COLUMN store_daily; ALTER TABLE sweep DROP COLUMN store_grids; "
                    "ALTER TABLE sweep DROP COLUMN govgrid_version; ALTER TABLE sweep DROP COLUMN govgrid_commit; "
                    "ALTER TABLE sweep DROP COLUMN base_scenario; ALTER TABLE points DROP COLUMN scenario_hash; "
                    "ALTER TABLE runs DROP COLUMN govgrid_version; ALTER TABLE runs DROP COLUMN govgrid_commit; "
                    "ALTER TABLE metric_defs DROP COLUMN better; DROP TABLE sessions; DROP TABLE daily; "
                    "DROP TABLE grids; DROP TABLE grid_metrics; UPDATE sweep SET format = 2");
  const std::string before = test::dump(dir);
  {
    const SweepStore old = SweepStore::open_existing(dir);
    EXPECT_TRUE(old.checksummed());
    EXPECT_EQ(old.done_runs(), 4);
    EXPECT_EQ(old.daily_csv().find('\n') + 1, old.daily_csv().size());  // the header alone
    EXPECT_TRUE(old.summary().govgrid_version.empty());
  }
  plan.points[0].scenario_hash = "0123456789abcdef";
  plan.base_scenario = "run:\n  days: 60\n";
  {
    SweepStore resumed(dir, spec, plan);
    EXPECT_TRUE(resumed.damaged_runs().empty());
    EXPECT_EQ(resumed.done_runs(), 4);
  }
  EXPECT_EQ(test::dump(dir), before);
  EXPECT_EQ(test::query(dir, "SELECT format FROM sweep"), "3|\n");
  EXPECT_EQ(test::query(dir, "SELECT COUNT(*) FROM sessions"), "1|\n");
  EXPECT_EQ(test::query(dir, "SELECT scenario_hash FROM points WHERE point = 0"), "0123456789abcdef|\n");
  EXPECT_EQ(test::query(dir, "SELECT base_scenario FROM sweep"), "run:\n  days: 60\n|\n");
  EXPECT_EQ(test::query(dir, "SELECT better FROM metric_defs WHERE metric = 'response_rate'"), "higher|\n");
  EXPECT_NO_THROW(SweepStore::open_existing(dir));
}

// Found while writing fuzz_results_db (issue 13): a results.sqlite that SQLite finds sound but
// whose tables contradict each other (edited by hand or by another program) made export and
// resume index past the sweep's points (AddressSanitizer: heap-buffer-overflow in summary() and
// runs_csv()) and could hand the executor runs its plan does not have. Each is reported as
// damaged now, by export and by the sweep alike.
TEST(SweepStore, TablesThatContradictEachOtherAreDamaged) {
  const SweepSpec spec = tiny_spec();
  const SweepPlan plan = plan_sweep(spec);
  for (const char* edit : {
           "UPDATE point_values SET point = 99 WHERE point = 1",
           "DELETE FROM points WHERE point = 1",
           "DELETE FROM point_values WHERE point = 2 AND col = 1",
           "DELETE FROM axes WHERE col = 1",
           "UPDATE runs SET point = 99 WHERE run = 7",  // a pending run
           "UPDATE runs SET point = -1 WHERE run = 8",
           "UPDATE runs SET run = 12 WHERE run = 11",
           "DELETE FROM runs WHERE run = 10",
           "UPDATE sweep SET replications = 0",
           "UPDATE sweep SET runs = 1",
           "UPDATE sweep SET replications = 4, runs = 16",
       }) {
    SCOPED_TRACE(edit);
    const auto dir = scratch("store_contradictions");
    {
      SweepStore store(dir, spec, plan);
      for (int run = 0; run < 3; ++run) store.commit(record_for(plan, run, run));
    }
    test::execute_sql(dir, edit);
    const auto expect_damaged = [&](const auto& open) {
      try {
        open();
        ADD_FAILURE() << "tables that contradict each other were read";
      } catch (const SweepDamaged& e) {
        EXPECT_NE(std::string(e.what()).find((dir / "results.sqlite").string() + " is damaged (its "),
                  std::string::npos)
            << e.what();
      }
    };
    expect_damaged([&] { SweepStore::open_existing(dir); });
    expect_damaged([&] { SweepStore store(dir, spec, plan); });
  }
}

TEST(SweepStore, RefusesWhatIsNotASweep) {
  const auto dir = scratch("store_not_a_sweep");
  EXPECT_THROW(SweepStore::open_existing(dir), SweepMismatch);
  std::ofstream(dir / "results.sqlite") << "";
  EXPECT_THROW(SweepStore::open_existing(dir), SweepMismatch);
  std::ofstream(dir / "file") << "x";
  EXPECT_THROW(SweepStore(dir / "file", tiny_spec(), plan_sweep(tiny_spec())), SweepMismatch);
}

/// A record that also kept its daily series (3 days) and its grids (2).
RunRecord record_with_extras(const SweepPlan& plan, int run, double base) {
  RunRecord r = record_for(plan, run, base);
  for (int d = 0; d < 3; ++d) {
    std::vector<double> day(daily_columns().size(), base + d);
    day.back() = std::nan("");
    r.daily.push_back(day);
  }
  r.grids = {{"G1", 0, 0, 100, r.metrics}, {"G,2", 0, 1, 200, r.metrics}};
  return r;
}

// Issue 12: `store: {daily: true, grids: true}` keeps each run's daily series and grid metrics;
// export writes them, and the run's checksum covers them.
TEST(SweepStore, KeepsDailySeriesAndGridsAndChecksumsThem) {
  const SweepSpec spec = tiny_spec();
  const SweepPlan plan = plan_sweep(spec);
  const auto dir = scratch("store_extras");
  {
    SweepStore store(dir, spec, plan);
    store.commit(record_with_extras(plan, 4, 2.0));
    store.commit(record_for(plan, 5, 3.0));  // a run that kept neither
    const std::string daily = store.daily_csv();
    EXPECT_EQ(daily.substr(0, daily.find('\n')),
              "run,point,grid_workers.per_grid,whistle.enabled,replication,day,arrivals,resolutions,closures,backlog,"
              "hidden,rated,satisfied,satisfaction_rate,member_answer_share");
    EXPECT_NE(daily.find("\n4,1,0.75,false,1,2,4,4,4,4,4,4,4,4,\n"), std::string::npos) << daily;
    EXPECT_EQ(std::count(daily.begin(), daily.end(), '\n'), 4);
    const std::string grids = store.grids_csv();
    EXPECT_NE(grids.find(fmt::format("\n4,1,0.75,false,1,1,\"G,2\",0,1,200,2,,4,")), std::string::npos) << grids;
    EXPECT_EQ(std::count(grids.begin(), grids.end(), '\n'), 3);
  }
  EXPECT_NO_THROW(SweepStore::open_existing(dir));
  test::execute_sql(dir, "UPDATE daily SET backlog = 99 WHERE run = 4 AND day = 1");
  EXPECT_THROW(SweepStore::open_existing(dir), SweepDamaged);
  test::execute_sql(dir, "UPDATE daily SET backlog = 3 WHERE run = 4 AND day = 1");
  EXPECT_NO_THROW(SweepStore::open_existing(dir));
  test::execute_sql(dir, fmt::format("UPDATE grid_metrics SET \"{}\" = 7 WHERE run = 4 AND grid = 0", metric_defs()[0].name));
  EXPECT_THROW(SweepStore::open_existing(dir), SweepDamaged);
}

// Issue 12: results.sqlite says what produced it: the govgrid build of the sweep, of each
// session that opened it and of each run, the overrides every point gets (--set among them)
// and the base's effective scenario, with a hash of each point's.
TEST(SweepStore, RecordsProvenance) {
  SweepSpec spec = tiny_spec();
  spec.command_line_sets = {"run.days=40"};
  spec.set.push_back({"run.days", {"40", {}}});
  SweepPlan plan = plan_sweep(spec);
  plan.base_scenario = "run:\n  days: 40\n";
  plan.points[0].scenario_hash = "0123456789abcdef";
  const auto dir = scratch("store_provenance");
  {
    SweepStore store(dir, spec, plan);
    store.commit(record_for(plan, 0, 1.0));
  }
  const std::string sessions = test::query(dir, "SELECT govgrid_version, command_line_sets, points FROM sessions");
  EXPECT_NE(sessions.find("|run.days=40\n|4|"), std::string::npos) << sessions;
  EXPECT_EQ(test::query(dir, "SELECT fixed_overrides FROM sweep"),
            "run.seed=7\nworld.generate.streets=2\nrun.days=60\nrun.warmup_days=10\nrun.days=40\n|\n");
  EXPECT_EQ(test::query(dir, "SELECT base_scenario FROM sweep"), "run:\n  days: 40\n|\n");
  EXPECT_EQ(test::query(dir, "SELECT scenario_hash FROM points WHERE point = 0"), "0123456789abcdef|\n");
  EXPECT_EQ(test::query(dir, "SELECT COUNT(*) FROM runs WHERE govgrid_version IS NOT NULL AND govgrid_commit IS NOT NULL"),
            "1|\n");
}

TEST(RunRecord, SerializesBitForBit) {
  const SweepPlan plan = plan_sweep(tiny_spec());
  RunRecord r = record_with_extras(plan, 7, 0.25);
  r.metrics[2] = -std::numeric_limits<double>::infinity();
  r.rank = 3;
  const RunRecord back = deserialize(serialize(r));
  EXPECT_EQ(back.run, 7);
  EXPECT_EQ(back.point, r.point);
  EXPECT_EQ(back.replication, r.replication);
  EXPECT_EQ(back.seed, r.seed);
  EXPECT_EQ(back.events, r.events);
  EXPECT_EQ(back.rank, 3);
  EXPECT_EQ(back.street_names, r.street_names);
  ASSERT_EQ(back.metrics.size(), r.metrics.size());
  EXPECT_EQ(std::memcmp(back.metrics.data(), r.metrics.data(), r.metrics.size() * sizeof(double)), 0);
  EXPECT_EQ(back.street_metrics.size(), 2u);
  ASSERT_EQ(back.daily.size(), 3u);
  EXPECT_EQ(std::memcmp(back.daily[2].data(), r.daily[2].data(), r.daily[2].size() * sizeof(double)), 0);
  ASSERT_EQ(back.grids.size(), 2u);
  EXPECT_EQ(back.grids[1].name, "G,2");
  EXPECT_EQ(back.grids[1].street, 1);
  EXPECT_EQ(back.grids[1].residents, 200);
  EXPECT_EQ(back.grids[1].metrics.size(), r.metrics.size());
  const RunRecord failed = deserialize(serialize(failed_run(1, 0, 1, "boom")));
  EXPECT_FALSE(failed.ok);
  EXPECT_EQ(failed.error, "boom");
  auto bytes = serialize(r);
  bytes.pop_back();
  EXPECT_THROW(deserialize(bytes), std::runtime_error);
}

}  // namespace
}  // namespace govgrid
