#include "analysis/calibration/calibrate.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <functional>
#include <numeric>
#include <thread>

#include <Eigen/Dense>
#include <fmt/format.h>
#include <nlopt.hpp>

#include "engine/model/world.h"
#include "engine/rng/counter_rng.h"
#include "engine/run/replications.h"

namespace govgrid::calibration {

namespace {

// Time to close is matched at these quantiles, in log hours: the body and the tail alike.
constexpr std::array<double, 10> kQuantiles = {0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95};
// A category needs this many closed training cases before its lead time is fitted.
constexpr std::size_t kMinClosedForLead = 30;
// ... and its window reaches back, a quarter at a time, until it holds this many (or training starts).
constexpr std::size_t kWindowCases = 100;
constexpr int kBootstrap = 200;
// The yearly trend is the last two years' of the training period (with the month profile of all
// of it): volumes grow unevenly (SF311's sample: +7% a year 2009–2012, +24% and +16% after), and
// the recent growth predicts the next year better than the average since the log began.
constexpr double kTrendWindowDays = 730.0;
constexpr std::size_t kParams = 3;  // per category: ln(median), sigma, share that waits
constexpr double kMinShare = 0.02;
constexpr double kMinMedianH = 0.1, kMaxMedianH = 50000.0, kMinSigma = 0.05, kMaxSigma = 4.0;

std::string number(double v) { return fmt::format("{:.6g}", v); }

template <std::size_t N>
std::string number_list(const std::array<double, N>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < N; ++i) out += (i ? ", " : "") + fmt::format("{:.4g}", v[i]);
  return out + "]";
}

/// Shares rounded to 6 decimals that still sum to 1 exactly as written (the last takes the rest).
template <std::size_t N>
std::array<double, N> rounded_shares(const std::array<double, N>& v) {
  std::array<double, N> out{};
  double sum = 0.0;
  std::size_t last = 0;
  for (std::size_t i = 0; i < N; ++i)
    if (v[i] > 0) last = i;
  for (std::size_t i = 0; i < N; ++i) {
    out[i] = i == last ? 0.0 : std::round(v[i] * 1e6) / 1e6;
    sum += out[i];
  }
  out[last] = std::round((1.0 - sum) * 1e6) / 1e6;
  return out;
}

double log_hours(double h, double cap) { return std::log(std::min(h, cap) + 0.1); }

/// Days in [from, to) hours that fall in each calendar month (year, month) counted from t0.
struct MonthSpan {
  int index;  ///< months after t0's month
  int calendar_month;  ///< 1..12
  double days;
  double mid_years;  ///< midpoint, years after t0
};

std::vector<MonthSpan> month_spans(const LogCalendar& cal, double to_h) {
  std::vector<MonthSpan> out;
  for (double h = 0.0; h < to_h; h += 24.0) {
    const LogCalendar::Day d = cal.day_at(h);
    const int index = (d.year - cal.year) * 12 + (d.month - cal.month);
    const double share = std::min(1.0, (to_h - h) / 24.0);
    if (out.empty() || out.back().index != index) out.push_back({index, d.month, 0.0, 0.0});
    out.back().mid_years += (h / 24.0 + 0.5 * share) * share;  // weighted sum of day midpoints
    out.back().days += share;
  }
  for (MonthSpan& m : out) m.mid_years = m.mid_years / m.days / 365.0;
  return out;
}

struct DemandFit {
  double base_per_day = 0.0;  ///< all categories, at day 0, averaged over a year
  double trend = 0.0;         ///< per year
  bool seasonal = false;
  std::array<double, 12> month{};
  std::array<double, 7> weekday{};   ///< real weekdays, Monday first
  std::array<double, 24> hour{};
  double trend_log_per_year = 0.0;
  std::array<double, 12> month_log{};  ///< log month effects (0 where not fitted)
  double intercept = 0.0;
};

/// Poisson regression of monthly counts on a trend and month-of-year effects (IRLS, Eigen).
DemandFit fit_demand(const std::vector<LoggedCase>& train, const LogCalendar& cal, double train_until_h,
                     std::vector<std::string>& notes) {
  DemandFit fit;
  const std::vector<MonthSpan> months = month_spans(cal, train_until_h);
  std::vector<double> counts(months.size(), 0.0);
  std::array<double, 7> weekday_cases{}, weekday_days{};
  std::array<double, 24> hour_cases{};
  for (const LoggedCase& c : train) {
    const LogCalendar::Day d = cal.day_at(c.local_opened_h);
    const int index = (d.year - cal.year) * 12 + (d.month - cal.month);
    if (index >= 0 && static_cast<std::size_t>(index) < counts.size()) counts[static_cast<std::size_t>(index)] += 1.0;
    weekday_cases[static_cast<std::size_t>(d.weekday)] += 1.0;
    hour_cases[static_cast<std::size_t>(std::clamp(static_cast<int>(std::fmod(c.local_opened_h, 24.0)), 0, 23))] += 1.0;
  }
  for (double h = 0.0; h < train_until_h; h += 24.0)
    weekday_days[static_cast<std::size_t>(cal.day_at(h).weekday)] += std::min(1.0, (train_until_h - h) / 24.0);

  std::array<bool, 12> seen{};
  for (const MonthSpan& m : months)
    if (m.days >= 20) seen[static_cast<std::size_t>(m.calendar_month - 1)] = true;
  // Month effects and a trend are told apart only with every calendar month seen twice.
  fit.seasonal = std::all_of(seen.begin(), seen.end(), [](bool b) { return b; }) && months.size() >= 24;
  const bool trend = months.size() >= 6;
  if (!fit.seasonal) notes.push_back("month profile not fitted: the training period is shorter than two years");
  if (!trend) notes.push_back("yearly trend not fitted: the training period is shorter than 6 months");

  // Columns: intercept, [trend], [11 month effects, January the reference].
  const int p = 1 + (trend ? 1 : 0) + (fit.seasonal ? 11 : 0);
  const auto n = static_cast<Eigen::Index>(months.size());
  Eigen::MatrixXd X = Eigen::MatrixXd::Zero(n, p);
  Eigen::VectorXd y(n), offset(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const MonthSpan& m = months[static_cast<std::size_t>(i)];
    X(i, 0) = 1.0;
    if (trend) X(i, 1) = m.mid_years;
    if (fit.seasonal && m.calendar_month > 1) X(i, (trend ? 2 : 1) + m.calendar_month - 2) = 1.0;
    y(i) = counts[static_cast<std::size_t>(i)];
    offset(i) = std::log(std::max(m.days, 1e-9));
  }
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(p);
  beta(0) = std::log(std::max(y.sum(), 0.5) / std::max(offset.array().exp().sum(), 1e-9));
  for (int iteration = 0; iteration < 50; ++iteration) {
    const Eigen::VectorXd eta = X * beta + offset;
    const Eigen::VectorXd mu = eta.array().exp();
    const Eigen::VectorXd z = (eta - offset).array() + (y - mu).array() / mu.array().max(1e-9);
    const Eigen::MatrixXd XtW = X.transpose() * mu.asDiagonal();
    const Eigen::VectorXd next = (XtW * X).ldlt().solve(XtW * z);
    if (!next.allFinite()) break;
    const double change = (next - beta).cwiseAbs().maxCoeff();
    beta = next;
    if (change < 1e-10) break;
  }
  fit.intercept = beta(0);
  if (trend) fit.trend_log_per_year = beta(1);
  // The recent trend: the same regression on the last kTrendWindowDays, month effects held.
  const double from_years = (train_until_h / 24.0 - kTrendWindowDays) / 365.0;
  if (trend && from_years > 0.5) {
    std::vector<Eigen::Index> recent;
    for (Eigen::Index i = 0; i < n; ++i)
      if (months[static_cast<std::size_t>(i)].mid_years >= from_years) recent.push_back(i);
    Eigen::Vector2d b(beta(0), beta(1));
    for (int iteration = 0; iteration < 50 && recent.size() >= 6; ++iteration) {
      Eigen::Matrix2d A = Eigen::Matrix2d::Zero();
      Eigen::Vector2d rhs = Eigen::Vector2d::Zero();
      for (Eigen::Index i : recent) {
        const auto& m = months[static_cast<std::size_t>(i)];
        const double off = offset(i) + (fit.seasonal && m.calendar_month > 1 ? beta((trend ? 2 : 1) + m.calendar_month - 2) : 0.0);
        const Eigen::Vector2d x(1.0, m.mid_years);
        const double mu = std::exp(b.dot(x) + off);
        const double z = b.dot(x) + (y(i) - mu) / std::max(mu, 1e-9);
        A += mu * x * x.transpose();
        rhs += mu * z * x;
      }
      const Eigen::Vector2d next = A.ldlt().solve(rhs);
      if (!next.allFinite()) break;
      const double change = (next - b).cwiseAbs().maxCoeff();
      b = next;
      if (change < 1e-10) break;
    }
    if (recent.size() >= 6) {
      notes.push_back(fmt::format("yearly trend {:+.1f}% over the last {:.0f} days of training ({:+.1f}% over all of it)",
                                  100.0 * std::expm1(b(1)), kTrendWindowDays, 100.0 * std::expm1(beta(1))));
      fit.intercept = b(0);
      fit.trend_log_per_year = b(1);
    }
  }
  fit.trend = std::exp(fit.trend_log_per_year) - 1.0;
  for (int m = 1; m < 12 && fit.seasonal; ++m) fit.month_log[static_cast<std::size_t>(m)] = beta((trend ? 2 : 1) + m - 1);
  static constexpr std::array<double, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  double mean_factor = 0.0;
  for (std::size_t m = 0; m < 12; ++m) {
    fit.month[m] = std::exp(fit.month_log[m]);
    mean_factor += kDays[m] * fit.month[m] / 365.0;
  }
  for (double& f : fit.month) f /= mean_factor;
  fit.base_per_day = std::exp(fit.intercept) * mean_factor;
  // Weekday and hour profiles, with half a case added to every cell so none is zero.
  double wmean = 0.0, hmean = 0.0;
  for (std::size_t w = 0; w < 7; ++w) wmean += fit.weekday[w] = (weekday_cases[w] + 0.5) / std::max(weekday_days[w], 1.0);
  for (std::size_t h = 0; h < 24; ++h) hmean += fit.hour[h] = hour_cases[h] + 0.5;
  for (double& f : fit.weekday) f /= wmean / 7.0;
  for (double& f : fit.hour) f /= hmean / 24.0;
  return fit;
}

/// Expected cases of all categories on day `day` (local days after t0) under `fit`.
double expected_per_day(const DemandFit& fit, const LogCalendar& cal, double day) {
  const LogCalendar::Day d = cal.day_at(day * 24.0);
  return std::exp(fit.intercept + fit.trend_log_per_year * (day + 0.5) / 365.0 +
                  fit.month_log[static_cast<std::size_t>(d.month - 1)]) *
         fit.weekday[static_cast<std::size_t>(d.weekday)];
}

}  // namespace

