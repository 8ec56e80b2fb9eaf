// The scenario as plain data: what the YAML loader fills and the engine reads.
//
// Everything here is passive: no YAML, no behaviour beyond small lookups. One snake_case
// name per concept: the YAML key, the C++ field and the CSV column are the same word.
// Units: times in simulated hours (suffix `_h`) unless the name says days; rates per
// 1,000 residents per day or per worker per week as named; shares are 0..1.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace govgrid {

/// The four handling levels, lowest first (网格 → 社区 → 街道 → 职能部门).
enum class Level : std::uint8_t { grid = 0, community = 1, street = 2, department = 3 };
inline constexpr int kLevelCount = 4;
inline constexpr std::array<const char*, kLevelCount> kLevelNames = {"grid", "community", "street",
                                                                      "department"};

/// Resident age groups; the elderly use apps less (channel preference differs by group).
enum class AgeGroup : std::uint8_t { young = 0, adult = 1, elderly = 2 };
inline constexpr int kAgeGroupCount = 3;
inline constexpr std::array<const char*, kAgeGroupCount> kAgeGroupNames = {"young", "adult",
                                                                            "elderly"};

/// A non-negative random quantity (a duration in hours, a count).
/// YAML: a plain number (fixed), or `{dist: exponential, mean: M}`,
/// `{dist: lognormal, median: M, sigma: S}`, `{dist: uniform, min: A, max: B}`,
/// `{dist: normal, mean: M, sd: S}` (truncated at 0).
struct Distribution {
  enum class Kind : std::uint8_t { fixed, exponential, lognormal, uniform, normal };
  Kind kind = Kind::fixed;
  double a = 0.0;  ///< fixed: value; exponential: mean; lognormal: median; uniform: min; normal: mean
  double b = 0.0;  ///< lognormal: sigma; uniform: max; normal: sd; unused otherwise

  static Distribution fixed(double v) { return {Kind::fixed, v, 0.0}; }
  static Distribution exponential(double mean) { return {Kind::exponential, mean, 0.0}; }
  static Distribution lognormal(double median, double sigma) { return {Kind::lognormal, median, sigma}; }
  static Distribution uniform(double lo, double hi) { return {Kind::uniform, lo, hi}; }
  static Distribution normal(double mean, double sd) { return {Kind::normal, mean, sd}; }
};

/// When a group of staff is on duty. `hours == 24 && days_per_week == 7` means around the clock.
struct ShiftSpec {
  double start_h = 9.0;    ///< hour of day the shift starts, 0..24
  double hours = 8.0;      ///< shift length, 0 < hours <= 24
  int days_per_week = 5;   ///< working days, Monday first (day 0 of a run is a Monday)
  double max_overtime_h_per_day = 0.0;  ///< how long past shift end staff keep taking work

  bool around_the_clock() const { return hours >= 24.0 && days_per_week >= 7; }
};

// ---------------------------------------------------------------------------------------
// The world: streets → communities → grids, generated or listed.

/// One grid (网格) listed explicitly.
struct GridSpec {
  std::string name;
  int residents = 1000;
  /// Grid workers assigned to this grid; absent: from the top-level grid_workers staffing rule.
  std::optional<double> workers;
};

struct CommunitySpec {  ///< 社区(村)
  std::string name;
  std::vector<GridSpec> grids;
  std::optional<int> staff;  ///< community office staff; absent: community_staff.staff
  std::string name_zh;  ///< what Chinese reports call it (e.g. 幸福里社区); generated communities get one
};

struct StreetSpec {  ///< 街道 / 乡镇
  std::string name;
  std::vector<CommunitySpec> communities;
  std::optional<int> staff;  ///< street-centre staff; absent: street_centre.staff
  // What makes one street unlike another (generated streets draw these; see WorldGeneratorSpec).
  double demand_factor = 1.0;    ///< every category's problem rate here × this (old housing, density)
  double elderly_factor = 1.0;   ///< the elderly share of residents.age_mix × this (renormalised)
  double handling_factor = 1.0;  ///< handling times at grid, community and street × this (staff experience)
  /// Every category's unresolvable_share here × this: old estates without property management,
  /// 历史遗留问题, the urban-rural fringe (城乡结合部) have more problems nobody can fix.
  double difficulty_factor = 1.0;
  std::string name_zh;  ///< what Chinese reports call it (e.g. 东风街道); generated streets get one
};

/// Generates a world from counts and distributions (integers are rounded, at least 1).
struct WorldGeneratorSpec {
  /// Each draw is rounded and kept within [1, max] (the schema also bounds the parameters).
  static constexpr int kMaxCommunitiesPerStreet = 1000;
  static constexpr int kMaxGridsPerCommunity = 1000;
  static constexpr int kMaxResidentsPerGrid = 1000000;

