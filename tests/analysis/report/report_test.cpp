// Tests for analysis/report/: CSV reading, escaping, number formats, baseline differences
// (paired and Welch), the street ranking, the tiled map layout and the rendered HTML.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "analysis/report/csv.h"
#include "analysis/report/html.h"
#include "analysis/report/i18n.h"
#include "analysis/report/report.h"
#include "analysis/report/report_data.h"
#include "analysis/report/sweep_report.h"
#include "analysis/stats.h"

namespace govgrid::report {
namespace {

namespace fs = std::filesystem;

TEST(Csv, ParsesQuotedFieldsAndLineEnds) {
  const CsvTable t = parse_csv("a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",\n");
  ASSERT_EQ(t.header(), (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t.text(0, 1), "x, y");
  EXPECT_EQ(t.text(0, 2), "say \"hi\"");
  EXPECT_EQ(t.text(1, 1), "two\nlines");
  EXPECT_EQ(t.text(1, 2), "");
  EXPECT_EQ(t.number(0, 0), 1.0);
  EXPECT_TRUE(std::isnan(t.number(1, 2)));  // empty field: NaN, as outputs.cpp writes it
  EXPECT_TRUE(std::isnan(t.number(0, 1)));  // text is not a number
  EXPECT_EQ(t.require_column("c"), 2u);
  EXPECT_THROW(t.require_column("d"), std::runtime_error);
  EXPECT_THROW(parse_csv("a\n\"open"), std::runtime_error);
  EXPECT_EQ(parse_csv("a,b").size(), 0u);
}

TEST(Escaping, HtmlEscapesMarkupAndQuotes) {
  EXPECT_EQ(html_escape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
  EXPECT_EQ(html_escape("a & \"b\" 'c'"), "a &amp; &quot;b&quot; &#39;c&#39;");
  EXPECT_EQ(html_escape("街道 S01"), "街道 S01");
}

TEST(Escaping, ScriptJsonCannotCloseTheScriptElement) {
  const nlohmann::json j = {{"name", "</script><script>alert(1)</script><!-- \u2028\u2029"}, {"n", 1}};
  const std::string s = script_json(j);
  EXPECT_EQ(s.find("</"), std::string::npos) << s;
  EXPECT_EQ(s.find("<!--"), std::string::npos) << s;
  EXPECT_EQ(s.find("\u2028"), std::string::npos);
  EXPECT_EQ(s.find("\u2029"), std::string::npos);
  EXPECT_EQ(s.find("<script"), std::string::npos);
  EXPECT_NE(s.find("<\\/script>"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(s), j);  // JSON.parse gives back the same text
}

TEST(Formatting, BothLanguages) {
  EXPECT_EQ(format_value(0.9432, "share", Lang::en), "94.3%");
  EXPECT_EQ(format_value(0.9432, "share", Lang::zh), "94.3%");
  EXPECT_EQ(format_value(9.06, "h", Lang::en), "9.1 h");
  EXPECT_EQ(format_value(9.06, "h", Lang::zh), "9.1小时");
  EXPECT_EQ(format_value(1.3456, "h/week", Lang::en), "1.35 h/week");
  EXPECT_EQ(format_value(1234.6, "count", Lang::en), "1,235");
  EXPECT_EQ(format_value(495800.0, "count", Lang::en), "495,800");
  EXPECT_EQ(format_value(495800.0, "count", Lang::zh), "49.6万");
  EXPECT_EQ(format_value(85100000.0, "yuan", Lang::en), "¥85.1M");
  EXPECT_EQ(format_value(85100000.0, "yuan", Lang::zh), "8,510万元");
  EXPECT_EQ(format_value(851000000.0, "yuan", Lang::zh), "8.51亿元");
  EXPECT_EQ(format_value(42262.6, "h/year", Lang::en), "42,263 h/year");
  EXPECT_EQ(format_value(42262.6, "h/year", Lang::zh), "4.2万小时/年");
  EXPECT_EQ(format_difference(205679.0, "h/year", Lang::zh), "+20.6万小时/年");
  EXPECT_EQ(format_value(3.576, "per 1000/year", Lang::en), "3.6");
  EXPECT_EQ(format_value(std::nan(""), "share", Lang::en), "–");
  EXPECT_EQ(format_difference(0.012, "share", Lang::en), "+1.2 pp");
  EXPECT_EQ(format_difference(-0.012, "share", Lang::zh), "\u22121.2个百分点");
  EXPECT_EQ(format_difference(-2.34, "h", Lang::en), "\u22122.3 h");
  EXPECT_EQ(format_difference(0.0001, "share", Lang::en), "±0.0 pp");
  EXPECT_EQ(format_difference(14700000.0, "yuan", Lang::en), "+¥14.7M");
  EXPECT_EQ(format_relative(-0.0851), "\u22128.5%");
  EXPECT_EQ(format_fixed(1234567.891, 2), "1,234,567.89");
  EXPECT_EQ(format_fixed(-999.5, 0), "\u22121,000");
}

TEST(Strings, EveryKeyHasBothLanguages) {
  EXPECT_TRUE(string_table_complete());
  EXPECT_EQ(tr(Lang::en, "answer_title"), "The answer at a glance");
  EXPECT_EQ(tr(Lang::zh, "answer_title"), "结论速览");
  EXPECT_THROW(tr(Lang::en, "no_such_key"), std::out_of_range);
  EXPECT_EQ(parse_lang("zh"), Lang::zh);
  EXPECT_FALSE(parse_lang("fr").has_value());
}

TEST(Welch, MatchesTheFormula) {
  const std::vector<double> a = {1, 2, 3, 4}, b = {2, 4, 6, 8};
  const Interval d = welch_diff_ci95(a, b);
  // Var a = 5/3, var b = 20/3; se² = 5/12 + 20/12; Welch–Satterthwaite df.
  const double sa = 5.0 / 12.0, sb = 20.0 / 12.0;
  const double df = (sa + sb) * (sa + sb) / (sa * sa / 3.0 + sb * sb / 3.0);
  const double half = student_t_quantile(0.975, df) * std::sqrt(sa + sb);
  EXPECT_DOUBLE_EQ(d.mean, -2.5);
  EXPECT_NEAR(d.half_width, half, 1e-12);
  EXPECT_NEAR(df, 4.411764705882353, 1e-12);
  EXPECT_NEAR(d.lo, -2.5 - half, 1e-12);
  EXPECT_NEAR(d.hi, -2.5 + half, 1e-12);
  // Equal sizes and variances: Welch's df is the pooled 2n − 2.
  const std::vector<double> c = {1, 2, 3, 4}, e = {3, 4, 5, 6};
  const Interval eq = welch_diff_ci95(c, e);
  EXPECT_NEAR(eq.half_width, student_t_quantile(0.975, 6.0) * std::sqrt(2.0 * (5.0 / 3.0) / 4.0), 1e-12);
  EXPECT_EQ(d.n, 4);
}

TEST(Welch, EdgeCases) {
  const std::vector<double> one = {1.0}, two = {1.0, 2.0}, flat = {3.0, 3.0, 3.0}, flat2 = {1.0, 1.0};
  EXPECT_TRUE(std::isnan(welch_diff_ci95(one, two).lo));
  EXPECT_DOUBLE_EQ(welch_diff_ci95(one, two).mean, -0.5);
  const Interval z = welch_diff_ci95(flat, flat2);
  EXPECT_DOUBLE_EQ(z.mean, 2.0);
  EXPECT_DOUBLE_EQ(z.lo, 2.0);
  EXPECT_DOUBLE_EQ(z.hi, 2.0);
  const std::vector<double> with_nan = {1.0, std::nan(""), 3.0};
  EXPECT_DOUBLE_EQ(welch_diff_ci95(with_nan, flat).mean, -1.0);
}

TEST(Ranking, BehindCount) {
  EXPECT_EQ(behind_count(0), 0u);
  EXPECT_EQ(behind_count(1), 0u);
  EXPECT_EQ(behind_count(2), 1u);
  EXPECT_EQ(behind_count(3), 1u);
  EXPECT_EQ(behind_count(16), 2u);
  EXPECT_EQ(behind_count(25), 3u);
  EXPECT_EQ(behind_count(100), 10u);
}

// ---------------------------------------------------------------------------------------
// Run directories written by hand in the format of analysis/outputs.cpp.

struct FakeRun {
  std::string name = "district";
  std::uint64_t seed = 1;
  std::vector<std::uint64_t> rep_seeds = {11, 12, 13};
  std::vector<double> response_rate = {0.80, 0.82, 0.81};
  double cost = 1e7;
  std::vector<double> score = {0.900, 0.902, 0.901};  ///< three_rate_score per replication
  /// Party organisation's metrics (docs/model.md section 8.5) with these members' hours a year;
  /// negative: a run from before they existed, without them.
  double member_h = -1.0;
  /// The districts of a city (districts.csv, and streets.csv's district column): street s is in
  /// district s % size, and district d scores 0.06·d below the first. Empty: a run directory from
  /// before districts, without either.
  std::vector<std::string> districts;
};

// The party metrics a run writes, with their value in a FakeRun (the members' hours or a share).
const char* const kPartyKeys[] = {"member_h_per_year", "linked_household_share", "unit_h_per_year",
                                  "found_early_share", "hidden_problem_share", "tickets_per_1000_per_day"};

std::string csv_numbers(const std::vector<double>& v) {
  std::string s;
  for (const double x : v) {
    if (!s.empty()) s += ',';
    if (!std::isnan(x)) s += fmt::format("{}", x);
  }
  return s;
}

fs::path write_run(const fs::path& dir, const FakeRun& r) {
  fs::create_directories(dir);
  nlohmann::ordered_json metrics;
  const Interval ci = mean_ci95(r.response_rate);
  for (const char* m : {"response_rate", "resolution_rate", "satisfaction_rate", "response_time_mean_h",
                        "resolution_time_mean_h", "pushed_down_time_share", "worker_overtime_h_per_week"}) {
    const bool share = std::string(m).find("rate") != std::string::npos || std::string(m).find("share") != std::string::npos;
    metrics[m] = {{"mean", ci.mean}, {"ci95_low", ci.lo}, {"ci95_high", ci.hi}, {"half_width", ci.half_width},
                  {"n", ci.n}, {"unit", share ? "share" : std::string(m).find("week") != std::string::npos ? "h/week" : "h"},
                  {"en", m}, {"zh", m}};
  }
  const Interval score = mean_ci95(r.score);
  metrics["three_rate_score"] = {{"mean", score.mean}, {"ci95_low", score.lo}, {"ci95_high", score.hi},
                                 {"half_width", score.half_width}, {"n", score.n}, {"unit", "0..1"},
                                 {"en", "Three-rate score"}, {"zh", "三率综合得分"}};
  // The cost: the same every replication here.
  metrics["total_cost_per_year"] = {{"mean", r.cost}, {"ci95_low", r.cost}, {"ci95_high", r.cost}, {"half_width", 0.0},
                                    {"n", r.rep_seeds.size()}, {"unit", "yuan/year"}, {"en", "Total cost per year"},
                                    {"zh", "年度总成本"}};
  const auto party_value = [&](std::string_view key) { return key == "member_h_per_year" ? r.member_h : 0.5; };
  if (r.member_h >= 0.0)
    for (const char* key : kPartyKeys)
      metrics[key] = {{"mean", party_value(key)}, {"ci95_low", party_value(key)}, {"ci95_high", party_value(key)},
                      {"half_width", 0.0}, {"n", r.rep_seeds.size()}, {"unit", "share"}, {"en", key}, {"zh", key}};
  const nlohmann::ordered_json summary = {
      {"scenario", r.name}, {"description", "A <b>test</b> district"}, {"seed", r.seed},
      {"replications", r.rep_seeds.size()}, {"days", 10.0}, {"warmup_days", 2.0},
      {"staff", {{"grid_workers", 4}, {"community_staff", 2}, {"street_centre_staff", 1}, {"department_crews", 1},
                 {"annual_wage_cost_yuan", r.cost}}},
      {"metrics", metrics}};
  std::ofstream(dir / "summary.json") << summary.dump(2);
  std::ofstream m(dir / "metrics.csv");
  m << "replication,seed,response_rate,resolution_rate,satisfaction_rate,response_time_mean_h,resolution_time_mean_h,"
       "pushed_down_time_share,worker_overtime_h_per_week,total_cost_per_year,three_rate_score";
  if (r.member_h >= 0.0)
    for (const char* key : kPartyKeys) m << "," << key;
  m << "\n";
  for (std::size_t i = 0; i < r.rep_seeds.size(); ++i) {
    const double v = r.response_rate[i];
    m << i << "," << r.rep_seeds[i] << "," << csv_numbers({v, v, v, v, v, v, v, r.cost, r.score[i]});
    if (r.member_h >= 0.0)
      for (const char* key : kPartyKeys) m << "," << party_value(key);
    m << "\n";
  }
  std::ofstream d(dir / "daily.csv");
  d << "replication,day,arrivals,resolutions,closures,backlog,hidden,rated,satisfied,satisfaction_rate\n";
  for (std::size_t i = 0; i < r.rep_seeds.size(); ++i) {
    for (int day = 0; day < 10; ++day) d << i << "," << day << ",10,9,9," << day + i << ",0,4,3,0.75\n";
  }
  std::ofstream s(dir / "streets.csv");
  const bool city = !r.districts.empty();
  s << "replication,street,street_name," << (city ? "district," : "") << "response_rate,resolution_rate,satisfaction_rate\n";
  const char* names[] = {"North", "\"Quoted, street\"", "<i>South</i>"};
  for (std::size_t i = 0; i < r.rep_seeds.size(); ++i) {
    for (int st = 0; st < 3; ++st) {
      const double base = 0.9 - 0.05 * st + 0.001 * static_cast<double>(i);
      s << i << "," << st << "," << names[st] << ",";
      if (city) s << st % r.districts.size() << ",";
      s << csv_numbers({base, base + 0.02, base + 0.04}) << "\n";
    }
  }
  if (city) {
    std::ofstream t(dir / "districts.csv");
    t << "replication,district,district_name,district_name_zh,residents,streets,department_crews,worker_utilization,"
         "response_rate,resolution_rate,satisfaction_rate\n";
    for (std::size_t i = 0; i < r.rep_seeds.size(); ++i) {
      for (std::size_t d = 0; d < r.districts.size(); ++d) {
        const double base = 0.9 - 0.06 * static_cast<double>(d) + 0.001 * static_cast<double>(i);
        t << i << "," << d << "," << r.districts[d] << ",区" << d << ",10000,1," << (d == 0 ? 20 : 2) << ",0.5,"
          << csv_numbers({base, base + 0.02, base + 0.04}) << "\n";
      }
    }
  }
  std::ofstream g(dir / "grids.csv");
  g << "replication,grid,grid_name,community,street,residents,cases_created,response_time_mean_h,response_time_p90_h,"
       "worker_utilization,satisfaction_rate\n";
  for (std::size_t i = 0; i < r.rep_seeds.size(); ++i) {
    int grid = 0;
    for (int st = 0; st < 3; ++st) {
      for (int c = 0; c < 2; ++c) {
        for (int k = 0; k < 3 + c; ++k, ++grid) {
          g << i << "," << grid << ",G" << grid << "," << st * 2 + c << "," << st << ",1000,"
            << csv_numbers({20.0, 5.0 + grid, 20.0 + grid, 0.5, grid == 0 ? std::nan("") : 0.9}) << "\n";
        }
      }
    }
  }
  return dir;
}

class ReportFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    // One folder per process and test: ctest runs tests in parallel processes, and gtest's random
    // seed (used here before) comes from the clock, so two processes could share a folder.
    root_ = fs::temp_directory_path() /
            fmt::format("govgrid_report_test_{}_{}", ::getpid(),
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  fs::path root_;
};

TEST_F(ReportFiles, LoadsARunDirectory) {
  const RunData r = load_run(write_run(root_ / "a", FakeRun{}));
  EXPECT_EQ(r.scenario, "district");
  EXPECT_EQ(r.replications, 3);
  EXPECT_EQ(r.replication_seeds, (std::vector<std::uint64_t>{11, 12, 13}));
  EXPECT_DOUBLE_EQ(r.summary("response_rate").mean, 0.81);
  EXPECT_DOUBLE_EQ(r.summary(kCostMetric).mean, 1e7);
  EXPECT_EQ(r.replication_values(kCostMetric), (std::vector<double>{1e7, 1e7, 1e7}));
  EXPECT_EQ(r.replication_values("response_rate"), (std::vector<double>{0.80, 0.82, 0.81}));
  EXPECT_THROW(r.summary("no_such_metric"), ReportInputError);
}

TEST_F(ReportFiles, RejectsDirectoriesWithoutSummary) {
  fs::create_directories(root_ / "sweep");
  std::ofstream(root_ / "sweep" / "results.sqlite") << "";
  try {
    load_run(root_ / "sweep");
    FAIL() << "no exception";
  } catch (const ReportInputError& e) {
    EXPECT_NE(std::string(e.what()).find("no summary.json"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("sweep"), std::string::npos);
  }
  EXPECT_THROW(load_run(root_ / "missing"), ReportInputError);
  write_run(root_ / "broken", FakeRun{});
  fs::remove(root_ / "broken" / "grids.csv");
  EXPECT_THROW(load_run(root_ / "broken"), ReportInputError);
}

// Replaces line `line` (1-based) of a file.
void replace_line(const fs::path& path, std::size_t line, const std::string& text) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  in.close();
  lines.at(line - 1) = text;
  std::ofstream out(path, std::ios::trunc);
  for (const auto& l : lines) out << l << "\n";
}

std::string load_error(const fs::path& dir) {
  try {
    load_run(dir);
  } catch (const ReportInputError& e) {
    return e.what();
  }
  return "(loaded)";
}

// Issue 13: a day of 99999999999 in daily.csv overflowed an int and wrote past the daily
// series (SIGSEGV); 1e8 allocated gigabytes. Every number of a run directory is checked as
// it is read: one message naming file, line and column.
TEST_F(ReportFiles, RejectsOutOfRangeNumbersNamingFileLineAndColumn) {
  const auto broken = [&](const std::string& file, std::size_t line, const std::string& text) {
    const fs::path dir = write_run(root_ / "r", FakeRun{});
    replace_line(dir / file, line, text);
    const std::string message = load_error(dir);
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_THROW(write_report({dir}, root_ / "r.html", {Lang::en, ""}), ReportInputError);
    fs::remove_all(dir);
    return message;
  };
  const std::string daily = (root_ / "r" / "daily.csv").string();
  EXPECT_EQ(broken("daily.csv", 2, "0,99999999999,10,9,9,1,0,4,3,0.75"),
            daily + ":2:2: day: expected a day index from 0 to 9, got \"99999999999\"");
  EXPECT_EQ(broken("daily.csv", 3, "0,1e8,10,9,9,1,0,4,3,0.75"),
            daily + ":3:2: day: expected a day index from 0 to 9, got \"1e8\"");
  EXPECT_EQ(broken("daily.csv", 4, "0,-1,10,9,9,1,0,4,3,0.75"),
            daily + ":4:2: day: expected a day index from 0 to 9, got \"-1\"");
  EXPECT_EQ(broken("daily.csv", 2, "1e308,1e308,1e308,1e308,1e308,1e308,1e308,1e308,1e308,1e308"),
            daily + ":2:1: replication: expected a replication index from 0 to 2, got \"1e308\"");
  EXPECT_EQ(broken("daily.csv", 2, "0,0,inf,9,9,1,0,4,3,0.75"),
            daily + ":2:3: arrivals: expected a whole number >= 0, got \"inf\"");
  EXPECT_NE(broken("streets.csv", 2, "0,1e308,North,0.9,0.9,0.9").find("streets.csv:2:2: street: expected a street index"),
            std::string::npos);
  EXPECT_NE(broken("grids.csv", 3, "0,1,G1,-5,0,1000,20,6,21,0.5,0.9").find("grids.csv:3:4: community: expected"),
            std::string::npos);
  EXPECT_NE(broken("grids.csv", 3, "0,1,G1,0,0,1000,20,6,21,nan,0.9").find("grids.csv:3:10: worker_utilization:"),
            std::string::npos);
  EXPECT_NE(broken("metrics.csv", 2, "0,-11,0.8,0.8,0.8,0.8,0.8,0.8,0.8").find("metrics.csv:2:2: seed: expected"),
            std::string::npos);
  EXPECT_NE(broken("metrics.csv", 2, "0,11,1e999,0.8,0.8,0.8,0.8,0.8,0.8").find("metrics.csv:2:3: response_rate:"),
            std::string::npos);
  // summary.json: the key path instead of a line.
  const auto summary = [&](const std::string& key, const nlohmann::json& value) {
    const fs::path dir = write_run(root_ / "s", FakeRun{});
    nlohmann::json j = nlohmann::json::parse(read_text_file(dir / "summary.json"));
    j[nlohmann::json::json_pointer(key)] = value;
    std::ofstream(dir / "summary.json", std::ios::trunc) << j.dump();
    const std::string message = load_error(dir);
    fs::remove_all(dir);
    return message;
  };
  EXPECT_NE(summary("/replications", 1e18).find("summary.json: replications: expected an integer from 1 to 10000"),
            std::string::npos);
  EXPECT_NE(summary("/days", 1e300).find("summary.json: days: expected"), std::string::npos);
  EXPECT_NE(summary("/seed", -3).find("summary.json: seed: expected"), std::string::npos);
  EXPECT_NE(summary("/staff/grid_workers", 1e300).find("staff.grid_workers: expected a whole number"),
            std::string::npos);
  EXPECT_NE(summary("/metrics/response_rate/n", 99).find("metrics.response_rate.n: expected an integer from 0 to 3"),
            std::string::npos);
  // A good directory still loads, and a quoted field spanning lines keeps the line count.
  const fs::path dir = write_run(root_ / "ok", FakeRun{});
  EXPECT_EQ(load_error(dir), "(loaded)");
  const CsvTable t = parse_csv("a,b\n1,\"x\ny\"\n2,z\n");
  EXPECT_EQ(t.line(0), 2u);
  EXPECT_EQ(t.line(1), 4u);
}

// Issue 13: a U+2028 or U+2029 in a scenario name broke four charts: Vega-Lite puts chart
// labels into Vega expressions (sort orders, filters) unescaped, where Vega's parser takes them
// for line ends. The charts get the name with spaces; the tables keep it as it is.
TEST_F(ReportFiles, LineSeparatorsInANameStayOutOfTheCharts) {
  FakeRun odd;
  odd.name = "a\u2028b\u2029c</script>";
  write_run(root_ / "base", FakeRun{});
  write_run(root_ / "odd", odd);
  write_report({root_ / "base", root_ / "odd"}, root_ / "r.html", {Lang::en, ""});
  const std::string html = read_text_file(root_ / "r.html");
  // The data script: the charts' specs and data.
  const std::size_t from = html.find("<script type=\"application/json\" id=\"govgrid-data\">");
  ASSERT_NE(from, std::string::npos);
  const std::string data = html.substr(from, html.find("</script>", from) - from);
  EXPECT_EQ(data.find("\\u2028"), std::string::npos);  // not even escaped: the charts never see one
  EXPECT_EQ(data.find("\\u2029"), std::string::npos);
  EXPECT_EQ(data.find("\u2028"), std::string::npos);
  EXPECT_NE(data.find("a b c<\\/script>"), std::string::npos);
  EXPECT_EQ(html.find("</script>\""), std::string::npos);
  // The answer table shows the name as written (escaped as HTML).
  EXPECT_NE(html.find("a\u2028b\u2029c&lt;/script&gt;"), std::string::npos);
}

TEST_F(ReportFiles, PairedWhenSeedsMatchWelchOtherwise) {
  FakeRun more;
  more.name = "more";
  more.response_rate = {0.83, 0.86, 0.84};  // +0.03, +0.04, +0.03 on the same seeds
  more.cost = 1.2e7;
  const RunData base = load_run(write_run(root_ / "base", FakeRun{}));
  const RunData paired = load_run(write_run(root_ / "more", more));
  EXPECT_TRUE(common_random_numbers(paired, base));
  const Delta d = compare_metric(paired, base, "response_rate");
  const Interval expect = paired_diff_ci95(paired.replication_values("response_rate"), base.replication_values("response_rate"));
  EXPECT_EQ(d.method, DiffMethod::paired);
  EXPECT_NEAR(d.diff, 0.1 / 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(d.lo, expect.lo);
  EXPECT_DOUBLE_EQ(d.hi, expect.hi);
  EXPECT_TRUE(d.clear);  // paired differences 0.03..0.04: the interval excludes 0
  EXPECT_NEAR(d.relative, (0.1 / 3.0) / 0.81, 1e-12);
  EXPECT_TRUE(higher_is_better("response_rate"));
  EXPECT_FALSE(higher_is_better("response_time_mean_h"));

  more.seed = 2;
  more.rep_seeds = {21, 22, 23};
  const RunData independent = load_run(write_run(root_ / "indep", more));
  EXPECT_FALSE(common_random_numbers(independent, base));
  const Delta w = compare_metric(independent, base, "response_rate");
  const Interval welch = welch_diff_ci95(independent.replication_values("response_rate"), base.replication_values("response_rate"));
  EXPECT_EQ(w.method, DiffMethod::welch);
  EXPECT_DOUBLE_EQ(w.lo, welch.lo);
  EXPECT_DOUBLE_EQ(w.hi, welch.hi);
  EXPECT_EQ(w.clear, welch.lo > 0.0 || welch.hi < 0.0);

  const Delta cost = compare_metric(paired, base, kCostMetric);
  EXPECT_EQ(cost.method, DiffMethod::paired);
  EXPECT_DOUBLE_EQ(cost.diff, 2e6);
  EXPECT_TRUE(cost.clear);

  // Same data, same seeds: a zero difference is not clear.
  const RunData same = load_run(write_run(root_ / "same", FakeRun{}));
  EXPECT_FALSE(compare_metric(same, base, "response_rate").clear);
}

TEST_F(ReportFiles, RanksStreetsByTheCompositeScore) {
  const RunData r = load_run(write_run(root_ / "a", FakeRun{}));
  const std::vector<StreetRank> ranks = rank_streets(r);
  ASSERT_EQ(ranks.size(), 3u);
  EXPECT_EQ(ranks[0].name, "North");
  EXPECT_EQ(ranks[1].name, "Quoted, street");  // an RFC 4180 quoted field
  EXPECT_EQ(ranks[2].name, "<i>South</i>");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(ranks[i].rank, i + 1);
  EXPECT_FALSE(ranks[0].behind);
  EXPECT_FALSE(ranks[1].behind);
  EXPECT_TRUE(ranks[2].behind);
  const StreetRank& n = ranks[0];
  EXPECT_NEAR(n.response.mean, 0.901, 1e-12);
  EXPECT_NEAR(n.score, 0.2 * 0.901 + 0.4 * 0.921 + 0.4 * 0.941, 1e-12);
  EXPECT_GT(n.response.half_width, 0.0);
}

// Ten streets over three replications: scores 0.95 down to 0.86 in steps of 0.01 with ±0.001
// noise, except that streets 3 and 4 tie and street 9 (the last) is noisy (±0.05).
RunData ten_streets(double last_street_noise) {
  std::vector<std::vector<std::string>> rows;
  for (int rep = 0; rep < 3; ++rep) {
    for (int s = 0; s < 10; ++s) {
      const double wobble = (rep - 1) * (s == 9 ? last_street_noise : 0.001);
      const double score = (s == 4 ? 0.92 : 0.95 - 0.01 * s) + wobble;
      // 响应率 at the score; 解决率 and 满意率 below it for the last street (its weak point).
      const double res = s == 9 ? score - 0.004 : score, sat = s == 9 ? score + 0.002 : score;
      const double resp = (score - 0.4 * res - 0.4 * sat) / 0.2;
      rows.push_back({std::to_string(rep), std::to_string(s), "S" + std::to_string(s), fmt::format("{}", resp),
                      fmt::format("{}", res), fmt::format("{}", sat), "1.5", "0.9"});
    }
  }
  RunData r;
  r.streets = CsvTable({"replication", "street", "street_name", "response_rate", "resolution_rate",
                        "satisfaction_rate", "difficulty_factor", "worker_utilization"},
                       std::move(rows));
  return r;
}

TEST_F(ReportFiles, StreetRanksShareTiesCarryRangesAndOnlyClearGapsFallBehind) {
  const std::vector<StreetRank> ranks = rank_streets(ten_streets(0.001));
  ASSERT_EQ(ranks.size(), 10u);
  EXPECT_EQ(ranks[3].rank, 4);  // streets 3 and 4 both score 0.92: one shared rank
  EXPECT_EQ(ranks[4].rank, 4);
  EXPECT_EQ(ranks[5].rank, 6);
  for (const StreetRank& r : ranks) {
    EXPECT_LE(r.rank_best, r.rank) << r.name;
    EXPECT_GE(r.rank_worst, r.rank) << r.name;
    EXPECT_NEAR(r.score_ci.mean, r.score, 1e-12) << r.name;
  }
  EXPECT_EQ(ranks[0].rank_best, 1);
  EXPECT_EQ(ranks[0].rank_worst, 1);  // 0.01 apart with ±0.001: every street is clearly placed
  EXPECT_EQ(ranks[3].rank_worst, 5);  // but the tied pair could be either way round
  const StreetRank& last = ranks[9];
  EXPECT_TRUE(last.behind);
  EXPECT_EQ(last.weakest_rate, "resolution_rate");
  EXPECT_NEAR(last.profile.difficulty, 1.5, 1e-12);
  for (int i = 0; i < 9; ++i) EXPECT_FALSE(ranks[i].behind) << ranks[i].name;

  // The same last street, as noisy as its gap: its interval reaches the middle, it may rank
  // anywhere near it, and it is not marked as falling behind.
  const std::vector<StreetRank> noisy = rank_streets(ten_streets(0.05));
  const auto it = std::find_if(noisy.begin(), noisy.end(), [](const StreetRank& r) { return r.name == "S9"; });
  ASSERT_NE(it, noisy.end());
  EXPECT_FALSE(it->behind);
  EXPECT_LT(it->rank_best, 5);
}

// A city: its districts ranked as its streets are (区排名), its streets naming their district; a
// run of one district, or from before districts (no districts.csv), shows neither.
TEST_F(ReportFiles, RanksDistrictsOnlyInACity) {
  FakeRun city;
  city.name = "city";
  city.districts = {"East", "<b>West</b>"};
  const RunData run = load_run(write_run(root_ / "city", city));
  const std::vector<StreetRank> districts = rank_districts(run);
  ASSERT_EQ(districts.size(), 2u);
  EXPECT_EQ(districts[0].name, "East");
  EXPECT_EQ(districts[1].name, "<b>West</b>");
  EXPECT_EQ(districts[1].rank, 2);
  EXPECT_TRUE(districts[1].behind);  // 6 points below, its interval well under the median
  EXPECT_EQ(districts[1].weakest_rate, "resolution_rate");
  EXPECT_NEAR(districts[1].profile.crews_per_10k, 2.0, 1e-12);
  EXPECT_NEAR(districts[1].score, 0.2 * 0.841 + 0.4 * 0.861 + 0.4 * 0.881, 1e-12);
  EXPECT_EQ(rank_districts(run, true)[0].name, "区0");
  const std::vector<StreetRank> streets = rank_streets(run);
  EXPECT_EQ(streets[2].name, "<i>South</i>");
  EXPECT_EQ(streets[2].district, std::optional<std::size_t>(0));
  EXPECT_EQ(streets[1].district, std::optional<std::size_t>(1));

  FakeRun one;
  one.districts = {"Only"};
  write_run(root_ / "one", one);
  write_run(root_ / "old", FakeRun{});
  EXPECT_TRUE(rank_districts(load_run(root_ / "old")).empty());
  EXPECT_FALSE(load_run(root_ / "old").streets.column("district").has_value());
  const auto html = [&](const std::vector<fs::path>& dirs, Lang lang) {
    write_report(dirs, root_ / "r.html", {lang, ""});
    return read_text_file(root_ / "r.html");
  };
  for (const Lang lang : {Lang::en, Lang::zh}) {
    const std::string plain = html({root_ / "old", root_ / "one"}, lang);
    EXPECT_EQ(plain.find("id=\"districts\""), std::string::npos);
    EXPECT_EQ(plain.find("class=\"left district\""), std::string::npos);
    // The same report but for the directory's name.
    std::string one_district = html({root_ / "one"}, lang);
    const std::string one_dir = (root_ / "one").string(), old_dir = (root_ / "old").string();
    for (std::size_t at = one_district.find(one_dir); at != std::string::npos; at = one_district.find(one_dir, at))
      one_district.replace(at, one_dir.size(), old_dir);
    EXPECT_TRUE(one_district == html({root_ / "old"}, lang)) << "one district is no city";
  }
  // The baseline from before districts, the city beside it: the city's districts are ranked.
  const std::string en = html({root_ / "old", root_ / "city"}, Lang::en);
  const std::size_t section = en.find("<section id=\"districts\"");
  ASSERT_NE(section, std::string::npos);
  EXPECT_LT(section, en.find("<section id=\"streets\""));
  // A baseline of one district has no district ranks to move against.
  EXPECT_EQ(en.substr(section, en.find("</section>", section) - section).find("vs. baseline"), std::string::npos);
  EXPECT_NE(en.find("<h2>District ranking</h2>"), std::string::npos);
  EXPECT_NE(en.find("<div class=\"ranking\" data-scenario=\"1\" data-unit=\"district\">"), std::string::npos);
  EXPECT_NE(en.find("data-district=\"&lt;b&gt;West&lt;/b&gt;\" data-rank=\"2\""), std::string::npos);
  EXPECT_NE(en.find("Resolution rate (requesters&#39; answer) 3.0 points below the median district"), std::string::npos) << en.substr(section, 4000);
  EXPECT_NE(en.find("own department crews 2.0 per 10,000 residents (median district 20.0)"), std::string::npos);
  EXPECT_NE(en.find("Districts falling behind"), std::string::npos);
  EXPECT_NE(en.find("<td class=\"left district\">&lt;b&gt;West&lt;/b&gt;</td>"), std::string::npos);
  EXPECT_EQ(en.find("<b>West"), std::string::npos);
  // Two cities: the second's districts against the first's ranks.
  FakeRun again = city;
  again.name = "again";
  write_run(root_ / "again", again);
  const std::string two = html({root_ / "city", root_ / "again"}, Lang::en);
  const std::size_t again_table = two.find("<div class=\"ranking\" data-scenario=\"1\" data-unit=\"district\">");
  ASSERT_NE(again_table, std::string::npos);
  EXPECT_NE(two.find("<td class=\"num move unclear\">same</td>", again_table), std::string::npos);
  const std::string zh = html({root_ / "city"}, Lang::zh);
  for (const char* word : {"<h2>区排名</h2>", "<th class=\"left\">所属区</th>", "落后区", "<td class=\"left district\">区1</td>"})
    EXPECT_NE(zh.find(word), std::string::npos) << word;

  // districts.csv is checked as it is read, like every file of a run directory.
  replace_line(root_ / "city" / "districts.csv", 3, "0,7,<b>West</b>,区1,10000,1,2,0.5,0.9,0.9,0.9");
  EXPECT_NE(load_error(root_ / "city").find("districts.csv:3:2: district: expected a district index from 0 to 5"),
            std::string::npos)
      << load_error(root_ / "city");
}

TEST_F(ReportFiles, TilesDoNotOverlapAndKeepCommunitiesTogether) {
  const TileMap m = tile_map(load_run(write_run(root_ / "a", FakeRun{})));
  ASSERT_EQ(m.tiles.size(), 21u);
  ASSERT_EQ(m.streets.size(), 3u);
  std::set<std::pair<int, int>> cells;
  for (const GridTile& t : m.tiles) {
    EXPECT_TRUE(cells.insert({t.x, t.y}).second) << t.name;
    EXPECT_GE(t.x, 0);
    EXPECT_LT(t.x, m.width);
    EXPECT_LT(t.y, m.height);
    const StreetBlock& b = m.streets[t.street];
    EXPECT_GE(t.x, b.x);
    EXPECT_LT(t.x, b.x + b.width);
    EXPECT_GT(t.y, b.y);  // below the street's label row
    EXPECT_LT(t.y, b.y + b.height);
    EXPECT_DOUBLE_EQ(t.worker_utilization, 0.5);
  }
  EXPECT_TRUE(std::isnan(m.tiles[0].satisfaction_rate));  // undefined in every replication
  EXPECT_EQ(m.streets[2].name, "<i>South</i>");
}

TEST_F(ReportFiles, BaselineByNameAndLabels) {
  std::vector<RunData> runs = {load_run(write_run(root_ / "one", FakeRun{})), load_run(write_run(root_ / "two", FakeRun{}))};
  assign_labels(runs);
  EXPECT_EQ(runs[0].label, "district (one)");
  EXPECT_EQ(runs[1].label, "district (two)");
  EXPECT_EQ(find_baseline(runs, ""), 0u);
  EXPECT_EQ(find_baseline(runs, "district (two)"), 1u);
  EXPECT_THROW(find_baseline(runs, "district"), ReportInputError);  // ambiguous
  try {
    find_baseline(runs, "nope");
    FAIL() << "no exception";
  } catch (const ReportInputError& e) {
    EXPECT_NE(std::string(e.what()).find("'district (one)', 'district (two)'"), std::string::npos) << e.what();
  }
}

// The answer first: options ranked by the change in the three-rate score, the cost of each point,
// a practical threshold under which a clear change is negligible, and the best buy in a budget.
TEST_F(ReportFiles, RanksOptionsByWhatTheyBuyWithAPracticalThreshold) {
  FakeRun dear, cheap_but_small, worse;
  dear.name = "hire";
  dear.score = {0.910, 0.912, 0.911};  // +1.0 point, clearly (paired, same seeds)
  dear.cost = 1e7 + 4e6;               // +4 M a year: 4 M per point
  cheap_but_small.name = "forms";
  cheap_but_small.score = {0.903, 0.905, 0.904};  // +0.3 point: clear, but under 0.5
  cheap_but_small.cost = 1e7;
  worse.name = "cut";
  worse.score = {0.880, 0.882, 0.881};  // −2 points
  worse.cost = 1e7 - 5e6;
  std::vector<RunData> runs = {load_run(write_run(root_ / "base", FakeRun{})), load_run(write_run(root_ / "hire", dear)),
                               load_run(write_run(root_ / "forms", cheap_but_small)), load_run(write_run(root_ / "cut", worse))};
  assign_labels(runs);
  ReportOptions options;
  options.budget_yuan_per_year = 5e6;
  const std::string html = render_report(runs, options);
  const auto at = [&](const std::string& needle) { return html.find(needle); };
  ASSERT_NE(at("id=\"ranked\""), std::string::npos);
  // Ranked by the score change: hire, forms, cut.
  EXPECT_LT(at("data-scenario=\"1\" data-verdict=\"better\""), at("data-scenario=\"2\" data-verdict=\"negligible\""));
  EXPECT_LT(at("data-scenario=\"2\" data-verdict=\"negligible\""), at("data-scenario=\"3\" data-verdict=\"worse\""));
  EXPECT_NE(at("Best value: hire gains 1.00 points for ¥4.0M a year (¥4.0M per point)."), std::string::npos) << html.substr(at("id=\"ranked\""), 3000);
  EXPECT_NE(at("With ¥5.0M a year more: hire (+1.00 points"), std::string::npos);
  // A higher threshold makes the gain negligible too, and then nothing is worth buying.
  options.practical_threshold_points = 2.0;
  const std::string strict = render_report(runs, options);
  EXPECT_NE(strict.find("data-scenario=\"1\" data-verdict=\"negligible\""), std::string::npos);
  EXPECT_NE(strict.find("No option raises the score by 2 points or more"), std::string::npos);
}

TEST_F(ReportFiles, PartyOrganisationRowsJoinTheAnswerTableOnlyWhenMembersAreAtWork) {
  const auto rows_of = [&](const std::vector<fs::path>& runs) {
    write_report(runs, root_ / "r.html", {Lang::en, ""});
    return read_text_file(root_ / "r.html");
  };
  FakeRun none, members;
  none.member_h = 0.0;
  members.name = "branches";
  members.member_h = 5000.0;
  write_run(root_ / "old", FakeRun{});  // a run from before: no party metrics at all
  write_run(root_ / "none", none);
  write_run(root_ / "members", members);
  const std::string row = "<tr data-metric=\"member_h_per_year\"";
  // Nobody at work, or a run that cannot say: the usual rows.
  EXPECT_EQ(rows_of({root_ / "none", root_ / "old"}).find(row), std::string::npos);
  EXPECT_EQ(rows_of({root_ / "old", root_ / "members"}).find(row), std::string::npos);
  // Members at work in one scenario: what they are for and what they take, before the cost.
  const std::string html = rows_of({root_ / "none", root_ / "members"});
  const std::size_t hours = html.find(row), early = html.find("<tr data-metric=\"found_early_share\""),
                    cost = html.find("<tr data-metric=\"total_cost_per_year\"");
  ASSERT_NE(hours, std::string::npos);
  ASSERT_NE(early, std::string::npos);
  EXPECT_LT(early, hours);
  EXPECT_LT(hours, cost);
  EXPECT_NE(html.find("<tr data-metric=\"tickets_per_1000_per_day\""), std::string::npos);
}

TEST_F(ReportFiles, RendersEscapedSelfContainedHtml) {
  FakeRun evil;
  evil.name = "<script>alert(1)</script>";
  evil.response_rate = {0.7, 0.72, 0.71};
  write_run(root_ / "base", FakeRun{});
  write_run(root_ / "evil", evil);
  for (const Lang lang : {Lang::en, Lang::zh}) {
    const fs::path out = root_ / fmt::format("report_{}.html", lang_code(lang));
    write_report({root_ / "base", root_ / "evil"}, out, {lang, ""});
    const std::string html = read_text_file(out);
    EXPECT_EQ(html.find("<script>alert(1)"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
    EXPECT_NE(html.find("&lt;i&gt;South&lt;/i&gt;"), std::string::npos);
    EXPECT_NE(html.find("A &lt;b&gt;test&lt;/b&gt; district"), std::string::npos);
    // Five scripts (data, vega, vega-lite, vega-embed, the report's), each closed once;
    // nothing is loaded from elsewhere.
    std::size_t closes = 0;
    for (std::size_t at = html.find("</script>"); at != std::string::npos; at = html.find("</script>", at + 1)) ++closes;
    EXPECT_EQ(closes, 5u);
    EXPECT_EQ(html.find("<script src"), std::string::npos);
    EXPECT_EQ(html.find("<link"), std::string::npos);
    EXPECT_EQ(html.find("sourceMappingURL"), std::string::npos);
    EXPECT_NE(html.find("vegaEmbed"), std::string::npos);
    // The answer table holds summary.json's numbers.
    EXPECT_NE(html.find("data-metric=\"response_rate\" data-scenario=\"1\" data-mean=\"0.71\""), std::string::npos);
    EXPECT_NE(html.find("<span class=\"v\">71.0%</span>"), std::string::npos);
    EXPECT_NE(html.find(lang == Lang::zh ? "响应率" : "Response rate"), std::string::npos);
    EXPECT_NE(html.find(lang == Lang::zh ? "lang=\"zh-CN\"" : "lang=\"en\""), std::string::npos);
    EXPECT_NE(html.find("data-verdict=\"worse\""), std::string::npos);  // 81% → 71% is clearly worse
  }
  EXPECT_THROW(write_report({root_ / "base", root_ / "evil"}, root_ / "x.html", {Lang::en, "nope"}), ReportInputError);
  write_report({root_ / "base", root_ / "evil"}, root_ / "b.html", {Lang::en, "<script>alert(1)</script>"});
  EXPECT_NE(read_text_file(root_ / "b.html").find("data-scenario=\"1\">"), std::string::npos);
}

// Issue 12: a sweep's report. Two staffing levels × whistle on/off, 3 replications: the best
// point within the budget, its runner-up and their paired difference; heatmaps whose colour
// runs the cost's way (lower is better) and the score's way; every point in the table.
SweepReportData two_axis_sweep() {
  SweepReportData d;
  d.name = "tiny";
  d.replications = 3;
  d.run_count = d.done_runs = 12;
  d.columns = {{"grid_workers.per_grid", "values", 0}, {"whistle.enabled", "values", 1}};
  d.metrics = {"response_rate", "resolution_rate", "satisfaction_rate", "three_rate_score", "total_cost_per_year"};
  const double scores[4][3] = {{0.90, 0.91, 0.92}, {0.88, 0.89, 0.90}, {0.95, 0.96, 0.97}, {0.94, 0.95, 0.96}};
  for (int p = 0; p < 4; ++p) {
    SweepReportPoint point{p, {p < 2 ? "1" : "2", p % 2 ? "false" : "true"}, 3, {}};
    const std::vector<double> score(std::begin(scores[p]), std::end(scores[p]));
    for (int m = 0; m < 3; ++m) point.metrics.push_back(mean_ci95(score));
    point.metrics.push_back(mean_ci95(score));
    point.metrics.push_back(mean_ci95(std::vector<double>(3, p < 2 ? 1e7 : 2e7)));
    d.points.push_back(point);
    d.score_runs.push_back(score);
  }
  return d;
}

TEST(SweepReport, NamesTheBestPointWithinTheBudgetAndItsRunnerUp) {
  ReportOptions options;
  options.budget_yuan_per_year = 1.5e7;  // only the two points of 1 worker per grid
  const std::string html = render_sweep_report(two_axis_sweep(), options);
  EXPECT_NE(html.find("class=\"best-line best\" data-point=\"0\""), std::string::npos);
  EXPECT_NE(html.find("class=\"best-line runner-up\" data-point=\"1\""), std::string::npos);
  // Replication by replication point 0 leads by exactly 2 points: beyond chance.
  EXPECT_NE(html.find("data-clear=\"true\""), std::string::npos);
  for (const char* id : {"curve_0", "curve_1", "heat_three_rate_score", "heat_total_cost_per_year"})
    EXPECT_NE(html.find(fmt::format("data-chart=\"{}\"", id)), std::string::npos) << id;
  const std::string marker = "id=\"govgrid-data\">";
  const auto data_start = html.find(marker) + marker.size();
  const auto blob = nlohmann::json::parse(html.substr(data_start, html.find("</script>", data_start) - data_start));
  for (const auto& chart : blob["charts"]) {
    if (chart["id"] == "heat_total_cost_per_year")
      EXPECT_EQ(chart["spec"]["layer"][0]["encoding"]["color"]["scale"]["reverse"], true);
    if (chart["id"] == "heat_three_rate_score")
      EXPECT_EQ(chart["spec"]["layer"][0]["encoding"]["color"]["scale"]["reverse"], false);
  }
  EXPECT_EQ(blob["datasets"]["heat_three_rate_score"].size(), 4u);
  EXPECT_NE(html.find("data-negligible=\"false\""), std::string::npos);
  // A 2-point lead under a 2.5-point practical threshold: beyond chance, negligible in practice.
  options.practical_threshold_points = 2.5;
  const std::string small = render_sweep_report(two_axis_sweep(), options);
  EXPECT_NE(small.find("class=\"best-difference unclear\" data-clear=\"true\" data-negligible=\"true\""), std::string::npos);
  options.practical_threshold_points = 0.5;

  options.budget_yuan_per_year = 5e6;
  EXPECT_NE(render_sweep_report(two_axis_sweep(), options).find("id=\"best-none\""), std::string::npos);
  options.lang = Lang::zh;
  EXPECT_NE(render_sweep_report(two_axis_sweep(), options).find("没有年度总成本不超过500万元的参数组合"), std::string::npos);
}

TEST(SweepReport, RefusesASweepWithoutTheMetricsItShows) {
  SweepReportData d = two_axis_sweep();
  d.metrics[3] = "something_else";
  EXPECT_THROW(render_sweep_report(d, {}), ReportInputError);
  d = two_axis_sweep();
  d.done_runs = 0;
  EXPECT_THROW(render_sweep_report(d, {}), ReportInputError);
}

}  // namespace
}  // namespace govgrid::report

namespace govgrid::report {
namespace {

/// daily.csv rows: `replications` × 100 days, warm-up 20; backlog 100 + trend × day + noise;
/// arrivals 100 + arrivals_trend × day + noise.
RunData daily_run(double trend_per_day, int replications, double arrivals_trend = 0.0) {
  RunData r;
  r.days = 100, r.warmup_days = 20;
  std::vector<std::vector<std::string>> rows;
  for (int rep = 0; rep < replications; ++rep)
    for (int day = 0; day < 100; ++day) {
      const double noise = 8.0 * std::sin(day * 1.7 + rep * 2.3);  // no trend of its own
      rows.push_back({std::to_string(rep), std::to_string(day), std::to_string(100.0 + trend_per_day * day + noise),
                      std::to_string(50.0 + noise), std::to_string(100.0 + arrivals_trend * day - noise)});
    }
  r.daily = CsvTable({"replication", "day", "backlog", "hidden", "arrivals"}, std::move(rows));
  return r;
}

TEST(Drift, ABacklogThatKeepsGrowingIsFlaggedASteadyOneIsNot) {
  // +0.5 a day over 80 measured days from a mean of about 130: about +31% over the period.
  const auto growing = drifts(daily_run(0.5, 4));
  ASSERT_EQ(growing.size(), 2u);
  EXPECT_EQ(growing[0].quantity, "backlog");
  EXPECT_TRUE(growing[0].drifts);
  EXPECT_NEAR(growing[0].change.mean, 0.5 * 80 / 130.0, 0.03);
  EXPECT_FALSE(growing[1].drifts) << "hidden problems held steady";
  const auto steady = drifts(daily_run(0.0, 4));
  EXPECT_FALSE(steady[0].drifts);
  EXPECT_LT(std::fabs(steady[0].change.mean), kDriftThreshold);
  // A slow trend under the threshold is not a warning, however clear.
  EXPECT_FALSE(drifts(daily_run(0.1, 4))[0].drifts);
  // Filling up: demand held while the backlog grew.
  EXPECT_FALSE(growing[0].follows_demand);
  // A season: arrivals rose as much as the backlog did, so the time in system held.
  const auto season = drifts(daily_run(0.5, 4, 0.5));
  EXPECT_TRUE(season[0].drifts);
  EXPECT_TRUE(season[0].follows_demand);
  EXPECT_NEAR(season[0].arrivals_change, season[0].change.mean, 0.03);
}

}  // namespace
}  // namespace govgrid::report