std::vector<LoggedCase> simulated_log(const std::vector<ReplicationResult>& results, double extracted_h,
                                      bool with_patrol_finds) {
  std::vector<LoggedCase> out;
  for (const ReplicationResult& r : results) {
    for (const CaseRecord& rec : r.cases) {
      if (!with_patrol_finds && rec.channel < 0) continue;
      if (!(rec.found_h < extracted_h)) continue;
      LoggedCase c;
      c.opened_h = c.local_opened_h = rec.found_h;
      const bool closed = rec.closed_h <= extracted_h;
      c.closed_h = closed ? rec.closed_h : NAN;
      c.first_response_h = rec.first_response_h <= extracted_h ? rec.first_response_h : NAN;
      c.category = static_cast<std::int16_t>(rec.category);
      c.channel = rec.channel >= 0 ? rec.channel : std::int8_t{-1};
      c.level = rec.level_resolved >= 0 ? rec.level_resolved : static_cast<std::int8_t>(rec.level_needed);
      if (closed) {
        c.resolved = rec.said_resolved;
        c.satisfied = rec.rating;
      }
      out.push_back(c);
    }
  }
  return out;
}

namespace {

/// Everything one calibration run needs between its stages.
class Calibrator {
 public:
  Calibrator(const CaseLog& log, const ScenarioSpec& base, const CalibrationOptions& options)
      : log_(log), options_(options), spec_(base) {
    result_.train_until_h = options.train_until_h.value_or(log.extracted_h);
    result_.has_test = options.train_until_h.has_value() && *options.train_until_h < log.extracted_h;
    result_.window_from_h = std::max(0.0, result_.train_until_h - 24.0 * options.recent_days);
    for (const LoggedCase& c : log.cases)
      if (c.local_opened_h < result_.train_until_h) train_.push_back(c);
    // A fixed number of replications, whatever the threads: the same fit on any machine.
    result_.replications = replications_;
    run_options_.threads = resolved_threads(options.threads);
    run_options_.case_log = true;
    cap_h_ = log.extracted_h + 24.0;
    with_patrol_finds_ = options.with_patrol_finds;
  }

