// Calibration (analysis/calibration/): reading case logs, and recovering known parameters from a
// log the model itself wrote.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>

#include "analysis/calibration/calibrate.h"
#include "analysis/calibration/case_log.h"
#include "analysis/calibration/log_stats.h"
#include "engine/run/replications.h"
#include "govgrid/case_log_map.h"
#include "govgrid/scenario_loader.h"

namespace govgrid::calibration {
namespace {

namespace fs = std::filesystem;

const fs::path kRoot = GOVGRID_SOURCE_DIR;
const fs::path kBase = kRoot / "tests/analysis/calibration/recovery_base.yaml";
const fs::path kMap12345 = kRoot / "scenarios/case_logs/12345.yaml";

fs::path temp_file(const std::string& name, const std::string& text) {
  const fs::path dir = fs::temp_directory_path() / "govgrid_calibration_test";
  fs::create_directories(dir);
  const fs::path p = dir / name;
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

const char* kHeader = "工单编号,来电时间,派单时间,签收时间,办结时间,诉求类别,承办单位,是否解决,是否满意\n";

/// The recovery scenario and the shipped 12345 mapping, which most reading tests read through.
class Reading12345 : public ::testing::Test {
 protected:
  const ScenarioSpec spec = load_scenario_file(kBase);
  CaseLogMap map = load_case_log_map(kMap12345);
};

TEST_F(Reading12345, ReadsA12345ExportInItsZone) {
  const fs::path log = temp_file("good.csv", std::string(kHeader) +
                                                 "A1,2025-03-01 08:00:00,,2025-03-01 09:30:00,2025-03-02 08:00:00,"
                                                 "市容环境,朝阳区城管执法局,是,满意\n"
                                                 "A2,2025-03-03 10:00:00,,,,物业管理,某某街道办事处,,\n");
  const CaseLog read = read_case_log(log, map, spec);
  ASSERT_EQ(read.cases.size(), 2u);
  EXPECT_TRUE(read.skipped.empty());
  EXPECT_EQ(read.calendar.year, 2025);
  EXPECT_EQ(read.calendar.month, 3);
  EXPECT_EQ(read.calendar.weekday, 5);  // 2025-03-01 is a Saturday
  const LoggedCase& a = read.cases[0];
  EXPECT_DOUBLE_EQ(a.opened_h, 8.0);
  EXPECT_DOUBLE_EQ(a.closed_h - a.opened_h, 24.0);
  EXPECT_DOUBLE_EQ(a.first_response_h - a.opened_h, 1.5);
  EXPECT_EQ(spec.categories[static_cast<std::size_t>(a.category)].name, "sanitation");
  EXPECT_EQ(a.level, 3);
  EXPECT_EQ(spec.departments[static_cast<std::size_t>(a.department)].name, "urban_management");
  EXPECT_EQ(a.resolved, 1);
  EXPECT_EQ(a.satisfied, 1);
  const LoggedCase& b = read.cases[1];
  EXPECT_FALSE(b.closed());
  EXPECT_EQ(b.level, 2);  // a 街道办事处: the street
  EXPECT_EQ(b.department, -1);
  EXPECT_EQ(b.resolved, -1);
}

TEST_F(Reading12345, DaylightSavingDurationsAreElapsedTime) {
  map.time_zone = "America/Los_Angeles";
  // Clocks went forward at 02:00 on 2025-03-09: 01:00 → 04:00 local is 2 hours.
  const fs::path log = temp_file("dst.csv", std::string(kHeader) +
                                                "B1,2025-03-09 01:00:00,,,2025-03-09 04:00:00,市容环境,street,,\n");
  const CaseLog read = read_case_log(log, map, spec);
  ASSERT_EQ(read.cases.size(), 1u);
  EXPECT_DOUBLE_EQ(read.cases[0].closed_h - read.cases[0].opened_h, 2.0);
  EXPECT_DOUBLE_EQ(read.cases[0].local_opened_h, 8 * 24 + 1.0);
}

TEST(CaseLog, ReadsOpen311WithTheOffsetsItsTimesCarry) {
  const ScenarioSpec spec = load_scenario_file(kRoot / "scenarios/sf311_base.yaml");
  const CaseLogMap map = load_case_log_map(kRoot / "scenarios/case_logs/open311.yaml");
  const fs::path log = temp_file(
      "open311.csv",
      "service_request_id,requested_datetime,updated_datetime,status,service_name,agency_responsible,lat,long\n"
      "101,2015-03-02T14:05:00-08:00,2015-03-03T09:05:00-08:00,closed,Abandoned Vehicle,DPT Abandoned Vehicles,37.7,-122.4\n"
      // Written in UTC: the same instant as 07:00 Pacific daylight time.
      "102,2015-03-10T14:00:00+00:00,2015-03-10T16:30:00+00:00,closed,Potholes,DPW Ops Queue,37.7,-122.4\n"
      "103,2015-03-11T08:00:00-07:00,2015-03-12T08:00:00-07:00,open,Graffiti Public Property,DPW Ops Queue,,\n");
  const CaseLog read = read_case_log(log, map, spec);
  ASSERT_EQ(read.cases.size(), 3u) << (read.skipped.empty() ? "" : read.skipped[0].message);
  EXPECT_DOUBLE_EQ(read.cases[0].closed_h - read.cases[0].opened_h, 19.0);
  EXPECT_DOUBLE_EQ(std::fmod(read.cases[0].local_opened_h, 24.0), 14.0 + 5.0 / 60.0);
  EXPECT_DOUBLE_EQ(read.cases[1].closed_h - read.cases[1].opened_h, 2.5);
  EXPECT_DOUBLE_EQ(std::fmod(read.cases[1].local_opened_h, 24.0), 7.0);  // local wall clock, after the DST change
  EXPECT_EQ(spec.categories[static_cast<std::size_t>(read.cases[1].category)].name, "other");
  EXPECT_EQ(spec.departments[static_cast<std::size_t>(read.cases[1].department)].name, "public_works");
  EXPECT_FALSE(read.cases[2].closed());  // status "open": its updated time is not a closing time
}

TEST_F(Reading12345, UnusableRowsAreKeptByLineAndColumn) {
  const fs::path log = temp_file("mixed.csv", std::string(kHeader) +
                                                  "C1,2025-03-01 08:00:00,,,2025-03-02 08:00:00,市容环境,street,是,满意\n"
                                                  "C2,03/01/2025 8am,,,,市容环境,street,,\n"
                                                  "C3,2025-03-02 08:00:00,,,2025-03-01 08:00:00,市容环境,street,,\n"
                                                  "C4,2025-03-02 08:00:00,,,,不存在的类别,street,,\n"
                                                  "C5,2025-03-02 08:00:00,,,,市容环境,street,也许,\n");
  const CaseLog read = read_case_log(log, map, spec);
  EXPECT_EQ(read.rows, 5u);
  ASSERT_EQ(read.cases.size(), 1u);
  ASSERT_EQ(read.skipped.size(), 4u);
  EXPECT_EQ(read.skipped[0].line, 3u);
  EXPECT_EQ(read.skipped[0].column, 2u);
  EXPECT_NE(read.skipped[0].message.find("matches none of the formats"), std::string::npos);
  EXPECT_EQ(read.skipped[1].column, 5u);
  EXPECT_NE(read.skipped[1].message.find("before it opened"), std::string::npos);
  EXPECT_EQ(read.skipped[2].column, 6u);
  EXPECT_NE(read.skipped[2].message.find("not in the mapping"), std::string::npos);
  EXPECT_EQ(read.skipped[3].column, 8u);
  EXPECT_NE(read.skipped[3].message.find("expected yes or no"), std::string::npos);
}

TEST_F(Reading12345, BadLogsAreErrorsWithTheirPlace) {
  auto error_of = [&](const std::string& name, const std::string& text) {
    try {
      read_case_log(temp_file(name, text), map, spec);
    } catch (const CaseLogError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of("empty.csv", "").find("empty.csv:1: expected a header row"), std::string::npos);
  EXPECT_NE(error_of("header_only.csv", kHeader).find("header_only.csv:2: expected at least one case"), std::string::npos);
  const std::string missing = error_of("missing.csv", "工单编号,来电时间\nD1,2025-03-01 08:00:00\n");
  EXPECT_NE(missing.find("missing.csv:1: expected a column \"办结时间\""), std::string::npos) << missing;
  const std::string dates =
      error_of("dates.csv", std::string(kHeader) + "E1,yesterday,,,,市容环境,street,,\nE2,soon,,,,市容环境,street,,\n");
  EXPECT_NE(dates.find("expected at least one usable case, got none of 2 rows"), std::string::npos) << dates;
  EXPECT_NE(dates.find("dates.csv:2:2: opened time \"yesterday\""), std::string::npos) << dates;
  EXPECT_NE(dates.find("dates.csv:3:2:"), std::string::npos) << dates;
  const std::string reversed = error_of(
      "reversed.csv", std::string(kHeader) + "F1,2025-03-02 08:00:00,,,2025-03-01 08:00:00,市容环境,street,,\n");
  EXPECT_NE(reversed.find("reversed.csv:2:5: closed \"2025-03-01 08:00:00\" before it opened"), std::string::npos)
      << reversed;
  std::string junk(4096, '\0');
  std::mt19937 rng(1);
  for (char& c : junk) c = static_cast<char>(rng());
  junk[100] = '"';  // an unterminated quoted field
  EXPECT_NE(error_of("junk.csv", junk).find("junk.csv"), std::string::npos);
}

TEST_F(Reading12345, MappingTargetsTheScenarioLacksAreNotedAndUnknownZonesRefused) {
  map.categories.insert(map.categories.begin(), {"新类别", "no_such_category"});
  const CaseLog read = read_case_log(
      temp_file("lacks.csv", std::string(kHeader) + "G1,2025-03-01 08:00:00,,,,新类别,street,,\n"
                                                    "G2,2025-03-01 09:00:00,,,,市容环境,police,,\n"),
      map, spec);
  ASSERT_EQ(read.cases.size(), 1u);
  EXPECT_EQ(read.cases[0].level, -1);  // police: a department district.yaml has, this scenario not
  ASSERT_EQ(read.skipped.size(), 1u);
  EXPECT_NE(read.skipped[0].message.find("no_such_category"), std::string::npos);
  EXPECT_FALSE(read.notes.empty());
  map.time_zone = "Mars/Olympus_Mons";
  try {
    read_case_log(temp_file("any.csv", kHeader), map, spec);
    FAIL() << "expected a CaseLogError";
  } catch (const CaseLogError& e) {
    EXPECT_NE(std::string(e.what()).find("Mars/Olympus_Mons"), std::string::npos) << e.what();
  }
}

TEST(CaseLogMap, PatternsMatchExactThenLongestPrefixOrSuffix) {
  const std::vector<ValueMapping> m = {{"DPW*", "a"}, {"DPW Ops*", "b"}, {"*街道", "c"}, {"*", "d"}, {"DPW", "e"}};
  EXPECT_EQ(map_value(m, "DPW"), "e");
  EXPECT_EQ(map_value(m, "DPW BSM Queue"), "a");
  EXPECT_EQ(map_value(m, "DPW Ops Queue"), "b");
  EXPECT_EQ(map_value(m, "朝阳门街道"), "c");
  EXPECT_EQ(map_value(m, "anything"), "d");
  EXPECT_EQ(map_value({{"x", "y"}}, "z"), std::nullopt);
}

TEST(LogStats, KsDistanceCountsNeverClosedAsBeyondEverything) {
  EXPECT_DOUBLE_EQ(ks_distance({1, 2, 3}, {1, 2, 3}), 0.0);
  EXPECT_DOUBLE_EQ(ks_distance({1, 2}, {3, 4}), 1.0);
  // Same closed times, but half of b never closes: the CDFs differ by 0.5 at the end.
  EXPECT_DOUBLE_EQ(ks_distance({1, 2}, {1, kNever}), 0.5);
  EXPECT_DOUBLE_EQ(quantile({1, 2, 3, 4, 5}, 0.5), 3.0);
  EXPECT_EQ(quantile({1, kNever}, 0.75), kNever);
}

// The model writes a 12345 export of a year with known lead times and rates; calibrating the
// same scenario without them must find them again, within the standard errors it states.
TEST(Calibration, RecoversKnownParametersFromA12345Export) {
  ScenarioSpec truth = load_scenario_file(kBase);
  truth.categories[0].rate_per_1000_per_day = 0.3;
  truth.categories[0].lead_h[3] = Distribution::lognormal(30.0, 1.2);
  truth.categories[0].lead_share[3] = 0.7;
  truth.categories[1].rate_per_1000_per_day = 0.2;
  truth.categories[1].lead_h[3] = Distribution::lognormal(120.0, 0.8);
  truth.categories[1].lead_share[3] = 0.9;
  truth.duty_desk.sign_for_h = Distribution::lognormal(3.0, 0.6);
  truth.outcomes.resolved_if_fixed = 0.9;
  truth.satisfaction.intercept = -0.5;
  if (const char* seed = std::getenv("GOVGRID_RECOVERY_SEED")) truth.run.seed = std::strtoull(seed, nullptr, 10);
  RunOptions run;
  run.threads = 2;
  run.case_log = true;
  const double horizon_h = truth.run.days * 24.0;
  const std::vector<LoggedCase> written = simulated_log(evaluate(truth, run), horizon_h, false);
  ASSERT_GT(written.size(), 6500u);  // 40,000 residents × 0.5 per 1,000 a day × 365
  LogCalendar calendar;
  calendar.year = 2025;
  calendar.month = 1;
  const fs::path log_path = fs::temp_directory_path() / "govgrid_calibration_test" / "recovery_12345.csv";
  fs::create_directories(log_path.parent_path());
  write_12345_export(log_path, written, truth, calendar);

  const ScenarioSpec base = load_scenario_file(kBase);
  const CaseLog log = read_case_log(log_path, load_case_log_map(kMap12345), base);
  ASSERT_EQ(log.cases.size(), written.size());
  CalibrationOptions options;
  options.threads = 2;
  options.budget = 110;
  const CalibrationResult fit = calibrate(log, base, options);

  ASSERT_EQ(fit.leads.size(), 2u);
  const struct {
    double median, sigma, share, rate;
  } known[] = {{30.0, 1.2, 0.7, 0.3}, {120.0, 0.8, 0.9, 0.2}};
  for (std::size_t k = 0; k < 2; ++k) {
    const LeadFit& l = fit.leads[k];
    SCOPED_TRACE(base.categories[static_cast<std::size_t>(l.category)].name);
    std::printf("[recovered] %s: median %.1f h (known %.0f) x/ %.3f, sigma %.3f (%.1f) +- %.3f, share %.3f (%.1f) +- %.3f\n",
                base.categories[static_cast<std::size_t>(l.category)].name.c_str(), l.median_h, known[k].median,
                std::exp(l.se_log_median), l.sigma, known[k].sigma, l.se_sigma, l.share, known[k].share, l.se_share);
    ASSERT_TRUE(std::isfinite(l.se_log_median) && std::isfinite(l.se_sigma) && std::isfinite(l.se_share));
    // Stated uncertainty that says something: a median known to within a factor 1.3.
    EXPECT_LT(l.se_log_median, 0.25);
    EXPECT_LT(std::abs(std::log(l.median_h / known[k].median)), 3.0 * l.se_log_median + 0.02)
        << l.median_h << " ×/÷ " << std::exp(l.se_log_median);
    EXPECT_LT(std::abs(l.sigma - known[k].sigma), 3.0 * l.se_sigma + 0.02) << l.sigma << " ± " << l.se_sigma;
    EXPECT_LT(std::abs(l.share - known[k].share), 3.0 * l.se_share + 0.02) << l.share << " ± " << l.se_share;
    // The daily rate comes straight from the log: its mean over the year (the fitted rate is the
    // one at day 0, and the fitted trend moves it) within 5%, about 2.5 standard errors.
    const double rate = fit.calibrated.categories[static_cast<std::size_t>(l.category)].rate_per_1000_per_day;
    const double b = std::log1p(fit.calibrated.demand.trend_per_year);
    const double year_mean = std::abs(b) < 1e-9 ? rate : rate * std::expm1(b) / b;
    EXPECT_NEAR(year_mean / known[k].rate, 1.0, 0.05);
  }
  // The first response and the requesters' answers (签收, 是否解决, 是否满意).
  const std::map<std::string, double> known_scalar = {
      {"duty_desk.sign_for_h", std::log(3.0)}, {"outcomes.resolved_if_fixed", 0.9}, {"satisfaction.intercept", -0.5}};
  ASSERT_EQ(fit.answers.size(), 3u);
  for (const ScalarFit& a : fit.answers) {
    SCOPED_TRACE(a.key);
    std::printf("[recovered] %s: %.3f (known %.3f) +- %.3f\n", a.key.c_str(), a.value, known_scalar.at(a.key), a.se);
    ASSERT_TRUE(std::isfinite(a.se));
    EXPECT_LT(std::abs(a.value - known_scalar.at(a.key)), 3.0 * a.se + 0.02);
  }
  EXPECT_LT(fit.train.ks_overall, 0.03);
  EXPECT_NEAR(fit.train.daily_volume_ratio, 1.0, 0.05);
  EXPECT_LE(fit.runs, options.budget);
}

}  // namespace
}  // namespace govgrid::calibration
