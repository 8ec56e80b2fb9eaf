#include "analysis/outputs.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/metric_catalogue.h"

namespace govgrid {
namespace {

namespace fs = std::filesystem;

const std::string kTrickyStreet = "Dongcheng, \"Old\" <script>alert(1)</script>";

// 2 streets, 3 grids: street 0 has community 0 with grids 0 and 1; street 1 has community 1
// with grid 2.
World make_world() {
  World w;
  w.streets = {{kTrickyStreet, 0, 1, 0, 2, 0, 2000, 4}, {"东华门街道", 1, 1, 2, 1, 2000, 1000, 5}};
  w.communities = {{"社区 A", 0, 0, 2, 2, ""}, {"Community B", 1, 2, 1, 3, ""}};
  w.grids = {{"网格 1", 0, 0, 0, 1000, 0, 1.0},
             {"grid, two", 0, 0, 1000, 1000, 0, 1.0},
             {"grid 3", 1, 1, 2000, 1000, 1, 1.0}};
  const auto station = [](StationInfo::Kind kind, std::uint32_t owner, int servers, double wage) {
    StationInfo s;
    s.kind = kind;
    s.owner = owner;
    s.servers = servers;
    s.wage_per_year = wage;
    return s;
  };
  w.stations = {station(StationInfo::Kind::grid_workers, 0, 2, 80000.0),
                station(StationInfo::Kind::grid_workers, 2, 1, 80000.0),
                station(StationInfo::Kind::community, 0, 3, 100000.0),
                station(StationInfo::Kind::community, 1, 3, 100000.0),
                station(StationInfo::Kind::street, 0, 8, 110000.0),
                station(StationInfo::Kind::street, 1, 8, 110000.0),
                station(StationInfo::Kind::department, 0, 10, 120000.0)};
  w.stations[0].grid_count = 2;
  w.stations[1].first_grid = 2;
  w.stations[1].grid_count = 1;
  w.first_department_station = 6;
  w.districts = {{"unit-test", "", 0, 2, 0, 3000, 0}};
  w.departments = {{"sanitation", 0, 0}};
  return w;
}

ScenarioSpec make_spec() {
  ScenarioSpec s;
  s.name = "unit-test";
  s.description = "两条街道, three grids";
  s.source_file = "tests/unit.yaml";
  s.run.days = 100.0;
  s.run.warmup_days = 30.0;
  s.run.replications = 2;
  s.run.seed = 42;
  s.categories.resize(2);
  s.categories[0].name = "sanitation 市容环境";
  s.categories[1].name = "dispute, \"neighbour\"";
  s.residents.channels.resize(2);
  s.residents.channels[0].name = "hotline 12345";
  s.residents.channels[1].name = "app";
  return s;
}

// Replication r (0 or 1): grid g creates 10·(g + 1) + 10·r cases.
ReplicationResult make_replication(int r, bool with_cases) {
  ReplicationResult rep;
  rep.replication = r;
  rep.seed = 1000 + r;
  rep.measured_days = 70.0;
  for (int g = 0; g < 3; ++g) {
    GridTally t;
    t.cases_created = 10 * (g + 1) + 10 * r;
    t.cases_closed = t.cases_created - 2;
    t.cases_resolved = t.cases_closed - 1;
    t.resolved_at = {t.cases_resolved, 0, 0, 0};
    t.responded = t.cases_created;
    t.responded_on_time = t.cases_created - g;
    t.requests = t.cases_created;
    t.requests_responded_on_time = t.cases_created - g;
    t.tickets_dispatched = t.requests;
    t.tickets_contacted_on_time = t.requests_responded_on_time;
    t.rated = 10;
    t.satisfied = 8 + r;
    t.response_h_sum = 2.0 * t.cases_created;
    t.response_h.add(2.0);
    t.worker_count = 1.0;
    t.worker_scheduled_h = 400.0;
    t.worker_case_h = 100.0 + 10 * g;
    t.residents = 1000;
    t.trust_sum = 600.0 + 10 * r;
    rep.grids.push_back(t);
  }
  rep.cases_created_all = 100 + r;
  rep.cases_closed_all = 90;
  rep.cases_open_all = 10 + r;
  for (int day = 0; day < 3; ++day) {
    DailyRow d;
    d.arrivals = 5 + day;
    d.rated = day == 0 ? 0 : 4;
    d.satisfied = day == 0 ? 0 : 3;
    d.backlog = 7;
    rep.daily.push_back(d);
  }
  if (with_cases) {
    CaseRecord a;
    a.case_id = 1;
    a.grid = 1;
    a.category = 1;
    a.channel = -1;
    a.arisen_h = 1.5;
    a.found_h = 2.25;
    CaseRecord b;
    b.case_id = 2;
    b.grid = 2;
    b.category = 0;
    b.channel = 0;
    b.level_resolved = 0;
    b.rating = 1;
    b.arisen_h = 0.1;
    b.closed_h = 1.0 / 3.0;
    b.repeat = true;  // a repeat ticket (重复件) about case 42
    b.repeat_of = 42;
    rep.cases = {a, b};
  }
  rep.perf.events = 1000 + 10 * r;
  rep.perf.station_arrivals = 300 + r;
  rep.perf.station_completions = 290 + r;
  rep.perf.setup_seconds = 0.5;
  rep.perf.run_seconds = 2.0;
  return rep;
}

class OutputsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = fs::path(::testing::TempDir()) /
            (std::string("govgrid_outputs_") + info->name() + "_" + std::to_string(::getpid()));
    fs::remove_all(root_);
    report_.spec = &spec_;
    report_.world = &world_;
    report_.replications = {make_replication(0, true), make_replication(1, false)};
    report_.threads = 1;
    report_.wall_seconds = 5.0;
  }
  void TearDown() override { fs::remove_all(root_); }