  CalibrationResult run() {
    const auto started = std::chrono::steady_clock::now();
    if (train_.empty()) throw CalibrationError("--train-until: no case of the log was opened before it");
    fit_directly();
    rescale_rates();
    fit_leads();
    fit_answers();
    compare();
    result_.calibrated = spec_;
    result_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return std::move(result_);
  }

 private:
  void set(std::string key, std::string value, std::string fitted_to) {
    result_.keys.push_back({std::move(key), std::move(value), std::move(fitted_to)});
  }
  std::string cat_key(std::size_t c) const { return "categories." + spec_.categories[c].name; }

  // ---- Stage 1: what the log shows directly.
  void fit_directly() {
    const LogCalendar& cal = log_.calendar;
    const double train_days = result_.train_until_h / 24.0;
    const std::string period = fmt::format("{} cases opened {} to {}", train_.size(), cal.date_text(0.0),
                                           cal.date_text(result_.train_until_h - 1e-6));
    demand_ = fit_demand(train_, cal, result_.train_until_h, result_.notes);

    // The world as the base builds it: residents per street (rates are per 1,000 residents).
    const World world = build_world(spec_);
    std::vector<double> street_weight(world.streets.size(), 0.0);
    double residents = 0.0;
    for (std::size_t s = 0; s < world.streets.size(); ++s) {
      street_weight[s] = static_cast<double>(world.streets[s].resident_count) * world.streets[s].demand_factor;
      residents += static_cast<double>(world.streets[s].resident_count);
    }
    const double weight_sum = std::accumulate(street_weight.begin(), street_weight.end(), 0.0);
    double concentration = 0.0;  // Σ p², p a street's share of demand
    for (double w : street_weight) concentration += (w / weight_sum) * (w / weight_sum);
    // Mean demand factor weighted by residents: the engine multiplies each street's rate by it.
    const double mean_demand_factor = weight_sum / residents;

    std::vector<double> cat_cases(spec_.categories.size(), 0.0);
    for (const LoggedCase& c : train_) cat_cases[static_cast<std::size_t>(c.category)] += 1.0;
    const double total = static_cast<double>(train_.size());

    set("run.start_month", std::to_string(cal.month), "the month the log starts");
    spec_.run.start_month = cal.month;
    const double days = std::ceil(log_.extracted_h / 24.0);
    set("run.days", number(days), fmt::format("the log's span, {} to its extraction on {}", cal.date_text(0.0),
                                              cal.date_text(log_.extracted_h)));
    spec_.run.days = days;
    set("run.warmup_days", "0", "cases are compared from the log's first day");
    spec_.run.warmup_days = 0.0;
    set("demand.trend_per_year", number(demand_.trend),
        fmt::format("Poisson regression of monthly counts, {}", period));
    spec_.demand.trend_per_year = demand_.trend;
    std::array<double, 24> hour{};
    std::copy(demand_.hour.begin(), demand_.hour.end(), hour.begin());
    set("demand.hour_of_day_factors", number_list(hour), "cases by local hour of opening, " + period);
    spec_.demand.hour_of_day_factors = hour;

    for (std::size_t c = 0; c < spec_.categories.size(); ++c) {
      CategorySpec& cat = spec_.categories[c];
      if (cat_cases[c] == 0) {
        result_.notes.push_back(fmt::format("category {}: no case in the training period; its rate, profiles and "
                                            "lead time are the base scenario's", cat.name));
        continue;
      }
      const double per_day = demand_.base_per_day * cat_cases[c] / total;
      if (cat.report_probability <= 0.0) {
        result_.notes.push_back(fmt::format("category {}: its report_probability is 0 in the base, so no rate makes "
                                            "residents report it; its rate is the base's", cat.name));
        continue;
      }
      // Within the schema's bound (1 problem per resident a day): the rescaling below moves it.
      cat.rate_per_1000_per_day =
          std::min(1000.0, per_day / (residents / 1000.0) / mean_demand_factor / cat.report_probability);
      set(cat_key(c) + ".rate_per_1000_per_day", number(cat.rate_per_1000_per_day),
          fmt::format("{:.4g} cases a day at the start ({} of {} training cases), then rescaled by one simulation "
                      "so reported cases match",
                      per_day, cat_cases[c], train_.size()));
      if (demand_.seasonal) {
        cat.month_factors = demand_.month;
        set(cat_key(c) + ".month_factors", number_list(demand_.month), "monthly counts of all categories, " + period);
      }
      cat.weekday_factors = demand_.weekday;
      set(cat_key(c) + ".weekday_factors", number_list(demand_.weekday),
          "cases per weekday of all categories, Monday first, " + period);
    }
    fit_dispersion(cat_cases, total, concentration, train_days);
    fit_channels(period);
    fit_routing(period);
  }

  void fit_dispersion(const std::vector<double>& cat_cases, double total, double concentration, double train_days) {
    const auto n_days = static_cast<std::size_t>(std::floor(train_days));
    std::vector<std::vector<double>> daily(spec_.categories.size(), std::vector<double>(n_days, 0.0));
    for (const LoggedCase& c : train_) {
      const auto d = static_cast<std::size_t>(c.local_opened_h / 24.0);
      if (d < n_days) daily[static_cast<std::size_t>(c.category)][d] += 1.0;
    }
    for (std::size_t c = 0; c < spec_.categories.size(); ++c) {
      if (cat_cases[c] < 100 || n_days < 28) continue;
      double num = 0.0, den = 0.0;
      for (std::size_t d = 0; d < n_days; ++d) {
        const double mu = expected_per_day(demand_, log_.calendar, static_cast<double>(d)) * cat_cases[c] / total;
        num += (daily[c][d] - mu) * (daily[c][d] - mu) - daily[c][d];
        den += mu * mu;
      }
      // The engine draws the multiplier per street: the district's count is a sum over streets,
      // whose relative variance is the street's × Σ p².
      if (!(den > 0.0)) continue;
      const double district = std::max(0.0, num / den);
      const double per_street = std::min(100.0, district / concentration);
      spec_.categories[c].daily_dispersion = per_street;
      set(cat_key(c) + ".daily_dispersion", number(per_street),
          fmt::format("daily counts' variance beyond Poisson ({:.3g} for the whole area, ÷ Σ street share² {:.3g})",
                      district, concentration));
    }
  }