  int streets = 16;
  Distribution communities_per_street = Distribution::uniform(14, 18);
  Distribution grids_per_community = Distribution::uniform(3, 5);
  Distribution residents_per_grid = Distribution::normal(980, 150);
  /// Per street: demand, elderly share and handling-time factors (StreetSpec), so that streets
  /// differ in something real and a ranking of streets can reflect it. Median 1.
  Distribution street_demand_factor = Distribution::lognormal(1.0, 0.25);
  Distribution street_elderly_factor = Distribution::lognormal(1.0, 0.3);
  Distribution street_handling_factor = Distribution::lognormal(1.0, 0.2);
  Distribution street_difficulty_factor = Distribution::fixed(1.0);
};

/// A district (区) of a city: its streets, listed or generated, and its own copy of the
/// scenario's departments.
struct DistrictSpec {
  std::string name;     ///< unique among districts; generated streets are named `<name>-S01` …
  std::string name_zh;  ///< what Chinese reports call it (e.g. 东城区)
  /// Listed streets, or empty when `generate` is set (exactly one of the two).
  std::vector<StreetSpec> streets;
  std::optional<WorldGeneratorSpec> generate;
  /// This district's crews of every department = the department's crews × this, rounded up
  /// (at least 1): a district twice the size of the one `departments` was sized for sets 2.
  double department_crews_factor = 1.0;
};

struct WorldSpec {
  /// One district: listed streets, or empty when `generate` is set. A city: `districts`
  /// (exactly one of the three).
  std::vector<StreetSpec> streets;
  std::optional<WorldGeneratorSpec> generate;
  std::vector<DistrictSpec> districts;
};

// ---------------------------------------------------------------------------------------
// Residents and how they report.

/// A reporting channel (12345 hotline, app / WeChat, walk-in to the grid worker).
struct ChannelSpec {
  std::string name;
  /// Delay from the resident's report until the case is accepted at the grid (intake + dispatch).
  Distribution intake_h = Distribution::fixed(0.0);
  /// Share of each age group that uses this channel (per group, the channels sum to 1).
  std::array<double, kAgeGroupCount> preference = {0.0, 0.0, 0.0};
  /// A 12345 ticket (hotline, app): the receiving unit's duty desk signs for it and contacts the
  /// requester (响应), apart from the field work. false: the requester meets the grid worker
  /// (walk-in), who answers when picking the case up.
  bool via_duty_desk = false;
};

/// The duty desk (值班) that signs for 12345 tickets and contacts requesters (条例 Art. 15
/// "及时联系"; draft standard: units sign for tickets 24/7). Its capacity is not modelled:
/// signing for and calling take minutes, not hours.
struct DutyDeskSpec {
  ShiftSpec coverage{0.0, 24.0, 7, 0.0};  ///< hours the desk is staffed (24/7 by default)
  Distribution sign_for_h = Distribution::lognormal(1.0, 0.6);  ///< within coverage, ticket → call
  double reach_probability = 0.95;   ///< the requester answers a call
  Distribution retry_h = Distribution::uniform(2.0, 4.0);       ///< until the next call
  int max_attempts = 3;              ///< calls before the desk leaves it to the handler
};

/// Delays of the dispatch catalogue (`policies.ticket_dispatch: catalogue`).
struct DispatchCatalogueSpec {
  /// A street or community passing a ticket down to the unit that can fix it (platform, × handover_factor).
  Distribution assign_down_h = Distribution::uniform(0.5, 4.0);
  /// A department objecting to a ticket it does not own (派单异议) until the hotline re-dispatches it.
  Distribution objection_h = Distribution::uniform(24.0, 72.0);
};
struct ResidentSpec {
  std::array<double, kAgeGroupCount> age_mix = {0.25, 0.5, 0.25};  ///< shares, sum to 1
  Distribution trust_initial = Distribution::normal(0.6, 0.1);     ///< clamped to 0..1
  /// trust += learning_rate × (outcome − trust) after each rated case (outcome 1 satisfied, 0 not).
  double trust_learning_rate = 0.2;
  /// Report probability scales by 1 + trust_report_elasticity × (trust − trust_reference).
  double trust_report_elasticity = 1.0;
  double trust_reference = 0.6;
  /// Time from a problem arising until an affected resident reports it (when they do).
  Distribution report_delay_h = Distribution::exponential(48.0);
  std::vector<ChannelSpec> channels;
};

// ---------------------------------------------------------------------------------------
// Case categories.

/// One category's row of the dispatch catalogue (派单目录, 条例 Art. 11–12).
struct DispatchShares {
  /// Tickets for department matters sent straight to the owning department(s); the rest go
  /// to the street, which summons them (吹哨) or transfers.
  double to_department = 1.0;
  /// Other tickets sent to the community office; the rest go to the street. Either unit passes
  /// a ticket down to the level that can fix it (the grid worker for a field job).
  double to_community = 0.0;
  /// Other tickets sent to a department by mistake: it objects (派单异议) and they come back.
  double misdispatch = 0.0;
};

