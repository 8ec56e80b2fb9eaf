#include "analysis/report/i18n.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace govgrid::report {
namespace {

struct Entry {
  std::string_view key, en, zh;
};

// Every text of the report. Entries with "{}" are fmt format strings (see trf); arguments
// that come from scenarios are escaped by the caller before formatting.
constexpr std::array kStrings = {
    Entry{"doc_title", "Scenario comparison report", "情景对比分析报告"},
    Entry{"eyebrow", "govgrid · grid-based grassroots governance", "govgrid · 网格化基层治理仿真"},
    Entry{"subtitle", "{} scenarios against the baseline {}", "{}个情景与基准情景{}对比"},
    Entry{"subtitle_one", "One scenario: {}", "单一情景：{}"},
    Entry{"print", "Print / save as PDF", "打印 / 保存为PDF"},
    Entry{"baseline", "baseline", "基准"},
    Entry{"answer_title", "The answer at a glance", "结论速览"},
    Entry{"answer_lead",
          "Each scenario against the baseline: means over replications with their 95% intervals, "
          "and the change against the baseline below each value.",
          "各情景与基准情景对比：数值为各次重复运行的均值及其95%置信区间，下方为相对基准的变化。"},
    Entry{"ranked_title", "Options ranked by what they buy", "方案排序：投入与成效"},
    Entry{"ranked_lead",
          "Each option against the baseline: the change in the three-rate score (0.2 响应率 + 0.4 解决率 + 0.4 满意率, "
          "in points of 100) with its 95% interval, the change in the total cost per year, and the yuan a year "
          "each point gained costs. A change under {} points is shown as negligible even when it is statistically clear.",
          "各方案相对基准：三率综合得分（0.2×响应率＋0.4×解决率＋0.4×满意率，百分制）的变化及其95%置信区间、"
          "年度总成本的变化，以及每提高1分所需的年度成本。变化小于{}分的视为可忽略，即使统计上显著。"},
    Entry{"col_position", "#", "序号"},
    Entry{"col_option", "Option", "方案"},
    Entry{"col_score_change", "Score change, points", "得分变化（分）"},
    Entry{"col_cost_change", "Cost change per year", "年度成本变化"},
    Entry{"col_per_point", "Cost per point gained, per year", "每提高1分的年度成本"},
    Entry{"col_verdict", "Verdict", "结论"},
    Entry{"negligible", "Negligible", "可忽略"},
    Entry{"saves", "gains and saves money", "既提分又省钱"},
    Entry{"best_value", "Best value: {} gains {} points for {} a year ({} per point).",
          "性价比最高：{}提高{}分，年度成本增加{}（每分{}）。"},
    Entry{"best_free", "Best value: {} gains {} points and costs {} a year less.", "性价比最高：{}提高{}分，且年度成本减少{}。"},
    Entry{"no_gain", "No option raises the score by {} points or more with a clear interval.",
          "没有方案能在统计上显著地将得分提高{}分及以上。"},
    Entry{"budget_line", "With {} a year more: {} (+{} points, {} a year).", "年度预算增加{}时：{}（+{}分，年度成本{}）。"},
    Entry{"budget_none", "With {} a year more: no option gains clearly within that budget.", "年度预算增加{}时：预算内没有能显著提分的方案。"},
    Entry{"spread_line",
          "{}: of the three-rate score's spread across replications, {}% comes from the uncertain parameters (most: {}) "
          "and {}% from chance.",
          "{}：三率综合得分在各次重复间的差异中，{}%来自不确定参数（主要：{}），{}%来自随机性。"},
    Entry{"better", "Better", "改善"},
    Entry{"worse", "Worse", "变差"},
    Entry{"unclear", "No clear change", "无显著变化"},
    Entry{"no_change_list", "none", "无"},
    Entry{"behind_list", "Streets falling behind", "落后街道"},
    Entry{"districts_behind_list", "Districts falling behind", "落后区"},
    Entry{"only_one", "Only one scenario was given; pass more run directories to compare scenarios.",
          "仅提供了一个情景；如需对比，请提供多个运行目录。"},
    Entry{"legend_better", "better, statistically clear", "改善，统计上显著"},
    Entry{"legend_worse", "worse, statistically clear", "变差，统计上显著"},
    Entry{"legend_unclear", "not statistically clear: the 95% interval of the change includes 0",
          "统计上不显著：变化的95%置信区间包含0"},
    Entry{"col_metric", "Indicator", "指标"},
    Entry{"lower_better", "lower is better", "越低越好"},
    Entry{"higher_better", "higher is better", "越高越好"},
    Entry{"method_paired", "paired differences (common random numbers: same seed and replications)",
          "配对差值（共同随机数：种子与重复次数相同）"},
    Entry{"method_welch", "Welch's interval (independent runs)", "Welch区间（相互独立的运行）"},
    Entry{"delta_title", "Change {}; 95% interval of the change [{}, {}]; {}",
          "变化 {}；变化的95%置信区间 [{}, {}]；{}"},
    Entry{"scenarios_title", "Scenarios", "情景说明"},
    Entry{"run_shape", "{} replications × {} days (warm-up {} days), seed {}",
          "{}次重复运行 × {}天（预热{}天），随机种子 {}"},
    Entry{"staff_line", "{} grid workers · {} community staff · {} street staff · {} department crews",
          "网格员{}人 · 社区工作人员{}人 · 街道工作人员{}人 · 部门处置力量{}组"},
    Entry{"compared_by", "Compared with the baseline by {}", "与基准的比较方法：{}"},
    Entry{"run_dir", "Run directory", "运行目录"},
    Entry{"trends_title", "Backlog and satisfaction over time", "积案与满意度趋势"},
    Entry{"chart_backlog_title", "Open cases at the end of each day", "每日末在办案件数（积案）"},
    Entry{"chart_backlog_caption",
          "Mean over replications; the band is the 95% interval. The dashed line marks the end of the "
          "warm-up: the metrics count only what happens after it.",
          "各次重复运行的均值，阴影为95%置信区间。虚线为预热期结束，各项指标只统计其后的时段。"},
    Entry{"chart_satisfaction_title", "Satisfaction rate, 7-day rolling", "满意率（7日滚动）"},
    Entry{"chart_satisfaction_caption",
          "Satisfied ratings over all ratings in the 7 days up to each day, all replications pooled.",
          "截至当日7天内满意评价占全部评价的比例，合并全部重复运行。"},
    Entry{"axis_day", "Day", "天"},
    Entry{"axis_backlog", "Open cases", "在办案件数"},
    Entry{"axis_satisfaction", "Satisfaction rate", "满意率"},
    Entry{"warmup_end", "end of warm-up", "预热期结束"},
    Entry{"steady_line", "{}: backlog {}, arrivals {}, time in system {} (last 30 days against days 31–60) — {}.",
          "{}：积压{}，新增案件{}，在办时长{}（最后30天对比第31–60天）——{}。"},
    Entry{"response_title", "Response times across grids", "各网格响应时长分布"},
    Entry{"chart_response_title", "Response time per grid, by scenario", "各情景的网格响应时长"},
    Entry{"chart_response_caption",
          "The distribution across grids of each grid's mean and 90th-percentile response time "
          "(each a mean over replications), not of single cases. Boxes hold the middle half of the "
          "grids, whiskers reach 1.5 × the interquartile range, dots are grids beyond them.",
          "按网格统计：各网格的平均响应时长与90分位响应时长（均为各次重复运行的均值）在网格之间的分布，"
          "并非单个案件的分布。箱体为中间一半的网格，须线延伸至1.5倍四分位距，圆点为其外的网格。"},
    Entry{"measure_mean", "Mean response time of a grid", "网格平均响应时长"},
    Entry{"measure_p90", "90th-percentile response time of a grid", "网格响应时长90分位"},
    Entry{"axis_hours", "Hours", "小时"},
    Entry{"map_title", "Map of grids", "网格分布图"},
    Entry{"map_tiles_caption",
          "Each square is a grid, coloured by its mean over replications; grids are grouped into "
          "communities (small blocks) and streets (large blocks, named above). The scenario has no "
          "coordinates, so the layout is schematic, not geographic. Grey: undefined (e.g. no ratings).",
          "每个方块代表一个网格，颜色为各次重复运行的均值；网格按社区（小块）和街道（大块，上方标注名称）分组。"
          "情景没有地理坐标，因此为示意布局，并非实际地理位置。灰色表示无数据（如没有评价）。"},
    Entry{"map_generated_caption",
          "Each shape is a grid, coloured by its mean over replications. The layout is generated: streets, "
          "their communities and grids as nested blocks sized by residents, not real boundaries (govgrid run "
          "--map FILE draws a real map). Grey: undefined (e.g. no ratings).",
          "每个色块代表一个网格，颜色为各次重复运行的均值。布局为自动生成的示意图：街道、社区、网格按居民数嵌套划分，"
          "并非实际边界（使用 govgrid run --map 文件 可绘制真实地图）。灰色表示无数据（如没有评价）。"},
    Entry{"map_geo_caption",
          "Grid shapes from each run's grids.geojson, coloured by the grid's mean over replications. "
          "Grey: undefined (e.g. no ratings).",
          "网格形状取自各运行目录的grids.geojson，颜色为该网格各次重复运行的均值。灰色表示无数据（如没有评价）。"},
    Entry{"tt_scenario", "Scenario", "情景"},
    Entry{"tt_grid", "Grid", "网格"},
    Entry{"tt_street", "Street", "街道"},
    Entry{"tt_community", "Community", "社区"},
    Entry{"tt_residents", "Residents", "居民数"},
    Entry{"tt_cases", "Cases created", "新建案件数"},
    Entry{"tt_rt", "Mean response time (h)", "平均响应时长（小时）"},
    Entry{"streets_title", "Streets: the three rates and the ranking", "街道三率与排名"},
    Entry{"chart_rates_title", "The three rates per street", "各街道三率"},
    Entry{"chart_rates_caption",
          "Each street's 响应率 (responded within the deadline), 解决率 (resolved) and 满意率 (rated "
          "satisfied): mean over replications with its 95% interval, per scenario. Streets in the order "
          "of the baseline ranking.",
          "各街道的响应率（按时限响应）、解决率（已解决）与满意率（评价满意）：各次重复运行的均值及95%置信区间，"
          "按情景区分。街道按基准情景的排名排列。"},
    Entry{"axis_street", "Street", "街道"},
    Entry{"axis_rate", "Rate", "比率"},
    Entry{"ranking_title", "Ranking of streets: {}", "街道排名：{}"},
    Entry{"ranking_lead",
          "Ranked by the composite score 0.2 × 响应率 + 0.4 × 解决率 + 0.4 × 满意率, as in the monthly "
          "接诉即办 rankings. Streets whose scores agree to 0.01 share a rank; the range is every rank the "
          "street could hold given the 95% intervals. Of the bottom {}, only a street clearly below the "
          "median street (its whole interval under the median score) is marked as falling behind.",
          "按综合得分 0.2×响应率 + 0.4×解决率 + 0.4×满意率 排名（同接诉即办月度排名）。得分相同（精确到0.01）的街道并列；"
          "名次区间为按95%置信区间该街道可能所处的全部名次。排名末尾的{}中，仅得分区间整体低于中位街道得分者标记为落后。"},
    Entry{"col_rank_range", "Could rank", "名次区间"},
    Entry{"districts_title", "District ranking", "区排名"},
    Entry{"district_ranking_title", "Ranking of districts: {}", "区排名：{}"},
    Entry{"district_ranking_lead",
          "Each district's streets together (their tickets and call-backs pooled), ranked by the composite score "
          "0.2 × 响应率 + 0.4 × 解决率 + 0.4 × 满意率 as the streets are. Districts whose scores agree to 0.01 share a "
          "rank; the range is every rank the district could hold given the 95% intervals. Of the bottom {}, only a "
          "district clearly below the median district (its whole interval under the median score) is marked as "
          "falling behind.",
          "各区所辖街道合并计算（工单与回访合计），按综合得分 0.2×响应率 + 0.4×解决率 + 0.4×满意率 排名，口径同街道排名。"
          "得分相同（精确到0.01）的区并列；名次区间为按95%置信区间该区可能所处的全部名次。排名末尾的{}中，"
          "仅得分区间整体低于中位区得分者标记为落后。"},
    Entry{"drift_backlog",
          "⚠ {}: the backlog trends over the measured period ({} over {} days, fitted line, 95% interval over "
          "replications). Its rates describe a district still filling up or draining, not a steady one: run longer or "
          "read them as a snapshot.",
          "⚠ {0}：积案在测量期内持续变化（{2}天内拟合变化{1}，括号内为各次重复运行的95%置信区间）。"
          "其三率反映的是仍在积压或消化中的城区，而非稳定状态：请延长运行时间，或仅将其视为阶段性结果。"},
    Entry{"drift_hidden",
          "⚠ {}: problems nobody has found trend over the measured period ({} over {} days, fitted line, 95% interval "
          "over replications): the rates do not yet show what the hidden stock will cost.",
          "⚠ {0}：未发现问题存量在测量期内持续变化（{2}天内拟合变化{1}，括号内为各次重复运行的95%置信区间），"
          "三率尚未反映隐患存量的后果。"},
    Entry{"drift_follows_demand",
          "⚠ {}: the {} moves with demand over the measured period ({} over {} days; arrivals {}): the time a case "
          "takes held, so this is the season's load, not a district filling up. The rates describe these months, not "
          "a year: compare scenarios over the same months.",
          "⚠ {0}：{1}随需求变化（{3}天内拟合变化{2}，同期诉求量{4}）：案件办理时长基本稳定，属季节性负荷变化，而非积压持续累积。"
          "三率反映的是这几个月的情况而非全年，请在相同月份之间比较情景。"},
    Entry{"q_backlog", "backlog", "积案"},
    Entry{"q_hidden", "stock of hidden problems", "未发现问题存量"},
    Entry{"monthly_title", "The three rates by month", "街道月度三率排名"},
    Entry{"monthly_lead",
          "Each street's score (0.2×response + 0.4×resolution + 0.4×satisfaction, of 100) and rank in each month, as "
          "monthly 接诉即办 rankings publish them; hover a cell for its three rates and the ranks it could hold. A "
          "month has far fewer call-backs than a year, so monthly ranks move with chance more than the yearly ranking "
          "above: read the range of ranks before a single month's place.",
          "各街道每月的综合得分（0.2×响应率＋0.4×解决率＋0.4×满意率，百分制）及名次，与接诉即办月度排名的口径一致；"
          "鼠标悬停可查看三率及名次区间。单月回访量远少于全年，月度名次受偶然因素影响更大，请先看名次区间再看单月名次。"},
    Entry{"month_tickets", "{} 12345 tickets that month", "当月12345工单{}件"},
    Entry{"month_cell", "Response {}, resolution {}, satisfaction {}; could rank {}",
          "响应率{}，解决率{}，满意率{}；名次区间{}"},
    Entry{"month_table_title", "{}: ranking in the published form ({} tickets)", "{}排名（工单{}件）"},
    Entry{"monthly_caption",
          "Counted as monthly rankings count: a ticket's response in the month it came in, a call-back in the month it "
          "was made, a ticket still open past its deadline at the end of the run in the month it came in; the months "
          "add up to the run's three rates exactly. Months with fewer than 14 measured days (the warm-up's tail) are "
          "left out. 落后 only where the whole interval lies below the median street, as in the yearly ranking.",
          "统计口径同月度排名：工单响应计入受理当月，回访计入回访当月，运行结束时仍超期未办结的工单计入受理当月；"
          "各月合计与全年三率完全一致。测量天数不足14天的月份（预热期末尾）不列出。"
          "“落后”标记规则同年度排名：整个置信区间低于中位街道得分。"},
    Entry{"col_why", "What holds it back", "主要短板"},
    Entry{"why_rate", "{} {} points below the median street", "{}比中位街道低{}个百分点"},
    Entry{"why_rate_district", "{} {} points below the median district", "{}比中位区低{}个百分点"},
    Entry{"why_crews", "own department crews {} per 10,000 residents (median district {})",
          "区职能部门人员每万人{}人（中位区{}人）"},
    Entry{"why_demand", "problems ×{}", "问题发生量 ×{}"},
    Entry{"why_difficulty", "hard problems ×{}", "难解决问题 ×{}"},
    Entry{"why_handling", "handling time ×{}", "办理耗时 ×{}"},
    Entry{"why_utilization", "grid workers busy {}", "网格员繁忙度 {}"},
    Entry{"n_streets_one", "street", "1个街道"},
    Entry{"n_streets_many", "{} streets", "{}个街道"},
    Entry{"n_districts_one", "district", "1个区"},
    Entry{"n_districts_many", "{} districts", "{}个区"},
    Entry{"col_rank", "Rank", "排名"},
    Entry{"col_street", "Street", "街道"},
    Entry{"col_district", "District", "区"},
    Entry{"col_in_district", "District", "所属区"},
    Entry{"col_score", "Score (of 100)", "综合得分（百分制）"},
    Entry{"col_vs_baseline", "vs. baseline", "较基准"},
    Entry{"behind", "Falls behind", "落后"},
    Entry{"rank_same", "same", "持平"},
    Entry{"notes_title", "How to read this report", "阅读说明"},
    Entry{"note_means",
          "Every figure is a mean over the run's replications (independent simulations of the same "
          "scenario), with a two-sided 95% Student-t interval.",
          "所有数值均为多次重复运行（同一情景的独立仿真）的均值，区间为双侧95% t分布置信区间。"},
    Entry{"note_clear",
          "A change is called statistically clear when the 95% interval of the difference from the "
          "baseline excludes 0: green when it is an improvement, red when it is a deterioration. "
          "Grey changes may be noise. For times, pushed-down share, overtime and cost lower is better; for the "
          "rates higher is better.",
          "当与基准差值的95%置信区间不包含0时，认为变化在统计上显著：改善标为绿色，变差标为红色；灰色的变化可能只是随机波动。"
          "时长、下派事务占比、加班时长和经费越低越好，各项比率越高越好。"},
    Entry{"note_paired",
          "Runs with the same seed and number of replications share common random numbers; their "
          "differences are taken replication by replication (paired). Other runs are compared as "
          "independent samples (Welch).",
          "种子与重复次数相同的运行使用共同随机数，按重复运行逐一配对求差；其他运行按独立样本比较（Welch方法）。"},
    Entry{"note_rates",
          "响应率: cases responded to within the response deadline over cases created; 解决率: cases "
          "resolved over cases closed; 满意率: satisfied ratings over all ratings.",
          "响应率：在响应时限内响应的案件占新建案件的比例；解决率：已解决案件占办结案件的比例；满意率：满意评价占全部评价的比例。"},
    Entry{"note_cost", "Staff cost is the scenario's staff times their annual wages; it has no interval.",
          "人员经费为情景设定的人员数乘以年薪，没有置信区间。"},
    Entry{"footer", "Generated by govgrid {} · charts by Vega {}, Vega-Lite {}, vega-embed {}",
          "由 govgrid {} 生成 · 图表：Vega {}、Vega-Lite {}、vega-embed {}"},
    Entry{"chart_failed", "This chart could not be drawn", "图表无法绘制"},
    Entry{"na", "–", "–"},
    // The sweep report (sweep_report.h).
    Entry{"sweep_doc_title", "Sweep report", "参数扫描分析报告"},
    Entry{"sweep_subtitle", "{} points × {} replications; {} of {} runs done",
          "{}个参数组合×{}次重复运行；已完成{}/{}次运行"},
    Entry{"sweep_provenance", "Sweep file {}, begun by govgrid {}.", "扫描文件{}，由 govgrid {} 开始运行。"},
    Entry{"point_n", "point {}", "组合{}"},
    Entry{"unit_points", "points", "分"},
    Entry{"best_title", "The best point", "最优参数组合"},
    Entry{"best_budget_lead",
          "The best three-rate score (0.2 响应率 + 0.4 解决率 + 0.4 满意率, points of 100) among the points whose "
          "total cost per year is at most {}:",
          "年度总成本不超过{}的参数组合中，三率综合得分（0.2×响应率＋0.4×解决率＋0.4×满意率，百分制）最高的是："},
    Entry{"best_lead",
          "The best three-rate score (0.2 响应率 + 0.4 解决率 + 0.4 满意率, points of 100) of all points; "
          "--budget YUAN_PER_YEAR picks the best within a budget:",
          "全部参数组合中三率综合得分（0.2×响应率＋0.4×解决率＋0.4×满意率，百分制）最高的是（用 --budget 元/年 可限定预算）："},
    Entry{"best_none", "No point costs at most {} a year; the cheapest, {}, costs {}.",
          "没有年度总成本不超过{}的参数组合；成本最低的是{}，为{}。"},
    Entry{"best_line", "{}: score {} [{}, {}], total cost {} a year", "{}：得分{}［{}，{}］，年度总成本{}"},
    Entry{"best_label", "Best", "最优"},
    Entry{"runner_up", "Runner-up", "次优"},
    Entry{"best_only_one", "No other point qualifies.", "没有其他符合条件的参数组合。"},
    Entry{"best_diff_clear",
          "The best scores {} points more than the runner-up [{}, {}]: beyond chance (the 95% interval of the "
          "difference, replication by replication, excludes 0).",
          "最优组合比次优组合高{}分［{}，{}］：差异超出随机波动（逐次重复配对差值的95%置信区间不含0）。"},
    Entry{"best_diff_negligible",
          "The best scores {} points more than the runner-up [{}, {}]: beyond chance, but under the practical "
          "threshold of {} points (--threshold); in practice either will do.",
          "最优组合比次优组合高{0}分［{1}，{2}］：差异虽超出随机波动，但小于{3}分的实用阈值（--threshold），实际效果两者相当。"},
    Entry{"best_diff_unclear",
          "The best scores {} points more than the runner-up [{}, {}]: not beyond chance (the 95% interval of the "
          "difference, replication by replication, includes 0); on this evidence either will do.",
          "最优组合比次优组合高{}分［{}，{}］：差异未超出随机波动（逐次重复配对差值的95%置信区间含0），就现有结果两者均可。"},
    Entry{"curves_title", "Response curves", "响应曲线"},
    Entry{"curves_lead",
          "How the three rates, their score and the total cost per year change with each swept parameter: means "
          "over replications with their 95% intervals, a line for each combination of the other parameters.",
          "三率、三率综合得分和年度总成本随各扫描参数的变化：各次重复运行的均值及其95%置信区间，"
          "其他参数的每种取值组合各一条线。"},
    Entry{"curve_title", "Against {}", "随{}的变化"},
    Entry{"curve_caption", "Line: mean; band: 95% interval.", "线：均值；阴影：95%置信区间。"},
    Entry{"curve_caption_cases", "Dot: mean; bar: 95% interval.", "点：均值；竖线：95%置信区间。"},
    Entry{"legend_others", "Other parameters", "其他参数"},
    Entry{"lhs_title", "Sensitivity: Latin-hypercube samples", "敏感性分析：拉丁超立方抽样"},
    Entry{"lhs_chart_title", "Three-rate score against each sampled parameter", "三率综合得分与各抽样参数"},
    Entry{"lhs_caption",
          "Each dot is one sample (the mean over its replications); the line is a linear trend. A steep trend "
          "marks a parameter the score is sensitive to.",
          "每个点为一个样本（其重复运行的均值）；直线为线性趋势。趋势越陡，得分对该参数越敏感。"},
    Entry{"heat_title", "Two parameters at once", "双参数热力图"},
    Entry{"heat_caption", "Green is better, red is worse ({}); the number is the mean over replications.",
          "绿色更好，红色更差（{}）；数字为各次重复运行的均值。"},
    Entry{"points_title", "Every point", "全部参数组合"},
    Entry{"col_point", "Point", "组合"},
    Entry{"col_runs", "Runs", "运行次数"},
    Entry{"tt_mean", "Mean", "均值"},
    Entry{"sweep_note_crn",
          "Replication r of every point uses the same random numbers (common random numbers), so points are "
          "compared replication by replication.",
          "各参数组合的第r次重复运行使用相同的随机数（公共随机数），因此组合之间按重复运行逐次配对比较。"},
    Entry{"sweep_note_colour",
          "Colours follow the metric's better direction: green is better whether higher or lower is better.",
          "颜色按指标的优劣方向着色：无论越高越好还是越低越好，绿色均表示更好。"},
    Entry{"sweep_note_cost",
          "Total cost per year: wages, hours bought under 费随事转, volunteer coordination and the platform "
          "(docs/model.md §9.4), a mean over replications.",
          "年度总成本：工资、费随事转购买的工时、志愿者协调和平台费用（docs/model.md §9.4），为各次重复运行的均值。"},
};

constexpr bool keys_unique() {
  for (std::size_t i = 0; i < kStrings.size(); ++i) {
    for (std::size_t j = i + 1; j < kStrings.size(); ++j) {
      if (kStrings[i].key == kStrings[j].key) return false;
    }
  }
  return true;
}
static_assert(keys_unique(), "report string table: duplicate key");

constexpr std::string_view kMinus = "\u2212";

// Digits of |v| with `decimals` decimals, thousands grouped.
std::string grouped(double v, int decimals) {
  const std::string s = fmt::format("{:.{}f}", std::fabs(v), decimals);
  const std::size_t int_end = std::min(s.find('.'), s.size());
  std::string out;
  out.reserve(s.size() + int_end / 3);
  for (std::size_t i = 0; i < int_end; ++i) {
    if (i > 0 && (int_end - i) % 3 == 0) out.push_back(',');
    out.push_back(s[i]);
  }
  out.append(s, int_end, std::string::npos);
  return out;
}

// Whether `v` shows as zero at `decimals` decimals (so it needs no minus sign).
bool rounds_to_zero(double v, int decimals) {
  return fmt::format("{:.{}f}", std::fabs(v), decimals).find_first_not_of("0.") == std::string::npos;
}

std::string signed_fixed(double v, int decimals, bool always_sign) {
  const std::string digits = grouped(v, decimals);
  if (rounds_to_zero(v, decimals)) return (always_sign ? "±" : "") + digits;
  if (v < 0) return std::string(kMinus) + digits;
  return (always_sign ? "+" : "") + digits;
}

// Scale and suffix of a count or amount in Chinese: 万 (10^4) and 亿 (10^8).
std::string zh_large(double v, double from_wan, bool always_sign, std::string_view unit) {
  const double a = std::fabs(v);
  if (a >= 1e8) return signed_fixed(v / 1e8, 2, always_sign) + "亿" + std::string(unit);
  if (a >= from_wan) return signed_fixed(v / 1e4, a >= 1e6 ? 0 : 1, always_sign) + "万" + std::string(unit);
  return signed_fixed(v, 0, always_sign) + std::string(unit);
}

std::string yuan(double v, Lang lang, bool always_sign) {
  if (lang == Lang::zh) return zh_large(v, 1e4, always_sign, "元");
  const double a = std::fabs(v);
  std::string body = a >= 1e6 ? grouped(v / 1e6, 1) + "M" : grouped(v, 0);
  const bool zero = a >= 1e6 ? rounds_to_zero(v / 1e6, 1) : rounds_to_zero(v, 0);
  const std::string sign = zero ? (always_sign ? "±" : "") : v < 0 ? std::string(kMinus) : always_sign ? "+" : "";
  return sign + "¥" + body;
}

std::string format(double v, std::string_view unit, Lang lang, bool diff) {
  if (std::isnan(v)) return std::string(tr(lang, "na"));
  const bool zh = lang == Lang::zh;
  if (unit == "share") {
    return diff ? signed_fixed(100.0 * v, 1, true) + (zh ? "个百分点" : " pp")
                : signed_fixed(100.0 * v, 1, false) + "%";
  }
  if (unit == "h") return signed_fixed(v, 1, diff) + (zh ? "小时" : " h");
  if (unit == "h/week") return signed_fixed(v, 2, diff) + (zh ? "小时/周" : " h/week");
  if (unit == "count") {
    if (zh) return zh_large(v, 1e5, diff, "");
    return signed_fixed(v, 0, diff);
  }
  if (unit == "yuan" || unit == "yuan/year") return yuan(v, lang, diff);
  if (unit == "per 1000/day") return signed_fixed(v, 2, diff);
  if (unit == "per 1000/year") return signed_fixed(v, 1, diff);
  if (unit == "h/year") {
    if (zh) return zh_large(v, 1e4, diff, "小时/年");
    return signed_fixed(v, 0, diff) + " h/year";
  }
  return signed_fixed(v, 3, diff);  // "0..1", "per case" and anything else
}

}  // namespace

std::optional<Lang> parse_lang(std::string_view code) {
  if (code == "en") return Lang::en;
  if (code == "zh") return Lang::zh;
  return std::nullopt;
}

std::string_view lang_code(Lang lang) { return lang == Lang::zh ? "zh" : "en"; }

std::string_view tr(Lang lang, std::string_view key) {
  for (const Entry& e : kStrings) {
    if (e.key == key) return lang == Lang::zh ? e.zh : e.en;
  }
  throw std::out_of_range("report string table: no key '" + std::string(key) + "'");
}

bool string_table_complete() {
  for (const Entry& e : kStrings) {
    if (e.en.empty() || e.zh.empty()) return false;
  }
  return true;
}

std::string format_fixed(double v, int decimals) {
  if (std::isnan(v)) return "–";
  return signed_fixed(v, decimals, false);
}

std::string format_value(double v, std::string_view unit, Lang lang) { return format(v, unit, lang, false); }

std::string format_difference(double d, std::string_view unit, Lang lang) { return format(d, unit, lang, true); }

std::string format_relative(double r) {
  if (std::isnan(r)) return "–";
  return signed_fixed(100.0 * r, 1, true) + "%";
}

}  // namespace govgrid::report