  void fit_channels(const std::string& period) {
    if (!log_.has_channel) return;
    std::vector<double> counts(spec_.residents.channels.size(), 0.0);
    double known = 0.0;
    for (const LoggedCase& c : train_)
      if (c.channel >= 0) {
        counts[static_cast<std::size_t>(c.channel)] += 1.0;
        known += 1.0;
      }
    if (known < 20) {
      result_.notes.push_back("channel mix not fitted: fewer than 20 training cases with a mapped channel");
      return;
    }
    std::vector<double> shares(counts.size());
    double sum = 0.0;
    for (std::size_t k = 0; k < counts.size(); ++k) sum += shares[k] = std::round(counts[k] / known * 1e6) / 1e6;
    std::size_t largest = static_cast<std::size_t>(std::max_element(shares.begin(), shares.end()) - shares.begin());
    shares[largest] = std::round((shares[largest] + 1.0 - sum) * 1e6) / 1e6;  // written shares sum to 1
    for (std::size_t k = 0; k < counts.size(); ++k) {
      ChannelSpec& ch = spec_.residents.channels[k];
      ch.preference = {shares[k], shares[k], shares[k]};
      set("residents.channels." + ch.name + ".preference",
          fmt::format("{{young: {0}, adult: {0}, elderly: {0}}}", number(shares[k])),
          fmt::format("{} of {} cases with a known channel, every age group alike, {}", counts[k], known, period));
    }
  }

  void fit_routing(const std::string& period) {
    if (!log_.has_agency) return;
    const std::size_t nc = spec_.categories.size();
    std::vector<std::array<double, kLevelCount>> levels(nc, std::array<double, kLevelCount>{});
    std::vector<std::vector<double>> departments(nc, std::vector<double>(spec_.departments.size(), 0.0));
    for (const LoggedCase& c : train_) {
      if (c.level < 0) continue;
      const auto k = static_cast<std::size_t>(c.category);
      levels[k][static_cast<std::size_t>(c.level)] += 1.0;
      if (c.department >= 0) departments[k][static_cast<std::size_t>(c.department)] += 1.0;
    }
    for (std::size_t c = 0; c < nc; ++c) {
      CategorySpec& cat = spec_.categories[c];
      const double known = std::accumulate(levels[c].begin(), levels[c].end(), 0.0);
      if (known < 20) continue;
      std::array<double, kLevelCount> shares{};
      for (std::size_t l = 0; l < kLevelCount; ++l) shares[l] = levels[c][l] / known;
      shares = rounded_shares(shares);
      cat.level_shares = shares;
      set(cat_key(c) + ".level_shares",
          fmt::format("{{grid: {}, community: {}, street: {}, department: {}}}", number(shares[0]), number(shares[1]),
                      number(shares[2]), number(shares[3])),
          fmt::format("the level of the unit handling each of {} cases with a mapped agency, {}", known, period));
      const auto lead = std::max_element(departments[c].begin(), departments[c].end());
      if (shares[3] > 0 && *lead > 0) {
        const std::string name = spec_.departments[static_cast<std::size_t>(lead - departments[c].begin())].name;
        std::vector<std::string> owners{name};
        for (const std::string& d : cat.departments)
          if (d != name) owners.push_back(d);
        const double dept_cases = std::accumulate(departments[c].begin(), departments[c].end(), 0.0);
        cat.departments = owners;
        set(cat_key(c) + ".departments", "[" + fmt::format("{}", fmt::join(owners, ", ")) + "]",
            fmt::format("lead: the department of {:.0f}% of its department cases", 100.0 * *lead / dept_cases));
      }
    }
  }

  // ---- Simulation.
  /// `from` as the log's calendar runs it: its span, no warm-up, its replications, weekdays turned.
  ScenarioSpec simulation_spec(const ScenarioSpec& from) const {
    ScenarioSpec s = from;
    s.run.replications = replications_;
    s.run.warmup_days = 0.0;
    s.run.days = std::ceil(log_.extracted_h / 24.0);
    s.run.start_month = log_.calendar.month;
    // The engine's day 0 is a Monday; the log's is log_.calendar.weekday.
    for (CategorySpec& c : s.categories) {
      std::array<double, 7> rotated{};
      for (std::size_t k = 0; k < 7; ++k) rotated[k] = c.weekday_factors[(k + static_cast<std::size_t>(log_.calendar.weekday)) % 7];
      c.weekday_factors = rotated;
    }
    return s;
  }

  /// One run (counted against the budget) of `spec` (the scenario as fitted so far by default).
  std::vector<LoggedCase> simulate(const ScenarioSpec& spec) {
    ++result_.runs;
    return simulated_log(evaluate(simulation_spec(spec), run_options_), log_.extracted_h, with_patrol_finds_);
  }
  std::vector<LoggedCase> simulate() { return simulate(spec_); }

  void report(double loss) {
    if (options_.progress) options_.progress(result_.runs, options_.budget, loss);
  }

  void rescale_rates() {
    const std::vector<LoggedCase> sim = simulate();
    // Over the trend's window: the rates are its level, extrapolated.
    const double from = std::max(0.0, result_.train_until_h - 24.0 * kTrendWindowDays);
    std::vector<double> observed(spec_.categories.size(), 0.0), simulated(spec_.categories.size(), 0.0);
    for (const LoggedCase& c : train_)
      if (c.local_opened_h >= from) observed[static_cast<std::size_t>(c.category)] += 1.0;
    for (const LoggedCase& c : sim)
      if (c.local_opened_h >= from && c.local_opened_h < result_.train_until_h) simulated[static_cast<std::size_t>(c.category)] += 1.0;
    for (std::size_t c = 0; c < spec_.categories.size(); ++c) {
      if (observed[c] == 0 || simulated[c] == 0) continue;
      const double ratio = observed[c] / (simulated[c] / replications_);
      spec_.categories[c].rate_per_1000_per_day = std::min(1000.0, spec_.categories[c].rate_per_1000_per_day * ratio);
      for (FittedKey& k : result_.keys)
        if (k.key == cat_key(c) + ".rate_per_1000_per_day") k.value = number(spec_.categories[c].rate_per_1000_per_day);
    }
    report(NAN);
  }

  // ---- Stage 2: lead times by simulation.
  struct Target {
    std::size_t category;
    std::size_t level;
    double from_h;                 ///< its cases opened in [from_h, train_until)
    std::vector<double> observed;  ///< sorted close times of those cases (kNever: open)
    std::array<double, kQuantiles.size()> observed_q{};
    double weight;
  };

