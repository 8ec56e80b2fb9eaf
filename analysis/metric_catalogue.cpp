#include <algorithm>
#include "analysis/metric_catalogue.h"

#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace govgrid {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Undefined (NaN) rather than 0 when nothing was counted: "no cases" is not "0% satisfied".
double ratio(double num, double den) { return den > 0.0 ? num / den : kNaN; }
double d(std::uint64_t v) { return static_cast<double>(v); }

double worker_busy_h(const GridTally& t) {
  return t.worker_case_h + t.worker_pushed_down_h + t.worker_patrol_h + t.worker_visit_h;
}
// Hours of one kind per grid worker per week.
double per_worker_week(double h, const GridTally& t, double days) {
  return days > 0.0 ? ratio(h, t.worker_count) / (days / 7.0) : kNaN;
}
// Where cases end is a share of closed cases: fixed at each level, or explained (the shares add to 1).
double resolved_share(const GridTally& t, Level level) {
  return ratio(d(t.resolved_at[static_cast<int>(level)]), d(t.cases_closed));
}
std::uint64_t explained(const GridTally& t) {
  return t.explained_unresolvable + t.explained_below_need + t.explained_after_bounces + t.explained_under_load;
}
// 响应率 as 接诉即办 measures it: 12345 tickets whose requester was contacted within the response
// deadline ÷ tickets (walk-ins meet the grid worker and patrol finds have nobody to contact;
// both have their own shares).
double response_rate(const GridTally& t) { return ratio(d(t.tickets_contacted_on_time), d(t.tickets_dispatched)); }
// 解决率 as 接诉即办 measures it: requesters who answer "resolved" at the call-back (回访), over the
// tickets due for it — the call-backs answered and the requesters' tickets still open past their
// deadline, which count as not resolved.
double resolution_rate(const GridTally& t) { return ratio(d(t.said_resolved), d(t.rated + t.open_overdue)); }
double satisfaction_rate(const GridTally& t) { return ratio(d(t.satisfied), d(t.rated)); }

using Formula = double (*)(const GridTally&, double measured_days);

struct Entry {
  MetricDef def;
  Formula formula;
};

using G = MetricGroup;