struct CategorySpec {
  std::string name;                   ///< e.g. sanitation (市容环境)
  double rate_per_1000_per_day = 0.1; ///< problems arising per 1,000 residents per day
  double patrol_visible = 0.0;        ///< share of problems a patrol can see at all
  double report_probability = 0.5;    ///< chance an affected resident reports it (at reference trust)
  /// Share of problems needing each level to resolve them (sum to 1).
  std::array<double, kLevelCount> level_shares = {1.0, 0.0, 0.0, 0.0};
  /// Handling time at the resolving level (hours of one handler), per level.
  std::array<Distribution, kLevelCount> service_h = {
      Distribution::lognormal(2, 0.8), Distribution::lognormal(12, 1.0),
      Distribution::lognormal(24, 1.0), Distribution::lognormal(48, 1.2)};
  /// Calendar time between a handler's work and the fix being in place that takes no handler's
  /// hours: parts, contractors, notices to owners, budget approval (阶段性办结). Per resolving
  /// level; 0 unless a case log says otherwise (`govgrid calibrate` fits it).
  std::array<Distribution, kLevelCount> lead_h = {Distribution::fixed(0), Distribution::fixed(0),
                                                  Distribution::fixed(0), Distribution::fixed(0)};
  /// Share of fixes at each level that wait for lead_h; the rest are in place when the work ends
  /// (a crew that finds what it needs on the spot).
  std::array<double, kLevelCount> lead_share = {1.0, 1.0, 1.0, 1.0};
  /// Departments owning department-level cases (权责清单); the first is the lead.
  std::vector<std::string> departments;
  /// Share of department-level cases that need every listed department at once (协同处置).
  double joint_share = 0.0;
  double response_deadline_h = 24.0;     ///< first contact must come within this
  double resolution_deadline_h = 168.0;  ///< SLA: feedback within this (7 days)
  /// Demands that can only be explained, never fixed (Art. 11: outside government duties,
  /// unlawful, policy gap): handled, then closed with an explanation.
  double unresolvable_share = 0.05;
  /// Hazard per day that a problem nobody has found grows one level more serious (隐患).
  double growth_per_day = 0.0;
  /// Light cases (a quick fix or a visit) that party volunteers may take instead of the grid worker.
  bool light = false;
  /// Share of its problems that are disputes party members can mediate (调解): settled before a
  /// ticket when a linked member hears of one, or at the community office instead of going up.
  double mediable_share = 0.0;
  /// Share of its problems needing departments that a 大党委 unit's resources (facilities, funds,
  /// professional help) can fix from the community instead.
  double unit_resource_share = 0.0;
  /// Where 12345 dispatches this category's tickets under `policies.ticket_dispatch: catalogue`.
  DispatchShares dispatch;
  /// Share of department-level tickets the district's department cannot handle (city-owned
  /// utilities, cross-district matters): after assessing it, the department refers it to the
  /// city department `city_department`, which does the work. 0 without a city level.
  double city_share = 0.0;
  std::string city_department;
  /// The rate by day of the week, Monday first (day 0 of a run is a Monday), relative: the
  /// engine divides them by their mean, so the weekly volume stays rate_per_1000_per_day.
  std::array<double, 7> weekday_factors = {1, 1, 1, 1, 1, 1, 1};
  /// The rate by calendar month, January first (day 0 is the 1st of run.start_month; a year is
  /// 365 days), relative: divided by their mean weighted by the days of each month.
  std::array<double, 12> month_factors = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  /// Variance of a gamma multiplier (mean 1) on the rate, drawn per street and day: 0 is a
  /// Poisson process; more gives over-dispersed daily counts (a negative binomial day by day).
  double daily_dispersion = 0.0;
};

/// A surge (突发): the problem rate of one category (or all) × `factor` on days
/// [start_day, start_day + days) of the run, in the listed streets (all when empty).
struct SurgeSpec {
  std::string name;                  ///< e.g. rainstorm (暴雨), heating_start (供暖季开始)
  std::string category = "all";      ///< a category's name, or "all"
  int start_day = 0;                 ///< day of the run (0 = the first day)
  int days = 1;
  double factor = 2.0;
  std::vector<std::string> streets;  ///< street names; empty: every street
};

/// How demand moves in time and with the service residents get (docs/model.md section 2.1).
struct DemandSpec {
  /// The rate by hour of day (0 = midnight to 1 am), for every category, relative: divided by
  /// their mean.
  std::array<double, 24> hour_of_day_factors = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                                1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  std::vector<SurgeSpec> surges;
  /// Every category's rate × (1 + trend_per_year)^(day / 365): case volumes that grow as residents
  /// take to the hotline and the apps (SF311 doubled 2009–2015; Beijing 12345 grew every year).
  double trend_per_year = 0.0;
  /// Grid reputation: an exponentially weighted mean of the satisfaction answers given in a
  /// grid (1 satisfied, 0 not), with this half-life, starting at reputation_reference.
  double reputation_half_life_days = 30.0;
  /// Report probabilities in a grid × max(0, 1 + elasticity × (reputation − reference)).
  double reputation_elasticity = 0.0;
  double reputation_reference = 0.9;
};