  std::vector<double> category_sample(const std::vector<LoggedCase>& cases, std::size_t category, double from_h) const {
    std::vector<double> out;
    for (const LoggedCase& c : cases)
      if (static_cast<std::size_t>(c.category) == category && c.local_opened_h >= from_h &&
          c.local_opened_h < result_.train_until_h)
        out.push_back(c.closed() ? c.closed_h - c.opened_h : kNever);
    std::sort(out.begin(), out.end());
    return out;
  }

  std::array<double, kQuantiles.size()> log_quantiles(const std::vector<double>& sorted) const {
    std::array<double, kQuantiles.size()> q{};
    for (std::size_t i = 0; i < q.size(); ++i) q[i] = log_hours(quantile(sorted, kQuantiles[i]), cap_h_);
    return q;
  }

  /// x holds, per target, ln(median), sigma and the share of fixes that wait (kParams each).
  void apply(const std::vector<double>& x) {
    for (std::size_t k = 0; k < targets_.size(); ++k) {
      CategorySpec& cat = spec_.categories[targets_[k].category];
      cat.lead_h[targets_[k].level] = Distribution::lognormal(std::exp(x[kParams * k]), x[kParams * k + 1]);
      cat.lead_share[targets_[k].level] = x[kParams * k + 2];
    }
  }

  /// Residuals (simulated − observed log quantiles) of target k.
  Eigen::VectorXd residuals(const std::vector<LoggedCase>& sim, std::size_t k) const {
    const auto q = log_quantiles(category_sample(sim, targets_[k].category, targets_[k].from_h));
    Eigen::VectorXd r(static_cast<Eigen::Index>(q.size()));
    for (std::size_t i = 0; i < q.size(); ++i) r(static_cast<Eigen::Index>(i)) = q[i] - targets_[k].observed_q[i];
    return r;
  }
  Eigen::VectorXd residuals(const std::vector<LoggedCase>& sim) const {
    Eigen::VectorXd r(static_cast<Eigen::Index>(targets_.size() * kQuantiles.size()));
    for (std::size_t k = 0; k < targets_.size(); ++k)
      r.segment(static_cast<Eigen::Index>(k * kQuantiles.size()), kQuantiles.size()) = residuals(sim, k);
    return r;
  }

  Eigen::VectorXd weights() const {
    Eigen::VectorXd w(static_cast<Eigen::Index>(targets_.size() * kQuantiles.size()));
    for (std::size_t k = 0; k < targets_.size(); ++k)
      w.segment(static_cast<Eigen::Index>(k * kQuantiles.size()), kQuantiles.size()).setConstant(targets_[k].weight);
    return w;
  }

  static double loss_of(const Eigen::VectorXd& r) { return r.squaredNorm() / static_cast<double>(kQuantiles.size()); }

  void choose_targets() {
    double weight_total = 0.0;
    for (std::size_t c = 0; c < spec_.categories.size(); ++c) {
      // The recent window, reaching further back for a category too small to fit in it.
      double from = result_.window_from_h;
      std::vector<double> sample = category_sample(train_, c, from);
      auto closed_in = [](const std::vector<double>& v) {
        return static_cast<std::size_t>(std::lower_bound(v.begin(), v.end(), kNever) - v.begin());
      };
      while (closed_in(sample) < kWindowCases && from > 0.0) {
        from = std::max(0.0, from - 24.0 * 91.0);
        sample = category_sample(train_, c, from);
      }
      const std::size_t closed = closed_in(sample);
      if (sample.empty()) continue;
      if (closed < kMinClosedForLead) {
        result_.notes.push_back(fmt::format("category {}: {} closed training cases, fewer than {}; its lead time is "
                                            "the base scenario's", spec_.categories[c].name, closed, kMinClosedForLead));
        continue;
      }
      if (from < result_.window_from_h)
        result_.notes.push_back(fmt::format("category {}: lead time fitted to cases opened from {} (the recent window "
                                            "has fewer than {} closed)", spec_.categories[c].name,
                                            log_.calendar.date_text(from), kWindowCases));
      const auto& shares = spec_.categories[c].level_shares;
      const auto level = static_cast<std::size_t>(std::max_element(shares.begin(), shares.end()) - shares.begin());
      Target t{c, level, from, std::move(sample), {}, static_cast<double>(closed)};
      t.observed_q = log_quantiles(t.observed);
      weight_total += t.weight;
      LeadFit lead;
      lead.category = static_cast<int>(c);
      lead.level = static_cast<int>(level);
      lead.closed_cases = closed;
      // Start: the closed cases' median and spread (the lead is most of the time to close).
      const std::vector<double> closed_only(t.observed.begin(), t.observed.begin() + static_cast<long>(closed));
      lead.median_h_start = std::clamp(quantile(closed_only, 0.5), kMinMedianH, kMaxMedianH);
      // Cases closed within two hours had no lead to wait for: the rest is the share that waits.
      const double quick = static_cast<double>(std::upper_bound(closed_only.begin(), closed_only.end(), 2.0) - closed_only.begin());
      lead.share_start = std::clamp(1.0 - quick / static_cast<double>(closed_only.size()), 0.1, 0.95);
      lead.sigma_start = std::clamp((std::log(quantile(closed_only, 0.75) + 0.1) - std::log(quantile(closed_only, 0.25) + 0.1)) / 1.349,
                                    0.2, 3.0);
      result_.leads.push_back(lead);
      targets_.push_back(std::move(t));
    }
    for (Target& t : targets_) t.weight /= weight_total;
  }