// The catalogue. Order is report order; names are public (JSON keys, CSV columns).
constexpr std::array kEntries = {
    // --- Volume
    Entry{{"cases_created", "count", "Cases created", "新建案件数", G::volume},
          [](const GridTally& t, double) { return d(t.cases_created); }},
    Entry{{"cases_closed", "count", "Cases closed", "办结案件数", G::volume},
          [](const GridTally& t, double) { return d(t.cases_closed); }},
    Entry{{"cases_open", "count", "Cases still open", "未办结案件数", G::volume},
          [](const GridTally& t, double) { return d(t.cases_created) - d(t.cases_closed); }},
    Entry{{"cases_per_1000_per_day", "per 1000/day", "Cases per 1,000 residents per day",
           "每千人日均案件数", G::volume},
          [](const GridTally& t, double days) {
            return days > 0.0 ? ratio(1000.0 * d(t.cases_created), d(t.residents)) / days : kNaN;
          }},
    // 12345 诉求量: what the hotline sees, which 治未病 (problems found or settled first) lowers.
    Entry{{"tickets_per_1000_per_day", "per 1000/day", "12345 tickets per 1,000 residents per day",
           "每千人日均12345工单数", G::volume},
          [](const GridTally& t, double days) {
            return days > 0.0 ? ratio(1000.0 * d(t.tickets_dispatched), d(t.residents)) / days : kNaN;
          }},
    Entry{{"found_by_patrol_share", "share", "Found by grid patrol", "网格发现占比", G::volume},
          [](const GridTally& t, double) { return ratio(d(t.found_by_patrol), d(t.cases_created)); }},
    Entry{{"found_by_visit_share", "share", "Found on household visits", "走访发现占比", G::volume},
          [](const GridTally& t, double) { return ratio(d(t.found_by_visit), d(t.cases_created)); }},
    // PARAMETERS §7.3: of the problems a patrol can see, the share found first by patrol (0.85 with
    // daily patrol; 92–96% in 数字城管).
    Entry{{"patrol_share_of_visible", "share", "Found first by patrol, of problems a patrol can see",
           "可巡查发现问题中由巡查首先发现占比", G::volume},
          [](const GridTally& t, double) { return ratio(d(t.visible_found_by_patrol), d(t.visible_found)); }},
    // Of all residents' reports (those that opened a case plus duplicates of a case in hand).
    Entry{{"duplicate_report_share", "share", "Duplicate reports", "重复诉求占比", G::volume},
          [](const GridTally& t, double) {
            const double reports = d(t.cases_created) - d(t.found_by_patrol) - d(t.found_by_visit) + d(t.duplicate_reports);
            return ratio(d(t.duplicate_reports), reports);
          }},
    // Problems that arose in the measured part but never became a case (nor were settled by a
    // party member's mediation) by the end. Cases created from problems that arose during warm-up
    // count against it, so it can dip slightly below 0 in short runs.
    Entry{{"hidden_problem_share", "share", "Problems never found", "未发现问题占比", G::volume},
          [](const GridTally& t, double) {
            return ratio(d(t.problems_arisen) - d(t.cases_created) - d(t.disputes_settled) - d(t.fixed_by_members),
                         d(t.problems_arisen));
          }},
    // 治未病: of the problems that surfaced (repeat tickets aside), those brought to light before any
    // report — by patrol, a household visit, a linked party member, or settled by one.
    Entry{{"found_early_share", "share", "Surfaced before any report (patrol, visit, household link)",
           "主动发现占比(巡查、走访、党员联户)", G::volume},
          [](const GridTally& t, double) {
            const double settled = d(t.disputes_settled) + d(t.fixed_by_members);
            const double early = d(t.found_by_patrol) + d(t.found_by_visit) + d(t.found_by_member) + settled;
            return ratio(early, d(t.cases_created) - d(t.repeat_tickets) + settled);
          }},
    Entry{{"grown_problem_share", "share", "Found only after growing worse", "隐患升级后才发现占比",
           G::volume},
          [](const GridTally& t, double) { return ratio(d(t.problems_grown), d(t.cases_created)); }},

    // --- Speed
    Entry{{"wait_time_mean_h", "h", "Mean queueing wait", "平均排队等待时长", G::speed},
          [](const GridTally& t, double) { return ratio(t.wait_h_sum, d(t.wait_samples)); }},
    Entry{{"response_time_mean_h", "h", "Mean response time", "平均响应时长", G::speed},
          [](const GridTally& t, double) { return ratio(t.response_h_sum, d(t.responded)); }},
    Entry{{"response_time_p50_h", "h", "Median response time", "响应时长中位数", G::speed},
          [](const GridTally& t, double) { return t.response_h.quantile(0.5); }},
    Entry{{"response_time_p90_h", "h", "Response time, 90th percentile", "响应时长90分位", G::speed},
          [](const GridTally& t, double) { return t.response_h.quantile(0.9); }},
    Entry{{"resolution_time_mean_h", "h", "Mean resolution time", "平均办结时长", G::speed},
          [](const GridTally& t, double) { return ratio(t.resolution_h_sum, d(t.cases_closed)); }},
    Entry{{"resolution_time_p50_h", "h", "Median resolution time", "办结时长中位数", G::speed},
          [](const GridTally& t, double) { return t.resolution_h.quantile(0.5); }},
    Entry{{"resolution_time_p90_h", "h", "Resolution time, 90th percentile", "办结时长90分位",
           G::speed},
          [](const GridTally& t, double) { return t.resolution_h.quantile(0.9); }},
    Entry{{"sojourn_time_mean_h", "h", "Mean time to close", "平均结案时长", G::speed},
          [](const GridTally& t, double) { return ratio(t.sojourn_h_sum, d(t.cases_closed)); }},
    Entry{{"department_resolution_time_mean_h", "h", "Mean resolution time, department cases",
           "部门办结案件平均办结时长", G::speed},
          [](const GridTally& t, double) {
            return ratio(t.resolution_h_sum_at[static_cast<int>(Level::department)],
                         d(t.resolved_at[static_cast<int>(Level::department)]));
          }},
    Entry{{"light_case_response_time_mean_h", "h", "Mean response time, light cases",
           "简易案件平均响应时长", G::speed},
          [](const GridTally& t, double) { return ratio(t.light_response_h_sum, d(t.light_responded)); }},

    // --- The three rates (三率) and deadlines
    Entry{{"response_rate", "share", "Response rate", "响应率", G::three_rates},
          [](const GridTally& t, double) { return response_rate(t); }},
    Entry{{"request_response_on_time_share", "share", "All requests (walk-ins too) answered on time", "全部诉求按时响应占比",
           G::three_rates},
          [](const GridTally& t, double) { return ratio(d(t.requests_responded_on_time), d(t.requests)); }},
    Entry{{"resolution_rate", "share", "Resolution rate (requesters' answer)", "解决率", G::three_rates},
          [](const GridTally& t, double) { return resolution_rate(t); }},
    Entry{{"satisfaction_rate", "share", "Satisfaction rate", "满意率", G::three_rates},
          [](const GridTally& t, double) { return satisfaction_rate(t); }},
    // docs/parameters.md §7.6 weights (0.2, 0.4, 0.4); NaN if any rate is undefined.
    Entry{{"three_rate_score", "0..1", "Three-rate score", "三率综合得分", G::three_rates},
          [](const GridTally& t, double) {
            return 0.2 * response_rate(t) + 0.4 * resolution_rate(t) + 0.4 * satisfaction_rate(t);
          }},
    Entry{{"patrol_find_on_time_share", "share", "Patrol finds resolved on time", "网格发现按时处置率",
           G::three_rates},
          [](const GridTally& t, double) { return ratio(d(t.patrol_finds_closed_on_time), d(t.patrol_finds_closed)); }},
    Entry{{"on_time_rate", "share", "Closed on time", "按时办结率", G::three_rates},
          [](const GridTally& t, double) { return ratio(d(t.closed_on_time), d(t.cases_closed)); }},
    Entry{{"reopen_rate", "per case", "Reopenings per case", "重办率", G::three_rates},
          [](const GridTally& t, double) { return ratio(d(t.reopenings), d(t.cases_created)); }},
    // Repeat tickets (重复件) per case created: ×100 = per 100 cases. A requester filing again
    // after a closure by explanation or an unsatisfied rating.
    Entry{{"repeat_ticket_share", "share", "Repeat tickets (filed again after closing)", "重复件占比",
           G::three_rates},
          [](const GridTally& t, double) { return ratio(d(t.repeat_tickets), d(t.cases_created)); }},

    // --- Where cases end
    Entry{{"resolved_in_grid_share", "share", "Resolved in the grid", "网格内解决占比",
           G::where_cases_end},
          [](const GridTally& t, double) { return resolved_share(t, Level::grid); }},
    Entry{{"resolved_in_community_share", "share", "Resolved in the community", "社区内解决占比",
           G::where_cases_end},
          [](const GridTally& t, double) { return resolved_share(t, Level::community); }},
    Entry{{"resolved_at_street_share", "share", "Resolved at the street", "街道解决占比",
           G::where_cases_end},
          [](const GridTally& t, double) { return resolved_share(t, Level::street); }},
    Entry{{"resolved_by_department_share", "share", "Resolved by departments", "职能部门解决占比",
           G::where_cases_end},
          [](const GridTally& t, double) { return resolved_share(t, Level::department); }},
    Entry{{"explained_share", "share", "Closed by explanation, not fixed", "解释办结占比", G::where_cases_end},
          [](const GridTally& t, double) { return ratio(d(explained(t)), d(t.cases_closed)); }},
    Entry{{"explained_below_need_share", "share", "Explained by a level that should have passed it up",
           "未上报即解释办结占比", G::where_cases_end},
          [](const GridTally& t, double) { return ratio(d(t.explained_below_need), d(t.cases_closed)); }},
    Entry{{"transfer_bounces_per_case", "per case", "Department transfers objected to, per case", "案均推诿退单次数",
           G::where_cases_end},
          [](const GridTally& t, double) { return ratio(d(t.transfer_bounces), d(t.cases_created)); }},
    Entry{{"direct_to_department_share", "share", "12345 tickets sent straight to departments", "工单直派职能部门占比",
           G::where_cases_end},
          [](const GridTally& t, double) { return ratio(d(t.tickets_to_departments), d(t.tickets_dispatched)); }},
    Entry{{"misdispatch_share", "share", "12345 tickets misdispatched (派单异议)", "派单异议退回占比",
           G::where_cases_end},
          [](const GridTally& t, double) { return ratio(d(t.tickets_misdispatched), d(t.tickets_dispatched)); }},
    Entry{{"escalation_rate", "per case", "Escalations per case", "案均上报次数", G::where_cases_end},
          [](const GridTally& t, double) { return ratio(d(t.escalations), d(t.cases_created)); }},
    Entry{{"joint_case_share", "share", "Joint department cases", "多部门协同处置占比",
           G::where_cases_end},
          [](const GridTally& t, double) { return ratio(d(t.joint_cases), d(t.cases_created)); }},
    Entry{{"volunteer_resolved_share", "share", "Resolved by party volunteers", "党员志愿者解决占比",
           G::where_cases_end},
          [](const GridTally& t, double) { return ratio(d(t.resolved_by_volunteers), d(t.cases_closed)); }},
    Entry{{"backlog_escalation_share", "share", "Sent up because the grid was full", "因积压上报占比",
           G::where_cases_end},
          [](const GridTally& t, double) { return ratio(d(t.backlog_escalations), d(t.cases_created)); }},
    Entry{{"handled_away_share", "share", "Handled by another grid's worker", "跨网格协助办理占比",
           G::where_cases_end},
          [](const GridTally& t, double) { return ratio(d(t.handled_away), d(t.cases_created)); }},

    // --- Grid-worker load
    Entry{{"grid_workers", "count", "Grid workers", "网格员人数", G::load},
          [](const GridTally& t, double) { return t.worker_count; }},
    Entry{{"worker_utilization", "share", "Grid-worker utilisation", "网格员工作饱和度", G::load},
          [](const GridTally& t, double) {
            return ratio(worker_busy_h(t), t.worker_scheduled_h + t.worker_overtime_h);
          }},
    // Busy hours (cases, pushed-down tasks, patrols, visits) ÷ the rostered week, overtime not added
    // to the denominator: how much of the week the roster leaves idle.
    Entry{{"busy_share_of_rostered_week", "share", "Busy hours as a share of the rostered week",
           "网格员忙碌时间占排班时间比例", G::load},
          [](const GridTally& t, double) { return ratio(worker_busy_h(t), t.worker_scheduled_h); }},
    Entry{{"case_h_per_worker_per_week", "h/week", "Hours on cases per worker per week", "网格员人均每周办案时长",
           G::load},
          [](const GridTally& t, double days) { return per_worker_week(t.worker_case_h, t, days); }},
    Entry{{"patrol_h_per_worker_per_week", "h/week", "Hours on patrol per worker per week", "网格员人均每周巡查时长",
           G::load},
          [](const GridTally& t, double days) { return per_worker_week(t.worker_patrol_h, t, days); }},
    Entry{{"visit_h_per_worker_per_week", "h/week", "Hours on household visits per worker per week",
           "网格员人均每周走访时长", G::load},
          [](const GridTally& t, double days) { return per_worker_week(t.worker_visit_h, t, days); }},
    Entry{{"visit_completion_share", "share", "Household visits made of those the schedule asks for",
           "走访计划完成率", G::load},
          [](const GridTally& t, double) { return ratio(d(t.visits_made), t.visits_due); }},
    Entry{{"pushed_down_time_share", "share", "Share of busy time on pushed-down tasks", "下派事务占工作时间比例", G::load},
          [](const GridTally& t, double) { return ratio(t.worker_pushed_down_h, worker_busy_h(t)); }},
    // The same load as docs/parameters.md §7.8 states it: hours per worker per week, and a share of the
    // rostered week (not of busy time).
    Entry{{"pushed_down_h_per_worker_per_week", "h/week", "Hours on pushed-down tasks per worker per week",
           "网格员人均每周下派事务时长", G::load},
          [](const GridTally& t, double days) {
            return days > 0.0 ? ratio(t.worker_pushed_down_h, t.worker_count) / (days / 7.0) : kNaN;
          }},
    Entry{{"pushed_down_share_of_rostered_week", "share", "Pushed-down hours as a share of the rostered week",
           "下派事务占排班时间比例", G::load},
          [](const GridTally& t, double) { return ratio(t.worker_pushed_down_h, t.worker_scheduled_h); }},
    Entry{{"patrol_time_share", "share", "Time on patrol", "巡查耗时占比", G::load},
          [](const GridTally& t, double) { return ratio(t.worker_patrol_h, worker_busy_h(t)); }},
    Entry{{"worker_overtime_h_per_week", "h/week", "Overtime per worker per week",
           "网格员人均每周加班时长", G::load},
          [](const GridTally& t, double days) {
            return days > 0.0 ? ratio(t.worker_overtime_h, t.worker_count) / (days / 7.0) : kNaN;
          }},

    Entry{{"pushed_down_tasks_per_worker_per_week", "per week", "Pushed-down tasks per worker per week",
           "网格员人均每周下派任务数", G::load},
          [](const GridTally& t, double days) {
            return days > 0.0 ? ratio(t.pushed_down_tasks_arrived, t.worker_count) / (days / 7.0) : kNaN;
          }},
    Entry{{"pushed_down_h_per_community_office_per_week", "h/week",
           "Hours on pushed-down tasks per community office per week", "社区居委会每周下派事务时长", G::load},
          [](const GridTally& t, double days) {
            return days > 0.0 ? ratio(t.office_pushed_down_h, t.community_offices) / (days / 7.0) : kNaN;
          }},
    // Per 30 days: tasks finished after their deadline, and of those the inspected ones (考核扣分).
    Entry{{"task_deadlines_missed_per_worker_per_month", "per month", "Pushed-down tasks finished late per worker per month",
           "网格员人均每月逾期任务数", G::load},
          [](const GridTally& t, double days) {
            return days > 0.0 ? ratio(t.tasks_late, t.worker_count) / (days / 30.0) : kNaN;
          }},
    Entry{{"task_penalties_per_worker_per_month", "per month", "Late inspected tasks (penalties) per worker per month",
           "网格员人均每月考核扣分次数", G::load},
          [](const GridTally& t, double days) {
            return days > 0.0 ? ratio(t.tasks_penalised, t.worker_count) / (days / 30.0) : kNaN;
          }},
    Entry{{"pushed_down_tasks_refused_share", "share", "Pushed-down tasks refused (responsibility list)",
           "清单外任务退回占比", G::load},
          [](const GridTally& t, double) { return ratio(t.pushed_down_tasks_refused, t.pushed_down_tasks_arrived); }},
    Entry{{"paid_task_h_per_week", "h/week", "Task hours paid for with the task, per week",
           "随事转入经费购买工时(每周)", G::load},
          [](const GridTally& t, double days) { return days > 0.0 ? t.paid_task_h / (days / 7.0) : kNaN; }},
    Entry{{"staff_cost_per_year", "yuan/year", "Staff cost per year", "年度人员经费", G::load},
          [](const GridTally& t, double days) { return days > 0.0 ? t.staff_cost_yuan / (days / 365.0) : kNaN; }},
    Entry{{"refused_task_office_h_per_week", "h/week", "Refused task hours the community office does, per week",
           "退回社区承担的任务工时(每周)", G::load},
          [](const GridTally& t, double days) { return days > 0.0 ? t.refused_task_h / (days / 7.0) : kNaN; }},

    // --- Cost: one model, every yuan a scenario spends (docs/model.md section 9.4)
    Entry{{"total_cost_per_year", "yuan/year", "Total cost per year", "年度总成本", G::cost},
          [](const GridTally& t, double days) {
            return days > 0.0 ? (t.wage_cost_yuan + t.paid_help_cost_yuan + t.volunteer_cost_yuan + t.platform_cost_yuan) /
                                    (days / 365.0)
                              : kNaN;
          }},
    Entry{{"wage_cost_per_year", "yuan/year", "Salaried staff per year (grid workers, offices, departments)",
           "在编及聘用人员工资(每年)", G::cost},
          [](const GridTally& t, double days) { return days > 0.0 ? t.wage_cost_yuan / (days / 365.0) : kNaN; }},
    Entry{{"paid_help_cost_per_year", "yuan/year", "Hours bought with the task per year (费随事转)",
           "费随事转购买服务(每年)", G::cost},
          [](const GridTally& t, double days) { return days > 0.0 ? t.paid_help_cost_yuan / (days / 365.0) : kNaN; }},
    Entry{{"volunteer_cost_per_year", "yuan/year", "Volunteer coordination per year", "志愿服务组织成本(每年)", G::cost},
          [](const GridTally& t, double days) { return days > 0.0 ? t.volunteer_cost_yuan / (days / 365.0) : kNaN; }},
    Entry{{"platform_cost_per_year", "yuan/year", "Platform running cost per year", "平台运行成本(每年)", G::cost},
          [](const GridTally& t, double days) { return days > 0.0 ? t.platform_cost_yuan / (days / 365.0) : kNaN; }},
    Entry{{"refused_task_office_cost_per_year", "yuan/year",
           "Refused tasks' office hours at office wages per year (inside wages)", "退回任务占用社区工时折价(每年,已含于工资)",
           G::cost},
          [](const GridTally& t, double days) { return days > 0.0 ? t.refused_task_cost_yuan / (days / 365.0) : kNaN; }},

    // --- Residents
    Entry{{"trust_mean", "0..1", "Mean residents' trust", "居民平均信任度", G::residents},
          [](const GridTally& t, double) { return ratio(t.trust_sum, d(t.residents)); }},

    // --- Party organisation (docs/model.md section 8.5)
    Entry{{"linked_household_share", "share", "Households linked to a party member", "党员联系户覆盖率", G::party},
          [](const GridTally& t, double) { return ratio(t.linked_households, t.households); }},
    Entry{{"found_by_members_share", "share", "Found by party members (household links, volunteer patrols)",
           "党员发现占比(联户、志愿巡查)",
           G::party},
          [](const GridTally& t, double) { return ratio(d(t.found_by_member), d(t.cases_created)); }},
    Entry{{"member_find_age_h", "h", "Arising → found, party members' finds", "党员发现问题的发现时长", G::party},
          [](const GridTally& t, double) { return ratio(t.member_find_age_h_sum, d(t.found_by_member)); }},
    Entry{{"patrol_find_age_h", "h", "Arising → found, patrol finds", "巡查发现问题的发现时长", G::party},
          [](const GridTally& t, double) { return ratio(t.patrol_find_age_h_sum, d(t.found_by_patrol)); }},
    // How much earlier than the resident's own report a member brought it to light (finds the
    // resident would have reported at all).
    Entry{{"member_lead_over_report_h", "h", "Members' find ahead of the resident's report", "党员发现早于居民报告",
           G::party},
          [](const GridTally& t, double) { return ratio(t.member_lead_h_sum, d(t.member_lead_n)); }},
    Entry{{"disputes_settled_per_1000_per_year", "per 1000/year", "Disputes settled by members before any case",
           "党员调解化解纠纷(每千人每年)", G::party},
          [](const GridTally& t, double days) {
            return days > 0.0 ? ratio(1000.0 * d(t.disputes_settled), d(t.residents)) / (days / 365.0) : kNaN;
          }},
    Entry{{"fixed_by_members_per_1000_per_year", "per 1000/year", "Light problems members fixed before any case",
           "党员就地解决问题(每千人每年)", G::party},
          [](const GridTally& t, double days) {
            return days > 0.0 ? ratio(1000.0 * d(t.fixed_by_members), d(t.residents)) / (days / 365.0) : kNaN;
          }},
    Entry{{"mediated_at_community_share", "share", "Settled by members' mediation at the community office",
           "社区党员调解办结占比", G::party},
          [](const GridTally& t, double) { return ratio(d(t.mediated_at_community), d(t.cases_closed)); }},
    Entry{{"unit_resolved_share", "share", "Fixed by a 大党委 unit's resources", "大党委成员单位解决占比", G::party},
          [](const GridTally& t, double) { return ratio(d(t.resolved_by_units), d(t.cases_closed)); }},
    Entry{{"member_call_answered_share", "share", "Calls on members that a member answered", "党员响应召集比例",
           G::party},
          [](const GridTally& t, double) { return ratio(d(t.member_calls_answered), d(t.member_calls)); }},
    Entry{{"member_h_per_year", "h/year", "Party members' hours called out per year (cases, mediation, patrols)",
           "党员应召服务时长(每年,办案、调解、巡查)", G::party},
          [](const GridTally& t, double days) {
            return days > 0.0 ? (t.volunteer_h + t.member_case_h + t.member_patrol_h) / (days / 365.0) : kNaN;
          }},
    Entry{{"link_contact_h_per_year", "h/year", "Party members' hours with linked households per year",
           "党员联系群众时长(每年)", G::party},
          [](const GridTally& t, double days) { return days > 0.0 ? t.link_contact_h / (days / 365.0) : kNaN; }},
    // Members' hours on cases against everyone's at grid level and in mediation: how much of the
    // casework they carry.
    Entry{{"member_casework_share", "share", "Members' share of casework hours (grid workers' and theirs)",
           "党员承担办案工时占比", G::party},
          [](const GridTally& t, double) {
            const double members = t.volunteer_h + t.member_case_h;
            return ratio(members, members + t.worker_case_h);
          }},
    Entry{{"coordination_h_per_week", "h/week", "Community office hours calling on members, per week",
           "社区组织党员工时(每周)", G::party},
          [](const GridTally& t, double days) { return days > 0.0 ? t.coordination_h / (days / 7.0) : kNaN; }},
    Entry{{"unit_h_per_year", "h/year", "大党委 units' hours per year (at their own cost)", "大党委成员单位投入工时(每年)",
           G::party},
          [](const GridTally& t, double days) { return days > 0.0 ? t.unit_h / (days / 365.0) : kNaN; }},
};