/// Repeat tickets (重复件): after a requester's case closes explained or rated unsatisfied,
/// the same requester may file a new ticket about the same problem.
struct RepeatSpec {
  double after_explained = 0.0;    ///< chance after a closure by explanation (解释办结)
  double after_unsatisfied = 0.0;  ///< chance after a final "unsatisfied" rating
  /// Closure → the new report.
  Distribution delay_h = Distribution::lognormal(72.0, 0.8);
};

// ---------------------------------------------------------------------------------------
// Staffing and policies.

// ---------------------------------------------------------------------------------------
// Named policies (STYLE: behaviour bound by name). A scenario picks each by name under
// `policies:`; the engine maps each value to one alternative of a std::variant
// (engine/model/policies/registry.h), so adding a policy is one enum value and name here,
// one policy struct there and one registry line. Their parameters live in `remedies:`.

/// Which grid-worker group takes a new grid case.
enum class DispatchPolicy : std::uint8_t {
  own_grid,        ///< the grid's own worker(s)
  pooling,         ///< the least-loaded worker group of the community (with travel time)
  neighbour_help,  ///< an adjacent grid's worker when the own backlog reaches a threshold
};
inline constexpr std::array<const char*, 3> kDispatchPolicyNames = {"own_grid", "pooling", "neighbour_help"};

/// When a case goes up a level.
enum class EscalationPolicy : std::uint8_t {
  by_need,            ///< only when the level cannot resolve it
  backlog_threshold,  ///< also when its grid's case backlog reaches remedies.escalation_backlog_threshold
};
inline constexpr std::array<const char*, 2> kEscalationPolicyNames = {"by_need", "backlog_threshold"};

/// What a grid-worker group does with a pushed-down task (下派事务).
enum class TaskIntakePolicy : std::uint8_t {
  accept_all,           ///< every task is done by the grid workers
  responsibility_list,  ///< 权责清单: tasks not on the list go back to the community office
};
inline constexpr std::array<const char*, 2> kTaskIntakePolicyNames = {"accept_all", "responsibility_list"};

/// Who besides the grid workers takes light grid cases.
enum class HelperPolicy : std::uint8_t {
  none,
  party_volunteers,  ///< 双报到 / 党员中心户: a weekly bank of volunteer hours per grid
  double_report,     ///< 双报到 members as agents: the community calls them at peaks (party.double_report)
};
inline constexpr std::array<const char*, 3> kHelperPolicyNames = {"none", "party_volunteers", "double_report"};

/// How grid workers order their work: residents' cases, pushed-down tasks, patrols and household
/// visits. Under the first three rules patrols go first at shift start and household visits fill
/// idle time; by_appraisal orders work by what the appraisal (考核) would punish: ranked work
/// (requests, inspected tasks) by deadline ahead of unranked work, and a share
/// outcomes.ranking_pressure of the day's patrol and visits waits behind both.
enum class JobPriority : std::uint8_t { cases_first, pushed_down_first, fifo, by_appraisal };
inline constexpr std::array<const char*, 4> kJobPriorityNames = {"cases_first", "pushed_down_first", "fifo",
                                                                 "by_appraisal"};

/// When grid workers are on duty over the week.
enum class DutyRota : std::uint8_t {
  fixed_days,  ///< the shift on its days_per_week, Monday first
  seven_day,   ///< the same weekly hours spread over all seven days (weekend cover)
};
inline constexpr std::array<const char*, 2> kDutyRotaNames = {"fixed_days", "seven_day"};
/// Where a 12345 ticket goes first.
enum class TicketDispatch : std::uint8_t {
  via_grid,   ///< to the grid worker, climbing level by level from there
  catalogue,  ///< 派单目录: straight to the unit each category's `dispatch` shares name
};
inline constexpr std::array<const char*, 2> kTicketDispatchNames = {"via_grid", "catalogue"};

struct PolicySpec {
  DispatchPolicy dispatch = DispatchPolicy::own_grid;
  EscalationPolicy escalation = EscalationPolicy::by_need;
  TaskIntakePolicy task_intake = TaskIntakePolicy::accept_all;
  HelperPolicy helpers = HelperPolicy::none;
  JobPriority job_priority = JobPriority::cases_first;
  DutyRota duty_rota = DutyRota::fixed_days;
  TicketDispatch ticket_dispatch = TicketDispatch::via_grid;
};

