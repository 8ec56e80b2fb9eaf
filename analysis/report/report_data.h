// What a report is computed from: the files of `govgrid run` directories (summary.json,
// metrics.csv, daily.csv, streets.csv, grids.csv, optional districts.csv, monthly.csv and
// grids.geojson), and the numbers the report shows: differences against a baseline with 95%
// intervals, per-street and per-district three rates and their ranking, daily series, and
// per-grid values laid out as map tiles.
//
// All values are in the units of analysis/metric_catalogue.h (hours, shares 0..1); annual staff cost
// is in yuan. Replication means and intervals come from analysis/stats.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/report/csv.h"
#include "analysis/report/i18n.h"
#include "analysis/metric_catalogue.h"
#include "analysis/stats.h"

namespace govgrid::report {

/// Bad input to a report (a directory that is not a run directory, a missing or malformed
/// file, an unknown baseline): the CLI reports it with exit code 2.
class ReportInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The cost the report shows: the metric catalogue's total (wages, paid help, volunteer
/// coordination, platform), per replication like any metric.
inline constexpr std::string_view kCostMetric = "total_cost_per_year";

/// One run directory, as read from its files.
struct RunData {
  std::filesystem::path dir;
  std::string scenario;     ///< summary.json "scenario"
  std::string label;        ///< shown in the report: the scenario name, made unique if needed
  std::string description;  ///< summary.json "description"
  std::string description_zh;
  std::string title_en, title_zh;  ///< summary.json "title": what the report calls it, per language
  std::uint64_t seed = 0;
  int replications = 0;
  double days = 0.0, warmup_days = 0.0;
  long long grid_workers = 0, community_staff = 0, street_centre_staff = 0, department_crews = 0;
  std::map<std::string, Interval, std::less<>> metrics;  ///< summary.json "metrics" by name
  std::map<std::string, std::string, std::less<>> units; ///< unit of each metric
  std::vector<std::uint64_t> replication_seeds;          ///< metrics.csv "seed", row order
  CsvTable per_replication;                              ///< metrics.csv
  CsvTable daily, streets, grids;
  CsvTable districts;  ///< districts.csv; empty for run directories from before it
  CsvTable monthly;  ///< monthly.csv; empty for run directories from before it
  std::optional<nlohmann::json> geojson;  ///< grids.geojson when the directory has one
  /// uncertainty.csv, when the scenario had an `uncertainty:` block: the keys, and the value of
  /// each key that each replication drew (by replication, then key).
  std::vector<std::string> uncertain_keys;
  std::vector<std::vector<double>> uncertain_values;