constexpr auto kDefs = [] {
  std::array<MetricDef, kEntries.size()> defs{};
  for (std::size_t i = 0; i < kEntries.size(); ++i) defs[i] = kEntries[i].def;
  return defs;
}();

// Report code relies on each group's metrics being contiguous and in enum order.
constexpr bool groups_in_order() {
  for (std::size_t i = 1; i < kDefs.size(); ++i) {
    if (kDefs[i].group < kDefs[i - 1].group) return false;
  }
  return true;
}
static_assert(groups_in_order(), "metric catalogue must be ordered by group");

}  // namespace

MetricGroupLabel metric_group_label(MetricGroup g) {
  switch (g) {
    case MetricGroup::volume: return {"Volume", "案件量"};
    case MetricGroup::speed: return {"Speed", "办理时效"};
    case MetricGroup::three_rates: return {"Three rates", "三率"};
    case MetricGroup::where_cases_end: return {"Where cases end", "办结层级"};
    case MetricGroup::load: return {"Load", "网格员负荷"};
    case MetricGroup::cost: return {"Cost", "成本"};
    case MetricGroup::residents: return {"Residents", "居民"};
    case MetricGroup::party: return {"Party organisation", "党建引领"};
  }
  return {"", ""};
}

std::span<const MetricDef> metric_defs() { return kDefs; }

