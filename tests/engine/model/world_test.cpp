#include "engine/model/world.h"

#include <gtest/gtest.h>

#include "govgrid/scenario_loader.h"

namespace govgrid {
namespace {

ScenarioSpec one_community(int grids, double per_grid) {
  ScenarioSpec spec;
  StreetSpec street{"s", {}, std::nullopt};
  CommunitySpec community{"c", {}, std::nullopt};
  for (int g = 0; g < grids; ++g) community.grids.push_back({"g" + std::to_string(g), 1000, std::nullopt});
  street.communities.push_back(community);
  spec.world.streets.push_back(street);
  spec.grid_workers.per_grid = per_grid;
  spec.departments.push_back({"d", 4});
  return spec;
}

std::vector<std::pair<int, int>> grid_worker_stations(const World& w) {  // (servers, grids)
  std::vector<std::pair<int, int>> out;
  for (const auto& s : w.stations)
    if (s.kind == StationInfo::Kind::grid_workers) out.emplace_back(s.servers, static_cast<int>(s.grid_count));
  return out;
}

TEST(World, HalfAWorkerPerGridPairsGrids) {
  const World w = build_world(one_community(4, 0.5));
  EXPECT_EQ(grid_worker_stations(w), (std::vector<std::pair<int, int>>{{1, 2}, {1, 2}}));
  EXPECT_EQ(w.grids[1].worker_station, w.grids[0].worker_station);
  EXPECT_DOUBLE_EQ(w.grids[0].workers, 0.5);
}

TEST(World, FractionalWorkersAlternate) {
  const World w = build_world(one_community(4, 1.5));
  EXPECT_EQ(grid_worker_stations(w), (std::vector<std::pair<int, int>>{{2, 1}, {1, 1}, {2, 1}, {1, 1}}));
}

TEST(World, ACommunityKeepsAtLeastOneWorker) {
  const World w = build_world(one_community(2, 0.2));
  EXPECT_EQ(grid_worker_stations(w), (std::vector<std::pair<int, int>>{{1, 2}}));
}

// Issue 13: a generated count beyond an int wrapped (2^32 residents per grid became 1);
// draws are rounded and kept within [1, max].
TEST(World, GeneratedCountsAreClampedNotWrapped) {
  ScenarioSpec spec = one_community(1, 1);
  spec.world.streets.clear();
  WorldGeneratorSpec gen;
  gen.streets = 1;
  gen.communities_per_street = Distribution::fixed(1);
  gen.grids_per_community = Distribution::fixed(2);
  gen.residents_per_grid = Distribution::fixed(4294967296.0);
  spec.world.generate = gen;
  const World w = build_world(spec);
  ASSERT_EQ(w.grids.size(), 2u);
  EXPECT_EQ(w.grids[0].residents, static_cast<std::uint32_t>(WorldGeneratorSpec::kMaxResidentsPerGrid));
  spec.world.generate->grids_per_community = Distribution::fixed(0.2);  // rounds to 0: at least 1
  spec.world.generate->residents_per_grid = Distribution::fixed(3.0);
  EXPECT_EQ(build_world(spec).grids.size(), 1u);
}

TEST(World, StationsAreOrderedByStreetThenDepartments) {
  const World w = build_world(one_community(3, 1));
  ASSERT_EQ(w.stations.size(), 3u + 1u + 1u + 1u);
  EXPECT_EQ(w.stations[3].kind, StationInfo::Kind::community);
  EXPECT_EQ(w.stations[4].kind, StationInfo::Kind::street);
  EXPECT_EQ(w.first_department_station, 5u);
  EXPECT_EQ(w.resident_count(), 3000u);
  EXPECT_EQ(w.grids[2].first_resident, 2000u);
}

TEST(World, DefaultDistrictIsAMillionResidentsInAboutAThousandGrids) {
  const ScenarioSpec spec = load_scenario_file(GOVGRID_SOURCE_DIR "/scenarios/district.yaml");
  const World a = build_world(spec), b = build_world(spec);
  EXPECT_GT(a.grids.size(), 900u);
  EXPECT_LT(a.grids.size(), 1150u);
  EXPECT_GT(a.resident_count(), 900000u);
  EXPECT_LT(a.resident_count(), 1100000u);
  // The same seed lays out the same district.
  EXPECT_EQ(a.grids.size(), b.grids.size());
  EXPECT_EQ(a.resident_trust_initial, b.resident_trust_initial);
  double trust = 0;
  for (float t : a.resident_trust_initial) trust += t;
  EXPECT_NEAR(trust / a.resident_count(), 0.6, 0.01);
}

}  // namespace
}  // namespace govgrid