  static std::string slurp(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }

  // RFC 4180 reader: rows of fields, quotes and doubled quotes honoured.
  static std::vector<std::vector<std::string>> read_csv(const fs::path& p) {
    const std::string text = slurp(p);
    std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (quoted) {
        if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
          rows.back().back() += '"';
          ++i;
        } else if (c == '"') {
          quoted = false;
        } else {
          rows.back().back() += c;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        rows.back().emplace_back();
      } else if (c == '\n') {
        rows.emplace_back(1);
      } else {
        rows.back().back() += c;
      }
    }
    EXPECT_EQ(rows.back(), std::vector<std::string>(1)) << "file must end with a newline";
    rows.pop_back();
    return rows;
  }

  static std::size_t column(const std::vector<std::string>& header, std::string_view name) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return i;
    }
    throw std::runtime_error("no column " + std::string(name));
  }

  ScenarioSpec spec_ = make_spec();
  World world_ = make_world();
  RunReport report_;
  fs::path root_;
};

TEST_F(OutputsTest, SummaryJsonHoldsMeansCisStaffPerfAndConservation) {
  write_run_outputs(report_, root_);
  const auto j = nlohmann::json::parse(slurp(root_ / "summary.json"));
  EXPECT_EQ(j["scenario"], "unit-test");
  EXPECT_EQ(j["description"], "两条街道, three grids");
  EXPECT_EQ(j["source_file"], "tests/unit.yaml");
  EXPECT_EQ(j["seed"], 42);
  EXPECT_EQ(j["replications"], 2);
  EXPECT_EQ(j["threads"], 1);
  EXPECT_EQ(j["days"], 100.0);
  EXPECT_EQ(j["warmup_days"], 30.0);
  EXPECT_EQ(j["world"], nlohmann::json::parse(R"({"districts": 1, "streets": 2, "communities": 2, "grids": 3,
                                                  "residents": 0})"));

  // District cases created: 60 and 90 → mean 75, s/√n = 15, t(0.975, 1) = 12.7062047...
  const auto& created = j["metrics"]["cases_created"];
  EXPECT_DOUBLE_EQ(created["mean"].get<double>(), 75.0);
  EXPECT_NEAR(created["half_width"].get<double>(), 15.0 * 12.706204736174705, 1e-9);
  EXPECT_NEAR(created["ci95_low"].get<double>(), 75.0 - 15.0 * 12.706204736174705, 1e-9);
  EXPECT_NEAR(created["ci95_high"].get<double>(), 75.0 + 15.0 * 12.706204736174705, 1e-9);
  EXPECT_EQ(created["n"], 2);
  EXPECT_EQ(created["unit"], "count");
  EXPECT_EQ(created["zh"], "新建案件数");

  // Response rate: (60 − 3) / 60 and (90 − 3) / 90, averaged over replications.
  const auto& response = j["metrics"]["response_rate"];
  EXPECT_NEAR(response["mean"].get<double>(), (57.0 / 60.0 + 87.0 / 90.0) / 2.0, 1e-15);
  EXPECT_EQ(response["en"], "Response rate");
  EXPECT_EQ(response["zh"], "响应率");
  // Satisfaction: 24/30 and 27/30. Trust: 1800/3000 and 1830/3000.
  EXPECT_NEAR(j["metrics"]["satisfaction_rate"]["mean"].get<double>(), 0.85, 1e-15);
  EXPECT_NEAR(j["metrics"]["trust_mean"]["mean"].get<double>(), 0.605, 1e-15);
  // No grown problems, no problems arisen: undefined metrics are null, not 0.
  EXPECT_TRUE(j["metrics"]["hidden_problem_share"]["mean"].is_null());
  EXPECT_TRUE(j["metrics"]["wait_time_mean_h"]["ci95_low"].is_null());
  EXPECT_EQ(j["metrics"].size(), metric_defs().size());

  const auto& staff = j["staff"];
  EXPECT_EQ(staff["grid_workers"], 3);
  EXPECT_EQ(staff["community_staff"], 6);
  EXPECT_EQ(staff["street_centre_staff"], 16);
  EXPECT_EQ(staff["department_crews"], 10);
  EXPECT_DOUBLE_EQ(staff["annual_wage_cost_yuan"].get<double>(),
                   3 * 80000.0 + 6 * 100000.0 + 16 * 110000.0 + 10 * 120000.0);

  const auto& perf = j["perf"];
  EXPECT_EQ(perf["events"], 2010);
  EXPECT_EQ(perf["station_events"], 1182);
  EXPECT_DOUBLE_EQ(perf["wall_seconds"].get<double>(), 5.0);
  EXPECT_DOUBLE_EQ(perf["events_per_second"].get<double>(), 402.0);
  EXPECT_DOUBLE_EQ(perf["setup_seconds"].get<double>(), 1.0);

  const auto& cons = j["conservation"];
  EXPECT_EQ(cons["created"], 201);
  EXPECT_EQ(cons["closed"], 180);
  EXPECT_EQ(cons["open"], 21);
  EXPECT_EQ(cons["holds"], true);
}

