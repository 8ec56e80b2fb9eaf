// The generated map of a world's grids: one shape per grid, nested by community and street,
// areas in proportion to residents, no overlaps and no gaps.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>

#include "analysis/grid_map.h"

namespace govgrid {
namespace {

struct Box {
  double lon0, lat0, lon1, lat1;
  double area() const { return (lon1 - lon0) * (lat1 - lat0); }
  bool holds(const Box& b) const {
    constexpr double e = 1e-9;
    return b.lon0 >= lon0 - e && b.lon1 <= lon1 + e && b.lat0 >= lat0 - e && b.lat1 <= lat1 + e;
  }
};

Box box_of(const nlohmann::json& geometry) {
  const auto& ring = geometry.at("coordinates").at(0);
  Box b{1e9, 1e9, -1e9, -1e9};
  for (const auto& p : ring) {
    b.lon0 = std::min(b.lon0, p[0].get<double>()), b.lon1 = std::max(b.lon1, p[0].get<double>());
    b.lat0 = std::min(b.lat0, p[1].get<double>()), b.lat1 = std::max(b.lat1, p[1].get<double>());
  }
  return b;
}

/// Three streets of 2, 3 and 1 communities, each community 1 to 4 grids of unequal size.
World uneven_world() {
  World w;
  const int communities_per_street[] = {2, 3, 1};
  std::uint32_t grid = 0, community = 0;
  for (std::uint32_t s = 0; s < 3; ++s) {
    World::Street street;
    street.name = "S" + std::to_string(s);
    street.name_zh = "街道" + std::to_string(s);
    street.first_community = community, street.first_grid = grid;
    for (int c = 0; c < communities_per_street[s]; ++c, ++community) {
      World::Community com;
      com.name = street.name + "C" + std::to_string(c);
      com.street = s, com.first_grid = grid;
      for (std::uint32_t g = 0; g < 1 + (community * 7 + 3) % 4; ++g, ++grid) {
        World::Grid gr;
        gr.name = com.name + "G" + std::to_string(g);
        gr.community = community, gr.street = s;
        gr.residents = 500 + 400 * ((grid * 5) % 4);
        w.grids.push_back(gr);
        ++com.grid_count;
      }
      w.communities.push_back(com);
      ++street.community_count;
    }
    street.grid_count = grid - street.first_grid;
    w.streets.push_back(street);
  }
  return w;
}

TEST(GeneratedGridMap, TilesTheDistrictByStreetAndCommunityInProportionToResidents) {
  const World world = uneven_world();
  const nlohmann::json map = generated_grid_map(world);
  ASSERT_TRUE(is_generated_grid_map(map));
  EXPECT_EQ(map.at("type"), "FeatureCollection");

  std::map<std::string, Box> grids, streets;
  for (const auto& f : map.at("features")) {
    const auto& p = f.at("properties");
    if (p.contains("outline")) {
      const Box street = box_of(f.at("geometry"));
      const double lon = p.at("label_lon"), lat = p.at("label_lat");
      EXPECT_TRUE(street.holds(Box{lon, lat, lon, lat})) << "the name is written outside the street";
      streets[p.at("street")] = street;
    } else {
      grids[p.at("grid")] = box_of(f.at("geometry"));
    }
  }
  ASSERT_EQ(grids.size(), world.grids.size());
  ASSERT_EQ(streets.size(), world.streets.size());

  double total_area = 0.0, residents = 0.0;
  for (const auto& g : world.grids) total_area += grids.at(g.name).area(), residents += g.residents;
  Box all{1e9, 1e9, -1e9, -1e9};
  for (const auto& [name, b] : grids) {
    all = {std::min(all.lon0, b.lon0), std::min(all.lat0, b.lat0), std::max(all.lon1, b.lon1), std::max(all.lat1, b.lat1)};
  }
  // No gaps and no overlaps: the grids' areas add up to the district's bounding box.
  EXPECT_NEAR(total_area / all.area(), 1.0, 1e-3);
  for (const auto& g : world.grids) {
    // Each grid's share of the area is its share of the residents (up to the rounding to ~1 m).
    EXPECT_NEAR(grids.at(g.name).area() / total_area, g.residents / residents, 2e-3) << g.name;
    EXPECT_TRUE(streets.at(world.streets[g.street].name).holds(grids.at(g.name))) << g.name << " outside its street";
  }
  // A community's grids are contiguous: their bounding box holds no other community's grid.
  for (const auto& c : world.communities) {
    Box cb{1e9, 1e9, -1e9, -1e9};
    for (std::uint32_t g = c.first_grid; g < c.first_grid + c.grid_count; ++g) {
      const Box& b = grids.at(world.grids[g].name);
      cb = {std::min(cb.lon0, b.lon0), std::min(cb.lat0, b.lat0), std::max(cb.lon1, b.lon1), std::max(cb.lat1, b.lat1)};
    }
    double inside = 0.0;
    for (std::uint32_t g = c.first_grid; g < c.first_grid + c.grid_count; ++g) inside += grids.at(world.grids[g].name).area();
    EXPECT_NEAR(inside / cb.area(), 1.0, 1e-3) << c.name << " is not one block";
  }
  // About 20,000 residents per km² (1° of latitude ≈ 111.2 km, of longitude ≈ 85.3 km here).
  EXPECT_NEAR(residents / (total_area * 111.2 * 85.3), kGeneratedMapDensityPerKm2, 0.01 * kGeneratedMapDensityPerKm2);
}

TEST(GeneratedGridMap, AUserMapIsNotGenerated) {
  EXPECT_FALSE(is_generated_grid_map(nlohmann::json::parse(R"({"type": "FeatureCollection", "features": []})")));
  EXPECT_FALSE(is_generated_grid_map(nlohmann::json::parse(R"({"govgrid": {"generated": "yes"}})")));
}

}  // namespace
}  // namespace govgrid