std::optional<std::size_t> metric_index(std::string_view name) {
  for (std::size_t i = 0; i < kDefs.size(); ++i) {
    if (kDefs[i].name == name) return i;
  }
  return std::nullopt;
}

std::vector<double> derive_metrics(const GridTally& t, double measured_days) {
  std::vector<double> values;
  values.reserve(kEntries.size());
  for (const Entry& e : kEntries) values.push_back(e.formula(t, measured_days));
  return values;
}

GridTally district_tally(const ReplicationResult& rep) {
  GridTally all;
  for (const GridTally& g : rep.grids) all.merge(g);
  return all;
}

std::vector<GridTally> street_tallies(const ReplicationResult& rep, const World& world) {
  if (rep.grids.size() != world.grids.size()) {
    throw std::invalid_argument("street_tallies: " + std::to_string(rep.grids.size()) +
                                " grid tallies for a world of " + std::to_string(world.grids.size()) + " grids");
  }
  std::vector<GridTally> streets(world.streets.size());
  for (std::size_t g = 0; g < world.grids.size(); ++g) streets.at(world.grids[g].street).merge(rep.grids[g]);
  return streets;
}

std::vector<GridTally> district_tallies(const ReplicationResult& rep, const World& world) {
  const std::vector<GridTally> streets = street_tallies(rep, world);
  std::vector<GridTally> districts(world.districts.size());
  for (std::size_t s = 0; s < streets.size(); ++s) districts.at(world.streets[s].district).merge(streets[s]);
  return districts;
}

bool higher_is_better(std::string_view metric) {
  static constexpr std::string_view kHigher[] = {
      "response_rate", "resolution_rate", "satisfaction_rate", "three_rate_score", "on_time_rate",
      "resolved_in_grid_share", "resolved_in_community_share", "found_by_patrol_share", "trust_mean",
      "cases_closed", "found_early_share", "found_by_members_share", "linked_household_share",
      "disputes_settled_per_1000_per_year", "mediated_at_community_share", "unit_resolved_share",
      "member_call_answered_share"};
  return std::find(std::begin(kHigher), std::end(kHigher), metric) != std::end(kHigher);
}

}  // namespace govgrid
