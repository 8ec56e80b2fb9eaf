#include "analysis/metric_catalogue.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

namespace govgrid {
namespace {

// A hand-made tally whose every metric is easy to compute by hand.
GridTally hand_tally() {
  GridTally t;
  t.cases_created = 200;
  t.cases_closed = 160;
  t.cases_resolved = 150;
  t.found_by_patrol = 40;
  t.duplicate_reports = 40;
  t.problems_arisen = 250;
  t.problems_grown = 10;
  t.resolved_at = {90, 30, 15, 15};
  t.escalations = 100;
  t.joint_cases = 4;
  t.reopenings = 6;
  t.repeat_tickets = 5;
  t.responded = 190;
  t.responded_on_time = 180;
  t.closed_on_time = 144;
  t.rated = 100;
  t.satisfied = 85;
  t.said_resolved = 75;
  t.requests = 150;                  // 50 of 200 found on patrol
  t.requests_responded_on_time = 140;
  t.tickets_dispatched = 150;        // 12345 tickets: every request (no walk-ins here)
  t.tickets_contacted_on_time = 135;
  t.tickets_to_departments = 30;
  t.tickets_misdispatched = 3;
  t.patrol_finds_closed = 40;
  t.patrol_finds_closed_on_time = 30;
  t.open_overdue = 20;
  t.explained_unresolvable = 6;  // 150 fixed + 10 explained = 160 closed
  t.explained_below_need = 3;
  t.explained_after_bounces = 1;
  t.transfer_bounces = 8;
  t.wait_h_sum = 300.0;
  t.wait_samples = 250;
  t.response_h_sum = 950.0;
  t.resolution_h_sum = 16000.0;
  t.sojourn_h_sum = 17600.0;
  for (int i = 0; i < 100; ++i) t.response_h.add(2.0);
  for (int i = 0; i < 90; ++i) t.response_h.add(10.0);
  for (int i = 0; i < 160; ++i) t.resolution_h.add(100.0);
  t.worker_count = 2.0;
  t.worker_scheduled_h = 800.0;
  t.worker_overtime_h = 40.0;
  t.worker_case_h = 400.0;
  t.worker_pushed_down_h = 210.0;
  t.worker_patrol_h = 30.0;
  t.residents = 2000;
  t.trust_sum = 1300.0;
  return t;
}

double value(const std::vector<double>& values, std::string_view name) {
  const auto i = metric_index(name);
  if (!i) throw std::runtime_error("no metric " + std::string(name));
  return values.at(*i);
}

TEST(Metrics, CatalogueNamesAreUniqueAndLabelled) {
  std::set<std::string_view> names;
  for (const MetricDef& m : metric_defs()) {
    EXPECT_TRUE(names.insert(m.name).second) << m.name;
    EXPECT_FALSE(m.unit.empty()) << m.name;
    EXPECT_FALSE(m.en.empty()) << m.name;
    EXPECT_FALSE(m.zh.empty()) << m.name;
  }
  EXPECT_EQ(metric_defs()[*metric_index("response_rate")].zh, "响应率");
  EXPECT_EQ(metric_defs()[*metric_index("resolution_rate")].zh, "解决率");
  EXPECT_EQ(metric_defs()[*metric_index("satisfaction_rate")].zh, "满意率");
  EXPECT_EQ(metric_defs()[*metric_index("response_rate")].en, "Response rate");
  EXPECT_FALSE(metric_index("no_such_metric").has_value());
}

// The specification of every formula: value by value on the hand-made tally (70 days = 10 weeks).
TEST(Metrics, DeriveOnHandMadeTally) {
  const GridTally t = hand_tally();
  const auto v = derive_metrics(t, 70.0);
  ASSERT_EQ(v.size(), metric_defs().size());

  // Volume.
  EXPECT_DOUBLE_EQ(value(v, "cases_created"), 200);
  EXPECT_DOUBLE_EQ(value(v, "cases_closed"), 160);
  EXPECT_DOUBLE_EQ(value(v, "cases_open"), 40);
  EXPECT_DOUBLE_EQ(value(v, "cases_per_1000_per_day"), 100.0 / 70.0);  // 200 per 2,000 over 70 d
  EXPECT_DOUBLE_EQ(value(v, "found_by_patrol_share"), 0.2);             // 40 / 200
  EXPECT_DOUBLE_EQ(value(v, "duplicate_report_share"), 0.2);            // 40 / (200 − 40 + 40)
  EXPECT_DOUBLE_EQ(value(v, "hidden_problem_share"), 0.2);              // (250 − 200) / 250
  EXPECT_DOUBLE_EQ(value(v, "grown_problem_share"), 0.05);              // 10 / 200

  // Speed.
  EXPECT_DOUBLE_EQ(value(v, "wait_time_mean_h"), 1.2);          // 300 / 250
  EXPECT_DOUBLE_EQ(value(v, "response_time_mean_h"), 5.0);      // 950 / 190 responded
  EXPECT_DOUBLE_EQ(value(v, "resolution_time_mean_h"), 100.0);  // 16000 / 160 closed
  EXPECT_DOUBLE_EQ(value(v, "sojourn_time_mean_h"), 110.0);     // 17600 / 160 closed
  // Quantiles come from the histograms: 100 × 2 h and 90 × 10 h; 160 × 100 h.
  EXPECT_DOUBLE_EQ(value(v, "response_time_p50_h"), t.response_h.quantile(0.5));
  EXPECT_DOUBLE_EQ(value(v, "response_time_p90_h"), t.response_h.quantile(0.9));
  EXPECT_DOUBLE_EQ(value(v, "resolution_time_p50_h"), t.resolution_h.quantile(0.5));
  EXPECT_DOUBLE_EQ(value(v, "resolution_time_p90_h"), t.resolution_h.quantile(0.9));
  EXPECT_NEAR(value(v, "response_time_p50_h"), 2.0, 0.06 * 2.0);
  EXPECT_NEAR(value(v, "response_time_p90_h"), 10.0, 0.06 * 10.0);
  EXPECT_NEAR(value(v, "resolution_time_p90_h"), 100.0, 0.06 * 100.0);

  // Three rates.
  EXPECT_DOUBLE_EQ(value(v, "response_rate"), 0.9);        // 135 requesters contacted on time / 150 tickets
  EXPECT_DOUBLE_EQ(value(v, "request_response_on_time_share"), 140.0 / 150.0);
  EXPECT_DOUBLE_EQ(value(v, "direct_to_department_share"), 0.2);
  EXPECT_DOUBLE_EQ(value(v, "misdispatch_share"), 0.02);
  EXPECT_DOUBLE_EQ(value(v, "patrol_find_on_time_share"), 0.75);  // 30 / 40 patrol finds closed
  // 75 said "resolved" / (100 call-backs answered + 20 requesters' tickets open past deadline).
  EXPECT_DOUBLE_EQ(value(v, "resolution_rate"), 0.625);
  EXPECT_DOUBLE_EQ(value(v, "satisfaction_rate"), 0.85);   // 85 / 100 rated
  EXPECT_DOUBLE_EQ(value(v, "three_rate_score"), 0.2 * 0.9 + 0.4 * 0.625 + 0.4 * 0.85);
  EXPECT_NEAR(value(v, "three_rate_score"), 0.77, 1e-15);
  EXPECT_DOUBLE_EQ(value(v, "on_time_rate"), 0.9);         // 144 / 160 closed
  EXPECT_DOUBLE_EQ(value(v, "reopen_rate"), 0.03);         // 6 / 200 created
  EXPECT_DOUBLE_EQ(value(v, "repeat_ticket_share"), 0.025); // 5 / 200 created

  // Where cases end: shares of the 160 closed, fixed at a level or explained; they add to 1.
  EXPECT_DOUBLE_EQ(value(v, "resolved_in_grid_share"), 90.0 / 160.0);
  EXPECT_DOUBLE_EQ(value(v, "resolved_in_community_share"), 30.0 / 160.0);
  EXPECT_DOUBLE_EQ(value(v, "resolved_at_street_share"), 15.0 / 160.0);
  EXPECT_DOUBLE_EQ(value(v, "resolved_by_department_share"), 15.0 / 160.0);
  EXPECT_DOUBLE_EQ(value(v, "explained_share"), 10.0 / 160.0);
  EXPECT_DOUBLE_EQ(value(v, "explained_below_need_share"), 3.0 / 160.0);
  EXPECT_DOUBLE_EQ(value(v, "transfer_bounces_per_case"), 0.04);  // 8 / 200 created
  EXPECT_DOUBLE_EQ(value(v, "escalation_rate"), 0.5);      // 100 / 200 created
  EXPECT_DOUBLE_EQ(value(v, "joint_case_share"), 0.02);    // 4 / 200 created

  // Load: busy 400 + 210 + 30 = 640 h of 800 + 40 h.
  EXPECT_DOUBLE_EQ(value(v, "grid_workers"), 2.0);
  EXPECT_DOUBLE_EQ(value(v, "worker_utilization"), 640.0 / 840.0);
  EXPECT_DOUBLE_EQ(value(v, "pushed_down_time_share"), 210.0 / 640.0);
  EXPECT_DOUBLE_EQ(value(v, "pushed_down_h_per_worker_per_week"), 10.5);  // 210 h / 2 workers / 10 weeks
  EXPECT_DOUBLE_EQ(value(v, "pushed_down_share_of_rostered_week"), 210.0 / 800.0);
  EXPECT_DOUBLE_EQ(value(v, "patrol_time_share"), 30.0 / 640.0);
  EXPECT_DOUBLE_EQ(value(v, "worker_overtime_h_per_week"), 2.0);  // 40 h / 2 workers / 10 weeks

  // Residents.
  EXPECT_DOUBLE_EQ(value(v, "trust_mean"), 0.65);  // 1300 / 2000

  // Policy levers (values set below on a copy, so the checks above stay as they were).
  GridTally p = t;
  p.resolution_h_sum_at = {1000, 2000, 3000, 4500};  // department: 4500 h / 15 resolved
  p.light_responded = 20;
  p.light_response_h_sum = 50;
  p.resolved_by_volunteers = 30;  // of 160 closed
  p.backlog_escalations = 10;     // of 200 created
  p.handled_away = 50;
  p.pushed_down_tasks_arrived = 100;    // 2 workers, 10 weeks
  p.pushed_down_tasks_refused = 25;
  p.paid_task_h = 30;             // over 10 weeks
  p.staff_cost_yuan = 70000;      // over 70 days
  const auto w = derive_metrics(p, 70.0);
  EXPECT_DOUBLE_EQ(value(w, "department_resolution_time_mean_h"), 300.0);
  EXPECT_DOUBLE_EQ(value(w, "light_case_response_time_mean_h"), 2.5);
  EXPECT_DOUBLE_EQ(value(w, "volunteer_resolved_share"), 30.0 / 160.0);
  EXPECT_DOUBLE_EQ(value(w, "backlog_escalation_share"), 0.05);
  EXPECT_DOUBLE_EQ(value(w, "handled_away_share"), 0.25);
  EXPECT_DOUBLE_EQ(value(w, "pushed_down_tasks_per_worker_per_week"), 5.0);
  EXPECT_DOUBLE_EQ(value(w, "pushed_down_tasks_refused_share"), 0.25);
  EXPECT_DOUBLE_EQ(value(w, "paid_task_h_per_week"), 3.0);
  EXPECT_DOUBLE_EQ(value(w, "staff_cost_per_year"), 70000.0 * 365.0 / 70.0);

  // The cost model: every yuan, by kind, and the total of the four that are spent.
  GridTally c = t;
  c.wage_cost_yuan = 60000;        // over 70 days
  c.paid_help_cost_yuan = 7000;
  c.volunteer_cost_yuan = 2100;
  c.platform_cost_yuan = 700;
  c.refused_task_h = 20;           // over 10 weeks
  c.refused_task_cost_yuan = 1400;  // inside the wages, not on top
  const auto y = derive_metrics(c, 70.0);
  EXPECT_DOUBLE_EQ(value(y, "wage_cost_per_year"), 60000.0 * 365.0 / 70.0);
  EXPECT_DOUBLE_EQ(value(y, "paid_help_cost_per_year"), 7000.0 * 365.0 / 70.0);
  EXPECT_DOUBLE_EQ(value(y, "volunteer_cost_per_year"), 2100.0 * 365.0 / 70.0);
  EXPECT_DOUBLE_EQ(value(y, "platform_cost_per_year"), 700.0 * 365.0 / 70.0);
  EXPECT_DOUBLE_EQ(value(y, "total_cost_per_year"), 69800.0 * 365.0 / 70.0);
  EXPECT_DOUBLE_EQ(value(y, "refused_task_office_h_per_week"), 2.0);
  EXPECT_DOUBLE_EQ(value(y, "refused_task_office_cost_per_year"), 1400.0 * 365.0 / 70.0);

  // Workers' time (on another copy): household visits, visit finds, late tasks, community offices.
  GridTally q = t;
  q.worker_visit_h = 160.0;  // busy 400 + 210 + 30 + 160 = 800 h
  q.found_by_visit = 20;     // of 200 created
  q.visible_found = 80;
  q.visible_found_by_patrol = 60;
  q.visits_due = 500.0;
  q.visits_made = 400;
  q.tasks_late = 12.0;       // 2 workers, 70 days
  q.tasks_penalised = 6.0;
  q.community_offices = 0.5;
  q.office_pushed_down_h = 80.0;  // half an office's share, over 10 weeks
  const auto x = derive_metrics(q, 70.0);
  EXPECT_DOUBLE_EQ(value(x, "found_by_visit_share"), 0.1);
  EXPECT_DOUBLE_EQ(value(x, "patrol_share_of_visible"), 0.75);             // 60 / 80
  EXPECT_DOUBLE_EQ(value(x, "duplicate_report_share"), 40.0 / 180.0);      // 40 / (200 − 40 − 20 + 40)
  EXPECT_DOUBLE_EQ(value(x, "worker_utilization"), 800.0 / 840.0);
  EXPECT_DOUBLE_EQ(value(x, "busy_share_of_rostered_week"), 1.0);          // 800 / 800
  EXPECT_DOUBLE_EQ(value(v, "busy_share_of_rostered_week"), 0.8);          // 640 / 800
  EXPECT_DOUBLE_EQ(value(x, "case_h_per_worker_per_week"), 20.0);          // 400 h / 2 / 10 weeks
  EXPECT_DOUBLE_EQ(value(x, "patrol_h_per_worker_per_week"), 1.5);
  EXPECT_DOUBLE_EQ(value(x, "visit_h_per_worker_per_week"), 8.0);
  EXPECT_DOUBLE_EQ(value(x, "visit_completion_share"), 0.8);               // 400 / 500
  EXPECT_DOUBLE_EQ(value(x, "pushed_down_h_per_community_office_per_week"), 16.0);  // 80 / 0.5 / 10
  EXPECT_DOUBLE_EQ(value(x, "task_deadlines_missed_per_worker_per_month"), 6.0 * 30.0 / 70.0);
  EXPECT_DOUBLE_EQ(value(x, "task_penalties_per_worker_per_month"), 3.0 * 30.0 / 70.0);

  // Volume as the hotline sees it, and what surfaced before any report.
  EXPECT_DOUBLE_EQ(value(v, "tickets_per_1000_per_day"), 1000.0 * 150.0 / 2000.0 / 70.0);
  EXPECT_DOUBLE_EQ(value(v, "found_early_share"), 40.0 / 195.0);  // patrol finds of 200 − 5 repeats

  // Party organisation (on another copy): links, mediation, 双报到, 大党委.
  GridTally b = t;
  b.households = 800.0;
  b.linked_households = 200.0;
  b.found_by_member = 20;          // of 200 created
  b.member_find_age_h_sum = 4000.0;
  b.patrol_find_age_h_sum = 2000.0;  // 40 patrol finds
  b.member_lead_n = 10;
  b.member_lead_h_sum = 3000.0;
  b.disputes_settled = 14;       // over 70 days, 2,000 residents
  b.fixed_by_members = 6;
  b.mediated_at_community = 8;   // of 160 closed
  b.resolved_by_units = 4;
  b.volunteer_h = 60.0;
  b.member_case_h = 40.0;        // members 100 h against the workers' 400
  b.link_contact_h = 700.0;
  b.unit_h = 70.0;
  b.member_calls = 50;
  b.member_calls_answered = 30;
  b.coordination_h = 12.5;       // over 10 weeks
  const auto z = derive_metrics(b, 70.0);
  EXPECT_DOUBLE_EQ(value(z, "linked_household_share"), 0.25);
  EXPECT_DOUBLE_EQ(value(z, "found_by_members_share"), 0.1);
  EXPECT_DOUBLE_EQ(value(z, "member_find_age_h"), 200.0);
  EXPECT_DOUBLE_EQ(value(z, "patrol_find_age_h"), 50.0);
  EXPECT_DOUBLE_EQ(value(z, "member_lead_over_report_h"), 300.0);
  EXPECT_DOUBLE_EQ(value(z, "disputes_settled_per_1000_per_year"), 1000.0 * 14.0 / 2000.0 / (70.0 / 365.0));
  EXPECT_DOUBLE_EQ(value(z, "fixed_by_members_per_1000_per_year"), 1000.0 * 6.0 / 2000.0 / (70.0 / 365.0));
  EXPECT_DOUBLE_EQ(value(z, "mediated_at_community_share"), 0.05);
  EXPECT_DOUBLE_EQ(value(z, "unit_resolved_share"), 4.0 / 160.0);
  EXPECT_DOUBLE_EQ(value(z, "member_call_answered_share"), 0.6);
  EXPECT_DOUBLE_EQ(value(z, "member_h_per_year"), 100.0 * 365.0 / 70.0);
  EXPECT_DOUBLE_EQ(value(z, "link_contact_h_per_year"), 700.0 * 365.0 / 70.0);
  EXPECT_DOUBLE_EQ(value(z, "member_casework_share"), 0.2);  // 100 / (100 + 400)
  EXPECT_DOUBLE_EQ(value(z, "coordination_h_per_week"), 1.25);
  EXPECT_DOUBLE_EQ(value(z, "unit_h_per_year"), 70.0 * 365.0 / 70.0);
  // Problems settled before a case are neither hidden nor cases; they surfaced early.
  EXPECT_DOUBLE_EQ(value(z, "hidden_problem_share"), (250.0 - 200.0 - 14.0 - 6.0) / 250.0);
  EXPECT_DOUBLE_EQ(value(z, "found_early_share"), (40.0 + 20.0 + 14.0 + 6.0) / (195.0 + 20.0));

  // Nothing left untested: every catalogue entry is checked above.
  EXPECT_EQ(metric_defs().size(), 87u);
}

TEST(Metrics, EmptyTallyIsUndefinedNotZero) {
  const auto v = derive_metrics(GridTally{}, 30.0);
  for (std::size_t i = 0; i < v.size(); ++i) {
    const MetricDef& m = metric_defs()[i];
    // Counts and totals of an empty tally are zero; ratios are undefined.
    if (m.unit == "count" || m.unit == "yuan/year" || m.unit == "h/year" || m.name == "paid_task_h_per_week" ||
        m.name == "refused_task_office_h_per_week" || m.name == "coordination_h_per_week") {
      EXPECT_EQ(v[i], 0.0) << m.name;
    } else {
      EXPECT_TRUE(std::isnan(v[i])) << m.name << " = " << v[i];
    }
  }
}

TEST(Metrics, PerTimeMetricsNeedMeasuredDays) {
  const auto v = derive_metrics(hand_tally(), 0.0);
  EXPECT_TRUE(std::isnan(value(v, "cases_per_1000_per_day")));
  EXPECT_TRUE(std::isnan(value(v, "worker_overtime_h_per_week")));
  EXPECT_DOUBLE_EQ(value(v, "response_rate"), 0.9);
}

TEST(Metrics, MetricsOfMergedTallyAreRatiosOfSums) {
  GridTally a = hand_tally();
  GridTally b;
  b.cases_created = 100;
  b.responded_on_time = 60;
  b.requests = 100;
  b.requests_responded_on_time = 60;
  b.tickets_dispatched = 100;
  b.tickets_contacted_on_time = 60;
  b.rated = 100;
  b.satisfied = 45;
  a.merge(b);
  const auto v = derive_metrics(a, 70.0);
  EXPECT_DOUBLE_EQ(value(v, "response_rate"), 195.0 / 250.0);  // (135 + 60) / (150 + 100) tickets
  EXPECT_DOUBLE_EQ(value(v, "satisfaction_rate"), 130.0 / 200.0);
}

TEST(Metrics, GroupsAreContiguousAndLabelled) {
  int last = -1;
  for (const MetricDef& m : metric_defs()) {
    EXPECT_GE(static_cast<int>(m.group), last);
    last = static_cast<int>(m.group);
  }
  EXPECT_EQ(metric_group_label(MetricGroup::three_rates).zh, "三率");
  EXPECT_EQ(metric_group_label(MetricGroup::where_cases_end).en, "Where cases end");
}

}  // namespace
}  // namespace govgrid
