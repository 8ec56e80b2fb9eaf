// Rule-level tests of the model on small hand-built worlds: each test reads the case-event
// log (one row per case event) or the per-station hours of one short run and checks a rule
// of the case life or of a policy, not a district-wide statistic.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>
#include <vector>

#include "engine/model/demand.h"
#include "engine/sim/time.h"
#include "engine/model/office_hours.h"
#include "engine/model/world.h"
#include "engine/run/replication.h"
#include "engine/sim/time.h"
#include "small_world.h"

namespace govgrid {
namespace {

using testing::all_need;
using testing::run;
using testing::small_world;

/// The case-event rows of each case, in order.
std::map<std::uint64_t, std::vector<CaseEventRecord>> by_case(const ReplicationResult& r) {
  std::map<std::uint64_t, std::vector<CaseEventRecord>> out;
  for (const auto& e : r.case_events) out[e.case_id].push_back(e);
  return out;
}

std::vector<CaseEvent> kinds(const std::vector<CaseEventRecord>& rows) {
  std::vector<CaseEvent> out;
  for (const auto& e : rows) out.push_back(e.event);
  return out;
}

bool closed(const std::vector<CaseEventRecord>& rows) { return !rows.empty() && rows.back().event == CaseEvent::closed; }

DepartmentSpec around_the_clock(const std::string& name, int crews) {
  DepartmentSpec d{name, crews};
  d.shift = {0.0, 24.0, 7, 0.0};
  return d;
}

TEST(CaseRules, ADepartmentCaseClimbsEveryLevelInOrder) {
  ScenarioSpec spec = small_world();
  all_need(spec, 3);
  spec.departments.push_back(around_the_clock("works", 4));
  spec.categories[0].departments = {"works"};
  const auto cases = by_case(run(spec));
  int checked = 0;
  for (const auto& [id, rows] : cases) {
    if (!closed(rows)) continue;
    ++checked;
    EXPECT_EQ(kinds(rows), (std::vector<CaseEvent>{CaseEvent::reported, CaseEvent::accepted, CaseEvent::responded,
                                                   CaseEvent::escalated, CaseEvent::escalated, CaseEvent::escalated,
                                                   CaseEvent::ticket_sent, CaseEvent::ticket_done, CaseEvent::resolved,
                                                   CaseEvent::closed}))
        << "case " << id;
    EXPECT_EQ(rows[3].level, 1);
    EXPECT_EQ(rows[4].level, 2);
    EXPECT_EQ(rows[5].level, 3);
    EXPECT_EQ(rows[8].level, 3);  // resolved at the departments
    for (std::size_t k = 1; k < rows.size(); ++k) EXPECT_GE(rows[k].t, rows[k - 1].t) << "case " << id;
  }
  EXPECT_GT(checked, 20);
}

ScenarioSpec joint_case_world(bool whistle) {
  ScenarioSpec spec = small_world();
  all_need(spec, 3);
  spec.departments = {around_the_clock("a", 8), around_the_clock("b", 8)};
  spec.categories[0].departments = {"a", "b"};
  spec.categories[0].joint_share = 1.0;
  spec.whistle.enabled = whistle;
  return spec;
}

TEST(CaseRules, TheWhistleSummonsEveryDepartmentAtOnce) {
  int checked = 0;
  for (const auto& [id, rows] : by_case(run(joint_case_world(true)))) {
    if (!closed(rows)) continue;
    std::vector<CaseEventRecord> sent;
    for (const auto& e : rows)
      if (e.event == CaseEvent::ticket_sent) sent.push_back(e);
    ASSERT_EQ(sent.size(), 2u) << "case " << id;
    EXPECT_EQ(sent[0].t, sent[1].t);
    EXPECT_NE(sent[0].department, sent[1].department);
    ++checked;
  }
  EXPECT_GT(checked, 20);
}

TEST(CaseRules, WithoutTheWhistleDepartmentsTakeTurns) {
  int checked = 0;
  for (const auto& [id, rows] : by_case(run(joint_case_world(false)))) {
    if (!closed(rows)) continue;
    // ticket_sent(a) → ticket_done → ticket_sent(b) → ticket_done, each transfer taking 24 h.
    std::vector<CaseEventRecord> tickets;
    for (const auto& e : rows)
      if (e.event == CaseEvent::ticket_sent || e.event == CaseEvent::ticket_done) tickets.push_back(e);
    ASSERT_EQ(tickets.size(), 4u) << "case " << id;
    EXPECT_EQ(kinds(tickets), (std::vector<CaseEvent>{CaseEvent::ticket_sent, CaseEvent::ticket_done,
                                                      CaseEvent::ticket_sent, CaseEvent::ticket_done}));
    EXPECT_EQ(tickets[0].department, 0);
    EXPECT_EQ(tickets[2].department, 1);
    EXPECT_GE(tickets[1].t, tickets[0].t + 24.0);  // the transfer, then the work
    EXPECT_EQ(tickets[2].t, tickets[1].t);
    ++checked;
  }
  EXPECT_GT(checked, 10);
}

ScenarioSpec forms_only_world(TaskIntakePolicy intake) {
  ScenarioSpec spec = small_world(1);
  spec.categories[0].rate_per_1000_per_day = 0.0;  // no cases: only pushed-down work
  spec.pushed_down_tasks.push_back({.name = "ad_hoc_form", .per = TaskUnit::worker, .rate_per_week = 5.0,
                                    .duration_h = Distribution::fixed(1.0), .on_responsibility_list = false});
  spec.policies.task_intake = intake;
  spec.run.days = 14;
  return spec;
}

TEST(TaskRules, ATaskOffTheResponsibilityListGoesBackToTheCommunityOffice) {
  const World world = build_world(forms_only_world(TaskIntakePolicy::accept_all));
  std::uint32_t grid_station = world.grids[0].worker_station, office = world.communities[0].station;
  const auto accepted = run(forms_only_world(TaskIntakePolicy::accept_all));
  const auto refused = run(forms_only_world(TaskIntakePolicy::responsibility_list));
  EXPECT_GT(accepted.stations[grid_station].pushed_down_h, 5.0);
  EXPECT_EQ(accepted.stations[office].pushed_down_h, 0.0);
  EXPECT_EQ(accepted.stations[grid_station].tasks_refused, 0.0);

  EXPECT_EQ(refused.stations[grid_station].pushed_down_h, 0.0);
  EXPECT_GT(refused.stations[office].pushed_down_h, 5.0);
  EXPECT_EQ(refused.stations[grid_station].tasks_refused, refused.stations[grid_station].tasks_arrived);
  // The same tasks arrive (the station's own random stream), so the office does what the
  // grid workers would have done.
  EXPECT_EQ(refused.stations[grid_station].tasks_arrived, accepted.stations[grid_station].tasks_arrived);
}

/// One grid-worker station's tasks that arrived, for a task kind landing `per` unit.
StationTally task_tally(TaskUnit per, double workers_per_grid, bool office) {
  ScenarioSpec spec = small_world(1);
  spec.categories[0].rate_per_1000_per_day = 0.0;
  spec.grid_workers.per_grid = workers_per_grid;
  spec.pushed_down_tasks.push_back(
      {.name = "task", .per = per, .rate_per_week = 50.0, .duration_h = Distribution::fixed(0.1)});
  const World world = build_world(spec);
  return run(spec).stations[office ? world.communities[0].station : world.grids[0].worker_station];
}

TEST(TaskRules, PerGridTasksDoNotDoubleWithASecondWorkerButPerWorkerTasksDo) {
  const StationTally grid_one = task_tally(TaskUnit::grid, 1.0, false), grid_two = task_tally(TaskUnit::grid, 2.0, false);
  EXPECT_GT(grid_one.tasks_arrived, 100.0);
  EXPECT_EQ(grid_two.tasks_arrived, grid_one.tasks_arrived);  // the same stream, whatever the headcount
  const StationTally worker_one = task_tally(TaskUnit::worker, 1.0, false),
                     worker_two = task_tally(TaskUnit::worker, 2.0, false);
  EXPECT_NEAR(worker_two.tasks_arrived / worker_one.tasks_arrived, 2.0, 0.25);
}

TEST(TaskRules, CommunityOfficesReceiveTheirOwnTasks) {
  const StationTally office = task_tally(TaskUnit::community_office, 1.0, true);
  const StationTally grid = task_tally(TaskUnit::community_office, 1.0, false);
  EXPECT_GT(office.tasks_arrived, 100.0);
  EXPECT_GT(office.pushed_down_h, 10.0);
  EXPECT_EQ(grid.tasks_arrived, 0.0);
  EXPECT_EQ(grid.pushed_down_h, 0.0);
}

TEST(TaskRules, TasksAreIssuedInOfficeHours) {
  const ShiftSpec office{8.5, 8.0, 5, 0.0};
  EXPECT_DOUBLE_EQ(after_office_time(0.0, 1.0, office), 9.5);                       // Monday 9:30
  EXPECT_DOUBLE_EQ(after_office_time(16.0, 1.0, office), 24.0 + 9.0);               // half today, half Tuesday
  EXPECT_DOUBLE_EQ(after_office_time(4 * 24.0 + 16.0, 1.0, office), 7 * 24.0 + 9.0);  // Friday → Monday
  EXPECT_DOUBLE_EQ(after_office_time(10.0, 40.0, office), 7 * 24.0 + 10.0);          // a working week
  EXPECT_DOUBLE_EQ(after_office_time(5.0, 3.0, {0.0, 24.0, 7, 0.0}), 8.0);          // around the clock
}

TEST(TaskRules, LateTasksAreCountedAndInspectedOnesArePenalties) {
  // Two-hour tasks due one hour after they arrive: every one is late; half are inspected.
  ScenarioSpec spec = small_world(1);
  spec.categories[0].rate_per_1000_per_day = 0.0;
  spec.pushed_down_tasks.push_back({.name = "report", .per = TaskUnit::grid, .rate_per_week = 10.0,
                                    .duration_h = Distribution::fixed(2.0), .deadline_h = 1.0,
                                    .inspection_share = 0.5});
  const World world = build_world(spec);
  const StationTally st = run(spec).stations[world.grids[0].worker_station];
  EXPECT_GT(st.tasks_done, 20.0);
  EXPECT_EQ(st.tasks_late, st.tasks_done);
  EXPECT_GT(st.tasks_penalised, 0.25 * st.tasks_done);
  EXPECT_LT(st.tasks_penalised, 0.75 * st.tasks_done);
  spec.pushed_down_tasks[0].deadline_h = 1000.0;
  const StationTally relaxed = run(spec).stations[world.grids[0].worker_station];
  EXPECT_EQ(relaxed.tasks_late, 0.0);
  EXPECT_EQ(relaxed.tasks_penalised, 0.0);
}

TEST(StationRules, WorkRunningPastShiftEndIsOvertimeAndStaffStayLateOnlyWithinTheAllowance) {
  // Three-hour forms queue up without end: jobs start at 8:30, 11:30, 14:30; the third runs to
  // 17:30, an hour past the 16:30 shift end. Allowed to stay until 18:30, staff start a fourth
  // at 17:30 and work to 20:30.
  for (const double allowance : {0.0, 2.0}) {
    ScenarioSpec spec = forms_only_world(TaskIntakePolicy::accept_all);
    spec.pushed_down_tasks[0].rate_per_week = 50.0;
    spec.pushed_down_tasks[0].duration_h = Distribution::fixed(3.0);
    spec.street_centre.shift = {0.0, 24.0, 7, 0.0};  // tasks issued around the clock: a queue by Monday 8:30
    spec.grid_workers.shift.max_overtime_h_per_day = allowance;
    const World world = build_world(spec);
    const auto r = run(spec);
    const StationTally& st = r.stations[world.grids[0].worker_station];
    const double working_days = 10.0;  // two weeks, Monday to Friday
    EXPECT_DOUBLE_EQ(st.scheduled_h, working_days * 8.0);
    EXPECT_DOUBLE_EQ(st.overtime_h, working_days * (allowance == 0.0 ? 1.0 : 4.0)) << "allowance " << allowance;
  }
}

/// Seven volunteer hours a week for one grid, far more light cases than that, half an hour to
/// reach each; 10 days.
ScenarioSpec volunteer_world() {
  ScenarioSpec spec = small_world(1);
  all_need(spec, 0);
  spec.categories[0].light = true;
  spec.categories[0].rate_per_1000_per_day = 20.0;
  spec.policies.helpers = HelperPolicy::party_volunteers;
  spec.remedies.volunteer_hours_per_grid_per_week = 7.0;
  spec.remedies.volunteer_response_h = Distribution::fixed(0.5);
  spec.run.days = 10;
  return spec;
}

TEST(HelperRules, TheVolunteerBankRefillsOneSeventhOfAWeekEachDay) {
  // The bank starts with one hour and gains one each day; every light case takes exactly one
  // hour, and they arrive far faster than that.
  const auto r = run(volunteer_world());
  // One take on day 0 and one after each of the 9 day ends inside the run.
  EXPECT_EQ(r.grids[0].resolved_by_volunteers, 10u);
}

TEST(RotaRules, ASevenDayRotaKeepsTheHoursAndCoversTheWeekend) {
  // Added as one policy file (policies/duty_rota.h), one registry line and one schema row;
  // the event loop did not change.
  auto weekend_responses = [](const ScenarioSpec& spec) {
    int n = 0;
    for (const auto& e : run(spec).case_events)
      n += e.event == CaseEvent::responded && sim::weekday_of(e.t) >= 5;
    return n;
  };
  ScenarioSpec fixed = small_world(1);
  all_need(fixed, 0);
  fixed.categories[0].rate_per_1000_per_day = 4.0;
  ScenarioSpec rota = fixed;
  rota.policies.duty_rota = DutyRota::seven_day;
  const World world = build_world(fixed);
  const auto station = world.grids[0].worker_station;
  EXPECT_NEAR(run(rota).stations[station].scheduled_h, run(fixed).stations[station].scheduled_h, 1e-9);
  EXPECT_EQ(weekend_responses(fixed), 0);
  EXPECT_GT(weekend_responses(rota), 10);
}

TEST(Conservation, EveryCaseCreatedIsClosedOrLocatedOpen) {
  ScenarioSpec spec = joint_case_world(false);
  spec.categories[0].rate_per_1000_per_day = 5.0;
  const auto r = run(spec);
  EXPECT_GT(r.cases_open_all, 0u);  // a busy system: some cases are still in hand at the end
  EXPECT_EQ(r.cases_open_located, r.cases_open_all);
  EXPECT_EQ(r.cases_created_all, r.cases_closed_all + r.cases_open_all);
}

}  // namespace
}  // namespace govgrid