/// Household visits (走访, 入户): each grid worker visits the grid's households on a yearly
/// schedule; a visit may find the hidden problems that no patrol can see. Off by default.
struct HouseholdVisitSpec {
  double ordinary_per_year = 0.0;    ///< visits per ordinary household per year
  double vulnerable_per_year = 0.0;  ///< visits per vulnerable household per year (elderly alone, poor, …)
  double vulnerable_share = 0.0;     ///< share of households that are vulnerable
  double residents_per_household = 2.4;
  Distribution duration_h = Distribution::fixed(0.5);  ///< one household visit, travel included
  /// Chance a visit to the household with a hidden problem finds it: a visit to 1 of a grid's H
  /// households finds each of the grid's hidden problems that patrols cannot see with find_probability / H.
  double find_probability = 0.5;
  /// A problem nobody reports stays findable by visits this long (then it is left hidden for good).
  double findable_days = 60.0;
  /// Visits owed but not yet made lapse beyond this many working days' worth.
  double carry_over_days = 20.0;

  bool enabled() const { return ordinary_per_year > 0.0 || (vulnerable_per_year > 0.0 && vulnerable_share > 0.0); }
  double per_household_per_year() const {
    return (1.0 - vulnerable_share) * ordinary_per_year + vulnerable_share * vulnerable_per_year;
  }
};

struct GridWorkerSpec {
  /// The most workers a budget may hire (budget_per_year ÷ wage_per_year).
  static constexpr long kMaxHiredWorkers = 10000000;

  /// Workers per grid (fractions pool neighbouring grids of a community: 0.5 = one worker for two grids).
  double per_grid = 1.0;
  /// Instead of per_grid: workers per 1,000 residents, shared out by each grid's residents.
  std::optional<double> per_1000_residents;
  /// Instead of per_grid: hire ⌊budget ÷ wage_per_year⌋ workers (yuan per year; the wage must be
  /// > 0), apportioned to communities by residents with every community keeping at least one
  /// (so max(hired, communities) in all), then shared out by residents within each.
  std::optional<double> budget_per_year;
  ShiftSpec shift{8.5, 8.0, 5, 1.0};
  double patrols_per_day = 1.0;    ///< patrol walks per grid per working day
  double patrol_h = 1.0;           ///< hours one patrol walk takes
  /// A walk of h hours finds a visible hidden problem with 1 − exp(−detect_rate_per_h × h × v):
  /// longer or more walks find more, with diminishing returns. v is the problem's visibility.
  double detect_rate_per_h = 1.2;
  /// Visibility v = 1 − exp(−age / visibility_days) (0: fully visible at once), × grown_visibility
  /// once the problem has grown: problems become easier to see as they develop.
  double visibility_days = 0.0;
  double grown_visibility = 1.0;
  double wage_per_year = 80000.0;  ///< yuan, for staff cost
  HouseholdVisitSpec visits;
};

struct OfficeSpec {  ///< community office or street centre
  int staff = 5;
  ShiftSpec shift{8.5, 8.0, 5, 0.0};
  double wage_per_year = 100000.0;
  /// When set, each office's staff instead follows its expected workload: this × its residents
  /// ÷ 10,000 × its street's demand_factor × handling_factor, rounded up (at least 1), as a
  /// city staffs its large and busy streets more (an office listed with `staff` keeps it).
  std::optional<double> staff_per_10000_residents;
};

struct DepartmentSpec {  ///< 职能部门
  std::string name;
  int crews = 10;
  ShiftSpec shift{8.5, 8.0, 5, 0.0};
  double wage_per_year = 120000.0;
};

/// The city level (市) above the districts: city departments (utilities, municipal roads,
/// the water authority) taking the tickets district departments refer up (categories'
/// city_share and city_department).
struct CitySpec {
  std::vector<DepartmentSpec> departments;
  /// A district crew's hours assessing a ticket before it refers it to the city.
  Distribution referral_h = Distribution::lognormal(2.0, 0.8);
};

/// Who a pushed-down task lands on: each grid's worker station whatever its headcount (forms,
/// inspections, data collection), each community office (ledgers, reports), or each grid worker
/// (meetings, app check-ins).
enum class TaskUnit : std::uint8_t { grid, community_office, worker };
inline constexpr std::array<const char*, 3> kTaskUnitNames = {"grid", "community_office", "worker"};

/// Work pushed down from above (小马拉大车): forms, inspections, ledgers, meetings, check-ins.
/// Tasks arrive as a Poisson stream in office hours (the street centre's shift).
struct PushedDownTaskSpec {
  std::string name;
  TaskUnit per = TaskUnit::grid;
  double rate_per_week = 0.0;  ///< tasks per `per` (grid, community office or worker) per week
  Distribution duration_h = Distribution::fixed(1.0);
  double deadline_h = 168.0;       ///< due this long after it arrives
  double inspection_share = 0.0;   ///< chance its completion is checked: a late checked task is a penalty
  /// Whether the grid's responsibility list (权责清单) includes this kind of task.
  bool on_responsibility_list = true;
};

