// Calibration of a scenario to a city's case log (docs/calibration.md), in two stages.
//
// 1. Directly from the log's training period: demand (each category's daily rate, a yearly
//    trend, month, weekday and hour-of-day profiles, over-dispersion of daily counts), the
//    channel mix and the routing of categories onto levels and lead departments. One
//    simulation then rescales each category's rate so that the cases reported (what a log
//    holds) match the log's volume whatever share of problems residents report.
// 2. By simulation: what the log can't show directly. Each category's lead time (lead_h at its
//    resolving level: lognormal median and sigma) is chosen by NLopt's BOBYQA so that the
//    simulated time to close matches the log's, quantile by quantile in log hours, with open
//    cases censored at the same extraction time on both sides. Every evaluation uses the same
//    seed (common random numbers), so the loss moves only with the parameters; replications
//    run in parallel on TBB. Standard errors come from the sandwich of the minimum-distance
//    estimator: finite-difference Jacobian, covariance of the observed and simulated quantiles
//    by bootstrap.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/calibration/case_log.h"
#include "analysis/calibration/log_stats.h"
#include "engine/metrics/accumulators.h"
#include "govgrid/scenario_spec.h"

namespace govgrid::calibration {

struct CalibrationOptions {
  std::optional<double> train_until_h;  ///< local hours after t0; absent: train on the whole log
  /// Lead times are fitted to the cases opened in the last this many days of training: service
  /// changes (SF311's street cleaning closed in a median 42 h in 2011 and 4 h in 2014), and the
  /// recent past predicts the next year better than the average since the log began.
  double recent_days = 365.0;
  int budget = 120;                     ///< simulation runs in all (both stages, errors included)
  int threads = 0;                      ///< 0: every hardware thread
  bool with_patrol_finds = false;       ///< the log lists patrol finds too (CaseLogMap::includes_patrol_finds)
  /// Called after each simulation run: runs so far, the budget and the best loss so far.
  std::function<void(int runs, int budget, double best_loss)> progress;
};

/// One fitted key of the calibrated scenario: `key` as `--set` writes it, its YAML value and
/// what it was fitted to (the comment in calibrated.yaml).
struct FittedKey {
  std::string key;
  std::string value;
  std::string fitted_to;
};

/// A lead time fitted by simulation.
struct LeadFit {
  int category = 0;
  int level = 3;
  std::size_t closed_cases = 0;  ///< training cases closed, of this category
  double median_h = 0.0, sigma = 0.0;
  double share = 1.0;  ///< of fixes that wait for the lead time (lead_share)
  double median_h_start = 0.0, sigma_start = 0.0, share_start = 1.0;
  /// Standard errors (NaN when the Jacobian is singular): of ln(median), sigma and the share.
  double se_log_median = NAN, se_sigma = NAN, se_share = NAN;
};

/// How the calibrated scenario compares with the log over one period.
struct PeriodFit {
  PeriodStats observed, simulated;
  double ks_overall = NAN;
  std::vector<double> ks_by_category;  ///< NaN for a category with no observed cases
  double daily_volume_ratio = NAN;     ///< simulated ÷ observed cases per day
};

/// A parameter fitted so that one simulated figure (a share, a median) matches the log's.
struct ScalarFit {
  std::string key;
  double value = NAN;
  double se = NAN;      ///< from the observed figure's standard error and the response's slope
  double target = NAN;  ///< the log's figure
};

struct CalibrationResult {
  ScenarioSpec calibrated;              ///< the base with every fitted key set
  std::vector<FittedKey> keys;          ///< in the order they are written
  std::vector<LeadFit> leads;
  std::vector<ScalarFit> answers;       ///< first response and the requesters' answers, where the log has them
  std::vector<double> loss_trace;       ///< loss of each stage-2 run, in order
  double loss_start = NAN, loss_best = NAN;
  int runs = 0;                         ///< simulation runs used
  int replications = 0;                 ///< per run
  double train_until_h = 0.0;           ///< = extracted_h when nothing is held out
  double window_from_h = 0.0;           ///< lead times fitted to cases opened in [window_from_h, train_until_h)
  bool has_test = false;
  PeriodFit train, window, test;  ///< all of training, its recent window, the held-out period
  double seconds = 0.0;
  std::vector<std::string> notes;       ///< what could not be fitted, and why
};

/// Options that can't work with this log (a budget too small for the parameters to fit).
class CalibrationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Fits `base` to `log`. `base` must be a validated scenario; the log read onto it.
CalibrationResult calibrate(const CaseLog& log, const ScenarioSpec& base, const CalibrationOptions& options);

/// The cases of simulation `results` as a log would show them (reported cases only unless
/// `with_patrol_finds`; cases closing after `extracted_h` are open).
std::vector<LoggedCase> simulated_log(const std::vector<ReplicationResult>& results, double extracted_h,
                                      bool with_patrol_finds);

}  // namespace govgrid::calibration
