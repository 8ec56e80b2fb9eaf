#include "engine/model/world.h"

#include <gtest/gtest.h>

#include <set>

#include <cmath>
#include <numeric>
#include <stdexcept>

#include "govgrid/scenario_loader.h"

namespace govgrid {
namespace {

ScenarioSpec one_community(int grids, double per_grid) {
  ScenarioSpec spec;
  StreetSpec street{"s", {}, std::nullopt};
  CommunitySpec community{"c", {}, std::nullopt, {}};
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
/// A generated world of `streets` streets, one community each, fixed grids and residents.
ScenarioSpec generated(int streets, double grids, double residents) {
  ScenarioSpec spec = one_community(1, 1);
  spec.world.streets.clear();
  WorldGeneratorSpec gen;
  gen.streets = streets;
  gen.communities_per_street = Distribution::fixed(1);
  gen.grids_per_community = Distribution::fixed(grids);
  gen.residents_per_grid = Distribution::fixed(residents);
  spec.world.generate = gen;
  return spec;
}

TEST(World, GeneratedCountsAreClampedNotWrapped) {
  ScenarioSpec spec = generated(1, 2, 4294967296.0);
  const World w = build_world(spec);
  ASSERT_EQ(w.grids.size(), 2u);
  EXPECT_EQ(w.grids[0].residents, static_cast<std::uint32_t>(WorldGeneratorSpec::kMaxResidentsPerGrid));
  spec.world.generate->grids_per_community = Distribution::fixed(0.2);  // rounds to 0: at least 1
  spec.world.generate->residents_per_grid = Distribution::fixed(3.0);
  EXPECT_EQ(build_world(spec).grids.size(), 1u);
}

// Chinese reports name streets (issue 12): generated streets get common 街道 names in order, then
// the same names numbered; listed streets keep the name_zh they were given (or none).
TEST(World, GeneratedStreetsHaveChineseNames) {
  ScenarioSpec listed = one_community(1, 1);
  listed.world.streets.front().name_zh = "东华门街道";
  EXPECT_EQ(build_world(listed).streets.front().name_zh, "东华门街道");
  const World w = build_world(generated(41, 1, 10));
  EXPECT_EQ(w.streets[0].name, "S01");
  EXPECT_EQ(w.streets[0].name_zh, "东风街道");
  EXPECT_EQ(w.streets[1].name_zh, "建设街道");
  EXPECT_EQ(w.streets[20].name_zh, "振华街道");
  EXPECT_EQ(w.streets[40].name_zh, "东风二街道");
}

// Communities too: listed ones keep theirs; generated ones get common 社区 names, unique within
// their street (幸福里社区 …, then 幸福里二社区 …).
TEST(World, GeneratedCommunitiesHaveChineseNames) {
  ScenarioSpec listed = one_community(1, 1);
  listed.world.streets.front().communities.front().name_zh = "东四社区";
  EXPECT_EQ(build_world(listed).communities.front().name_zh, "东四社区");
  ScenarioSpec spec = generated(1, 1, 10);
  spec.world.generate->communities_per_street = Distribution::fixed(25);
  const World w = build_world(spec);
  ASSERT_EQ(w.communities.size(), 25u);
  EXPECT_EQ(w.communities[0].name_zh, "幸福里社区");
  EXPECT_EQ(w.communities[20].name_zh, "幸福里二社区");
  std::set<std::string> names;
  for (const auto& c : w.communities) names.insert(c.name_zh);
  EXPECT_EQ(names.size(), w.communities.size());
}

// Issue 13: budget staffing broke its documented rule: a budget under one wage fell back to
// per_grid (79,999 hired 4 workers, 80,000 hired 1) and wage 0 hired nobody. The rule at every
// budget: ⌊budget ÷ wage⌋ workers apportioned to communities by residents, each keeping at
// least one; so max(hired, communities) in all, and more money never means fewer workers
// anywhere.
TEST(World, BudgetStaffingHiresBudgetOverWageAndKeepsOnePerCommunity) {
  // Three communities of 2,000, 500 and 6,000 residents in 2, 1 and 3 grids.
  ScenarioSpec spec = one_community(2, 1);
  const auto grids = [](int n, int residents) {
    std::vector<GridSpec> out;
    for (int g = 0; g < n; ++g) out.push_back({"g" + std::to_string(g), residents, std::nullopt});
    return out;
  };
  spec.world.streets[0].communities = {CommunitySpec{"a", grids(2, 1000), std::nullopt, {}},
                                       CommunitySpec{"b", grids(1, 500), std::nullopt, {}},
                                       CommunitySpec{"c", grids(3, 2000), std::nullopt, {}}};
  spec.grid_workers.wage_per_year = 80000;
  const auto workers_by_community = [&](double budget) {
    spec.grid_workers.budget_per_year = budget;
    const World w = build_world(spec);
    std::vector<long> out(w.communities.size(), 0);
    for (const auto& st : w.stations)
      if (st.kind == StationInfo::Kind::grid_workers) out[w.grids[st.first_grid].community] += st.servers;
    return out;
  };
  const auto total = [](const std::vector<long>& v) { return std::accumulate(v.begin(), v.end(), 0L); };
  EXPECT_EQ(workers_by_community(79999), (std::vector<long>{1, 1, 1}));
  EXPECT_EQ(workers_by_community(80000), (std::vector<long>{1, 1, 1}));
  EXPECT_EQ(workers_by_community(100), (std::vector<long>{1, 1, 1}));
  EXPECT_EQ(total(workers_by_community(17 * 80000.0)), 17);
  std::vector<long> before = workers_by_community(1.0);
  for (int k = 1; k <= 60; ++k) {
    for (const double budget : {k * 80000.0 - 1.0, k * 80000.0}) {
      const std::vector<long> now = workers_by_community(budget);
      const long hired = static_cast<long>(std::floor(budget / 80000.0));
      EXPECT_EQ(total(now), std::max(hired, 3L)) << "budget " << budget;
      for (std::size_t c = 0; c < now.size(); ++c) {
        EXPECT_GE(now[c], 1) << "budget " << budget;
        EXPECT_GE(now[c], before[c]) << "budget " << budget << ", community " << c;  // never fewer
      }
      before = now;
    }
  }
  // Shared out by residents: at 17 workers the 6,000-resident community has the most.
  const std::vector<long> seventeen = workers_by_community(17 * 80000.0);
  EXPECT_GT(seventeen[2], seventeen[0]);
  EXPECT_GT(seventeen[0], seventeen[1]);
  // A budget buys no number of workers at no wage (the loader refuses it too).
  spec.grid_workers.wage_per_year = 0;
  EXPECT_THROW(workers_by_community(100), std::invalid_argument);
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

// ---------------------------------------------------------------------------------------
// A city: districts, each with its own departments, and the city's above them.

TEST(City, ShippedCityIsTwentyMillionInSixteenDistrictsEachWithItsDepartments) {
  const ScenarioSpec spec = load_scenario_file(GOVGRID_SOURCE_DIR "/scenarios/city.yaml");
  const World w = build_world(spec);
  ASSERT_EQ(w.districts.size(), 16u);
  EXPECT_EQ(w.streets.size(), 340u);
  EXPECT_GT(w.resident_count(), 19'000'000u);
  EXPECT_LT(w.resident_count(), 21'000'000u);
  // Districts hold contiguous streets, in order, and their residents add up.
  std::uint64_t residents = 0;
  for (std::uint32_t k = 0; k < w.districts.size(); ++k) {
    const World::District& d = w.districts[k];
    EXPECT_EQ(d.first_street, k == 0 ? 0u : w.districts[k - 1].first_street + w.districts[k - 1].street_count);
    for (std::uint32_t s = d.first_street; s < d.first_street + d.street_count; ++s) EXPECT_EQ(w.streets[s].district, k);
    EXPECT_EQ(d.first_resident, w.streets[d.first_street].first_resident);
    residents += d.resident_count;
    // Its own copy of every department, named after it, crews × its factor rounded up.
    for (std::uint32_t i = 0; i < spec.departments.size(); ++i) {
      const std::uint32_t unit = d.first_department + i;
      EXPECT_EQ(w.departments[unit].district, k);
      EXPECT_EQ(w.departments[unit].name, d.name + "/" + spec.departments[i].name);
      const StationInfo& st = w.stations[w.first_department_station + unit];
      EXPECT_EQ(st.owner, unit);
      EXPECT_EQ(st.servers, static_cast<int>(std::ceil(spec.departments[i].crews *
                                                       spec.world.districts[k].department_crews_factor - 1e-9)));
    }
  }
  EXPECT_EQ(residents, w.resident_count());
  EXPECT_EQ(w.districts[2].name_zh, "朝阳区");
  // The city's departments come last.
  EXPECT_EQ(w.first_city_department, 16u * spec.departments.size());
  ASSERT_EQ(w.departments.size(), w.first_city_department + spec.city.departments.size());
  EXPECT_EQ(w.departments.back().district, World::Department::kCity);
  EXPECT_EQ(w.departments.back().name, "city/" + spec.city.departments.back().name);
  EXPECT_EQ(w.stations.size(), w.first_department_station + w.departments.size());
  // Street names identify streets city-wide, in both languages.
  std::set<std::string> names, names_zh;
  for (const auto& s : w.streets) {
    names.insert(s.name);
    names_zh.insert(s.name_zh);
  }
  EXPECT_EQ(names.size(), w.streets.size());
  EXPECT_EQ(names_zh.size(), w.streets.size());
  EXPECT_EQ(w.streets[0].name, "dongcheng-S01");
  // A district's factor follows its size: Chaoyang's departments about three times the default's.
  EXPECT_NEAR(static_cast<double>(w.districts[2].resident_count) / 1.0035e6,
              spec.world.districts[2].department_crews_factor, 0.1);
}

TEST(City, OfficesMayBeStaffedByExpectedWorkload) {
  ScenarioSpec spec = one_community(3, 1);  // 3,000 residents in one community of one street
  spec.world.streets[0].demand_factor = 1.5;
  spec.world.streets[0].handling_factor = 1.2;
  spec.community_staff.staff_per_10000_residents = 10.0;  // 10 × 0.3 × 1.8 = 5.4 → 6
  spec.street_centre.staff_per_10000_residents = 1.0;     // 0.54 → 1
  World w = build_world(spec);
  EXPECT_EQ(w.stations[w.communities[0].station].servers, 6);
  EXPECT_EQ(w.stations[w.streets[0].station].servers, 1);
  // An office listed with its staff keeps it.
  spec.world.streets[0].communities[0].staff = 4;
  spec.world.streets[0].staff = 9;
  w = build_world(spec);
  EXPECT_EQ(w.stations[w.communities[0].station].servers, 4);
  EXPECT_EQ(w.stations[w.streets[0].station].servers, 9);
}

TEST(City, AWorldWithoutDistrictsIsOneDistrictWithPlainDepartmentNames) {
  const ScenarioSpec spec = load_scenario_file(GOVGRID_SOURCE_DIR "/scenarios/district.yaml", {"world.generate.streets=3"});
  const World w = build_world(spec);
  ASSERT_EQ(w.districts.size(), 1u);
  EXPECT_EQ(w.districts[0].name, "district");
  EXPECT_EQ(w.districts[0].street_count, 3u);
  EXPECT_EQ(w.districts[0].resident_count, w.resident_count());
  ASSERT_EQ(w.departments.size(), spec.departments.size());
  EXPECT_EQ(w.departments[0].name, spec.departments[0].name);
  EXPECT_EQ(w.first_city_department, w.departments.size());
  EXPECT_EQ(w.streets[0].name, "S01");
}

}  // namespace
}  // namespace govgrid