/// Parameters of the remedies for 小马拉大车 (the policies that use them are chosen under
/// `policies:`); the defaults leave the model unchanged.
struct RemediesSpec {
  /// 费随事转: share (0..1) of each pushed-down task's hours done by paid help that comes with it.
  double resources_follow_tasks = 0.0;
  double paid_hour_wage = 60.0;  ///< yuan per paid hour of that help, for staff cost
  /// Fewer forms and apps: pushed-down task durations are multiplied by this (0..1].
  double pushed_down_duration_factor = 1.0;

  /// dispatch: neighbour_help: a grid whose case backlog reaches this sends new cases to an
  /// adjacent grid's worker below it.
  int neighbour_backlog_threshold = 6;
  /// dispatch: pooling or neighbour_help: travel to a case in another grid.
  Distribution travel_h = Distribution::uniform(0.1, 0.5);

  /// helpers: party_volunteers (双报到, 党员中心户): hours per grid per week that take light cases.
  double volunteer_hours_per_grid_per_week = 0.0;
  /// Yuan per volunteer hour used: the community's coordination (staff time to call and brief
  /// members), insurance and meals; volunteers are not paid.
  double volunteer_hour_cost = 30.0;
  Distribution volunteer_response_h = Distribution::uniform(0.5, 4.0);

  /// escalation: backlog_threshold: a new case reaching a grid whose case backlog is at or
  /// above this goes straight to the community office.
  int escalation_backlog_threshold = 8;
};

// ---------------------------------------------------------------------------------------
// Party organisation (党建引领, docs/model.md section 8.5): branches on grids whose members link
// households, mediate disputes and answer the community's calls; units of the community's
// 大党委. The defaults change nothing.

/// 双报到: in-service party members registered with their home community, who answer its calls
/// (under `policies.helpers: double_report`).
struct DoubleReportSpec {
  int members_per_community = 0;        ///< registered members (PARAMETERS §2.5: ~100–115)
  double hours_per_member_per_year = 20.0;  ///< each member's commitment (§7.1: 20; 50 mandated in Xingtai)
  double answer_share = 0.3;            ///< chance a called member answers (§7.1: 300 of 999)
  int call_backlog = 3;                 ///< cases waiting at a grid when the community calls members
  int members_called = 10;              ///< members one call reaches
  /// Share of the members' committed hours the community plans as evening and weekend patrols
  /// (志愿巡查); the rest answers calls. PARAMETERS §7.8: volunteers mainly raise detection.
  double patrol_share = 0.5;
  double patrol_detect_factor = 0.5;    ///< a member's walk finds this share of what a grid worker's would
  Distribution travel_h = Distribution::uniform(0.25, 1.0);  ///< from a member's home or work to the case
  /// Working hours in which in-service members are at work: a call answered then is served
  /// after work (weekdays), at once on weekends.
  double work_start_h = 9.0, work_end_h = 18.0;
  /// 双向评价: each community's members are rated on their cases (satisfied, or fixed when nobody
  /// rated); participation = answer_share × max(0, 1 + elasticity × (rating − reference)), the
  /// rating an exponentially weighted mean with this half-life.
  double rating_elasticity = 1.0;
  double rating_reference = 0.9;
  double rating_half_life_days = 60.0;
};

/// A community's 大党委: units stationed in the area (共驻共建) that bring resources.
struct BigCommitteeSpec {
  int units_per_community = 0;
  double hours_per_unit_per_year = 100.0;  ///< each unit's hours of help a year
  Distribution work_h = Distribution::lognormal(4.0, 0.6);  ///< a unit's hours on one case
  Distribution lead_h = Distribution::lognormal(24.0, 0.8); ///< until the unit's resource is in place
};

struct PartySpec {
  /// Share of grids with a branch (网格党支部 / 党小组); which grids is fixed by their index, spread
  /// evenly and nested (a grid with a branch at 0.5 has one at 0.8).
  double branch_coverage = 0.0;
  int members_per_branch = 10;         ///< resident members and 党员中心户 who link households
  double households_per_member = 10.0; ///< 党员联户 (§7.1: 5–20)
  double contacts_per_week = 1.0;      ///< a member's contacts with each linked household
  double contact_h = 0.1;              ///< a member's hours per contact
  double notice_probability = 0.3;     ///< chance one contact brings a household's hidden problem to light
  /// A linked household reports what it would not have: P(report) + boost × (1 − P(report)).
  double report_boost = 0.3;
  /// Of mediable problems (categories[].mediable_share) a branch member hears of, the share settled
  /// before any ticket; of mediable cases at the community office that need the street, the share
  /// members' mediation settles there.
  double settle_share = 0.6;
  double community_settle_share = 0.5;
  /// Of light problems needing only the grid that a member hears of, the share the member fixes on
  /// the spot (举手之劳) in the category's grid service time.
  double member_fix_share = 0.5;
  Distribution mediation_h = Distribution::uniform(1.0, 3.0);  ///< member hours per mediation
  Distribution mediation_reach_h = Distribution::uniform(2.0, 24.0);  ///< until a member mediator meets the parties
  /// Community office staff's hours each time it calls on members (a 双报到 call, a mediation).
  double coordination_h = 0.25;
  DoubleReportSpec double_report;
  BigCommitteeSpec big_committee;
};