TEST_F(OutputsTest, ConservationFailureIsReported) {
  report_.replications[1].cases_open_all = 5;
  write_run_outputs(report_, root_);
  const auto j = nlohmann::json::parse(slurp(root_ / "summary.json"));
  EXPECT_EQ(j["conservation"]["holds"], false);
  EXPECT_NE(format_summary_table(report_).find("VIOLATED"), std::string::npos);
}

TEST_F(OutputsTest, CsvTablesHaveHeadersRowsAndValues) {
  write_run_outputs(report_, root_);
  const std::size_t m = metric_defs().size();

  const auto metrics = read_csv(root_ / "metrics.csv");
  ASSERT_EQ(metrics.size(), 1u + 2u);
  EXPECT_EQ(metrics[0][0], "replication");
  EXPECT_EQ(metrics[0][1], "seed");
  EXPECT_EQ(metrics[0][2], metric_defs()[0].name);
  for (const auto& row : metrics) EXPECT_EQ(row.size(), 2 + m);
  EXPECT_EQ(metrics[1][1], "1000");
  EXPECT_EQ(metrics[2][1], "1001");
  EXPECT_EQ(metrics[1][column(metrics[0], "cases_created")], "60");
  EXPECT_EQ(metrics[2][column(metrics[0], "cases_created")], "90");
  EXPECT_EQ(metrics[1][column(metrics[0], "hidden_problem_share")], "");  // NaN → empty
  // Shortest round-trip numbers: 57/60 reads back exactly.
  EXPECT_EQ(std::stod(metrics[1][column(metrics[0], "response_rate")]), 57.0 / 60.0);

  const auto streets = read_csv(root_ / "streets.csv");
  ASSERT_EQ(streets.size(), 1u + 2u * 2u);
  EXPECT_EQ((std::vector<std::string>(streets[0].begin(), streets[0].begin() + 4)),
            (std::vector<std::string>{"replication", "street", "street_name", "street_name_zh"}));
  for (const auto& row : streets) EXPECT_EQ(row.size(), 9 + m);
  EXPECT_EQ(streets[0][4], "district");
  EXPECT_EQ(streets[0][5], "residents");
  EXPECT_EQ(streets[0][8], "difficulty_factor");
  EXPECT_EQ(streets[1][4], "0");  // one district: every street's is 0
  EXPECT_EQ(streets[1][3], "");  // listed without a Chinese name
  const std::size_t created = column(streets[0], "cases_created");
  EXPECT_EQ(streets[1][2], kTrickyStreet);
  EXPECT_EQ(streets[1][created], "30");  // replication 0, street 0: grids 0 and 1
  EXPECT_EQ(streets[2][2], "东华门街道");
  EXPECT_EQ(streets[2][created], "30");
  EXPECT_EQ(streets[3][created], "50");  // replication 1
  EXPECT_EQ(streets[4][created], "40");

  const auto grids = read_csv(root_ / "grids.csv");
  ASSERT_EQ(grids.size(), 1u + 2u * 3u);
  EXPECT_EQ((std::vector<std::string>(grids[0].begin(), grids[0].begin() + 6)),
            (std::vector<std::string>{"replication", "grid", "grid_name", "community", "street",
                                      "residents"}));
  for (const auto& row : grids) EXPECT_EQ(row.size(), 6 + m);
  EXPECT_EQ(grids[2][2], "grid, two");
  EXPECT_EQ(grids[3][3], "1");  // grid 2 is in community 1, street 1
  EXPECT_EQ(grids[3][4], "1");
  EXPECT_EQ(grids[3][5], "1000");
  EXPECT_EQ(grids[6][column(grids[0], "cases_created")], "40");

  const auto daily = read_csv(root_ / "daily.csv");
  ASSERT_EQ(daily.size(), 1u + 2u * 3u);
  EXPECT_EQ(daily[0], (std::vector<std::string>{"replication", "day", "arrivals", "resolutions",
                                                "closures", "backlog", "hidden", "rated",
                                                "satisfied", "satisfaction_rate", "member_answer_share"}));
  EXPECT_EQ(daily[1], (std::vector<std::string>{"0", "0", "5", "0", "0", "7", "0", "0", "0", "", ""}));
  EXPECT_EQ(daily[6], (std::vector<std::string>{"1", "2", "7", "0", "0", "7", "0", "4", "3", "0.75", ""}));

  const auto cases = read_csv(root_ / "cases.csv");
  ASSERT_EQ(cases.size(), 1u + 2u);
  const auto& h = cases[0];
  EXPECT_EQ(h.size(), 25u);
  for (const auto& row : cases) EXPECT_EQ(row.size(), h.size());
  EXPECT_EQ(cases[1][column(h, "category_name")], "dispute, \"neighbour\"");
  EXPECT_EQ(cases[1][column(h, "channel")], "-1");
  EXPECT_EQ(cases[1][column(h, "channel_name")], "patrol");
  EXPECT_EQ(cases[1][column(h, "found_h")], "2.25");
  EXPECT_EQ(cases[1][column(h, "closed_h")], "");  // never closed: NaN → empty
  EXPECT_EQ(cases[1][column(h, "level_resolved")], "-1");
  EXPECT_EQ(cases[2][column(h, "channel_name")], "hotline 12345");
  EXPECT_EQ(cases[2][column(h, "category_name")], "sanitation 市容环境");
  EXPECT_EQ(std::stod(cases[2][column(h, "closed_h")]), 1.0 / 3.0);
  EXPECT_EQ(cases[2][column(h, "rating")], "1");
  EXPECT_EQ(cases[1][column(h, "repeat_of")], "");  // not a repeat
  EXPECT_EQ(cases[2][column(h, "repeat_of")], "42");
}