namespace govgrid {
namespace {

TEST(CommonRandomNumbers, ALeverLeavesTheDrawsOfEveryOtherDecisionUnchanged) {
  // Volunteers take some light cases; for the others the lever draws (and discards) a work
  // time. Each decision has its own substream, so every case's intake delay and, at its first
  // closing, its feedback delay are the same draws with the lever on or off.
  ScenarioSpec off = small_world(2);
  all_need(off, 0);
  off.categories[0].light = true;
  off.categories[0].rate_per_1000_per_day = 3.0;
  off.categories[0].service_h[0] = Distribution::lognormal(1.0, 0.6);
  off.residents.channels[0].intake_h = Distribution::uniform(0.1, 2.0);
  off.handling.feedback_h = Distribution::uniform(0.5, 4.0);
  ScenarioSpec on = off;
  on.policies.helpers = HelperPolicy::party_volunteers;
  on.remedies.volunteer_hours_per_grid_per_week = 3.0;

  struct Delays { double intake = NAN, feedback = NAN; };
  auto delays = [](const ReplicationResult& r) {
    std::map<std::uint64_t, Delays> out;
    for (const auto& c : r.cases) {
      Delays& d = out[c.case_id];
      d.intake = c.accepted_h - c.found_h;
      if (c.reopenings == 0 && !std::isnan(c.closed_h)) d.feedback = c.feedback_h - c.resolved_h;
    }
    return out;
  };
  const auto without = delays(run(off)), with = delays(run(on));
  ASSERT_GT(run(on).grids[0].resolved_by_volunteers + run(on).grids[1].resolved_by_volunteers, 5u);
  int compared = 0;
  for (const auto& [id, d] : with) {
    const auto it = without.find(id);
    if (it == without.end()) continue;
    // The same draw added to different instants: equal up to the rounding of the sum.
    if (!std::isnan(d.intake) && !std::isnan(it->second.intake))
      EXPECT_NEAR(d.intake, it->second.intake, 1e-9) << "case " << id;
    if (!std::isnan(d.feedback) && !std::isnan(it->second.feedback)) {
      EXPECT_NEAR(d.feedback, it->second.feedback, 1e-9) << "case " << id;
      ++compared;
    }
  }
  EXPECT_GT(compared, 100);
}

}  // namespace
}  // namespace govgrid

