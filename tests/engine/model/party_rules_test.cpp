// Rule-level tests of party organisation (docs/model.md section 8.5) on small hand-built worlds:
// branches and their household links, mediation, 双报到 members called at peaks, 大党委 units.
// Each test checks one rule against the run's tallies or case-event log.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "engine/model/compiled_model.h"
#include "engine/model/policies/helpers.h"
#include "engine/model/world.h"
#include "engine/run/replication.h"
#include "engine/sim/time.h"
#include "small_world.h"

namespace govgrid {
namespace {

using testing::all_need;
using testing::run;
using testing::small_world;

GridTally total(const ReplicationResult& r) {
  GridTally all;
  for (const auto& g : r.grids) all.merge(g);
  return all;
}

TEST(BranchRules, CoverageSpreadsBranchesEvenlyAndOnlyAddsThemAsItRises) {
  ScenarioSpec spec = small_world(40);
  const World world = build_world(spec);
  std::vector<int> counts;
  std::vector<std::uint8_t> previous(40, 0);
  for (double coverage : {0.0, 0.25, 0.5, 0.75, 1.0}) {
    spec.party.branch_coverage = coverage;
    const CompiledModel model(spec, world);
    int n = 0;
    for (std::size_t g = 0; g < 40; ++g) {
      n += model.has_branch[g];
      EXPECT_GE(model.has_branch[g], previous[g]) << "coverage " << coverage << " took grid " << g << "'s branch away";
    }
    // Within one grid of the share asked for, and the first and second halves alike.
    EXPECT_NEAR(n, 40 * coverage, 1.0);
    int first_half = 0;
    for (std::size_t g = 0; g < 20; ++g) first_half += model.has_branch[g];
    EXPECT_NEAR(first_half, n / 2.0, 1.5);
    previous = model.has_branch;
    counts.push_back(n);
  }
  EXPECT_EQ(counts.front(), 0);
  EXPECT_EQ(counts.back(), 40);
}

TEST(BranchRules, MembersLinkTheirHouseholdsUpToTheGrid) {
  ScenarioSpec spec = small_world(1, 240);  // 100 households
  spec.party.branch_coverage = 1.0;
  spec.party.members_per_branch = 3;
  spec.party.households_per_member = 10.0;
  const World world = build_world(spec);
  EXPECT_DOUBLE_EQ(CompiledModel(spec, world).linked_households[0], 30.0);
  spec.party.members_per_branch = 30;  // more than the grid has
  EXPECT_DOUBLE_EQ(CompiledModel(spec, world).linked_households[0], 100.0);
}

/// Problems nobody reports and no patrol sees, on one grid of 240 residents (100 households).
ScenarioSpec unreported_world() {
  ScenarioSpec spec = small_world(1, 240);
  all_need(spec, 0);
  spec.categories[0].report_probability = 0.0;
  spec.categories[0].rate_per_1000_per_day = 20.0;
  spec.run.days = 120;
  return spec;
}

TEST(LinkRules, LinkedMembersBringHiddenProblemsToLightAtTheContactRateAndOnlyInLinkedHouseholds) {
  ScenarioSpec spec = unreported_world();
  EXPECT_EQ(total(run(spec)).cases_created, 0u);  // without a branch nobody finds them
  spec.party.branch_coverage = 1.0;
  spec.party.members_per_branch = 5;
  spec.party.households_per_member = 10.0;  // 50 of 100 households
  spec.party.contacts_per_week = 1.0;
  spec.party.notice_probability = 0.5;  // found after 2 weeks on average
  spec.party.report_boost = 0.0;        // nobody reports: only the members' notice acts
  const ReplicationResult r = run(spec);
  const GridTally t = total(r);
  // About half the problems are in linked households; nearly all of those are found within 120 days.
  const double share = static_cast<double>(t.found_by_member) / static_cast<double>(t.problems_arisen);
  EXPECT_NEAR(share, 0.5 * (1.0 - 2.0 * 7.0 / 120.0), 0.07);
  EXPECT_EQ(t.found_by_member, t.cases_created);
  // The wait from arising to the member's notice is exponential with mean 2 weeks (less the
  // problems not yet found at the end).
  const double age_h = t.member_find_age_h_sum / static_cast<double>(t.found_by_member);
  EXPECT_GT(age_h, 0.75 * 2.0 * sim::kHoursPerWeek);
  EXPECT_LT(age_h, 1.05 * 2.0 * sim::kHoursPerWeek);
  // Found by a member: accepted and answered at once, never rated.
  int linked = 0;
  std::map<std::uint64_t, std::vector<CaseEventRecord>> rows;
  for (const auto& e : r.case_events) rows[e.case_id].push_back(e);
  for (const auto& [id, events] : rows) {
    ASSERT_EQ(events.front().event, CaseEvent::found_by_member) << "case " << id;
    ++linked;
    for (const auto& e : events) EXPECT_NE(e.event, CaseEvent::rated_satisfied);
  }
  EXPECT_GT(linked, 200);
}

TEST(LinkRules, ALinkedMemberPassesOnWhatTheHouseholdWouldHaveKeptToItself) {
  ScenarioSpec spec = unreported_world();
  spec.categories[0].report_probability = 0.4;
  spec.party.notice_probability = 0.0;  // members hear of nothing themselves: only the boost acts
  spec.party.members_per_branch = 10;   // all 100 households
  spec.party.report_boost = 0.5;
  const auto shares = [&](double coverage) {
    spec.party.branch_coverage = coverage;
    const GridTally t = total(run(spec));
    const double n = static_cast<double>(t.problems_arisen);
    return std::pair{static_cast<double>(t.requests) / n, static_cast<double>(t.found_by_member) / n};
  };
  // The household's own reports (12345 tickets) stay as they were; of what it would have kept to
  // itself the member passes on half to the grid worker, a member's find.
  const auto [requests_without, members_without] = shares(0.0);
  const auto [requests_with, members_with] = shares(1.0);
  EXPECT_NEAR(requests_without, 0.4, 0.05);
  EXPECT_DOUBLE_EQ(requests_with, requests_without);
  EXPECT_EQ(members_without, 0.0);
  EXPECT_NEAR(members_with, 0.5 * 0.6, 0.05);
}

TEST(MediationRules, ADisputeAMemberHearsOfIsSettledBeforeItBecomesACase) {
  ScenarioSpec spec = unreported_world();
  all_need(spec, 1);
  spec.categories[0].mediable_share = 1.0;
  spec.categories[0].unresolvable_share = 0.3;  // mediation settles these too: the parties agree
  spec.party.branch_coverage = 1.0;
  spec.party.members_per_branch = 10;
  spec.party.notice_probability = 1.0;
  spec.party.settle_share = 0.6;
  spec.party.report_boost = 0.0;
  spec.party.mediation_h = Distribution::fixed(2.0);
  const ReplicationResult r = run(spec);
  const GridTally t = total(r);
  const double noticed = static_cast<double>(t.disputes_settled + t.found_by_member);
  EXPECT_GT(noticed, 300.0);
  EXPECT_NEAR(static_cast<double>(t.disputes_settled) / noticed, 0.6, 0.06);
  // Two hours a mediation: before any case, or at the community office for what the member passed on.
  EXPECT_GT(t.disputes_settled, 150u);
  EXPECT_DOUBLE_EQ(t.member_case_h, 2.0 * static_cast<double>(t.disputes_settled + t.mediated_at_community));
  // Settled disputes are not cases, and everything else is conserved.
  EXPECT_EQ(t.cases_created, t.found_by_member);
  EXPECT_EQ(r.cases_created_all, r.cases_closed_all + r.cases_open_all);
}

TEST(MediationRules, AMemberFixesOnTheSpotSomeLightProblemsHeHearsOf) {
  ScenarioSpec spec = unreported_world();  // grid-level problems nobody reports
  spec.categories[0].light = true;
  spec.party.branch_coverage = 1.0;
  spec.party.members_per_branch = 10;
  spec.party.notice_probability = 1.0;
  spec.party.report_boost = 0.0;
  spec.party.member_fix_share = 0.4;
  const GridTally t = total(run(spec));
  const double noticed = static_cast<double>(t.fixed_by_members + t.found_by_member);
  EXPECT_GT(noticed, 300.0);
  EXPECT_NEAR(static_cast<double>(t.fixed_by_members) / noticed, 0.4, 0.06);
  EXPECT_EQ(t.disputes_settled, 0u);  // not a dispute category
  EXPECT_DOUBLE_EQ(t.member_case_h, 1.0 * static_cast<double>(t.fixed_by_members));  // 1 h of grid work each
  // A problem that needs more than the grid is passed on, never fixed by the member.
  all_need(spec, 1);
  EXPECT_EQ(total(run(spec)).fixed_by_members, 0u);
}

/// Every case needs the street and arrives at the grid (walk-in), so it passes the community office.
ScenarioSpec climbing_world(int level) {
  ScenarioSpec spec = small_world(2);
  all_need(spec, level);
  spec.residents.channels[0].via_duty_desk = false;
  spec.categories[0].rate_per_1000_per_day = 2.0;
  spec.categories[0].mediable_share = 1.0;
  spec.party.community_settle_share = 0.5;
  spec.party.mediation_reach_h = Distribution::fixed(3.0);
  spec.party.mediation_h = Distribution::fixed(1.5);
  spec.party.coordination_h = 0.25;
  spec.run.days = 60;
  return spec;
}

TEST(MediationRules, MembersSettleAtTheCommunityWhatWouldHaveGoneUpToTheStreetOnlyOnGridsWithABranch) {
  ScenarioSpec spec = climbing_world(2);
  const GridTally none = total(run(spec));
  EXPECT_EQ(none.mediated_at_community, 0u);
  EXPECT_EQ(none.resolved_at[1], 0u);
  spec.party.branch_coverage = 0.5;  // one of the two grids
  const ReplicationResult r = run(spec);
  const GridTally& with = r.grids[0].mediated_at_community > 0 ? r.grids[0] : r.grids[1];
  const GridTally& without = r.grids[0].mediated_at_community > 0 ? r.grids[1] : r.grids[0];
  EXPECT_EQ(without.mediated_at_community, 0u);
  EXPECT_EQ(without.member_calls, 0u);
  // Half the cases the members are called to are settled at the community, fixed there.
  EXPECT_NEAR(static_cast<double>(with.mediated_at_community) / static_cast<double>(with.member_calls), 0.5, 0.1);
  EXPECT_EQ(with.resolved_at[1], with.mediated_at_community);
  EXPECT_DOUBLE_EQ(with.member_case_h, 1.5 * static_cast<double>(with.mediated_at_community));
  EXPECT_DOUBLE_EQ(with.coordination_h, 0.25 * static_cast<double>(with.member_calls));
  // The office's time calling members is on its books: it triages (0.25 h) only what members did
  // not settle, and spends 0.25 h on each call. The same problems arise in both runs.
  const World world = build_world(spec);
  std::size_t office = 0;
  while (world.stations[office].kind != StationInfo::Kind::community) ++office;
  const ReplicationResult r0 = run(climbing_world(2));
  const double extra_h = r.stations[office].case_h - r0.stations[office].case_h;
  EXPECT_NEAR(extra_h, 0.25 * static_cast<double>(with.member_calls - with.mediated_at_community), 1.0);
}

TEST(UnitRules, AUnitFixesFromTheCommunityWhatWouldNeedDepartmentsWithinItsHours) {
  ScenarioSpec spec = climbing_world(3);
  spec.categories[0].mediable_share = 0.0;
  spec.categories[0].unit_resource_share = 1.0;
  spec.departments.push_back({"works", 2});
  spec.departments.back().shift = {0.0, 24.0, 7, 0.0};
  spec.categories[0].departments = {"works"};
  spec.party.big_committee.units_per_community = 1;
  spec.party.big_committee.hours_per_unit_per_year = 20.0;
  spec.party.big_committee.work_h = Distribution::fixed(4.0);
  spec.party.big_committee.lead_h = Distribution::fixed(24.0);
  const ReplicationResult r = run(spec);
  const GridTally t = total(r);
  // 20 hours a year, 4 a case: five cases, the rest go up to the departments as before.
  EXPECT_EQ(t.resolved_by_units, 5u);
  EXPECT_DOUBLE_EQ(t.unit_h, 20.0);
  EXPECT_GT(t.resolved_at[3], 20u);
  EXPECT_EQ(t.resolved_at[1], 5u);
}

/// Light grid cases at one grid worker who cannot keep up, with 双报到 members called at peaks.
ScenarioSpec double_report_world(int members, double hours_per_year) {
  ScenarioSpec spec = small_world(1);
  all_need(spec, 0);
  spec.residents.channels[0].via_duty_desk = false;
  spec.categories[0].light = true;
  spec.categories[0].rate_per_1000_per_day = 12.0;  // 12 a day, 1 h each, 8 h a day of work
  spec.policies.helpers = HelperPolicy::double_report;
  DoubleReportSpec& d = spec.party.double_report;
  d.members_per_community = members;
  d.hours_per_member_per_year = hours_per_year;
  d.answer_share = 1.0;
  d.call_backlog = 3;
  d.members_called = 1;
  d.travel_h = Distribution::fixed(0.5);
  d.rating_elasticity = 0.0;
  d.patrol_share = 0.0;  // all their hours answer calls
  spec.party.coordination_h = 0.25;
  spec.run.days = 42;
  return spec;
}

TEST(DoubleReportRules, MembersComeOnlyAtPeaksWithinTheirYearlyHoursAndAfterWork) {
  const ReplicationResult r = run(double_report_world(5, 15.0));
  const GridTally t = total(r);
  // Each case takes a member 1.5 h (travel and work): 5 members × 15 h = 50 cases in the year.
  EXPECT_EQ(t.resolved_by_volunteers, 50u);
  EXPECT_NEAR(t.volunteer_h, 75.0, 1e-3);
  EXPECT_GE(t.member_calls, t.member_calls_answered);
  EXPECT_EQ(t.member_calls_answered, 50u);
  // No peak, no call: a worker with time to spare gets no help.
  ScenarioSpec quiet = double_report_world(5, 15.0);
  quiet.categories[0].rate_per_1000_per_day = 1.0;
  quiet.party.double_report.call_backlog = 6;
  EXPECT_EQ(total(run(quiet)).member_calls, 0u);
}

TEST(DoubleReportRules, MembersPatrolTheirPlannedHoursAndFindOnlyWhatAPatrolCanSee) {
  ScenarioSpec spec = unreported_world();  // one grid, nobody reports, no grid-worker patrols
  spec.categories[0].patrol_visible = 1.0;
  spec.policies.helpers = HelperPolicy::double_report;
  DoubleReportSpec& d = spec.party.double_report;
  d.members_per_community = 100;
  d.hours_per_member_per_year = 73.0;
  d.patrol_share = 1.0;
  d.answer_share = 0.5;  // 100 × 73 h × 0.5 ÷ 365 = 10 h of walking a day
  d.patrol_detect_factor = 0.5;
  const GridTally seen = total(run(spec));
  EXPECT_NEAR(seen.member_patrol_h, 10.0 * spec.run.days, 1e-6);
  EXPECT_GT(seen.found_by_member, 400u);
  EXPECT_EQ(seen.found_by_member, seen.cases_created);
  // Found the evening they arose or the next: within two days on average.
  EXPECT_LT(seen.member_find_age_h_sum / static_cast<double>(seen.found_by_member), 48.0);
  spec.categories[0].patrol_visible = 0.0;
  EXPECT_EQ(total(run(spec)).cases_created, 0u);
}

TEST(DoubleReportRules, AWeekdayCallDuringWorkIsServedAfterWork) {
  DoubleReportSpec d;
  d.work_start_h = 9.0;
  d.work_end_h = 18.0;
  ScenarioSpec spec = small_world(1);
  spec.party.double_report = d;
  const DoubleReport members(spec);
  EXPECT_DOUBLE_EQ(members.after_work(10.0), 18.0);                 // Monday 10:00 → 18:00
  EXPECT_DOUBLE_EQ(members.after_work(20.0), 20.0);                 // Monday evening: at once
  EXPECT_DOUBLE_EQ(members.after_work(5 * 24.0 + 10.0), 5 * 24.0 + 10.0);  // Saturday: at once
}

TEST(DoubleReportRules, TwoWayRatingMovesParticipation) {
  ScenarioSpec spec = double_report_world(20, 50.0);
  spec.party.double_report.answer_share = 0.5;
  spec.party.double_report.rating_elasticity = 2.0;
  spec.party.double_report.rating_reference = 0.9;
  spec.party.double_report.rating_half_life_days = 10.0;
  const World world = build_world(spec);
  DoubleReport members(spec);
  for (const StationInfo& info : world.stations) members.add_station(world, info);
  EXPECT_NEAR(members.participation(), spec.party.double_report.answer_share, 1e-12);
  for (int i = 0; i < 40; ++i) members.on_outcome(0, true, 24.0 * i);  // every case done well
  const double up = members.participation();
  EXPECT_GT(up, 0.58);  // 0.5 × (1 + 2 × (≈1 − 0.9))
  EXPECT_LT(up, 0.6);
  for (int i = 40; i < 80; ++i) members.on_outcome(0, false, 24.0 * i);  // then every case badly
  EXPECT_LT(members.participation(), 0.1);
}

}  // namespace
}  // namespace govgrid