// districts.csv: one row per replication and district, its counts the sums of its streets'.
TEST_F(OutputsTest, DistrictsCsvAddsUpItsStreets) {
  // One district (a world without `districts:`): one row per replication, the whole world.
  write_run_outputs(report_, root_ / "one");
  const auto one = read_csv(root_ / "one" / "districts.csv");
  ASSERT_EQ(one.size(), 1u + 2u);
  EXPECT_EQ((std::vector<std::string>(one[0].begin(), one[0].begin() + 7)),
            (std::vector<std::string>{"replication", "district", "district_name", "district_name_zh", "residents",
                                      "streets", "department_crews"}));
  EXPECT_EQ(one[0][7], metric_defs()[0].name);
  for (const auto& row : one) EXPECT_EQ(row.size(), 7 + metric_defs().size());
  EXPECT_EQ((std::vector<std::string>(one[1].begin(), one[1].begin() + 7)),
            (std::vector<std::string>{"0", "0", "unit-test", "", "3000", "2", "10"}));
  const auto metrics = read_csv(root_ / "one" / "metrics.csv");
  for (std::size_t r = 1; r <= 2; ++r)
    EXPECT_EQ(one[r][column(one[0], "cases_created")], metrics[r][column(metrics[0], "cases_created")]);

  // Two districts, one street each, and a city department that belongs to neither.
  world_.streets[1].district = 1;
  world_.districts = {{"east", "东区", 0, 1, 0, 2000, 0}, {"west, \"old\"", "西区", 1, 1, 2000, 1000, 1}};
  world_.departments = {{"east/sanitation", 0, 0}, {"west/sanitation", 1, 0}, {"city/utilities", World::Department::kCity, 0}};
  world_.stations.push_back(world_.stations[6]);
  world_.stations.back().owner = 1;
  world_.stations.back().servers = 4;
  world_.stations.push_back(world_.stations[6]);
  world_.stations.back().owner = 2;
  world_.stations.back().servers = 3;
  write_run_outputs(report_, root_ / "two");
  const auto districts = read_csv(root_ / "two" / "districts.csv");
  const auto streets = read_csv(root_ / "two" / "streets.csv");
  ASSERT_EQ(districts.size(), 1u + 2u * 2u);
  EXPECT_EQ((std::vector<std::string>(districts[2].begin(), districts[2].begin() + 7)),
            (std::vector<std::string>{"0", "1", "west, \"old\"", "西区", "1000", "1", "4"}));
  EXPECT_EQ(districts[1][column(districts[0], "department_crews")], "10");  // the city's 3 crews are no district's
  EXPECT_EQ(streets[2][column(streets[0], "district")], "1");
  // Every count: the district's is the sum of its streets'.
  for (const MetricDef& m : metric_defs()) {
    if (m.unit != "count") continue;
    for (std::size_t d = 1; d < districts.size(); ++d) {
      double sum = 0.0;
      for (std::size_t s = 1; s < streets.size(); ++s)
        if (streets[s][0] == districts[d][0] && streets[s][column(streets[0], "district")] == districts[d][1])
          sum += std::stod(streets[s][column(streets[0], m.name)]);
      EXPECT_EQ(std::stod(districts[d][column(districts[0], m.name)]), sum) << m.name << ", row " << d;
    }
  }
  EXPECT_EQ(districts[3][column(districts[0], "cases_created")], "50");  // replication 1, east: grids 0 and 1
  const auto j = nlohmann::json::parse(slurp(root_ / "two" / "summary.json"));
  EXPECT_EQ(j["world"]["districts"], 2);
  EXPECT_EQ(j["staff"]["department_crews"], 17);

  // A street outside the world's districts is an inconsistent report.
  world_.streets[1].district = 2;
  EXPECT_THROW(write_run_outputs(report_, root_ / "bad"), std::invalid_argument);
}