namespace govgrid {
namespace {

TEST(ResponseRules, EachCaseIsAnsweredOnceAndOnlyTicketRequestersRate) {
  // Half the problems are found on patrol, half reported by 12345 ticket or walk-in; light cases
  // go to volunteers; every ticket requester asked rates.
  ScenarioSpec spec = small_world(2);
  spec.residents.channels[0].via_duty_desk = true;
  spec.residents.channels[0].preference = {0.5, 0.5, 0.5};
  spec.residents.channels.push_back({"walk_in", Distribution::fixed(0.0), {0.5, 0.5, 0.5}});
  all_need(spec, 0);
  spec.categories[0].light = true;
  spec.categories[0].patrol_visible = 1.0;
  spec.categories[0].report_probability = 0.5;
  spec.categories[0].rate_per_1000_per_day = 3.0;
  spec.residents.report_delay_h = Distribution::exponential(48.0);
  spec.grid_workers.patrols_per_day = 1.0;
  spec.grid_workers.detect_rate_per_h = 2.3;  // 0.9 per 1 h walk
  spec.policies.helpers = HelperPolicy::party_volunteers;
  spec.remedies.volunteer_hours_per_grid_per_week = 7.0;
  spec.handling.rating_share = 1.0;
  const auto r = run(spec);
  int patrol_finds = 0, rated_requests = 0, walk_ins = 0;
  for (const auto& [id, rows] : by_case(r)) {
    const bool on_patrol = rows.front().event == CaseEvent::found_on_patrol;
    const bool ticket = std::any_of(rows.begin(), rows.end(), [](const auto& e) { return e.event == CaseEvent::dispatched; });
    patrol_finds += on_patrol;
    const auto responses = std::count_if(rows.begin(), rows.end(), [](const auto& e) { return e.event == CaseEvent::responded; });
    const auto ratings = std::count_if(rows.begin(), rows.end(), [](const auto& e) {
      return e.event == CaseEvent::rated_satisfied || e.event == CaseEvent::rated_unsatisfied;
    });
    EXPECT_LE(responses, 1) << "case " << id;
    if (on_patrol || !ticket) EXPECT_EQ(ratings, 0) << "case " << id;
    else rated_requests += ratings > 0;
    walk_ins += !on_patrol && !ticket;
  }
  EXPECT_GT(patrol_finds, 20);
  EXPECT_GT(walk_ins, 5);
  EXPECT_GT(rated_requests, 5);
  GridTally all;
  for (const auto& g : r.grids) all.merge(g);
  EXPECT_LE(all.responded, all.cases_created);
  EXPECT_GT(all.resolved_by_volunteers, 5u);
}

}  // namespace
}  // namespace govgrid

namespace govgrid {
namespace {

GridTally district(const ReplicationResult& r) {
  GridTally all;
  for (const auto& g : r.grids) all.merge(g);
  return all;
}

/// Runs `spec` and merges its grid tallies by street: the first street's, and the others'.
std::pair<GridTally, GridTally> first_street_and_rest(const ScenarioSpec& spec) {
  const World world = build_world(spec);
  const auto r = run(spec);
  std::pair<GridTally, GridTally> out;
  for (std::uint32_t g = 0; g < world.grids.size(); ++g) (world.grids[g].street == 0 ? out.first : out.second).merge(r.grids[g]);
  return out;
}

TEST(OutcomeRules, AHandlerBelowTheNeededLevelMayCloseByExplanation) {
  ScenarioSpec spec = small_world();
  all_need(spec, 1);  // every case needs the community
  spec.outcomes.explain_base = 0.0;
  spec.outcomes.explain_per_backlog = 0.0;
  spec.outcomes.explain_per_pressure = 0.5;
  spec.outcomes.ranking_pressure = 0.0;
  const GridTally calm = district(run(spec));
  EXPECT_EQ(calm.explained_below_need, 0u);
  EXPECT_GT(calm.resolved_at[1], 20u);

  spec.outcomes.ranking_pressure = 1.0;  // half the grid workers' closures become explanations
  const auto pressed = run(spec);
  const GridTally p = district(pressed);
  EXPECT_GT(p.explained_below_need, p.cases_closed / 4);
  EXPECT_LT(p.explained_below_need, 3 * p.cases_closed / 4);
  EXPECT_EQ(p.explained_below_need + p.resolved_at[1], p.cases_closed);
  // An explained case ends at the grid: no hand-over, resolved with level -1.
  for (const auto& [id, rows] : by_case(pressed)) {
    if (!closed(rows)) continue;
    const auto resolved = std::find_if(rows.begin(), rows.end(), [](const auto& e) { return e.event == CaseEvent::resolved; });
    const bool escalated = std::any_of(rows.begin(), rows.end(), [](const auto& e) { return e.event == CaseEvent::escalated; });
    EXPECT_EQ(resolved->level == -1, !escalated) << "case " << id;
  }
}

TEST(OutcomeRules, WithoutTheWhistleObjectedTransfersEndInAnExplanation) {
  ScenarioSpec spec = joint_case_world(false);
  spec.categories[0].joint_share = 0.0;
  spec.outcomes.bounce_share = 1.0;  // every department objects
  spec.outcomes.max_bounces = 2;
  spec.outcomes.bounce_h = Distribution::fixed(24.0);
  int checked = 0;
  for (const auto& [id, rows] : by_case(run(spec))) {
    if (!closed(rows)) continue;
    int bounced = 0, done = 0;
    for (const auto& e : rows) {
      bounced += e.event == CaseEvent::ticket_bounced;
      done += e.event == CaseEvent::ticket_done;
    }
    EXPECT_EQ(bounced, 3) << "case " << id;
    EXPECT_EQ(done, 0) << "case " << id;
    EXPECT_EQ(rows[rows.size() - 2].event, CaseEvent::resolved);
    EXPECT_EQ(rows[rows.size() - 2].level, -1);
    ++checked;
  }
  EXPECT_GT(checked, 5);
  // With the whistle nothing bounces.
  ScenarioSpec whistle = spec;
  whistle.whistle.enabled = true;
  EXPECT_EQ(district(run(whistle)).transfer_bounces, 0u);
}

TEST(OutcomeRules, TheResolutionRateIsTheRequestersAnswerAndCountsOverdueOpenTickets) {
  ScenarioSpec spec = small_world();
  all_need(spec, 0);
  spec.categories[0].unresolvable_share = 0.5;
  spec.handling.rating_share = 1.0;
  spec.handling.reopen_share = 0.0;
  spec.outcomes.resolved_if_fixed = 1.0;
  spec.outcomes.resolved_if_explained = 0.0;
  spec.residents.channels[0].via_duty_desk = true;  // the hotline calls back 12345 requesters
  const GridTally t = district(run(spec));
  EXPECT_GT(t.rated, 40u);
  EXPECT_EQ(t.said_resolved, t.cases_resolved);  // exactly the fixed ones say "resolved"
  EXPECT_EQ(t.explained_unresolvable, t.cases_closed - t.cases_resolved);
  EXPECT_EQ(t.open_overdue, 0u);

  // A grid worker who cannot keep up: tickets pile up past their deadline and count as unresolved.
  spec.categories[0].rate_per_1000_per_day = 12.0;
  spec.categories[0].resolution_deadline_h = 48.0;
  spec.categories[0].response_deadline_h = 24.0;
  EXPECT_GT(district(run(spec)).open_overdue, 10u);
}

}  // namespace
}  // namespace govgrid

#include "engine/model/duty_desk.h"