  /// Categories' time to close depends on their own lead time only (no department queue binds:
  /// the base's crews are sized so), so each category's two parameters get their own BOBYQA,
  /// each in its own thread, in lockstep: every round, one simulation (one seed: common random
  /// numbers) evaluates every optimiser's next point at once. K two-dimensional fits cost the
  /// runs of one, where one 2K-dimensional BOBYQA needed 4K + 1 runs before its first step.
  void fit_leads() {
    choose_targets();
    if (targets_.empty()) {
      result_.notes.push_back("no lead time fitted: no category has enough closed training cases");
      return;
    }
    const std::size_t K = targets_.size();
    // Kept for stage 3: 8 runs per figure the log has, and one to compare.
    const int reserved = 8 * (log_.has_first_response + log_.has_resolved + log_.has_satisfied) + 1;
    const int needed = result_.runs + 5 + 3 + 1 + reserved;  // BOBYQA's start, the errors, the final run
    if (options_.budget < needed)
      throw CalibrationError(fmt::format("--budget {} is too small to fit lead times: expected at least {} runs",
                                         options_.budget, needed));
    const int rounds = options_.budget - result_.runs - static_cast<int>(kParams) - 1 - reserved;
    best_x_.assign(kParams * K, 0.0);
    std::vector<double> best_loss(K, std::numeric_limits<double>::infinity());
    for (std::size_t k = 0; k < K; ++k) {
      best_x_[kParams * k] = std::log(result_.leads[k].median_h_start);
      best_x_[kParams * k + 1] = result_.leads[k].sigma_start;
      best_x_[kParams * k + 2] = result_.leads[k].share_start;
    }

    struct Shared {
      std::mutex m;
      std::condition_variable cv;
      std::vector<std::vector<double>> proposal;
      std::vector<char> waiting, done;
      std::vector<double> loss;
      std::uint64_t round = 0;
      bool stop = false;
    } sh;
    sh.proposal.assign(K, {});
    sh.waiting.assign(K, 0);
    sh.done.assign(K, 0);
    sh.loss.assign(K, 0.0);
    struct Job {
      Shared* sh;
      std::size_t k;
      nlopt::opt* opt;
    };
    std::vector<nlopt::opt> opts;
    opts.reserve(K);
    std::vector<Job> jobs(K);
    for (std::size_t k = 0; k < K; ++k) {
      opts.emplace_back(nlopt::LN_BOBYQA, static_cast<unsigned>(kParams));
      nlopt::opt& o = opts.back();
      o.set_lower_bounds({std::log(kMinMedianH), kMinSigma, kMinShare});
      o.set_upper_bounds({std::log(kMaxMedianH), kMaxSigma, 1.0});
      o.set_initial_step({0.5, 0.25, 0.1});
      o.set_xtol_abs(2e-3);
      o.set_maxeval(rounds);
      jobs[k] = {&sh, k, &o};
      o.set_min_objective(
          [](const std::vector<double>& x, std::vector<double>&, void* data) {
            Job& job = *static_cast<Job*>(data);
            Shared& s = *job.sh;
            std::unique_lock lock(s.m);
            if (s.stop) {
              job.opt->force_stop();
              return 0.0;
            }
            s.proposal[job.k] = x;
            s.waiting[job.k] = 1;
            const std::uint64_t round = s.round;
            s.cv.notify_all();
            s.cv.wait(lock, [&] { return s.round != round; });
            if (s.stop) job.opt->force_stop();
            return s.loss[job.k];
          },
          &jobs[k]);
    }
    std::vector<std::thread> threads;
    for (std::size_t k = 0; k < K; ++k)
      threads.emplace_back([&, k] {
        std::vector<double> x(best_x_.begin() + static_cast<long>(kParams * k),
                              best_x_.begin() + static_cast<long>(kParams * (k + 1)));
        double value = 0.0;
        try {
          opts[k].optimize(x, value);
        } catch (const std::exception&) {
          // roundoff_limited (the loss no longer changes beyond the noise) or forced_stop:
          // the best point found stands.
        }
        std::lock_guard lock(sh.m);
        sh.done[k] = 1;
        sh.cv.notify_all();
      });

    for (;;) {
      std::unique_lock lock(sh.m);
      sh.cv.wait(lock, [&] {
        for (std::size_t k = 0; k < K; ++k)
          if (!sh.done[k] && !sh.waiting[k]) return false;
        return true;
      });
      bool any = false;
      for (std::size_t k = 0; k < K; ++k) any |= sh.waiting[k] != 0;
      if (!any) break;  // every optimiser has finished
      // One run evaluates every waiting optimiser's point; the finished ones stay at their best.
      std::vector<double> x = best_x_;
      for (std::size_t k = 0; k < K; ++k)
        if (sh.waiting[k]) std::copy(sh.proposal[k].begin(), sh.proposal[k].end(), x.begin() + static_cast<long>(kParams * k));
      lock.unlock();
      apply(x);
      const std::vector<LoggedCase> sim = simulate();
      double total = 0.0;
      std::vector<double> losses(K);
      for (std::size_t k = 0; k < K; ++k) {
        losses[k] = loss_of(residuals(sim, k));
        total += targets_[k].weight * losses[k];
      }
      lock.lock();
      for (std::size_t k = 0; k < K; ++k) {
        if (!sh.waiting[k]) continue;
        sh.loss[k] = losses[k];
        if (losses[k] < best_loss[k]) {
          best_loss[k] = losses[k];
          std::copy(x.begin() + static_cast<long>(kParams * k), x.begin() + static_cast<long>(kParams * (k + 1)),
                    best_x_.begin() + static_cast<long>(kParams * k));
        }
        sh.waiting[k] = 0;
      }
      result_.loss_trace.push_back(total);
      if (std::isnan(result_.loss_start)) result_.loss_start = total;
      double best_total = 0.0;
      for (std::size_t k = 0; k < K; ++k) best_total += targets_[k].weight * (std::isfinite(best_loss[k]) ? best_loss[k] : losses[k]);
      result_.loss_best = best_total;
      if (static_cast<int>(result_.loss_trace.size()) >= rounds) sh.stop = true;
      ++sh.round;
      sh.cv.notify_all();
      lock.unlock();
      report(result_.loss_best);
    }
    for (std::thread& t : threads) t.join();

    // The best point of every category together, simulated once more for the comparisons.
    apply(best_x_);
    best_sim_ = simulate();
    result_.loss_best = 0.0;
    for (std::size_t k = 0; k < K; ++k) result_.loss_best += targets_[k].weight * loss_of(residuals(best_sim_, k));
    report(result_.loss_best);
    for (std::size_t k = 0; k < K; ++k) {
      result_.leads[k].median_h = std::exp(best_x_[kParams * k]);
      result_.leads[k].sigma = best_x_[kParams * k + 1];
      result_.leads[k].share = best_x_[kParams * k + 2];
    }
    standard_errors();
    for (std::size_t k = 0; k < K; ++k) {
      const LeadFit& l = result_.leads[k];
      // Whole maps: the base may have no lead_h or lead_share (the key path must then be created).
      const char* level = kLevelNames[targets_[k].level];
      const std::string fitted = fmt::format("time to close of {} closed cases (of {}) opened {} to {}, quantiles "
                                             "matched by simulation",
                                             l.closed_cases, targets_[k].observed.size(),
                                             log_.calendar.date_text(targets_[k].from_h),
                                             log_.calendar.date_text(result_.train_until_h - 1e-6));
      set(cat_key(targets_[k].category) + ".lead_h",
          fmt::format("{{{}: {{dist: lognormal, median: {}, sigma: {}}}}}", level, number(l.median_h), number(l.sigma)),
          fitted + fmt::format("; standard errors: median ×/÷ {:.3g}, sigma ± {:.3g}", std::exp(l.se_log_median), l.se_sigma));
      set(cat_key(targets_[k].category) + ".lead_share", fmt::format("{{{}: {}}}", level, number(l.share)),
          fitted + fmt::format("; standard error ± {:.3g}", l.se_share));
    }
  }