/// The digital platform (一网统管, data sharing).
struct PlatformSpec {
  double intake_factor = 1.0;    ///< channels' intake and dispatch delays × this
  double handover_factor = 1.0;  ///< hand-over delays between levels × this
  /// Duplicate reports of a problem in hand are merged by the platform; otherwise each one
  /// costs the grid worker a triage before it is recognised.
  bool merge_duplicates = true;
  double paperwork_h_per_case = 0.0;  ///< trail-keeping (留痕) per case step at a grid worker
  /// Hours every ticket to a department, and every report that its work is done, takes through
  /// the platform between a street and the departments (派单 and 办结 travel as messages). It is
  /// positive by schema: it is the simulator's lookahead, so hand-offs land at their own times.
  double department_transfer_h = 1.0;
  /// Yuan per year to run it (licences, hosting, operators), for the whole area; 0 when there is
  /// no platform beyond what the baseline already pays for.
  double running_cost_per_year = 0.0;
};

/// Several grid systems (综治, 城管, 民政 …) covering the same ground, or merged (多网合一).
struct GridNetworksSpec {
  int systems = 1;
  bool merged = true;
  /// Unmerged: share of reports that first reach the wrong system's worker and are transferred.
  double misrouted_share = 0.2;
  Distribution misrouted_transfer_h = Distribution::uniform(4.0, 24.0);
  /// Merged: grid-level handling takes this much longer (one worker covers every system's tasks).
  double merged_service_factor = 1.1;
};

/// The street summons departments (街乡吹哨、部门报到).
struct WhistleSpec {
  bool enabled = true;
  /// With the whistle: time until summoned departments report for duty (报到) and start.
  Distribution report_for_duty_h = Distribution::uniform(2.0, 24.0);
  /// Without it: each ordinary transfer between street and a department, one department at a time.
  Distribution sequential_transfer_h = Distribution::uniform(24.0, 96.0);
};

/// What the performance ranking (考核) counts.
enum class AppraisalBasis : std::uint8_t { closure_rate, requesters_answer };
inline constexpr std::array<const char*, 2> kAppraisalBasisNames = {"closure_rate", "requesters_answer"};

/// How a case can end without a fix (解释办结) and what the requester says at the call-back
/// (回访). Every closure is either fixed or explained; 解决率 is the requesters' answer.
struct OutcomeSpec {
  /// A handler below the level a case needs may close it by explanation instead of passing it
  /// up, with probability explain_base + explain_per_backlog × min(backlog / explain_backlog_ref, 2)
  /// + explain_per_pressure × policies… ranking_pressure (the 小马拉大车 → cosmetic-closure channel).
  double explain_base = 0.03;
  double explain_per_backlog = 0.1;
  double explain_backlog_ref = 5.0;    ///< jobs waiting per handler at its station (cases and pushed-down tasks) that count as "full"
  double explain_per_pressure = 0.1;
  /// Ranking pressure (考核 weight on the ranking), 0..1: its effect on closing by explanation
  /// depends on what the ranking counts (appraisal_basis); under policies.job_priority:
  /// by_appraisal, this share of patrols and visits is deferred behind ranked work.
  double ranking_pressure = 0.0;
  /// What handlers are ranked on: closure_rate (办结率: an explanation closes a case as well as
  /// a fix, so pressure raises explanations) or requesters_answer (the 回访's 解决率 and 满意率:
  /// an explanation counts against the handler, so pressure lowers them).
  AppraisalBasis appraisal_basis = AppraisalBasis::closure_rate;
  /// Without the whistle, each transfer to a department may be objected to (推诿 / 派单异议)
  /// and come back after bounce_h; after max_bounces the street closes it by explanation.
  double bounce_share = 0.2;
  int max_bounces = 2;
  Distribution bounce_h = Distribution::uniform(24.0, 72.0);
  /// Chance that a requester answers "resolved" at the call-back, by outcome.
  double resolved_if_fixed = 0.97;
  double resolved_if_explained = 0.3;
  /// Ranked on the requesters' answers, units work on an explanation until the requester
  /// accepts it (做工作, flexible consultation): "resolved" after an explanation rises by this
  /// × ranking_pressure of the way to 1. No effect when ranked on closures.
  double explanation_effort = 0.0;
};

