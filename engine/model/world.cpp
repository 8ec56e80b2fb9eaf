#include "engine/model/world.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <optional>
#include <queue>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "engine/rng/counter_rng.h"

namespace govgrid {
namespace {

/// A drawn count, rounded and kept within [1, max]: a draw from a distribution's tail never
/// wraps an int (the schema bounds the parameters; the clamp bounds the draws).
int draw_count(CounterRng& rng, const Distribution& d, int max) {
  const double v = std::round(rng.sample(d));
  return v >= 1.0 ? static_cast<int>(std::min(v, static_cast<double>(max))) : 1;
}

/// `S03`, `S03-C07`, `S03-C07-G02`: zero-padded so names sort in order.
std::string numbered(const std::string& parent, char letter, std::size_t index) {
  char code[24];  // a letter, up to 20 digits, the terminator
  std::snprintf(code, sizeof code, "%c%02zu", letter, index + 1);
  return parent.empty() ? std::string(code) : parent + "-" + code;
}

/// The i-th generated Chinese name from `bases` and `kind` (街道, 社区): the bases in order, then
/// again with a number (东风二街道 …, 东风11街道 beyond ten rounds). Plausible, not real, names.
std::string generated_name_zh(std::span<const char* const> bases, std::size_t i, std::string_view kind) {
  static constexpr std::array<const char*, 10> kDigits = {"", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
  const std::size_t round = i / bases.size();
  std::string name = bases[i % bases.size()];
  if (round > 0) name += round < kDigits.size() ? std::string(kDigits[round]) : std::to_string(round + 1);
  return name + std::string(kind);
}

/// Common 街道 names for generated streets (forty, so a city of 340 streets needs no number
/// beyond 九).
constexpr std::array<const char*, 40> kStreetNamesZh = {
    "东风", "建设", "和平", "胜利", "新华", "人民", "解放", "光明", "朝阳", "红旗", "幸福", "团结", "文化", "中山",
    "长安", "前进", "向阳", "民主", "新城", "春华", "振华", "兴隆", "安平", "富强", "友谊", "复兴", "晨光", "星火",
    "青松", "惠民", "康宁", "永乐", "新风", "利民", "长青", "丰乐", "安居", "福寿", "繁荣", "先锋"};
/// Common 社区 names for a street's generated communities (unique within the street).
constexpr std::array<const char*, 20> kCommunityNamesZh = {"幸福里", "和平里", "花园", "滨河", "康乐", "阳光", "锦绣",
                                                          "翠苑", "春晓", "金桥", "新村", "光华", "育才", "振兴",
                                                          "安华", "百合", "青年", "龙潭", "永安", "德胜"};

/// Expands a generator into listed streets. `district`: which district of a city (its own
/// streams and name prefix), or none for a one-district world; `first_zh`: the Chinese names
/// taken by earlier districts, so names stay unique in a city.
std::vector<StreetSpec> generate_streets(const WorldGeneratorSpec& gen, const ScenarioSpec& spec,
                                         const DistrictSpec* district, std::size_t district_index,
                                         std::size_t first_zh) {
  // A one-district world keeps streams 0–2; district k of a city takes 3 + 3k … 5 + 3k.
  const std::uint64_t stream = district ? 3 + 3 * district_index : 0;
  CounterRng rng(RngKey::for_world(spec.run.seed), RngStream::world_layout, stream);
  // Each street's profile from its own stream, so the layout draws stay as they were.
  CounterRng profile(RngKey::for_world(spec.run.seed), RngStream::world_layout, stream + 1);
  // Difficulty came later: its own stream leaves the older profile draws as they were.
  CounterRng difficulty(RngKey::for_world(spec.run.seed), RngStream::world_layout, stream + 2);
  std::vector<StreetSpec> streets(static_cast<std::size_t>(gen.streets));
  for (std::size_t s = 0; s < streets.size(); ++s) {
    auto& street = streets[s];
    street.name = numbered(district ? district->name : "", 'S', s);
    street.name_zh = generated_name_zh(kStreetNamesZh, first_zh + s, "街道");
    street.demand_factor = std::clamp(profile.sample(gen.street_demand_factor), 0.1, 10.0);
    street.elderly_factor = std::clamp(profile.sample(gen.street_elderly_factor), 0.1, 10.0);
    street.handling_factor = std::clamp(profile.sample(gen.street_handling_factor), 0.1, 10.0);
    street.difficulty_factor = std::clamp(difficulty.sample(gen.street_difficulty_factor), 0.1, 10.0);
    street.communities.resize(static_cast<std::size_t>(
        draw_count(rng, gen.communities_per_street, WorldGeneratorSpec::kMaxCommunitiesPerStreet)));
    for (std::size_t c = 0; c < street.communities.size(); ++c) {
      auto& community = street.communities[c];
      community.name = numbered(street.name, 'C', c);
      community.name_zh = generated_name_zh(kCommunityNamesZh, c, "社区");
      community.grids.resize(static_cast<std::size_t>(
          draw_count(rng, gen.grids_per_community, WorldGeneratorSpec::kMaxGridsPerCommunity)));
      for (std::size_t g = 0; g < community.grids.size(); ++g) {
        community.grids[g].name = numbered(community.name, 'G', g);
        community.grids[g].residents =
            draw_count(rng, gen.residents_per_grid, WorldGeneratorSpec::kMaxResidentsPerGrid);
      }
    }
  }
  return streets;
}

/// A budget's workers by community: `seats` apportioned by residents with the method of equal
/// proportions (Huntington–Hill). Every community gets one before any gets two; each further
/// worker goes to the community with the most residents per sqrt(n·(n+1)) of its n workers
/// (ties to the first). So the total is max(seats, communities), and a larger budget never
/// takes a worker from any community.
std::vector<long> apportion_by_residents(const std::vector<double>& residents, long seats) {
  std::vector<long> out(residents.size(), 1);
  using Claim = std::pair<double, std::size_t>;  // (priority, community)
  const auto later = [](const Claim& a, const Claim& b) {
    return a.first != b.first ? a.first < b.first : a.second > b.second;
  };
  std::priority_queue<Claim, std::vector<Claim>, decltype(later)> next(later);
  for (std::size_t c = 0; c < residents.size(); ++c) next.emplace(residents[c] / std::sqrt(2.0), c);
  for (long left = seats - static_cast<long>(residents.size()); left > 0 && !next.empty(); --left) {
    const std::size_t c = next.top().second;
    next.pop();
    const auto n = static_cast<double>(++out[c]);
    next.emplace(residents[c] / std::sqrt(n * (n + 1.0)), c);
  }
  return out;
}

/// Splits a community's grid workers into stations. Worker counts are rounded on the
/// running total, so 0.5 per grid gives one worker for every two grids and 1.5 gives
/// 2, 1, 2, 1; a grid left with no worker joins its neighbour's station. A community keeps
/// at least one worker. `workers_per_resident`: staffing by residents (ratio or budget);
/// absent: per_grid.
void add_grid_worker_stations(World& world, const ScenarioSpec& spec, const CommunitySpec& cs,
                              std::uint32_t first_grid, std::optional<double> workers_per_resident) {
  const auto n = static_cast<std::uint32_t>(cs.grids.size());
  std::vector<int> workers(n);
  double running = 0.0;
  long rounded_before = 0;
  for (std::uint32_t g = 0; g < n; ++g) {
    const double by_rule = workers_per_resident ? *workers_per_resident * cs.grids[g].residents
                                                : spec.grid_workers.per_grid;
    running += cs.grids[g].workers.value_or(by_rule);
    const long rounded = std::lround(running);
    workers[g] = static_cast<int>(rounded - rounded_before);
    rounded_before = rounded;
  }
  if (rounded_before == 0) workers[0] = 1;

  std::uint32_t g = 0;
  while (g < n) {
    // A station starts at a grid with workers (or at the first grid, pulling zeros after it).
    std::uint32_t end = g + 1;
    int servers = workers[g];
    while (end < n && (workers[end] == 0 || servers == 0)) servers += workers[end++];
    StationInfo st;
    st.kind = StationInfo::Kind::grid_workers;
    st.owner = first_grid + g;
    st.servers = servers;
    st.shift = spec.grid_workers.shift;
    st.wage_per_year = spec.grid_workers.wage_per_year;
    st.first_grid = first_grid + g;
    st.grid_count = end - g;
    const auto station = static_cast<std::uint32_t>(world.stations.size());
    world.stations.push_back(st);
    for (std::uint32_t k = g; k < end; ++k) {
      auto& grid = world.grids[first_grid + k];
      grid.worker_station = station;
      grid.workers = static_cast<double>(servers) / (end - g);
    }
    g = end;
  }
}

/// The world's districts as specs: a city's, or the one district a world without `districts:` is
/// (named after the scenario), each with its streets listed (generated ones expanded).
std::vector<DistrictSpec> expand_districts(const ScenarioSpec& spec) {
  const WorldSpec& w = spec.world;
  std::vector<DistrictSpec> out;
  if (w.districts.empty()) {
    DistrictSpec d;
    d.name = spec.name;
    d.name_zh = spec.title.zh;
    d.streets = w.generate ? generate_streets(*w.generate, spec, nullptr, 0, 0) : w.streets;
    out.push_back(std::move(d));
    return out;
  }
  std::size_t streets_so_far = 0;
  for (std::size_t k = 0; k < w.districts.size(); ++k) {
    DistrictSpec d = w.districts[k];
    if (d.generate) d.streets = generate_streets(*d.generate, spec, &w.districts[k], k, streets_so_far);
    d.generate.reset();
    streets_so_far += d.streets.size();
    out.push_back(std::move(d));
  }
  return out;
}

/// An office's staff: fixed, or by its expected workload (OfficeSpec::staff_per_10000_residents)
/// over the grids [first_grid, + grid_count).
int office_staff(const OfficeSpec& office, const StreetSpec& street, const std::vector<World::Grid>& grids,
                 std::uint32_t first_grid, std::uint32_t grid_count) {
  if (!office.staff_per_10000_residents) return office.staff;
  double residents = 0.0;
  for (std::uint32_t g = first_grid; g < first_grid + grid_count; ++g) residents += grids[g].residents;
  const double staff =
      *office.staff_per_10000_residents * residents / 10000.0 * street.demand_factor * street.handling_factor;
  return static_cast<int>(std::clamp(std::ceil(staff - 1e-9), 1.0, 1e6));
}

StationInfo department_station(const DepartmentSpec& ds, std::uint32_t unit, double crews_factor) {
  StationInfo st;
  st.kind = StationInfo::Kind::department;
  st.owner = unit;
  st.servers = department_crews(ds, crews_factor);
  st.shift = ds.shift;
  st.wage_per_year = ds.wage_per_year;
  return st;
}

}  // namespace

World build_world(const ScenarioSpec& spec) {
  const std::vector<DistrictSpec> districts = expand_districts(spec);
  std::vector<const StreetSpec*> streets;
  std::vector<std::uint32_t> street_district;
  for (std::size_t k = 0; k < districts.size(); ++k)
    for (const auto& ss : districts[k].streets) {
      streets.push_back(&ss);
      street_district.push_back(static_cast<std::uint32_t>(k));
    }

  // Staffing by ratio shares workers out by residents; by budget, ⌊budget ÷ wage⌋ workers
  // are apportioned to communities by residents (at least one each), then shared out by
  // residents within each; otherwise per_grid.
  std::optional<double> workers_per_resident;
  std::vector<double> community_workers_per_resident;  // budget staffing, in community order
  if (spec.grid_workers.per_1000_residents) {
    workers_per_resident = *spec.grid_workers.per_1000_residents / 1000.0;
  } else if (spec.grid_workers.budget_per_year) {
    const double wage = spec.grid_workers.wage_per_year;
    if (!(wage > 0.0))
      throw std::invalid_argument("grid_workers.budget_per_year needs wage_per_year > 0 (a budget buys no "
                                  "number of workers at no wage)");
    std::vector<double> residents;
    for (const StreetSpec* ss : streets)
      for (const auto& cs : ss->communities) {
        double r = 0.0;
        for (const auto& gs : cs.grids) r += gs.residents;
        residents.push_back(r);
      }
    const double hired = std::floor(*spec.grid_workers.budget_per_year / wage);
    if (!(hired <= static_cast<double>(GridWorkerSpec::kMaxHiredWorkers)))
      throw std::invalid_argument("grid_workers.budget_per_year ÷ wage_per_year hires more than 10,000,000 workers");
    const std::vector<long> by_community = apportion_by_residents(residents, static_cast<long>(hired));
    for (std::size_t c = 0; c < residents.size(); ++c)
      community_workers_per_resident.push_back(static_cast<double>(by_community[c]) / residents[c]);
  }

  World world;
  std::uint64_t resident = 0;
  for (std::size_t si = 0; si < streets.size(); ++si) {
    const StreetSpec& ss = *streets[si];
    World::Street street;
    street.district = street_district[si];
    street.name = ss.name;
    street.name_zh = ss.name_zh;
    street.first_community = static_cast<std::uint32_t>(world.communities.size());
    street.first_grid = static_cast<std::uint32_t>(world.grids.size());
    street.first_resident = resident;
    const auto street_index = static_cast<std::uint32_t>(world.streets.size());

    // Grids first, so that each street's grid-worker stations come before its offices.
    for (const auto& cs : ss.communities) {
      World::Community community;
      community.name = cs.name;
      community.name_zh = cs.name_zh;
      community.street = street_index;
      community.first_grid = static_cast<std::uint32_t>(world.grids.size());
      community.grid_count = static_cast<std::uint32_t>(cs.grids.size());
      const auto community_index = static_cast<std::uint32_t>(world.communities.size());
      for (const auto& gs : cs.grids) {
        World::Grid grid;
        grid.name = gs.name;
        grid.community = community_index;
        grid.street = street_index;
        grid.first_resident = resident;
        grid.residents = static_cast<std::uint32_t>(gs.residents);
        resident += grid.residents;
        world.grids.push_back(grid);
      }
      world.communities.push_back(community);
      add_grid_worker_stations(world, spec, cs, community.first_grid,
                               community_workers_per_resident.empty()
                                   ? workers_per_resident
                                   : community_workers_per_resident[community_index]);
    }
    for (std::size_t c = 0; c < ss.communities.size(); ++c) {
      auto& community = world.communities[street.first_community + c];
      community.station = static_cast<std::uint32_t>(world.stations.size());
      StationInfo st;
      st.kind = StationInfo::Kind::community;
      st.owner = street.first_community + static_cast<std::uint32_t>(c);
      st.servers = ss.communities[c].staff.value_or(
          office_staff(spec.community_staff, ss, world.grids, community.first_grid, community.grid_count));
      st.shift = spec.community_staff.shift;
      st.wage_per_year = spec.community_staff.wage_per_year;
      world.stations.push_back(st);
    }
    street.community_count = static_cast<std::uint32_t>(ss.communities.size());
    street.grid_count = static_cast<std::uint32_t>(world.grids.size()) - street.first_grid;
    street.resident_count = resident - street.first_resident;
    street.station = static_cast<std::uint32_t>(world.stations.size());
    street.demand_factor = ss.demand_factor;
    street.handling_factor = ss.handling_factor;
    street.difficulty_factor = ss.difficulty_factor;
    StationInfo st;
    st.kind = StationInfo::Kind::street;
    st.owner = street_index;
    st.servers = ss.staff.value_or(office_staff(spec.street_centre, ss, world.grids, street.first_grid, street.grid_count));
    st.shift = spec.street_centre.shift;
    st.wage_per_year = spec.street_centre.wage_per_year;
    world.stations.push_back(st);
    world.streets.push_back(street);
  }

  // Districts, then department units: each district's copy of spec.departments, then the city's.
  // A city's units are named after their district (dongcheng/housing); one district's keep plain names.
  const bool qualified_names = !spec.world.districts.empty() || !spec.city.departments.empty();
  world.first_department_station = static_cast<std::uint32_t>(world.stations.size());
  for (std::uint32_t k = 0; k < districts.size(); ++k) {
    World::District d;
    d.name = districts[k].name;
    d.name_zh = districts[k].name_zh;
    d.first_street = k == 0 ? 0 : world.districts.back().first_street + world.districts.back().street_count;
    d.street_count = static_cast<std::uint32_t>(districts[k].streets.size());
    d.first_resident = d.street_count > 0 ? world.streets[d.first_street].first_resident : resident;
    for (std::uint32_t s = d.first_street; s < d.first_street + d.street_count; ++s)
      d.resident_count += world.streets[s].resident_count;
    d.first_department = static_cast<std::uint32_t>(world.departments.size());
    for (std::uint32_t i = 0; i < spec.departments.size(); ++i) {
      const auto unit = static_cast<std::uint32_t>(world.departments.size());
      world.departments.push_back(
          {qualified_names ? d.name + "/" + spec.departments[i].name : spec.departments[i].name, k, i});
      world.stations.push_back(department_station(spec.departments[i], unit, districts[k].department_crews_factor));
    }
    world.districts.push_back(std::move(d));
  }
  world.first_city_department = static_cast<std::uint32_t>(world.departments.size());
  for (std::uint32_t i = 0; i < spec.city.departments.size(); ++i) {
    const auto unit = static_cast<std::uint32_t>(world.departments.size());
    world.departments.push_back({"city/" + spec.city.departments[i].name, World::Department::kCity, i});
    world.stations.push_back(department_station(spec.city.departments[i], unit, 1.0));
  }
  if (world.departments.size() > 0xffffu)
    throw std::invalid_argument("more than 65,535 department units (districts × departments + city departments)");

  // Residents: age and initial trust, drawn per grid so a grid's draws do not depend on others.
  world.resident_age.resize(resident);
  world.resident_trust_initial.resize(resident);
  const auto key = RngKey::for_world(spec.run.seed);
  std::vector<std::array<double, kAgeGroupCount>> street_mix;
  for (const StreetSpec* ss : streets) {
    // The street's elderly share scaled, the others shrunk in proportion (capped at all elderly).
    auto m = spec.residents.age_mix;
    const double elderly = std::min(1.0, m[2] * ss->elderly_factor), rest = m[0] + m[1];
    const double scale = rest > 0.0 ? (1.0 - elderly) / rest : 0.0;
    street_mix.push_back({m[0] * scale, m[1] * scale, elderly});
  }
  for (std::uint32_t g = 0; g < world.grids.size(); ++g) {
    CounterRng rng(key, RngStream::residents, g);
    const auto& grid = world.grids[g];
    const auto& mix = street_mix[grid.street];
    for (std::uint64_t r = grid.first_resident; r < grid.first_resident + grid.residents; ++r) {
      const double u = rng.uniform();
      world.resident_age[r] = u < mix[0] ? AgeGroup::young
                              : u < mix[0] + mix[1] ? AgeGroup::adult
                                                    : AgeGroup::elderly;
      world.resident_trust_initial[r] =
          static_cast<float>(std::clamp(rng.sample(spec.residents.trust_initial), 0.0, 1.0));
    }
  }
  return world;
}

}  // namespace govgrid