  /// Sandwich standard errors of the minimum-distance estimator. A category's residuals depend
  /// on its own two parameters only, so the Jacobian is block diagonal and two runs give it all:
  /// one with every ln(median) moved, one with every sigma moved.
  void standard_errors() {
    const std::size_t K = targets_.size();
    const auto m = static_cast<Eigen::Index>(K * kQuantiles.size());
    const Eigen::VectorXd r0 = residuals(best_sim_);
    Eigen::MatrixXd J = Eigen::MatrixXd::Zero(m, static_cast<Eigen::Index>(kParams * K));
    static constexpr std::array<double, kParams> kStep = {0.05, 0.03, 0.03};
    const std::array<double, kParams> upper = {std::log(kMaxMedianH), kMaxSigma, 1.0};
    for (std::size_t j = 0; j < kParams; ++j) {
      std::vector<double> x = best_x_;
      std::vector<double> h(K);
      for (std::size_t k = 0; k < K; ++k) {
        h[k] = kStep[j] * (x[kParams * k + j] + kStep[j] > upper[j] ? -1.0 : 1.0);
        x[kParams * k + j] += h[k];
      }
      apply(x);
      const Eigen::VectorXd r = residuals(simulate());
      for (std::size_t k = 0; k < K; ++k) {
        const auto rows = static_cast<Eigen::Index>(k * kQuantiles.size());
        J.block(rows, static_cast<Eigen::Index>(kParams * k + j), kQuantiles.size(), 1) =
            (r.segment(rows, kQuantiles.size()) - r0.segment(rows, kQuantiles.size())) / h[k];
      }
      report(result_.loss_best);
    }
    apply(best_x_);
    // Covariance of the residuals: the observed quantiles' and the simulated ones', by bootstrap.
    Eigen::MatrixXd sigma = Eigen::MatrixXd::Zero(m, m);
    CounterRng rng(RngKey{0x5eedULL}, RngStream::world_layout, 0xb007u, 0);
    for (std::size_t k = 0; k < targets_.size(); ++k) {
      const std::vector<double> sim_sample = category_sample(best_sim_, targets_[k].category, targets_[k].from_h);
      for (const std::vector<double>* sample : {static_cast<const std::vector<double>*>(&targets_[k].observed), &sim_sample}) {
        if (sample->empty()) continue;
        Eigen::MatrixXd draws(kBootstrap, static_cast<Eigen::Index>(kQuantiles.size()));
        std::vector<double> resample(sample->size());
        for (int b = 0; b < kBootstrap; ++b) {
          for (double& v : resample)
            v = (*sample)[std::min(sample->size() - 1, static_cast<std::size_t>(rng.uniform() * static_cast<double>(sample->size())))];
          std::sort(resample.begin(), resample.end());
          const auto q = log_quantiles(resample);
          for (std::size_t i = 0; i < q.size(); ++i) draws(b, static_cast<Eigen::Index>(i)) = q[i];
        }
        const Eigen::MatrixXd centred = draws.rowwise() - draws.colwise().mean();
        const auto at = static_cast<Eigen::Index>(k * kQuantiles.size());
        sigma.block(at, at, kQuantiles.size(), kQuantiles.size()) += centred.transpose() * centred / (kBootstrap - 1);
      }
    }
    const Eigen::MatrixXd W = weights().asDiagonal();
    const Eigen::MatrixXd A = J.transpose() * W * J;
    Eigen::FullPivLU<Eigen::MatrixXd> lu(A);
    if (!lu.isInvertible()) {
      result_.notes.push_back("standard errors not available: the loss does not change with some parameter");
      return;
    }
    const Eigen::MatrixXd Ainv = lu.inverse();
    const Eigen::MatrixXd cov = Ainv * J.transpose() * W * sigma * W * J * Ainv;
    auto se = [&](std::size_t i) { return std::sqrt(std::max(0.0, cov(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i)))); };
    for (std::size_t k = 0; k < targets_.size(); ++k) {
      result_.leads[k].se_log_median = se(kParams * k);
      result_.leads[k].se_sigma = se(kParams * k + 1);
      result_.leads[k].se_share = se(kParams * k + 2);
    }
  }

  // ---- Stage 3: the first response and the requesters' answers, where the log has them.
  /// One parameter moved until a simulated share or median matches the log's: bisection on a
  /// function that rises with the parameter, every run with the same seed. The standard error
  /// is the observed figure's, through the slope of the last bracket (the delta method).
  struct Scalar {
    std::string key, what;
    double lo, hi;                                     ///< the parameter's range
    std::function<void(ScenarioSpec&, double)> set;
    std::function<double(const std::vector<LoggedCase>&)> measure;  ///< rises with the parameter
    double target, target_se;
  };

  void fit_scalar(const Scalar& s) {
    const int runs_for_this = 8;
    if (result_.runs + runs_for_this + 1 > options_.budget) {
      result_.notes.push_back(fmt::format("{} not fitted: the budget is spent", s.key));
      return;
    }
    auto value_at = [&](double x) {
      ScenarioSpec trial = spec_;
      s.set(trial, x);
      const std::vector<LoggedCase> sim = simulate(trial);
      report(result_.loss_best);
      return s.measure(sim);
    };
    double lo = s.lo, hi = s.hi;
    double f_lo = value_at(lo), f_hi = value_at(hi);
    if (!(f_lo <= s.target && s.target <= f_hi)) {
      const bool below = s.target < f_lo;
      const double x = below ? lo : hi;
      s.set(spec_, x);
      result_.notes.push_back(fmt::format("{}: the log's {:.3g} is out of the model's reach ({:.3g} to {:.3g} over "
                                          "{} = {:.3g} … {:.3g}); set to {:.3g}",
                                          s.what, s.target, f_lo, f_hi, s.key, s.lo, s.hi, x));
      set(s.key, number(x), fmt::format("{}: out of reach, the nearest end of its range", s.what));
      return;
    }
    for (int i = 0; i < runs_for_this - 2; ++i) {
      const double mid = 0.5 * (lo + hi);
      const double f = value_at(mid);
      (f < s.target ? lo : hi) = mid;
      (f < s.target ? f_lo : f_hi) = f;
    }
    const double slope = (f_hi - f_lo) / (hi - lo);
    const double x = f_hi > f_lo ? lo + (s.target - f_lo) / slope : 0.5 * (lo + hi);
    const double se = slope > 0 ? s.target_se / slope : NAN;
    s.set(spec_, x);
    set(s.key, number(x), fmt::format("{} {:.3g} in the log, matched by simulation; standard error ± {:.2g}", s.what,
                                      s.target, se));
    result_.answers.push_back({s.key, x, se, s.target});
  }

