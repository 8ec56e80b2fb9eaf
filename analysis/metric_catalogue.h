// The metric catalogue: what a run reports, derived from a GridTally (one grid, a street or
// the whole district; all are tallies, since tallies merge exactly).
//
// Each metric has one snake_case name used everywhere (summary.json key, CSV column), a
// unit and English and Chinese labels. derive_metrics() returns one value per definition,
// in catalogue order; a metric whose denominator is zero is NaN ("undefined"), never 0.
// The formula of each metric is stated next to its definition in metric_catalogue.cpp and pinned
// by tests/analysis/metric_catalogue_test.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "engine/metrics/accumulators.h"
#include "engine/model/world.h"

namespace govgrid {

/// How the metrics are grouped in reports, in display order.
enum class MetricGroup : std::uint8_t {
  volume,           ///< how many cases
  speed,            ///< how fast
  three_rates,      ///< 三率: the appraisal rates
  where_cases_end,  ///< the level that resolves cases (小事不出网格, 大事不出社区)
  load,             ///< grid-worker time
  cost,             ///< what it costs, yuan per year: one cost model (docs/model.md section 9.4)
  residents,        ///< residents' trust
  party,            ///< party organisation: branches, household links, mediation, 双报到, 大党委
};
inline constexpr int kMetricGroupCount = 8;

/// English and Chinese heading of a group, e.g. {"Three rates", "三率"}.
struct MetricGroupLabel {
  std::string_view en, zh;
};
MetricGroupLabel metric_group_label(MetricGroup g);

/// One metric of the catalogue.
struct MetricDef {
  std::string_view name;  ///< snake_case key: summary.json and CSV column
  /// "count", "h" (simulated hours), "share" (0..1 of a population), "0..1" (a score or a
  /// mean on 0..1), "per case", "h/week", "per week", "per month" (per 30 days), "per 1000/day"
  /// (per 1,000 residents per day)
  std::string_view unit;
  std::string_view en;    ///< English label, e.g. "Response rate"
  std::string_view zh;    ///< Chinese label, e.g. "响应率"
  MetricGroup group;
};

/// The catalogue, in report order (grouped by MetricGroup). Stable for the life of the program.
std::span<const MetricDef> metric_defs();

/// Which way a metric is better: true for the three rates, the score, shares resolved low and
/// found early, trust and the like; false for times, loads, costs, volumes and every other
/// metric (lower, or no better direction, e.g. case counts). Reports colour changes by it.
bool higher_is_better(std::string_view metric);

/// Index of the metric called `name` in metric_defs(), or nullopt.
std::optional<std::size_t> metric_index(std::string_view name);

/// The value of every metric of metric_defs(), same order, for a tally covering
/// `measured_days` simulated days (horizon minus warm-up; used by per-day and per-week
/// metrics, NaN there when measured_days <= 0). NaN where a denominator is zero.
std::vector<double> derive_metrics(const GridTally& t, double measured_days);

/// The whole world's tally of one replication (the district's; a city's, all its districts
/// together): every grid's tally merged, in grid order. Its metrics are
/// derive_metrics(district_tally(rep), rep.measured_days): ratios of sums, not means of grid
/// ratios. Every writer of whole-world metrics (outputs, sweeps) uses it; each district's own
/// tally is district_tallies().
GridTally district_tally(const ReplicationResult& rep);

/// Each street's tally of one replication, by street index of `world` (the world the
/// replication ran on): the tallies of the street's grids merged, in grid order. Throws
/// std::invalid_argument when `rep` does not hold one tally per grid of `world`.
std::vector<GridTally> street_tallies(const ReplicationResult& rep, const World& world);

/// Each district's tally of one replication, by district index of `world`: its streets'
/// tallies (street_tallies) merged, in street order. A world without `districts:` has one
/// district holding every street. Throws std::invalid_argument as street_tallies does.
std::vector<GridTally> district_tallies(const ReplicationResult& rep, const World& world);

}  // namespace govgrid