struct HandlingSpec {
  /// Triage at a level that cannot resolve the case, before passing it up (grid, community, street).
  std::array<Distribution, 3> assess_h = {Distribution::fixed(0.25), Distribution::fixed(0.5),
                                          Distribution::fixed(1.0)};
  /// Hand-over delay into the next level up (into community, into street).
  std::array<Distribution, 2> handover_h = {Distribution::uniform(1.0, 8.0),
                                            Distribution::uniform(4.0, 24.0)};
  Distribution feedback_h = Distribution::uniform(0.5, 4.0);  ///< resolution → the resident is told
  double rating_share = 0.7;   ///< share of residents who rate when told (回访)
  double reopen_share = 0.5;   ///< share of unsatisfied ratings that reopen the case
  int max_reopenings = 2;
};

/// P(satisfied) = logistic(intercept + resolved·R + contacted·C − late_penalty·max(0, ln T/E)
///                          + early_bonus·max(0, −ln T/E) − extra_contact_penalty·(n − 1)
///                          − late_contact_penalty·max(0, ln Tc/Ec)),
/// T = time from report to feedback, E = the requester's expected time: the deadline ×
/// their expectation share (anchored on their own past cases) × (1 + trust_expectation·(trust − ref));
/// Tc = time to first contact, Ec = expected_contact_h.
struct SatisfactionSpec {
  double intercept = -1.0;
  double resolved = 4.0;
  double contacted = 0.5;
  double late_penalty = 2.0;
  double early_bonus = 0.5;
  double extra_contact_penalty = 0.6;
  double trust_expectation = 0.5;
  /// Before any experience, residents expect a case to take this share of its deadline.
  double expected_close_share = 1.0;
  /// Expectation anchoring (expectancy disconfirmation, §4): after each rated case the log of a
  /// requester's expectation share moves this far (0..1) towards the log of the share it took.
  double anchoring = 0.0;
  /// How long a requester expects to wait for the first contact, and the penalty per log-unit
  /// beyond it (0: time to contact does not matter beyond `contacted`).
  double expected_contact_h = 24.0;
  double late_contact_penalty = 0.0;
};

struct RunSpec {
  /// The longest run and the most replications a scenario may ask for (the schema checks
  /// them; `govgrid report` reads run directories against them): 100 years, 10,000 runs.
  static constexpr double kMaxDays = 36525.0;
  static constexpr int kMaxReplications = 10000;

  double days = 365.0;
  double warmup_days = 30.0;  ///< cases arising before this are simulated but not measured
  int replications = 5;
  std::uint64_t seed = 20261122;
  /// Longest parallel time window. The simulator uses the smaller of this and
  /// platform.department_transfer_h, so results never depend on it (only speed does).
  double sync_window_h = 1.0;
  /// Calendar month (1..12) whose 1st is day 0 (for categories[].month_factors).
  int start_month = 1;
};

/// A parameter whose value we don't know, only a range or a distribution (an estimate [E]):
/// under `uncertainty:`, each replication draws its own value (`govgrid run` sets `key` to it),
/// so the intervals include what we don't know as well as chance.
struct UncertainParameter {
  std::string key;     ///< a key path as for --set, e.g. categories.sanitation.rate_per_1000_per_day
  Distribution value;  ///< what it may be; drawn per replication from its own stream
};

/// A text in both languages of the reports; either may be empty.
struct BilingualText {
  std::string en, zh;
};

struct ScenarioSpec {
  std::string name;          ///< an identifier: file names, CSV and the command line
  BilingualText title;       ///< what a report calls it, e.g. {en: "Heavy load", zh: "小马拉大车（重负荷）"}
  std::string description;   ///< English
  std::string description_zh;
  std::string source_file;  ///< where it was loaded from, for messages and outputs
  /// The scenario as it ran: the YAML after `extends:`, `set:` and every override (summary.json
  /// records it, so a run says what produced it).
  std::string effective_yaml;

  WorldSpec world;
  ResidentSpec residents;
  std::vector<CategorySpec> categories;
  DemandSpec demand;
  RepeatSpec repeat;

  GridWorkerSpec grid_workers;
  OfficeSpec community_staff;
  OfficeSpec street_centre{8, {8.5, 8.0, 5, 0.0}, 110000.0, std::nullopt};
  std::vector<DepartmentSpec> departments;  ///< every district has its own copy
  CitySpec city;
  std::vector<PushedDownTaskSpec> pushed_down_tasks;

  PolicySpec policies;
  RemediesSpec remedies;
  PartySpec party;
  PlatformSpec platform;
  GridNetworksSpec grid_networks;
  WhistleSpec whistle;
  HandlingSpec handling;
  DutyDeskSpec duty_desk;
  DispatchCatalogueSpec dispatch_catalogue;
  OutcomeSpec outcomes;
  SatisfactionSpec satisfaction;
  RunSpec run;
  std::vector<UncertainParameter> uncertainty;
};

}  // namespace govgrid