  void fit_answers() {
    // The training window's cases, as for the lead times.
    auto in_window = [&](const LoggedCase& c) {
      return c.local_opened_h >= result_.window_from_h && c.local_opened_h < result_.train_until_h;
    };
    auto share = [&](const std::vector<LoggedCase>& cases, auto field) {
      double asked = 0.0, yes = 0.0;
      for (const LoggedCase& c : cases)
        if (in_window(c) && c.*field >= 0) {
          asked += 1.0;
          yes += c.*field;
        }
      return std::pair{asked > 0 ? yes / asked : NAN, asked};
    };
    if (log_.has_first_response) {
      std::vector<double> observed;
      for (const LoggedCase& c : train_)
        if (in_window(c) && !std::isnan(c.first_response_h)) observed.push_back(c.first_response_h - c.opened_h);
      std::sort(observed.begin(), observed.end());
      if (observed.size() >= 30) {
        auto median_response = [&](const std::vector<LoggedCase>& sim) {
          std::vector<double> v;
          for (const LoggedCase& c : sim)
            if (in_window(c) && !std::isnan(c.first_response_h)) v.push_back(c.first_response_h - c.opened_h);
          std::sort(v.begin(), v.end());
          return v.empty() ? NAN : std::log(quantile(v, 0.5) + 0.01);
        };
        const double sigma = spec_.duty_desk.sign_for_h.kind == Distribution::Kind::lognormal ? spec_.duty_desk.sign_for_h.b : 0.6;
        // The median's standard error, in log hours: √(π/2) σ / √n for a lognormal-like spread.
        const double spread = (std::log(quantile(observed, 0.75) + 0.01) - std::log(quantile(observed, 0.25) + 0.01)) / 1.349;
        fit_scalar({"duty_desk.sign_for_h", "median time to first response (签收), log hours,", std::log(0.05), std::log(200.0),
                    [sigma](ScenarioSpec& s, double x) { s.duty_desk.sign_for_h = Distribution::lognormal(std::exp(x), sigma); },
                    median_response, std::log(quantile(observed, 0.5) + 0.01),
                    1.2533 * spread / std::sqrt(static_cast<double>(observed.size()))});
        // Written as the distribution, not the log median the bisection moved.
        for (FittedKey& k : result_.keys)
          if (k.key == "duty_desk.sign_for_h")
            k.value = fmt::format("{{dist: lognormal, median: {}, sigma: {}}}", number(spec_.duty_desk.sign_for_h.a), number(sigma));
      }
    }
    if (log_.has_resolved) {
      const auto [target, n] = share(train_, &LoggedCase::resolved);
      if (n >= 30)
        fit_scalar({"outcomes.resolved_if_fixed", "share answering \"resolved\" (解决率)", 0.3, 1.0,
                    [](ScenarioSpec& s, double x) { s.outcomes.resolved_if_fixed = x; },
                    [&](const std::vector<LoggedCase>& sim) { return share(sim, &LoggedCase::resolved).first; }, target,
                    std::sqrt(target * (1.0 - target) / n)});
    }
    if (log_.has_satisfied) {
      const auto [target, n] = share(train_, &LoggedCase::satisfied);
      if (n >= 30)
        fit_scalar({"satisfaction.intercept", "share answering \"satisfied\" (满意率)", -8.0, 8.0,
                    [](ScenarioSpec& s, double x) { s.satisfaction.intercept = x; },
                    [&](const std::vector<LoggedCase>& sim) { return share(sim, &LoggedCase::satisfied).first; }, target,
                    std::sqrt(target * (1.0 - target) / n)});
    }
    if (!result_.answers.empty()) best_sim_ = simulate();  // the comparisons see every fitted key
  }

  // ---- How the calibrated scenario compares with the log.
  void compare() {
    if (best_sim_.empty()) best_sim_ = simulate();
    auto fit_of = [&](double from, double to) {
      PeriodFit f;
      f.observed = period_stats(log_.cases, log_.calendar, from, to, spec_);
      f.simulated = period_stats(best_sim_, log_.calendar, from, to, spec_);
      f.ks_overall = ks_distance(f.observed.close_h, f.simulated.close_h);
      for (std::size_t c = 0; c < spec_.categories.size(); ++c)
        f.ks_by_category.push_back(f.observed.close_h_by_category[c].empty()
                                       ? NAN
                                       : ks_distance(f.observed.close_h_by_category[c], f.simulated.close_h_by_category[c]));
      f.daily_volume_ratio = f.observed.cases ? static_cast<double>(f.simulated.cases) / replications_ /
                                                    static_cast<double>(f.observed.cases)
                                              : NAN;
      return f;
    };
    result_.train = fit_of(0.0, result_.train_until_h);
    result_.window = fit_of(result_.window_from_h, result_.train_until_h);
    if (result_.has_test) result_.test = fit_of(result_.train_until_h, log_.extracted_h);
  }

  const CaseLog& log_;
  const CalibrationOptions& options_;
  ScenarioSpec spec_;
  CalibrationResult result_;
  std::vector<LoggedCase> train_;
  DemandFit demand_;
  RunOptions run_options_;
  static constexpr int replications_ = 4;
  double cap_h_ = 0.0;
  bool with_patrol_finds_ = false;
  std::vector<Target> targets_;
  std::vector<double> best_x_;
  std::vector<LoggedCase> best_sim_;
};

}  // namespace

CalibrationResult calibrate(const CaseLog& log, const ScenarioSpec& base, const CalibrationOptions& options) {
  return Calibrator(log, base, options).run();
}

}  // namespace govgrid::calibration
