// The district level end to end: a small simulated city of two districts, one of them short of
// department crews, written by write_run_outputs (districts.csv, streets.csv's district) and
// read back by the report (区排名, each street's district); and the same run directory without
// districts.csv, as runs from before districts were written, still reported.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "analysis/metric_catalogue.h"
#include "analysis/outputs.h"
#include "analysis/report/csv.h"
#include "analysis/report/report.h"
#include "analysis/report/report_data.h"
#include "engine/run/replications.h"
#include "govgrid/scenario_loader.h"

namespace govgrid {
namespace {

namespace fs = std::filesystem;
using report::CsvTable;

/// The default district's settings in a city of two districts of two streets each: east with its
/// departments as sized, west with 2% of the crews (at least one per department).
class CityRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    spec_ = new ScenarioSpec(load_scenario_file(
        GOVGRID_SOURCE_DIR "/scenarios/district.yaml",
        {"world={districts: [{name: east, name_zh: 东区, generate: {streets: 2}}, "
         "{name: west, name_zh: 西区, generate: {streets: 2}, department_crews_factor: 0.02}]}",
         "run.days=60", "run.warmup_days=10", "run.replications=4"}));
    world_ = new World(build_world(*spec_));
    dir_ = new fs::path(fs::temp_directory_path() / ("govgrid_districts_test_" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    RunReport run;
    run.spec = spec_;
    run.world = world_;
    run.replications = run_replications(*spec_, *world_);
    write_run_outputs(run, *dir_ / "city");
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    delete world_;
    delete spec_;
  }
  static fs::path city() { return *dir_ / "city"; }

  static ScenarioSpec* spec_;
  static World* world_;
  static fs::path* dir_;
};

ScenarioSpec* CityRun::spec_ = nullptr;
World* CityRun::world_ = nullptr;
fs::path* CityRun::dir_ = nullptr;

TEST_F(CityRun, DistrictRowsAreTheirStreetsSummed) {
  ASSERT_EQ(world_->districts.size(), 2u);
  const CsvTable districts = report::read_csv_file(city() / "districts.csv");
  const CsvTable streets = report::read_csv_file(city() / "streets.csv");
  const CsvTable metrics = report::read_csv_file(city() / "metrics.csv");
  ASSERT_EQ(districts.size(), 4u * 2u);
  ASSERT_EQ(streets.size(), 4u * 4u);
  const std::size_t d_rep = districts.require_column("replication"), d_index = districts.require_column("district"),
                    s_rep = streets.require_column("replication"), s_district = streets.require_column("district");
  // Each district's count columns against its streets' sums, per replication.
  std::vector<std::string> counted = {"residents"};
  for (const MetricDef& m : metric_defs())
    if (m.unit == "count") counted.emplace_back(m.name);
  for (std::size_t d = 0; d < districts.size(); ++d) {
    std::map<std::string, double> sums;
    double street_count = 0.0;
    for (std::size_t s = 0; s < streets.size(); ++s) {
      if (streets.number(s, s_rep) != districts.number(d, d_rep) ||
          streets.number(s, s_district) != districts.number(d, d_index))
        continue;
      street_count += 1.0;
      for (const std::string& c : counted) sums[c] += streets.number(s, streets.require_column(c));
    }
    EXPECT_EQ(districts.number(d, districts.require_column("streets")), street_count) << "row " << d;
    for (const std::string& c : counted)
      EXPECT_EQ(districts.number(d, districts.require_column(c)), sums[c]) << c << ", row " << d;
  }
  // The districts together are the whole city (metrics.csv).
  const std::size_t created = districts.require_column("cases_created");
  for (std::size_t r = 0; r < metrics.size(); ++r)
    EXPECT_EQ(districts.number(2 * r, created) + districts.number(2 * r + 1, created),
              metrics.number(r, metrics.require_column("cases_created")));
  // A district's department crews: its own units' stations in stations.csv.
  const CsvTable stations = report::read_csv_file(city() / "stations.csv");
  std::map<std::string, double> crews;
  for (std::size_t s = 0; s < stations.size(); ++s) {
    const std::string& name = stations.text(s, stations.require_column("name"));
    if (stations.number(s, stations.require_column("replication")) == 0.0 &&
        stations.text(s, stations.require_column("kind")) == "department")
      crews[name.substr(0, name.find('/'))] += stations.number(s, stations.require_column("staff"));
  }
  const std::size_t c_crews = districts.require_column("department_crews");
  EXPECT_EQ(districts.text(0, districts.require_column("district_name")), "east");
  EXPECT_EQ(districts.text(1, districts.require_column("district_name_zh")), "西区");
  EXPECT_EQ(districts.number(0, c_crews), crews["east"]);
  EXPECT_EQ(districts.number(1, c_crews), crews["west"]);
  EXPECT_LT(districts.number(1, c_crews), 0.05 * districts.number(0, c_crews));
}

TEST_F(CityRun, TheDistrictShortOfCrewsRanksLastAndFallsBehind) {
  const report::RunData run = report::load_run(city());
  const std::vector<report::StreetRank> districts = report::rank_districts(run);
  ASSERT_EQ(districts.size(), 2u);
  EXPECT_EQ(districts[0].name, "east");
  EXPECT_EQ(districts[1].name, "west");
  EXPECT_EQ(districts[1].rank, 2);
  EXPECT_TRUE(districts[1].behind) << districts[1].score_ci.lo << " to " << districts[1].score_ci.hi << " vs "
                                   << districts[0].score;
  EXPECT_FALSE(districts[0].behind);
  EXPECT_EQ(report::rank_districts(run, true)[1].name, "西区");
  // Its streets are the last two, each naming district 1.
  const std::vector<report::StreetRank> streets = report::rank_streets(run);
  ASSERT_EQ(streets.size(), 4u);
  for (std::size_t s = 0; s < 4; ++s)
    EXPECT_EQ(streets[s].district, std::optional<std::size_t>(s < 2 ? 0 : 1)) << streets[s].name;

  const fs::path out = city() / "report_zh.html";
  report::write_report({city()}, out, {report::Lang::zh, ""});
  const std::string html = report::read_text_file(out);
  EXPECT_NE(html.find("<section id=\"districts\""), std::string::npos);
  EXPECT_NE(html.find("data-district=\"西区\" data-rank=\"2\""), std::string::npos);
  EXPECT_NE(html.find("<td class=\"left district\">西区</td>"), std::string::npos);
}

TEST_F(CityRun, ARunDirectoryWithoutDistrictsIsStillReported) {
  // The city's directory as it was before districts: no districts.csv, no district column.
  const fs::path old = *dir_ / "old";
  fs::remove_all(old);
  fs::copy(city(), old);
  fs::remove(old / "districts.csv");
  const CsvTable streets = report::read_csv_file(old / "streets.csv");
  const std::size_t skip = streets.require_column("district");
  std::ofstream rewritten(old / "streets.csv", std::ios::trunc);
  for (std::size_t r = 0; r <= streets.size(); ++r) {  // the header, then the rows
    std::string line;
    for (std::size_t c = 0; c < streets.header().size(); ++c) {
      if (c == skip) continue;
      if (!line.empty()) line += ',';
      line += r == 0 ? streets.header()[c] : streets.text(r - 1, c);
    }
    rewritten << line << '\n';
  }
  rewritten.close();

  const report::RunData run = report::load_run(old);
  EXPECT_EQ(run.districts.size(), 0u);
  EXPECT_TRUE(report::rank_districts(run).empty());
  EXPECT_EQ(report::rank_streets(run).size(), 4u);
  const fs::path out = old / "report.html";
  report::write_report({old}, out, {report::Lang::en, ""});
  const std::string html = report::read_text_file(out);
  EXPECT_EQ(html.find("<section id=\"districts\""), std::string::npos);
  EXPECT_EQ(html.find("class=\"left district\""), std::string::npos);
  EXPECT_NE(html.find("<section id=\"streets\""), std::string::npos);
}

}  // namespace
}  // namespace govgrid