TEST_F(OutputsTest, NamesAreQuotedPerRfc4180) {
  write_run_outputs(report_, root_);
  const std::string streets = slurp(root_ / "streets.csv");
  EXPECT_NE(streets.find("\n0,0,\"Dongcheng, \"\"Old\"\" <script>alert(1)</script>\","),
            std::string::npos);
  EXPECT_NE(streets.find("\n0,1,东华门街道,"), std::string::npos);  // nothing to quote
  const std::string grids = slurp(root_ / "grids.csv");
  EXPECT_NE(grids.find("\n0,1,\"grid, two\",0,0,1000,"), std::string::npos);
}

TEST_F(OutputsTest, WritingTwiceIsByteIdenticalAndOnlyPerfDependsOnThreads) {
  write_run_outputs(report_, root_ / "a");
  write_run_outputs(report_, root_ / "b");
  RunReport other = report_;
  other.threads = 8;
  other.wall_seconds = 0.75;
  for (auto& rep : other.replications) {
    rep.perf.setup_seconds = 0.1;
    rep.perf.run_seconds = 0.3;
  }
  write_run_outputs(other, root_ / "c");

  for (const char* f : {"summary.json", "metrics.csv", "streets.csv", "districts.csv", "grids.csv", "daily.csv",
                        "cases.csv"}) {
    EXPECT_EQ(slurp(root_ / "a" / f), slurp(root_ / "b" / f)) << f;
    if (std::string_view(f) != "summary.json") {
      EXPECT_EQ(slurp(root_ / "a" / f), slurp(root_ / "c" / f)) << f;
    }
  }
  auto ja = nlohmann::json::parse(slurp(root_ / "a" / "summary.json"));
  auto jc = nlohmann::json::parse(slurp(root_ / "c" / "summary.json"));
  EXPECT_NE(ja, jc);
  for (auto* j : {&ja, &jc}) {
    j->erase("perf");
    j->erase("threads");
  }
  EXPECT_EQ(ja, jc);
}

