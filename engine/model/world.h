// The immutable world a run is built on: the district's hierarchy, its staff stations and
// its residents, made once from a ScenarioSpec and shared read-only by every replication
// (and every thread) of a run.
//
// Layout invariants the model relies on (build_world establishes them):
//  - Streets, communities and grids are numbered in hierarchy order: a street's communities
//    and grids, and a community's grids, are contiguous index ranges.
//  - Stations are numbered street by street: first the street's grid-worker stations (in
//    grid order, so a community's grid-worker stations are contiguous), then its community
//    offices, then its street centre; a street's stations are therefore
//    [previous street's centre + 1, its own centre]. All departments come last, from
//    first_department_station, in world.departments order: station
//    first_department_station + u is department unit u.
//  - Districts hold contiguous streets (district 0's first). A district's departments are the
//    units [first_department, + spec.departments.size()) in spec.departments order; the city
//    departments come after every district's, from first_city_department.
//  - A grid-worker station covers the grids [first_grid, first_grid + grid_count) of one
//    community; every grid names its station in worker_station.
//  - Residents are ordered by grid: a grid's residents are [first_resident, + residents).
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "govgrid/scenario_spec.h"

namespace govgrid {

/// A pool of interchangeable staff with one queue: the grid workers covering some grids,
/// a community office, a street centre, or a department's crews.
struct StationInfo {
  enum class Kind : std::uint8_t { grid_workers, community, street, department };
  Kind kind = Kind::grid_workers;
  std::uint32_t owner = 0;      ///< first grid / community / street / department unit (World::departments)
  int servers = 1;              ///< staff on duty during the shift (grid workers, office staff, crews)
  ShiftSpec shift;
  double wage_per_year = 0.0;
  std::uint32_t first_grid = 0; ///< grid_workers: the grids it covers are [first_grid, +grid_count)
  std::uint32_t grid_count = 0;
};

struct World {
  struct Street {
    std::string name;
    std::uint32_t first_community = 0, community_count = 0;
    std::uint32_t first_grid = 0, grid_count = 0;
    std::uint64_t first_resident = 0, resident_count = 0;
    std::uint32_t station = 0;  ///< the street centre
    double demand_factor = 1.0;    ///< problem rates × this (StreetSpec)
    double handling_factor = 1.0;  ///< handling times below the departments × this (StreetSpec)
    double difficulty_factor = 1.0;  ///< unresolvable shares × this (StreetSpec)
    std::string name_zh;             ///< Chinese reports' name (StreetSpec::name_zh)
    std::uint32_t district = 0;
  };
  /// A district (区): a world without `districts:` is one district named after the scenario.
  struct District {
    std::string name, name_zh;
    std::uint32_t first_street = 0, street_count = 0;
    std::uint64_t first_resident = 0, resident_count = 0;
    std::uint32_t first_department = 0;  ///< its copy of spec.departments in `departments`
  };
  /// A department unit: one district's copy of a spec department, or a city department.
  struct Department {
    static constexpr std::uint32_t kCity = 0xffffffffu;
    std::string name;               ///< `sanitation`; in a city `dongcheng/sanitation`, `city/utilities`
    std::uint32_t district = kCity; ///< its district, or kCity
    std::uint32_t spec_index = 0;   ///< in spec.departments, or in spec.city.departments for the city
  };
  struct Community {
    std::string name;
    std::uint32_t street = 0;
    std::uint32_t first_grid = 0, grid_count = 0;
    std::uint32_t station = 0;  ///< the community office
    std::string name_zh;  ///< Chinese reports' name (CommunitySpec::name_zh)
  };
  struct Grid {
    std::string name;
    std::uint32_t community = 0, street = 0;
    std::uint64_t first_resident = 0;
    std::uint32_t residents = 0;
    std::uint32_t worker_station = 0;  ///< the grid-worker station covering this grid
    double workers = 0.0;              ///< this grid's share of its station's workers
  };

  std::vector<Street> streets;
  std::vector<Community> communities;
  std::vector<Grid> grids;
  std::vector<District> districts;         ///< at least one
  std::vector<Department> departments;     ///< districts' units district by district, then the city's
  std::uint32_t first_city_department = 0;
  std::vector<StationInfo> stations;       ///< all stations; departments last
  std::uint32_t first_department_station = 0;

  /// Residents as structure-of-arrays, ordered by grid (a grid's residents are contiguous).
  std::vector<AgeGroup> resident_age;
  std::vector<float> resident_trust_initial;

  std::uint64_t resident_count() const { return resident_age.size(); }
};

/// A district's crews of department `d`: its crews × the district's department_crews_factor,
/// rounded up, at least 1 (the world's rule; the resource estimate uses it too).
inline int department_crews(const DepartmentSpec& d, double crews_factor) {
  const double crews = std::ceil(d.crews * crews_factor - 1e-9);
  return crews >= 1.0 ? static_cast<int>(crews) : 1;
}

/// Builds the world: lays out listed streets or generates them (with the scenario seed,
/// so every replication sees the same district), splits grid workers into stations and
/// draws residents' ages and initial trust. Precondition: the spec has been validated.
World build_world(const ScenarioSpec& spec);

}  // namespace govgrid
