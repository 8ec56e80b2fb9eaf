// The city level: districts with their own departments, and city departments taking the
// tickets districts refer up (categories' city_share). Small cities built from the shipped
// city.yaml: three districts of two streets, 90 days.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "analysis/metric_catalogue.h"
#include "engine/run/replications.h"
#include "govgrid/scenario_loader.h"

namespace govgrid {
namespace {

const std::string kScenarios = GOVGRID_SOURCE_DIR "/scenarios/";
const std::string kSmallWorld =
    "world={districts: [{name: a, generate: {streets: 2}}, {name: b, generate: {streets: 2}, department_crews_factor: 0.5}, "
    "{name: c, generate: {streets: 2}}]}";
// city.yaml's referral shares, all of them.
const std::vector<std::string> kReferring = {"utilities", "public_facilities", "parking_traffic", "property",
                                             "construction", "market"};

ScenarioSpec small(const std::string& file, std::vector<std::string> extra = {}) {
  std::vector<std::string> sets = {kSmallWorld, "run.days=90", "run.warmup_days=20", "run.replications=3"};
  sets.insert(sets.end(), extra.begin(), extra.end());
  return load_scenario_file(kScenarios + file, sets);
}

/// city.yaml's small city with every referring category's city_share set to `share`.
ScenarioSpec small_city(double share, std::vector<std::string> extra = {}) {
  std::vector<std::string> sets;
  for (const auto& c : kReferring) sets.push_back("categories." + c + ".city_share=" + std::to_string(share));
  sets.insert(sets.end(), extra.begin(), extra.end());
  return small("city.yaml", sets);
}

double city_case_h(const World& w, const ReplicationResult& r) {
  double h = 0.0;
  for (std::uint32_t u = w.first_city_department; u < w.departments.size(); ++u)
    h += r.stations[w.first_department_station + u].case_h;
  return h;
}

double metric(const ReplicationResult& r, std::string_view name) {
  return derive_metrics(district_tally(r), r.measured_days)[*metric_index(name)];
}

TEST(City, WithNothingReferredTheCityLevelChangesNoCase) {
  // The same districts without a city level (district.yaml, with city.yaml's office staffing),
  // and with one that gets nothing.
  const ScenarioSpec city = small_city(0.0);
  const ScenarioSpec districts =
      small("district.yaml", {"street_centre.staff_per_10000_residents=" +
                                  std::to_string(*city.street_centre.staff_per_10000_residents),
                              "community_staff.staff_per_10000_residents=" +
                                  std::to_string(*city.community_staff.staff_per_10000_residents)});
  const World wc = build_world(city), wd = build_world(districts);
  ASSERT_EQ(wc.departments.size(), wd.departments.size() + city.city.departments.size());
  const auto rc = run_replications(city, wc), rd = run_replications(districts, wd);
  for (std::size_t i = 0; i < rc.size(); ++i) {
    EXPECT_EQ(city_case_h(wc, rc[i]), 0.0);
    EXPECT_EQ(rc[i].cases_created_all, rd[i].cases_created_all);
    EXPECT_EQ(rc[i].cases_closed_all, rd[i].cases_closed_all);
    // Every metric but the costs (the idle city crews are paid) is identical.
    const auto mc = derive_metrics(district_tally(rc[i]), rc[i].measured_days);
    const auto md = derive_metrics(district_tally(rd[i]), rd[i].measured_days);
    for (std::size_t m = 0; m < mc.size(); ++m) {
      const std::string_view name = metric_defs()[m].name;
      if (name.find("cost") != std::string_view::npos) continue;
      if (std::isnan(mc[m]) && std::isnan(md[m])) continue;
      EXPECT_EQ(mc[m], md[m]) << name;
    }
  }
}

TEST(City, ReferredTicketsAreWorkedByTheCityAndTakeLonger) {
  const ScenarioSpec none = small_city(0.0), half = small_city(0.5);
  const World world = build_world(none);
  const auto rn = run_replications(none, world), rh = run_replications(half, world);
  const std::uint32_t utilities = world.first_city_department;  // city.yaml's first city department
  ASSERT_EQ(world.departments[utilities].name, "city/utilities");
  for (std::size_t i = 0; i < rn.size(); ++i) {
    EXPECT_GT(city_case_h(world, rh[i]), 100.0);
    // A referred ticket: the district's assessment, a transfer and the city's queue and work.
    EXPECT_GT(metric(rh[i], "department_resolution_time_mean_h"), metric(rn[i], "department_resolution_time_mean_h"));
    // The district's crews spend less on the categories the city takes over.
    double district_h_none = 0.0, district_h_half = 0.0;
    for (std::uint32_t u = 0; u < world.first_city_department; ++u) {
      district_h_none += rn[i].stations[world.first_department_station + u].case_h;
      district_h_half += rh[i].stations[world.first_department_station + u].case_h;
    }
    EXPECT_LT(district_h_half, district_h_none);
    // Cases are conserved across the extra hop.
    EXPECT_EQ(rh[i].cases_created_all, rh[i].cases_closed_all + rh[i].cases_open_all);
    EXPECT_EQ(rh[i].cases_open_all, rh[i].cases_open_located);
  }
}

TEST(City, TooFewCityCrewsSlowTheReferredCasesNotTheOthers) {
  // The city's utilities at 1 crew: its queue grows, so department cases take longer and more stay open.
  const ScenarioSpec ample = small_city(0.5), starved = small_city(0.5, {"city.departments.utilities.crews=1"});
  // Crews are part of the world: each spec its own.
  const World wa = build_world(ample), ws = build_world(starved);
  const auto ra = run_replications(ample, wa), rs = run_replications(starved, ws);
  for (std::size_t i = 0; i < ra.size(); ++i) {
    EXPECT_GT(metric(rs[i], "department_resolution_time_mean_h"), metric(ra[i], "department_resolution_time_mean_h"));
    EXPECT_GT(rs[i].cases_open_all, ra[i].cases_open_all);
  }
}

}  // namespace
}  // namespace govgrid