namespace govgrid {
namespace {

TEST(DutyDeskRules, StaffedFromFindsTheNextCoveredInstant) {
  const ShiftSpec office{9.0, 8.0, 5, 0.0};  // Monday–Friday 9–17; day 0 is a Monday
  EXPECT_EQ(staffed_from(office, 10.0), 10.0);              // Monday 10:00: open
  EXPECT_EQ(staffed_from(office, 18.0), 24.0 + 9.0);        // Monday 18:00 → Tuesday 9:00
  EXPECT_EQ(staffed_from(office, 4 * 24.0 + 17.5), 7 * 24.0 + 9.0);  // Friday evening → Monday
  const ShiftSpec night{20.0, 10.0, 7, 0.0};                // 20:00–06:00 every day
  EXPECT_EQ(staffed_from(night, 24.0 + 3.0), 24.0 + 3.0);   // 3:00 is inside the shift that began at 20:00
  EXPECT_EQ(staffed_from(ShiftSpec{0.0, 24.0, 7, 0.0}, 123.4), 123.4);
}

TEST(DutyDeskRules, TheDeskAnswersRequestersWhenItIsStaffedNotWhenTheGridWorkerIs) {
  auto desk_world = [](ShiftSpec coverage) {
    ScenarioSpec spec = small_world(2);
    all_need(spec, 0);
    spec.categories[0].rate_per_1000_per_day = 4.0;
    spec.residents.channels[0].via_duty_desk = true;
    spec.duty_desk.coverage = coverage;
    spec.duty_desk.sign_for_h = Distribution::fixed(0.5);
    spec.duty_desk.reach_probability = 1.0;
    return spec;
  };
  int weekend_24_7 = 0, off_hours = 0;
  for (const auto& e : run(desk_world({0.0, 24.0, 7, 0.0})).case_events)
    weekend_24_7 += e.event == CaseEvent::responded && sim::weekday_of(e.t) >= 5;
  for (const auto& e : run(desk_world({9.0, 8.0, 5, 0.0})).case_events) {
    if (e.event != CaseEvent::responded) continue;
    const double hour = std::fmod(e.t, sim::kHoursPerDay);
    // Grid workers (8:30–16:30 plus an hour's overtime) and the desk (9–17) both keep office hours.
    off_hours += sim::weekday_of(e.t) >= 5 || hour < 8.5 || hour > 17.5;
  }
  EXPECT_GT(weekend_24_7, 10);
  EXPECT_EQ(off_hours, 0);
}

}  // namespace
}  // namespace govgrid

namespace govgrid {
namespace {

TEST(StreetRules, StreetsDifferByTheirDemandAndHandlingFactors) {
  ScenarioSpec spec = small_world(3);
  all_need(spec, 0);
  spec.categories[0].service_h[0] = Distribution::fixed(2.0);
  StreetSpec busy = spec.world.streets[0];
  busy.name = "busy";
  busy.demand_factor = 2.0;
  busy.handling_factor = 1.5;
  spec.world.streets.push_back(busy);
  spec.run.days = 56;
  const auto [calm, crowded] = first_street_and_rest(spec);
  const double ratio = static_cast<double>(crowded.cases_created) / static_cast<double>(calm.cases_created);
  EXPECT_NEAR(ratio, 2.0, 0.35);  // twice the problems (Poisson noise over ~170 cases)
  // Handling takes 1.5× as long: 3 h instead of 2 h of grid-worker time per case.
  EXPECT_NEAR(crowded.worker_case_h / static_cast<double>(crowded.cases_created) /
                  (calm.worker_case_h / static_cast<double>(calm.cases_created)),
              1.5, 0.15);
}

// ---------------------------------------------------------------------------------------
// Proactive work: patrols and household visits.

/// Problems a patrol can see that nobody reports, at a fixed visibility; four grids.
ScenarioSpec patrol_world(double walks_per_day, double walk_h) {
  ScenarioSpec spec = small_world(4);
  all_need(spec, 0);
  spec.categories[0].patrol_visible = 1.0;
  spec.categories[0].report_probability = 0.0;
  spec.categories[0].rate_per_1000_per_day = 10.0;
  spec.grid_workers.patrols_per_day = walks_per_day;
  spec.grid_workers.patrol_h = walk_h;
  spec.grid_workers.detect_rate_per_h = std::log(2.0);  // a 1 h walk finds a problem with 0.5
  spec.run.days = 42;
  return spec;
}

/// Of the problems that arose in the first three weeks (outside 8:00–12:00 on working days, when
/// walks are under way), the share found on the first working morning after they arose: the
/// chance one day's patrolling finds a problem.
double found_on_first_morning(const ScenarioSpec& spec) {
  int arisen = 0, first_morning = 0;
  for (const CaseRecord& c : run(spec).cases) {
    const double day = std::floor(c.arisen_h / 24.0), hour = c.arisen_h - day * 24.0;
    const bool working_day = static_cast<int>(day) % 7 < 5;
    if (c.arisen_h > 21 * 24.0 || (working_day && hour >= 8.0 && hour < 12.0)) continue;
    // The next working morning's walks (today's when it arose before 8:00).
    double next = working_day && hour < 8.0 ? day : day + 1;
    while (static_cast<int>(next) % 7 >= 5) ++next;
    ++arisen;
    first_morning += c.found_h < next * 24.0 + 12.0;
  }
  EXPECT_GT(arisen, 400);
  return static_cast<double>(first_morning) / arisen;
}

TEST(PatrolRules, TwoWalksFindMoreThanOneButLessThanTwiceAndALongerWalkAsMuch) {
  const double one = found_on_first_morning(patrol_world(1.0, 1.0));
  const double two = found_on_first_morning(patrol_world(2.0, 1.0));
  const double longer = found_on_first_morning(patrol_world(1.0, 2.0));
  EXPECT_NEAR(one, 0.5, 0.06);
  EXPECT_GT(two, one + 0.1);   // 1 − 0.5² = 0.75
  EXPECT_LT(two, 2.0 * one - 0.1);
  EXPECT_NEAR(longer, two, 0.06);  // one 2 h walk sees as much as two 1 h walks
}

TEST(PatrolRules, ProblemsBecomeEasierToSeeAsTheyAge) {
  ScenarioSpec fresh = patrol_world(1.0, 1.0);
  ScenarioSpec ramp = fresh;
  ramp.grid_workers.visibility_days = 2.0;
  EXPECT_LT(found_on_first_morning(ramp), found_on_first_morning(fresh) - 0.1);
}

/// Problems nobody reports, on one grid of 240 residents (100 households) with one worker.
ScenarioSpec visit_world(double patrol_visible, double visits_per_year) {
  ScenarioSpec spec = small_world(1, 240);
  all_need(spec, 0);
  spec.categories[0].patrol_visible = patrol_visible;
  spec.categories[0].report_probability = 0.0;
  spec.categories[0].rate_per_1000_per_day = 8.0;  // ≈ 2 a day: the worker has time to spare
  spec.grid_workers.patrols_per_day = 1.0;
  spec.grid_workers.visits.ordinary_per_year = visits_per_year;
  spec.grid_workers.visits.find_probability = 1.0;
  spec.run.days = 56;
  return spec;
}

TEST(VisitRules, VisitsFindTheProblemsPatrolsCannotSeeAndOnlyThose) {
  GridTally unseen, unseen_no_visits, seen;
  for (const auto& g : run(visit_world(0.0, 12.0)).grids) unseen.merge(g);
  for (const auto& g : run(visit_world(0.0, 0.0)).grids) unseen_no_visits.merge(g);
  for (const auto& g : run(visit_world(1.0, 12.0)).grids) seen.merge(g);
  EXPECT_EQ(unseen_no_visits.cases_created, 0u);  // nobody reports them, no patrol sees them
  EXPECT_GT(unseen.found_by_visit, 30u);
  EXPECT_EQ(unseen.found_by_patrol, 0u);
  EXPECT_GT(unseen.worker_visit_h, 0.0);
  EXPECT_GT(unseen.visits_made, 0u);
  EXPECT_NEAR(static_cast<double>(unseen.visits_made), unseen.visits_due, 2.0);  // an idle worker makes them all
  EXPECT_EQ(seen.found_by_visit, 0u);  // what a patrol can see is left to patrols
  EXPECT_GT(seen.found_by_patrol, 30u);
}

TEST(VisitRules, VisitFindsAreProactiveCasesWithNobodyToCallBack) {
  ScenarioSpec spec = visit_world(0.0, 12.0);
  spec.handling.rating_share = 1.0;
  int found = 0;
  for (const auto& [id, rows] : by_case(run(spec))) {
    if (rows.front().event != CaseEvent::found_on_visit) continue;
    ++found;
    for (const auto& e : rows)
      EXPECT_TRUE(e.event != CaseEvent::rated_satisfied && e.event != CaseEvent::rated_unsatisfied) << "case " << id;
  }
  EXPECT_GT(found, 30);
}

/// One grid worker with more ranked work than time: requests and inspected forms.
ScenarioSpec loaded_world(double pressure) {
  ScenarioSpec spec = small_world(1);
  all_need(spec, 0);
  spec.categories[0].rate_per_1000_per_day = 3.0;
  spec.categories[0].service_h[0] = Distribution::fixed(2.0);  // 3 cases × 2 h a day
  spec.grid_workers.patrols_per_day = 1.0;
  spec.grid_workers.visits.ordinary_per_year = 2.0;
  spec.pushed_down_tasks.push_back({.name = "forms", .per = TaskUnit::grid, .rate_per_week = 20.0,
                                    .duration_h = Distribution::fixed(1.0), .deadline_h = 48.0,
                                    .inspection_share = 1.0});
  spec.policies.job_priority = JobPriority::by_appraisal;
  spec.outcomes.ranking_pressure = pressure;
  return spec;
}

TEST(RankingRules, PressureCrowdsOutPatrolsAndVisitsWhenTheStationIsLoaded) {
  const World world = build_world(loaded_world(0.0));
  const std::uint32_t station = world.grids[0].worker_station;
  const StationTally calm = run(loaded_world(0.0)).stations[station];
  const StationTally half = run(loaded_world(0.5)).stations[station];
  const StationTally pressed = run(loaded_world(1.0)).stations[station];
  EXPECT_GT(calm.case_h + calm.pushed_down_h + calm.patrol_h + calm.visit_h, 0.95 * calm.scheduled_h);  // loaded
  EXPECT_LT(half.patrol_h, 0.8 * calm.patrol_h);
  EXPECT_LT(pressed.patrol_h, 0.5 * half.patrol_h);
  EXPECT_LT(pressed.visit_h, 0.5 * calm.visit_h);
  EXPECT_GT(pressed.case_h, calm.case_h);  // the time goes to ranked work
}

TEST(RankingRules, WithoutLoadPressureChangesTheOrderNotTheWork) {
  ScenarioSpec calm = loaded_world(0.0), pressed = loaded_world(1.0);
  for (ScenarioSpec* spec : {&calm, &pressed}) {
    spec->categories[0].rate_per_1000_per_day = 0.5;
    spec->pushed_down_tasks[0].rate_per_week = 2.0;
  }
  const World world = build_world(calm);
  const std::uint32_t station = world.grids[0].worker_station;
  const StationTally a = run(calm).stations[station], b = run(pressed).stations[station];
  EXPECT_NEAR(b.patrol_h, a.patrol_h, 0.05 * a.patrol_h);
  EXPECT_NEAR(b.visit_h, a.visit_h, 0.1 * a.visit_h);
}

}  // namespace
}  // namespace govgrid