  /// The metric's per-replication values from metrics.csv (NaN where empty). Throws
  /// ReportInputError when metrics.csv has no such column.
  std::vector<double> replication_values(std::string_view metric) const;
  /// The metric's mean and interval from summary.json. Throws ReportInputError when
  /// summary.json lacks it.
  Interval summary(std::string_view metric) const;
};

/// Where the spread of a metric across replications comes from, under `uncertainty:`: the
/// share explained by the drawn parameters (R² of a least-squares fit on them) and each
/// parameter's part (its squared standardised coefficient; they sum to about R² as the draws
/// are independent), largest first. The rest is chance (the replications' own randomness).
struct SpreadSources {
  double parameters = NAN;
  std::vector<std::pair<std::string, double>> by_key;
};
/// nullopt without uncertain parameters or with too few replications (at least keys + 3).
std::optional<SpreadSources> spread_sources(const RunData& run, std::string_view metric);

/// Reads a run directory. Throws ReportInputError when `dir` has no summary.json (with a hint
/// when it holds a sweep's results.sqlite instead), or when a file is missing or malformed.
RunData load_run(const std::filesystem::path& dir);

/// Gives each run a distinct label: its scenario name, or "name (directory)" where two runs
/// share a scenario name (and "name (directory) #k" if even that repeats).
/// `lang` picks the title shown (summary.json "title"), the scenario name where it has none.
void assign_labels(std::vector<RunData>& runs, Lang lang = Lang::en);

/// Index of the run whose label or scenario name is `name`; an empty name picks run 0. Throws
/// ReportInputError listing the labels when none matches or a scenario name is ambiguous.
std::size_t find_baseline(const std::vector<RunData>& runs, std::string_view name);

/// How a difference against the baseline was estimated.
enum class DiffMethod {
  paired,  ///< common random numbers: same seed and replication count; paired_diff_ci95
  welch,   ///< independent runs: Welch's t interval for a difference of means
};

/// Welch's 95% interval for mean(a) − mean(b) of two independent samples (non-finite values
/// skipped): Student t with Welch–Satterthwaite degrees of freedom. `n` is the smaller sample
/// size. Mean NaN when either sample is empty; interval NaN when either has fewer than 2
/// values. When both variances are 0 the interval has zero width. Never throws.
Interval welch_diff_ci95(std::span<const double> a, std::span<const double> b);

/// Whether two runs share common random numbers: the same seed and replication count (and,
/// where metrics.csv lists them, the same per-replication seeds).
bool common_random_numbers(const RunData& a, const RunData& b);

/// One metric of a scenario against the baseline.
struct Delta {
  double diff = 0.0;      ///< scenario mean − baseline mean
  double lo = 0.0, hi = 0.0;  ///< 95% interval of the difference (NaN when not computable)
  double relative = 0.0;  ///< diff / baseline mean (NaN when the baseline mean is 0 or NaN)
  DiffMethod method = DiffMethod::welch;
  /// The 95% interval excludes 0 ("statistically clear"); for `exact`, diff ≠ 0.
  bool clear = false;
};

/// The difference of `metric` between `scenario` and `baseline`, paired when the runs share
/// common random numbers, Welch otherwise.
Delta compare_metric(const RunData& scenario, const RunData& baseline, std::string_view metric);

/// Whether a higher value of `metric` is better: the catalogue's (analysis/metric_catalogue.h).
using govgrid::higher_is_better;

/// What sets a street (or district) apart from the median one (streets.csv's and districts.csv's
/// profile columns; NaN where a file lacks them: a district has no factors, a street no crews).
struct StreetProfile {
  double demand = NAN, handling = NAN, difficulty = NAN;  ///< the street's factors (× the district norm)
  double utilization = NAN;                               ///< grid workers' utilisation, mean over replications
  double crews_per_10k = NAN;  ///< a district's own department crews per 10,000 residents
};

/// One street's (or district's) three rates over replications, and its place in the ranking.
struct StreetRank {
  std::size_t street = 0;  ///< index in streets.csv (a district's: in districts.csv)
  std::string name;
  /// The street's district (streets.csv's `district`) where the file has the column.
  std::optional<std::size_t> district;
  Interval response, resolution, satisfaction;  ///< 响应率, 解决率, 满意率 over replications
  double score = 0.0;  ///< 0.2·响应率 + 0.4·解决率 + 0.4·满意率 of the means (docs/parameters.md §7.6)
  Interval score_ci;   ///< the same score per replication: its mean (= score) and 95% interval
  /// 1 = best. Streets whose scores agree to the 0.01 point shown share a rank (1, 2, 2, 4);
  /// streets with an undefined score rank last.
  int rank = 0;
  /// The ranks the street could plausibly hold: 1 + the streets whose interval lies wholly above
  /// its own, to the count of streets not wholly below it (equal to rank without intervals).
  int rank_best = 0, rank_worst = 0;
  /// Among the bottom streets (behind_count) and clearly below the middle: its score interval
  /// lies wholly below the median street's score. Noise never makes a street fall behind.
  bool behind = false;
  StreetProfile profile;
  /// For a street that falls behind: the rate that costs it most against the median street
  /// ("response_rate", "resolution_rate", "satisfaction_rate") and by how much of the score
  /// (weighted, in score units); empty otherwise.
  std::string weakest_rate;
  double weakest_gap = 0.0;
};

/// How many streets of `streets` may be marked as falling behind: the bottom 10% rounded to
/// the nearest whole street, at least 1 — none when there is only one street.
std::size_t behind_count(std::size_t streets);

/// Streets ranked by score, best first (ties broken by street index).
/// `chinese`: streets by their Chinese names where streets.csv has them (street_name_zh).
std::vector<StreetRank> rank_streets(const RunData& run, bool chinese = false);

/// Districts ranked the same way from districts.csv (each district's streets merged: its
/// tickets and call-backs pooled); empty for a run directory without districts.csv.
std::vector<StreetRank> rank_districts(const RunData& run, bool chinese = false);

/// The columns that name what a ranking ranks: an index, a name and a Chinese name, and
/// optionally the column of the district each row belongs to.
struct RankColumns {
  std::string_view index, name, name_zh, district;
};
inline constexpr RankColumns kStreetColumns{"street", "street_name", "street_name_zh", "district"};
inline constexpr RankColumns kDistrictColumns{"district", "district_name", "district_name_zh", ""};

/// The ranking from rows shaped like streets.csv or districts.csv (`columns`, the three rates;
/// one row per replication and street or district). Optional columns, read where present: the
/// district, the street's factors, worker_utilization, and residents with department_crews.
std::vector<StreetRank> rank_rows(const CsvTable& rows, const RankColumns& columns, bool chinese = false);

/// One calendar month of a run, its streets ranked on that month's three rates as published
/// monthly rankings do (monthly.csv), with the same intervals, shared ranks and 落后 rule.
struct MonthRanking {
  int month = 0;               ///< of the run, 1-based
  int calendar_month = 0;      ///< 1 = January
  double measured_days = 0.0;  ///< days of the month after the warm-up
  double tickets = 0.0;        ///< 12345 tickets that came in that month, all streets, mean over replications
  std::vector<StreetRank> streets;
};

/// By month of the run; empty when the run directory has no monthly.csv.
std::vector<MonthRanking> monthly_rankings(const RunData& run, bool chinese = false);

/// Does a quantity trend over the measured period instead of holding steady? Per replication,
/// the least-squares line through the daily values after the warm-up gives the change over the
/// period as a share of the period's mean; `drifts` when the mean change is beyond
/// kDriftThreshold and its 95% interval over replications excludes no change. A drifting backlog
/// or stock of hidden problems means the rates describe a district in transition: the report
/// warns.
struct Drift {
  std::string quantity;  ///< daily.csv column: "backlog" or "hidden"
  Interval change;       ///< fitted change over the measured period ÷ its mean (0.25: +25%)
  bool drifts = false;
  /// The same fit of daily arrivals (NaN without them), and whether the quantity moved with it:
  /// a season's demand, not a district filling up or draining.
  double arrivals_change = NAN;
  bool follows_demand = false;
};
inline constexpr double kDriftThreshold = 0.10;
inline constexpr double kDriftMinDays = 30.0;  ///< fewer measured days: no verdict

/// For backlog and hidden problems (those daily.csv has); empty when too short.
std::vector<Drift> drifts(const RunData& run);

/// One day of the district over replications./// One day of the district over replications.
struct DailyPoint {
  int day = 0;
  Interval backlog;            ///< open cases at the end of the day
  double satisfaction_7d = 0.0;  ///< satisfied / rated over the 7 days ending here, all replications pooled; NaN if none rated
  double arrivals_mean = 0.0;  ///< new cases per day, mean over replications
};
std::vector<DailyPoint> daily_series(const RunData& run);

/// One grid with its means over replications and its place on the tiled map.
struct GridTile {
  std::size_t grid = 0;
  std::string name, street_name;
  std::size_t street = 0, community = 0;
  long long residents = 0;
  double worker_utilization = 0.0, satisfaction_rate = 0.0;
  double response_time_mean_h = 0.0, response_time_p90_h = 0.0, cases_created = 0.0;
  /// The tile's cell: columns and rows from the top left, in cell units. Streets are blocks,
  /// communities sub-blocks within them, grids cells within those.
  int x = 0, y = 0;
};

/// A street's block on the tiled map (for its label): top-left cell and size in cells.
struct StreetBlock {
  std::size_t street = 0;
  std::string name;
  int x = 0, y = 0, width = 0, height = 0;
};

struct TileMap {
  std::vector<GridTile> tiles;
  std::vector<StreetBlock> streets;
  int width = 0, height = 0;  ///< extent in cells
};

/// Per-grid means over replications and the tiled layout; deterministic for a given grids.csv.
/// `chinese`: streets by their Chinese names where streets.csv has them (street_name_zh).
TileMap tile_map(const RunData& run, bool chinese = false);

}  // namespace govgrid::report