TEST_F(OutputsTest, CasesCsvOnlyWithCasesAndStaleOneRemoved) {
  write_run_outputs(report_, root_);
  EXPECT_TRUE(fs::exists(root_ / "cases.csv"));
  report_.replications[0].cases.clear();
  write_run_outputs(report_, root_);
  EXPECT_FALSE(fs::exists(root_ / "cases.csv"));
  EXPECT_TRUE(fs::exists(root_ / "daily.csv"));
}

TEST_F(OutputsTest, InconsistentReportsThrow) {
  RunReport bad = report_;
  bad.replications[1].grids.pop_back();
  EXPECT_THROW(write_run_outputs(bad, root_), std::invalid_argument);
  EXPECT_THROW(format_summary_table(bad), std::invalid_argument);

  bad = report_;
  bad.replications[0].cases[0].category = 7;
  EXPECT_THROW(write_run_outputs(bad, root_), std::invalid_argument);

  bad = report_;
  bad.replications[0].cases[1].channel = 2;
  EXPECT_THROW(write_run_outputs(bad, root_), std::invalid_argument);

  bad = report_;
  bad.world = nullptr;
  EXPECT_THROW(write_run_outputs(bad, root_), std::invalid_argument);
}

TEST(DisplayWidth, CountsWideAndCombiningCharacters) {
  EXPECT_EQ(display_width(""), 0);
  EXPECT_EQ(display_width("abc"), 3);
  EXPECT_EQ(display_width("响应率"), 6);
  EXPECT_EQ(display_width("a响b"), 4);
  EXPECT_EQ(display_width("e\xCC\x81"), 1);  // e + combining acute
  EXPECT_EQ(display_width("ＡＢ"), 4);      // fullwidth forms
  EXPECT_EQ(display_width("\xFF" "a"), 2);   // an invalid byte counts one column
}

TEST_F(OutputsTest, SummaryTableIsGroupedAndAligned) {
  const std::string table = format_summary_table(report_);
  EXPECT_NE(table.find("Scenario unit-test: 2 replications"), std::string::npos);
  EXPECT_NE(table.find("\nThree rates 三率\n"), std::string::npos);
  EXPECT_NE(table.find("\nVolume 案件量\n"), std::string::npos);
  EXPECT_NE(table.find("perf: 2010 events, 5.00 s wall, 402 events/s, 1 thread"),
            std::string::npos);
  EXPECT_NE(table.find("conservation: created 201 = closed 180 + open 21: holds"),
            std::string::npos);

  // Each metric row ends with its unit; with the label, mean and CI columns padded by
  // display width, everything before the unit has the same width on every row.
  std::vector<std::string> lines;
  std::istringstream in(table);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  int width_before_unit = -1;
  for (const MetricDef& m : metric_defs()) {
    const std::string label = "  " + std::string(m.en) + "  " + std::string(m.zh);
    const auto it = std::find_if(lines.begin(), lines.end(), [&](const std::string& l) {
      return l.rfind(label, 0) == 0;
    });
    ASSERT_NE(it, lines.end()) << m.name;
    ASSERT_GE(it->size(), m.unit.size());
    EXPECT_EQ(it->substr(it->size() - m.unit.size()), m.unit) << *it;
    const int w = display_width(*it) - display_width(m.unit);
    if (width_before_unit < 0) width_before_unit = w;
    EXPECT_EQ(w, width_before_unit) << *it;
  }
  // The mean of cases created and its CI, as printed.
  EXPECT_NE(table.find("75.0  [-115.6, 265.6]"), std::string::npos) << table;
}

}  // namespace
}  // namespace govgrid