namespace govgrid {
namespace {

/// One category, 12345 tickets only, dispatched by the catalogue.
ScenarioSpec catalogue_world(int level_needed) {
  ScenarioSpec spec = testing::small_world();
  testing::all_need(spec, level_needed);
  spec.residents.channels[0].via_duty_desk = true;
  spec.departments.push_back({"works", 4});
  spec.departments.back().shift = {0.0, 24.0, 7, 0.0};
  spec.categories[0].departments = {"works"};
  spec.policies.ticket_dispatch = TicketDispatch::catalogue;
  spec.dispatch_catalogue.assign_down_h = Distribution::fixed(2.0);
  spec.dispatch_catalogue.objection_h = Distribution::fixed(48.0);
  return spec;
}

std::vector<CaseEventRecord> of_kind(const std::vector<CaseEventRecord>& rows, CaseEvent e) {
  std::vector<CaseEventRecord> out;
  for (const auto& r : rows)
    if (r.event == e) out.push_back(r);
  return out;
}

TEST(DispatchRules, TheCatalogueSendsDepartmentMattersStraightToTheDepartment) {
  ScenarioSpec spec = catalogue_world(3);
  spec.categories[0].dispatch.to_department = 1.0;
  int checked = 0;
  for (const auto& [id, rows] : by_case(run(spec))) {
    if (!closed(rows)) continue;
    const auto dispatched = of_kind(rows, CaseEvent::dispatched);
    ASSERT_EQ(dispatched.size(), 1u) << "case " << id;
    EXPECT_EQ(dispatched[0].level, 3);
    EXPECT_TRUE(of_kind(rows, CaseEvent::escalated).empty()) << "case " << id;  // no grid, community or street queue
    const auto accepted = of_kind(rows, CaseEvent::accepted), sent = of_kind(rows, CaseEvent::ticket_sent);
    ASSERT_EQ(accepted.size(), 1u);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_DOUBLE_EQ(accepted[0].t, rows.front().t + 0.5);  // the hotline's intake, nothing more
    EXPECT_DOUBLE_EQ(sent[0].t, accepted[0].t);
    EXPECT_EQ(of_kind(rows, CaseEvent::resolved).back().level, 3);
    ++checked;
  }
  EXPECT_GT(checked, 20);
}

TEST(DispatchRules, DepartmentMattersSentToTheStreetClimbFromThereAndAreSummoned) {
  ScenarioSpec spec = catalogue_world(3);
  spec.categories[0].dispatch.to_department = 0.0;
  int checked = 0;
  for (const auto& [id, rows] : by_case(run(spec))) {
    if (!closed(rows)) continue;
    EXPECT_EQ(of_kind(rows, CaseEvent::dispatched)[0].level, 2) << "case " << id;
    const auto up = of_kind(rows, CaseEvent::escalated);
    ASSERT_EQ(up.size(), 1u) << "case " << id;  // street → departments only
    EXPECT_EQ(up[0].level, 3);
    ++checked;
  }
  EXPECT_GT(checked, 20);
}

TEST(DispatchRules, AStreetPassesATicketDownToTheLevelThatCanFixIt) {
  ScenarioSpec spec = catalogue_world(0);  // a grid worker's field job
  spec.categories[0].dispatch.to_community = 0.0;  // every ticket to the street
  const auto r = run(spec);
  int checked = 0;
  for (const auto& [id, rows] : by_case(r)) {
    if (!closed(rows)) continue;
    EXPECT_EQ(of_kind(rows, CaseEvent::dispatched)[0].level, 2) << "case " << id;
    const auto accepted = of_kind(rows, CaseEvent::accepted);
    ASSERT_EQ(accepted.size(), 1u);
    EXPECT_EQ(accepted[0].level, 0);                              // at the grid worker
    EXPECT_DOUBLE_EQ(accepted[0].t, rows.front().t + 0.5 + 2.0);  // intake, then passed down
    EXPECT_TRUE(of_kind(rows, CaseEvent::escalated).empty());
    EXPECT_EQ(of_kind(rows, CaseEvent::resolved).back().level, 0);
    ++checked;
  }
  EXPECT_GT(checked, 20);
  EXPECT_EQ(district(r).tickets_to_departments, 0u);
}

TEST(DispatchRules, AMisdispatchedTicketComesBackAfterTheObjection) {
  ScenarioSpec spec = catalogue_world(1);
  spec.categories[0].dispatch.misdispatch = 1.0;
  const auto r = run(spec);
  int checked = 0;
  for (const auto& [id, rows] : by_case(r)) {
    if (!closed(rows)) continue;
    ASSERT_EQ(of_kind(rows, CaseEvent::misdispatched).size(), 1u) << "case " << id;
    EXPECT_TRUE(of_kind(rows, CaseEvent::ticket_sent).empty());  // the wrong department does no work
    const auto accepted = of_kind(rows, CaseEvent::accepted), responded = of_kind(rows, CaseEvent::responded);
    ASSERT_EQ(accepted.size(), 1u);
    EXPECT_EQ(accepted[0].level, 1);
    EXPECT_DOUBLE_EQ(accepted[0].t, rows.front().t + 0.5 + 48.0 + 2.0);  // objected, re-dispatched, passed down
    ASSERT_EQ(responded.size(), 1u);
    EXPECT_GE(responded[0].t, rows.front().t + 0.5 + 48.0);  // nobody calls before the right unit has it
    ++checked;
  }
  EXPECT_GT(checked, 20);
  const GridTally all = district(r);
  EXPECT_EQ(all.tickets_misdispatched, all.tickets_dispatched);
  // The 24 h response deadline is missed by every misdispatched ticket (48 h objection).
  EXPECT_EQ(all.tickets_contacted_on_time, 0u);
}

TEST(DispatchRules, ViaTheGridEveryTicketStartsAtTheGridWorker) {
  ScenarioSpec spec = catalogue_world(3);
  spec.policies.ticket_dispatch = TicketDispatch::via_grid;
  int checked = 0;
  for (const auto& [id, rows] : by_case(run(spec))) {
    if (!closed(rows)) continue;
    EXPECT_EQ(of_kind(rows, CaseEvent::dispatched)[0].level, 0) << "case " << id;
    EXPECT_EQ(of_kind(rows, CaseEvent::escalated).size(), 3u) << "case " << id;
    ++checked;
  }
  EXPECT_GT(checked, 20);
}

}  // namespace
}  // namespace govgrid

