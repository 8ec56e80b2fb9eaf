// Writing a run's results: summary.json, tidy CSV tables, and a terminal summary table.
//
// Files written by write_run_outputs() into a directory:
//   summary.json  scenario, its overrides and the world actually run (districts, streets,
//                 communities, grids, residents), the build (version, commit), run settings,
//                 staff and cost, the steady-state check (steady_state.h), every metric's mean
//                 and 95% CI over replications (the whole world: district or city), perf, and
//                 the case-conservation check
//   metrics.csv   replication,seed,<metric...>                      one row per replication
//   streets.csv   replication,street,street_name,street_name_zh,district,residents,demand_factor,
//                 handling_factor,difficulty_factor,<metric...>     one row per (replication, street);
//                 district: the street's index in districts.csv
//   districts.csv replication,district,district_name,district_name_zh,residents,streets,
//                 department_crews,<metric...>                      one row per (replication, district),
//                 one district in a world without `districts:` (named after the scenario);
//                 department_crews: the district's own departments' crews (city departments
//                 belong to no district); metrics from its streets' tallies merged
//   grids.csv     replication,grid,grid_name,community,street,residents,<metric...>
//   monthly.csv   replication,month,calendar_month,first_day,days,street,street_name,street_name_zh,
//                 tickets,contacted_on_time,rated,said_resolved,satisfied,open_overdue,
//                 response_rate,resolution_rate,satisfaction_rate,three_rate_score
//                 one row per (replication, calendar month with measured days, street): the
//                 three rates as monthly rankings count them (engine/metrics/monthly_rates.h);
//                 each count summed over months equals the run's
//   grids.geojson one shape per grid: the user's map, or a generated schematic one (grid_map.h)
//   daily.csv     replication,day,arrivals,resolutions,closures,backlog,hidden,rated,
//                 satisfied,satisfaction_rate                       one row per (replication, day);
//                 hidden: problems arisen and not yet surfaced that a report, patrol or visit
//                 will or could still surface (a steady stock in a steady district)
//   cases.csv     replication,case_id,grid,category,category_name,channel,channel_name,
//                 level_needed,level_resolved,reopenings,rating,grew,joint,arisen_h,found_h,
//                 accepted_h,first_response_h,handover_community_h,handover_street_h,
//                 handover_department_h,resolved_h,feedback_h,rated_h,closed_h,repeat_of
//                 one row per CaseRecord, only when some replication logged cases
//                 (--case-log); otherwise a cases.csv left in `dir` by an earlier run is
//                 removed. Indices and -1 codes as in CaseRecord (channel -1 = "patrol",
//                 -2 = "visit");
//                 grew/joint 0 or 1; times in hours since the start, empty where NaN
//                 (arisen_h < 0: a problem from before the start, seeded hidden); repeat_of:
//                 the case_id a repeat ticket (重复件) is about, empty for other cases.
//   case_events.csv  replication,case_id,t_h,event,level,level_name,department,department_name
//                 with --case-log: one row per case event (reported, found_on_patrol, accepted,
//                 responded, escalated, escalated_for_backlog, ticket_sent, ticket_done,
//                 resolved, rated_satisfied, rated_unsatisfied, reopened, closed,
//                 duplicate_report, found_on_visit), by case then time: the shape city case logs come in.
//                 level -1 / department -1 where none; resolved and closed carry the level
//                 that fixed the case (-1: closed without a fix).
//   stations.csv  replication,station,kind,name,street,staff,scheduled_h,overtime_h,case_h,
//                 pushed_down_h,patrol_h,visit_h,pushed_down_tasks_arrived,pushed_down_tasks_refused,
//                 paid_task_h,pushed_down_tasks_done,pushed_down_tasks_late,pushed_down_tasks_penalised
//                 one row per (replication, station): every grid-worker group,
//                 community office, street centre and department, over the measured part
//                 (street -1 for departments; a grid-worker group is named by its first grid).
//
// Metrics (columns after the leading ones) are metric_defs() in order. Whole-world, district
// and street values come from merging grid tallies, so they are ratios of sums, not means of
// grid ratios.
//
// Determinism: for identical inputs every file is byte-identical. Across thread counts only
// summary.json's "threads" and "perf" (wall-clock figures) differ; every CSV and every other
// part of summary.json is identical, so tests can compare them byte for byte.
//
// CSV format: RFC 4180 quoting, "\n" line ends, a header row; text fields are
// quoted when they contain a comma, a double quote (doubled) or a line break; UTF-8 without
// BOM; numbers in the shortest form that round-trips to the same double; an undefined (NaN)
// value is an empty field. JSON: undefined values are null.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "engine/metrics/accumulators.h"
#include "engine/model/world.h"
#include "govgrid/scenario_spec.h"

namespace govgrid {

/// What a finished run hands to the writers. `spec` and `world` must outlive the report.
struct RunReport {
  const ScenarioSpec* spec = nullptr;
  const World* world = nullptr;
  std::vector<ReplicationResult> replications;  ///< sorted by replication index
  int threads = 1;                              ///< worker threads the run used
  double wall_seconds = 0.0;                    ///< wall-clock time of the whole run
  /// The key=value overrides applied to the scenario file (--set and the shortcuts), in order:
  /// summary.json records them so a run says what it actually ran.
  std::vector<std::string> overrides;
  /// A map of the grids to write as grids.geojson (govgrid run --map: real boundaries, GeoJSON
  /// text); empty: a schematic one is generated from the world (grid_map.h).
  std::string map_geojson;
  /// Under the scenario's `uncertainty:`: the values each replication drew, by replication then
  /// in the order of spec->uncertainty (uncertainty.csv). Empty otherwise.
  std::vector<std::vector<double>> uncertain_values;
};

/// Writes the files listed above into `dir`, creating it (and parents) if needed and
/// replacing files of the same names. Throws std::invalid_argument when the report is
/// inconsistent (null spec or world, a replication whose grid tallies do not match the
/// world's grids, a street or department unit outside the world's districts, a case whose grid,
/// category or channel is out of range) and
/// std::runtime_error when a file cannot be written.
void write_run_outputs(const RunReport& report, const std::filesystem::path& dir);

/// A plain-text table of the district-wide metrics for the terminal: one row per metric
/// (English and Chinese label, mean, 95% CI, unit), grouped as in metric_defs(), then a perf
/// line and the conservation line. Columns stay aligned with CJK labels. Same preconditions
/// as write_run_outputs (throws std::invalid_argument).
std::string format_summary_table(const RunReport& report);

/// Columns a UTF-8 string takes in a monospaced terminal: East Asian wide and fullwidth
/// characters (CJK ideographs, kana, hangul, fullwidth forms) count 2, combining marks 0,
/// others 1. Invalid bytes count 1 each.
int display_width(std::string_view utf8);

/// daily.csv's columns after `replication` and `day` (sweeps store the same series).
const std::vector<std::string>& daily_columns();
/// One day's values in daily_columns() order (counts as exact doubles; NaN = undefined).
std::vector<double> daily_values(const DailyRow& day);

}  // namespace govgrid