namespace govgrid {
namespace {

/// Few residents with many problems, every ticket rated: residents meet the service repeatedly.
ScenarioSpec repeat_customers_world() {
  ScenarioSpec spec = testing::small_world(2, 20);
  testing::all_need(spec, 0);
  spec.categories[0].rate_per_1000_per_day = 100.0;
  spec.residents.channels[0].via_duty_desk = true;
  spec.handling.rating_share = 1.0;
  spec.handling.reopen_share = 0.0;
  spec.satisfaction.expected_close_share = 1.0;  // a week: every case comes early
  return spec;
}

std::uint64_t satisfied(const ScenarioSpec& spec) {
  GridTally all;
  for (const auto& g : run(spec).grids) all.merge(g);
  EXPECT_GT(all.rated, 100u);
  return all.satisfied;
}

TEST(SatisfactionRules, GoodServiceRaisesTheExpectationOfThoseWhoHadIt) {
  ScenarioSpec spec = repeat_customers_world();
  const auto unanchored = satisfied(spec);
  spec.satisfaction.anchoring = 1.0;  // the next case is judged against the last one
  const auto anchored = satisfied(spec);
  EXPECT_LT(anchored, unanchored);
}

TEST(SatisfactionRules, AContactLaterThanExpectedCostsSatisfaction) {
  ScenarioSpec spec = repeat_customers_world();
  spec.satisfaction.expected_contact_h = 0.1;  // the desk takes about an hour
  const auto indifferent = satisfied(spec);
  spec.satisfaction.late_contact_penalty = 1.0;
  EXPECT_LT(satisfied(spec), indifferent);
}

}  // namespace
}  // namespace govgrid

namespace govgrid {
namespace {

TEST(OutcomeRules, RankedOnTheRequestersAnswerPressureLowersExplanations) {
  ScenarioSpec spec = testing::small_world();
  testing::all_need(spec, 1);
  spec.outcomes.explain_base = 0.3;
  spec.outcomes.explain_per_backlog = 0.0;
  spec.outcomes.explain_per_pressure = 0.5;
  spec.outcomes.ranking_pressure = 1.0;
  spec.outcomes.appraisal_basis = AppraisalBasis::closure_rate;
  const GridTally closures = district(run(spec));
  spec.outcomes.appraisal_basis = AppraisalBasis::requesters_answer;
  const GridTally answers = district(run(spec));
  EXPECT_GT(closures.explained_below_need, closures.cases_closed * 2 / 5);  // p = 0.3 + 0.5
  EXPECT_LT(answers.explained_below_need, answers.cases_closed / 5);        // p = 0.3 × (1 − 0.5)
  EXPECT_GT(answers.explained_below_need, 0u);
}

}  // namespace
}  // namespace govgrid

// ---------------------------------------------------------------------------------------
// Demand that moves (docs/model.md section 2.1): weekday, month and hour factors, daily
// over-dispersion, surges, reputation, repeat tickets.


namespace govgrid {
namespace {

/// Problems arisen per day, from the case log (every problem is reported within the hour).
std::vector<double> arisen_per_day(const ReplicationResult& r, int days, int category = -1) {
  std::vector<double> out(static_cast<std::size_t>(days), 0.0);
  for (const auto& c : r.cases)
    if (!c.repeat && (category < 0 || c.category == category))
      out[static_cast<std::size_t>(sim::day_of(c.arisen_h))] += 1.0;
  return out;
}

double variance_over_mean(const std::vector<double>& v) {
  double mean = 0.0, var = 0.0;
  for (double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  for (double x : v) var += (x - mean) * (x - mean);
  return var / static_cast<double>(v.size() - 1) / mean;
}

/// Every problem reported an hour after it arises and handled at once: the case log is the
/// list of problems.
ScenarioSpec busy_world(double rate_per_1000_per_day, int days) {
  ScenarioSpec spec = small_world(4);
  all_need(spec, 0);
  spec.categories[0].rate_per_1000_per_day = rate_per_1000_per_day;
  spec.categories[0].service_h[0] = Distribution::fixed(0.01);
  spec.grid_workers.shift = {0.0, 24.0, 7, 0.0};
  spec.run.days = days;
  return spec;
}

TEST(DemandRules, MonthsFollowTheCalendarFromTheStartMonth) {
  EXPECT_EQ(sim::month_of_day(0, 1), 0);
  EXPECT_EQ(sim::month_of_day(30, 1), 0);
  EXPECT_EQ(sim::month_of_day(31, 1), 1);
  EXPECT_EQ(sim::month_of_day(59, 1), 2);  // 1 March: no leap years
  EXPECT_EQ(sim::month_of_day(364, 1), 11);
  EXPECT_EQ(sim::month_of_day(365, 1), 0);
  EXPECT_EQ(sim::month_of_day(0, 7), 6);
  EXPECT_EQ(sim::month_of_day(31, 7), 7);
  EXPECT_EQ(sim::month_of_day(184, 7), 0);  // July to December is 184 days
}

TEST(DemandRules, WeekdayFactorsSetTheWeekdayToWeekendRatioAndKeepTheVolume) {
  ScenarioSpec spec = busy_world(5.0, 140);  // 20 problems a day on average
  spec.categories[0].weekday_factors = {1, 1, 1, 1, 1, 0.5, 0.5};
  const auto per_day = arisen_per_day(run(spec), 140);
  double weekday = 0.0, weekend = 0.0, total = 0.0;
  for (std::size_t d = 0; d < per_day.size(); ++d) {
    (d % 7 < 5 ? weekday : weekend) += per_day[d];
    total += per_day[d];
  }
  // Relative factors: a weekday has 7/6 of the mean rate, a weekend day 7/12.
  EXPECT_NEAR((weekday / 100.0) / (weekend / 40.0), 2.0, 0.25);
  EXPECT_NEAR(total / (20.0 * 140.0), 1.0, 0.06);
}

TEST(DemandRules, MonthFactorsApplyFromTheStartMonth) {
  ScenarioSpec spec = busy_world(2.5, 62);  // July and August
  spec.run.start_month = 7;
  spec.categories[0].month_factors = {1, 1, 1, 1, 1, 1, 4, 1, 1, 1, 1, 1};
  const auto per_day = arisen_per_day(run(spec), 62);
  double july = 0.0, august = 0.0;
  for (std::size_t d = 0; d < 31; ++d) july += per_day[d];
  for (std::size_t d = 31; d < 62; ++d) august += per_day[d];
  EXPECT_NEAR(july / august, 4.0, 0.6);
  // Normalised by days: July's rate is 4 ÷ (31·4 + 334)/365 of the mean (10 a day).
  EXPECT_NEAR(july / 31.0, 10.0 * 4.0 * 365.0 / (31.0 * 4.0 + 334.0), 4.0);
}

TEST(DemandRules, HourFactorsConfineArrivalsToTheirHours) {
  ScenarioSpec spec = busy_world(2.0, 28);
  spec.demand.hour_of_day_factors.fill(0.0);
  for (int h = 9; h < 17; ++h) spec.demand.hour_of_day_factors[static_cast<std::size_t>(h)] = 1.0;
  const auto r = run(spec);
  ASSERT_GT(r.cases.size(), 150u);
  double total = 0.0;
  for (const auto& c : r.cases) {
    const double hour = std::fmod(c.arisen_h, sim::kHoursPerDay);
    EXPECT_GE(hour, 9.0) << "case " << c.case_id;
    EXPECT_LT(hour, 17.0) << "case " << c.case_id;
    total += 1.0;
  }
  EXPECT_NEAR(total / (8.0 * 28.0), 1.0, 0.15);  // the day's volume, squeezed into 8 hours
}

TEST(DemandRules, DailyDispersionOverDispersesDailyCountsTheSameWayInEveryScenario) {
  ScenarioSpec poisson = busy_world(25.0, 120);  // 100 problems a day
  ScenarioSpec dispersed = poisson;
  dispersed.categories[0].daily_dispersion = 0.5;
  const auto poisson_days = arisen_per_day(run(poisson), 120);
  const auto dispersed_days = arisen_per_day(run(dispersed), 120);
  EXPECT_LT(variance_over_mean(poisson_days), 1.6);
  // Var = mean + 0.5 · mean² → variance/mean ≈ 51.
  EXPECT_GT(variance_over_mean(dispersed_days), 20.0);
  // The multipliers come from their own stream: a lever leaves every day's count as it was.
  ScenarioSpec lever = dispersed;
  lever.grid_workers.per_grid = 2.0;
  EXPECT_EQ(arisen_per_day(run(lever), 120), dispersed_days);
}

TEST(DemandRules, ASurgeMultipliesItsCategoryInItsWindowAndItsStreetsOnly) {
  ScenarioSpec spec = busy_world(5.0, 56);  // 20 a day per category and street
  CategorySpec other = spec.categories[0];
  other.name = "other";
  spec.categories.push_back(other);
  StreetSpec second = spec.world.streets[0];
  second.name = "t";
  spec.world.streets.push_back(second);
  spec.demand.surges.push_back({"storm", "issue", 21, 7, 4.0, {"t"}});
  const World world = build_world(spec);
  const auto r = run(spec);
  // Per (street, category): problems inside the window and per day outside it.
  std::map<std::pair<std::uint32_t, int>, std::pair<double, double>> counts;
  for (const auto& c : r.cases) {
    const auto day = sim::day_of(c.arisen_h);
    auto& [in, out] = counts[{world.grids[c.grid].street, c.category}];
    (day >= 21 && day < 28 ? in : out) += 1.0;
  }
  for (const auto& [key, v] : counts) {
    const double ratio = (v.first / 7.0) / (v.second / 49.0);
    const bool surged = key.first == 1 && key.second == 0;
    EXPECT_NEAR(ratio, surged ? 4.0 : 1.0, surged ? 0.6 : 0.3) << "street " << key.first << " category " << key.second;
  }
  EXPECT_EQ(counts.size(), 4u);
}

TEST(RepeatRules, OnlyRequestersFileAgainAndOnlyAfterAnExplanationOrAnUnsatisfiedAnswer) {
  ScenarioSpec spec = small_world(2);
  all_need(spec, 0);
  spec.categories[0].rate_per_1000_per_day = 3.0;
  spec.categories[0].unresolvable_share = 0.3;  // explained after handling
  spec.categories[0].patrol_visible = 0.5;      // some found on patrol: nobody to file again
  spec.categories[0].report_probability = 0.5;
  spec.residents.report_delay_h = Distribution::exponential(48.0);
  spec.grid_workers.patrols_per_day = 1.0;
  spec.handling.rating_share = 1.0;
  spec.residents.channels[0].via_duty_desk = true;  // 12345 tickets: the hotline calls back
  spec.handling.reopen_share = 0.0;
  spec.repeat.after_explained = 0.5;
  spec.repeat.after_unsatisfied = 0.5;
  spec.repeat.delay_h = Distribution::uniform(24.0, 72.0);
  spec.run.days = 84;
  const auto r = run(spec);
  std::map<std::uint64_t, const CaseRecord*> by_id;
  for (const auto& c : r.cases) by_id[c.case_id] = &c;
  int repeats = 0, patrol_explained = 0, fixed_satisfied = 0;
  for (const auto& c : r.cases) {
    if (c.channel < 0 && c.level_resolved < 0 && !std::isnan(c.closed_h)) ++patrol_explained;
    if (c.level_resolved >= 0 && c.rating == 1) ++fixed_satisfied;
    if (!c.repeat) continue;
    ++repeats;
    const auto it = by_id.find(c.repeat_of);
    ASSERT_NE(it, by_id.end()) << "case " << c.case_id;
    const CaseRecord& original = *it->second;
    EXPECT_GE(original.channel, 0) << "case " << c.case_id;
    EXPECT_TRUE(original.level_resolved < 0 || original.rating == 0) << "case " << c.case_id;
    EXPECT_EQ(c.arisen_h, original.closed_h) << "case " << c.case_id;
    EXPECT_GE(c.found_h - c.arisen_h, 24.0);
    EXPECT_EQ(c.grid, original.grid);
    EXPECT_EQ(c.category, original.category);
    EXPECT_EQ(c.channel, original.channel);
  }
  EXPECT_GT(repeats, 20);
  EXPECT_GT(patrol_explained, 5);   // there were patrol finds that could have repeated
  EXPECT_GT(fixed_satisfied, 50);   // and satisfied fixes that could have
  GridTally all;
  for (const auto& g : r.grids) all.merge(g);
  EXPECT_EQ(all.repeat_tickets, static_cast<std::uint64_t>(repeats));
}

TEST(ReputationRules, GoodServiceRaisesVolumeAndBadServiceLowersIt) {
  ScenarioSpec spec = small_world(2);
  all_need(spec, 0);
  spec.categories[0].rate_per_1000_per_day = 3.0;
  spec.categories[0].report_probability = 0.5;
  spec.handling.rating_share = 1.0;
  spec.residents.channels[0].via_duty_desk = true;  // 12345 tickets: the hotline calls back
  spec.handling.reopen_share = 0.0;
  spec.demand.reputation_elasticity = 1.0;
  spec.demand.reputation_reference = 0.5;
  spec.demand.reputation_half_life_days = 7.0;
  spec.run.days = 112;
  spec.run.warmup_days = 28;
  ScenarioSpec good = spec, bad = spec, indifferent = spec;
  good.satisfaction.intercept = 20.0;   // everyone satisfied: reputation → 1, factor 1.5
  bad.satisfaction.intercept = -20.0;   // nobody satisfied: reputation → 0, factor 0.5
  bad.satisfaction.resolved = 0.0;
  bad.satisfaction.contacted = 0.0;
  bad.satisfaction.early_bonus = 0.0;
  indifferent.demand.reputation_elasticity = 0.0;
  indifferent.satisfaction = good.satisfaction;
  auto requests = [](const ReplicationResult& r) {
    GridTally all;
    for (const auto& g : r.grids) all.merge(g);
    return static_cast<double>(all.requests);
  };
  const double base = requests(run(indifferent));  // ≈ 0.5 × 6 × 84 ≈ 252
  EXPECT_NEAR(requests(run(good)) / base, 1.5, 0.2);
  EXPECT_NEAR(requests(run(bad)) / base, 0.5, 0.12);
}

}  // namespace
}  // namespace govgrid

namespace govgrid {
namespace {

TEST(OutcomeRules, AHandlerWhoCouldFixItExplainsItAwayMoreUnderALongQueue) {
  // Every case needs the grid; the grid worker alone, with or without a flood of forms.
  ScenarioSpec spec = testing::small_world(1);
  testing::all_need(spec, 0);
  spec.outcomes.explain_base = 0.5;  // below the needed level only: never applies here
  spec.outcomes.explain_per_backlog = 0.2;
  spec.categories[0].rate_per_1000_per_day = 3.0;
  const GridTally calm = district(run(spec));
  EXPECT_GT(calm.cases_closed, 50u);
  spec.pushed_down_tasks.push_back({.name = "forms", .per = TaskUnit::grid, .rate_per_week = 60.0,
                                    .duration_h = Distribution::fixed(1.0)});
  const GridTally flooded = district(run(spec));
  const double calm_share = static_cast<double>(calm.explained_under_load) / calm.cases_closed;
  const double flooded_share = static_cast<double>(flooded.explained_under_load) / flooded.cases_closed;
  EXPECT_GT(flooded_share, 2.0 * calm_share);  // only the weekend's queue at the calm station
  EXPECT_GT(flooded_share, 0.1);
  EXPECT_EQ(flooded.explained_below_need, 0u);
}

}  // namespace
}  // namespace govgrid

namespace govgrid {
namespace {

TEST(StreetRules, AStreetsDifficultyScalesItsUnresolvableShare) {
  ScenarioSpec spec = small_world(3);
  all_need(spec, 0);
  spec.categories[0].unresolvable_share = 0.1;
  StreetSpec hard = spec.world.streets[0];
  hard.name = "hard";
  hard.difficulty_factor = 3.0;  // old estates without property management: 0.3 nobody can fix
  spec.world.streets.push_back(hard);
  spec.run.days = 56;
  const auto [easy, difficult] = first_street_and_rest(spec);
  const auto share = [](const GridTally& t) {
    return static_cast<double>(t.explained_unresolvable) / static_cast<double>(t.cases_closed);
  };
  EXPECT_NEAR(share(easy), 0.1, 0.04);  // ≈ 170 cases a street
  EXPECT_NEAR(share(difficult), 0.3, 0.07);
}

// A district that has been running: problems nobody reports and no patrol sees surface only
// when they grow (after 1 / growth_per_day = 50 days on average). Seeded with the ones that
// arose before the start, such cases come at nearly their steady rate from the first day
// instead of ramping up over months.
TEST(DemandRules, ProblemsFromBeforeTheStartSurfaceAtTheSteadyRate) {
  ScenarioSpec spec = small_world(4);
  all_need(spec, 0);
  spec.categories[0].report_probability = 0.0;
  spec.categories[0].growth_per_day = 0.02;
  spec.categories[0].rate_per_1000_per_day = 2.0;
  spec.run.days = 30;
  const auto r = run(spec);
  int before_start = 0, grew = 0;
  for (const CaseRecord& c : r.cases) {
    before_start += c.arisen_h < 0.0;
    grew += c.grew;
  }
  // Steady rate: every problem surfaces by growing, 4 grids × 1,000 residents × 2 per 1,000 a
  // day = 8 a day; seeded from 150 days back (3 means), 95% of it. Unseeded: about 2 a day.
  const double per_day = static_cast<double>(grew) / spec.run.days;
  EXPECT_GT(per_day, 6.0);
  EXPECT_LT(per_day, 9.5);
  EXPECT_GT(before_start, grew * 0.6);  // most of the first month's growers arose before it
}

}  // namespace
}  // namespace govgrid

namespace govgrid {
namespace {

// The lead time (parts, contractors, notices) delays the fix, not the handler: a department's
// ticket comes back done the lead after the crew's work, and crews are busy only for the work.
TEST(LeadRules, ALeadTimeDelaysTheFixButTakesNoHandlerHours) {
  ScenarioSpec without = catalogue_world(3);
  without.categories[0].dispatch.to_department = 1.0;
  ScenarioSpec with = without;
  with.categories[0].lead_h[3] = Distribution::fixed(40.0);
  const ReplicationResult a = run(without), b = run(with);
  auto sent_to_resolved = [](const ReplicationResult& r) {
    std::map<std::uint64_t, double> out;
    for (const auto& [id, rows] : by_case(r)) {
      const auto sent = of_kind(rows, CaseEvent::ticket_sent), resolved = of_kind(rows, CaseEvent::resolved);
      if (sent.size() == 1 && resolved.size() == 1) out[id] = resolved[0].t - sent[0].t;
    }
    return out;
  };
  const auto da = sent_to_resolved(a), db = sent_to_resolved(b);
  int compared = 0;
  for (const auto& [id, t] : da) {
    const auto it = db.find(id);
    if (it == db.end()) continue;
    // Crews are never short here: the same work, then exactly 40 h more (hand-offs between
    // the street and the departments land at their own times, whatever the window).
    EXPECT_NEAR(it->second - t, 40.0, 1e-9) << "case " << id;
    ++compared;
  }
  EXPECT_GT(compared, 20);
  double busy_a = 0.0, busy_b = 0.0;
  for (const auto& s : a.stations) busy_a += s.case_h;
  for (const auto& s : b.stations) busy_b += s.case_h;
  // The lead adds no handler hours; the 40 h later the last days' cases resolve outside the run.
  EXPECT_LE(busy_b, busy_a + 1e-9);
  EXPECT_GT(busy_b, 0.9 * busy_a);
}

TEST(LeadRules, AtALowerLevelTheLeadFollowsTheWorkAndOnlyItsShareWaits) {
  ScenarioSpec spec = small_world();
  all_need(spec, 0);
  spec.categories[0].lead_h[0] = Distribution::fixed(10.0);
  spec.categories[0].lead_share[0] = 0.3;
  int waited = 0, at_once = 0;
  for (const auto& [id, rows] : by_case(run(spec))) {
    const auto resolved = of_kind(rows, CaseEvent::resolved), accepted = of_kind(rows, CaseEvent::accepted);
    if (resolved.size() != 1 || accepted.size() != 1) continue;
    // Fixed 1 h of work after the worker takes it up; then 10 h more for the cases that wait.
    const auto responded = of_kind(rows, CaseEvent::responded);
    ASSERT_EQ(responded.size(), 1u);
    const double after_start = resolved[0].t - responded[0].t;
    if (std::abs(after_start - 11.0) < 1e-9) ++waited;
    else if (std::abs(after_start - 1.0) < 1e-9) ++at_once;
    else ADD_FAILURE() << "case " << id << " resolved " << after_start << " h after the work started";
  }
  ASSERT_GT(waited + at_once, 30);
  EXPECT_NEAR(static_cast<double>(waited) / (waited + at_once), 0.3, 0.12);
}

TEST(DemandRules, ATrendGrowsEveryRateYearOnYear) {
  ScenarioSpec spec = busy_world(5.0, 730);  // 20 problems a day at day 0
  spec.demand.trend_per_year = 0.5;
  const auto per_day = arisen_per_day(run(spec), 730);
  double first = 0.0, second = 0.0;
  for (std::size_t d = 0; d < 365; ++d) first += per_day[d];
  for (std::size_t d = 365; d < 730; ++d) second += per_day[d];
  EXPECT_NEAR(second / first, 1.5, 0.06);
  // The first year's mean is the rate × (1.5 − 1) / ln 1.5 of day 0's.
  EXPECT_NEAR(first / (20.0 * 365.0), 0.5 / std::log(1.5), 0.04);
}

}  // namespace
}  // namespace govgrid

namespace govgrid {
namespace {

// The cost model's engine side: refused tasks' hours follow them to the community office, and
// volunteers' hours are counted case by case and priced at remedies.volunteer_hour_cost.
TEST(CostRules, RefusedTaskHoursAndVolunteerHoursAreCountedAndPriced) {
  const auto refused = run(forms_only_world(TaskIntakePolicy::responsibility_list));
  double refused_h = 0.0, tasks = 0.0, refused_cost = 0.0;
  for (const GridTally& g : refused.grids) {
    refused_h += g.refused_task_h;
    tasks += g.pushed_down_tasks_refused;
    refused_cost += g.refused_task_cost_yuan;
  }
  EXPECT_GT(tasks, 5.0);
  EXPECT_DOUBLE_EQ(refused_h, tasks * 1.0);  // each task is 1 h
  // At the community office's hourly wage: 100,000 yuan over 8 h × 5 days × 52 weeks.
  EXPECT_NEAR(refused_cost, refused_h * 100000.0 / (8.0 * 5.0 * 52.0), 1e-6);

  ScenarioSpec spec = volunteer_world();
  spec.remedies.volunteer_hour_cost = 40.0;
  spec.platform.running_cost_per_year = 365000.0;
  const auto r = run(spec);
  const GridTally& g = r.grids[0];
  ASSERT_GT(g.resolved_by_volunteers, 0u);
  // Each take: half an hour to get there and the case's 1 h of work.
  EXPECT_NEAR(g.volunteer_h, 1.5 * static_cast<double>(g.resolved_by_volunteers), 1e-4);
  EXPECT_NEAR(g.volunteer_cost_yuan, 40.0 * g.volunteer_h, 1e-6);
  EXPECT_NEAR(g.platform_cost_yuan, 365000.0 * 10.0 / 365.0, 1e-6);  // the one grid has every resident
}

}  // namespace
}  // namespace govgrid
