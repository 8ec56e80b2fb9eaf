#include "analysis/calibration/fit_outputs.h"

#include <cmath>

#include <fmt/format.h>

namespace govgrid::calibration {

namespace {

using Json = nlohmann::json;

Json finite_or_null(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

// Quantiles of time to close shown in fit.json and the page's table.
constexpr std::array<double, 7> kShownQuantiles = {0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99};

Json stats_json(const PeriodStats& s, double scale, const std::vector<CategorySpec>& categories,
                const std::vector<ChannelSpec>& channels) {
  Json j;
  j["cases"] = static_cast<double>(s.cases) / scale;
  j["per_day"] = s.days > 0 ? static_cast<double>(s.cases) / scale / s.days : 0.0;
  j["open_share"] = s.open_share;
  j["on_time"] = finite_or_null(s.on_time);
  j["responded_on_time"] = finite_or_null(s.responded_on_time);
  j["resolved"] = finite_or_null(s.resolved);
  j["satisfied"] = finite_or_null(s.satisfied);
  Json q = Json::object();
  for (double p : kShownQuantiles) q[fmt::format("{:g}", p)] = finite_or_null(quantile(s.close_h, p));
  j["close_h_quantiles"] = q;
  Json mix = Json::object();
  for (std::size_t c = 0; c < categories.size(); ++c) mix[categories[c].name] = s.category_share[c];
  j["category_share"] = mix;
  Json ch = Json::object();
  for (std::size_t k = 0; k < s.channel_share.size(); ++k) ch[channels[k].name] = s.channel_share[k];
  j["channel_share"] = ch;
  j["hour_of_week"] = s.hour_of_week;
  Json month = Json::array();
  for (double m : s.month) month.push_back(finite_or_null(m));
  j["month"] = month;
  Json daily = Json::array();
  for (double d : s.daily) daily.push_back(d / scale);
  j["daily"] = daily;
  return j;
}

Json period_json(const PeriodFit& f, const LogCalendar& cal, int replications, const ScenarioSpec& spec) {
  Json j;
  j["from"] = cal.date_text(f.observed.from_h);
  j["until"] = cal.date_text(f.observed.to_h - 1e-6);
  j["days"] = f.observed.days;
  j["observed"] = stats_json(f.observed, 1.0, spec.categories, spec.residents.channels);
  j["simulated"] = stats_json(f.simulated, replications, spec.categories, spec.residents.channels);
  j["ks_overall"] = finite_or_null(f.ks_overall);
  Json ks = Json::object(), n = Json::object();
  for (std::size_t c = 0; c < spec.categories.size(); ++c) {
    ks[spec.categories[c].name] = finite_or_null(f.ks_by_category[c]);
    n[spec.categories[c].name] = f.observed.close_h_by_category[c].size();
  }
  j["ks_by_category"] = ks;
  j["cases_by_category"] = n;
  j["daily_volume_ratio"] = finite_or_null(f.daily_volume_ratio);
  // The QQ plot: percentiles 1..99 of time to close, observed against simulated (null where open).
  Json qq = Json::array();
  for (int p = 1; p <= 99; ++p) {
    const double q = p / 100.0;
    qq.push_back({{"p", q}, {"observed_h", finite_or_null(quantile(f.observed.close_h, q))},
                  {"simulated_h", finite_or_null(quantile(f.simulated.close_h, q))}});
  }
  j["qq"] = qq;
  return j;
}

}  // namespace

std::string calibrated_yaml(const CalibrationResult& result, const CaseLog& log, const FitProvenance& provenance,
                            const std::filesystem::path& out_dir) {
  std::error_code ec;
  std::filesystem::path base = std::filesystem::absolute(provenance.base_file, ec);
  const std::filesystem::path dir = std::filesystem::absolute(out_dir, ec);
  const std::filesystem::path relative = base.lexically_relative(dir);
  const std::string extends = relative.empty() ? base.string() : relative.generic_string();
  std::string y;
  y += fmt::format("# Calibrated by {} from the case log {}\n", provenance.version, provenance.log_file);
  y += fmt::format("# ({} rows, {} used; mapping {}), trained on cases opened {} to {}{}.\n", log.rows,
                   log.cases.size(), provenance.map_file, log.calendar.date_text(0.0),
                   log.calendar.date_text(result.train_until_h - 1e-6),
                   result.has_test ? fmt::format(", held out {} to {}", log.calendar.date_text(result.train_until_h),
                                                 log.calendar.date_text(log.extracted_h))
                                   : std::string());
  y += fmt::format("# Each key below was fitted; everything else is {}'s. fit.html shows the fit.\n", extends);
  y += fmt::format("# Day 0 is {} (the scenario's weekday factors are Monday first, as always).\n",
                   log.calendar.date_text(0.0));
  y += fmt::format("extends: \"{}\"\n", extends);
  y += fmt::format("name: {}_calibrated\n", result.calibrated.name);
  y += fmt::format("description: \"{} calibrated to {} ({} cases)\"\n", result.calibrated.name,
                   std::filesystem::path(provenance.log_file).filename().string(), log.cases.size());
  y += "set:\n";
  for (const FittedKey& k : result.keys) {
    y += fmt::format("  # {}\n", k.fitted_to);
    y += fmt::format("  {}: {}\n", k.key, k.value);
  }
  return y;
}

Json fit_json(const CalibrationResult& result, const CaseLog& log, const FitProvenance& provenance) {
  const ScenarioSpec& spec = result.calibrated;
  Json j;
  j["govgrid"] = provenance.version;
  j["log"] = {{"file", provenance.log_file},
              {"map", provenance.map_file},
              {"rows", log.rows},
              {"used", log.cases.size()},
              {"skipped", log.skipped.size()},
              {"time_zone", log.calendar.zone},
              {"starts", log.calendar.date_text(0.0)},
              {"extracted", log.calendar.date_text(log.extracted_h)}};
  j["base"] = provenance.base_file;
  j["train_until"] = provenance.train_until;
  j["runs"] = result.runs;
  j["replications_per_run"] = result.replications;
  j["seconds"] = result.seconds;
  j["loss"] = {{"start", finite_or_null(result.loss_start)}, {"best", finite_or_null(result.loss_best)},
               {"trace", result.loss_trace}};
  Json keys = Json::array();
  for (const FittedKey& k : result.keys) keys.push_back({{"key", k.key}, {"value", k.value}, {"fitted_to", k.fitted_to}});
  j["parameters"] = keys;
  Json leads = Json::array();
  for (const LeadFit& l : result.leads) {
    leads.push_back({{"category", spec.categories[static_cast<std::size_t>(l.category)].name},
                     {"level", kLevelNames[static_cast<std::size_t>(l.level)]},
                     {"closed_cases", l.closed_cases},
                     {"median_h", l.median_h},
                     {"sigma", l.sigma},
                     {"share", l.share},
                     {"se_share", finite_or_null(l.se_share)},
                     {"median_h_start", l.median_h_start},
                     {"sigma_start", l.sigma_start},
                     {"se_log_median", finite_or_null(l.se_log_median)},
                     {"se_sigma", finite_or_null(l.se_sigma)},
                     {"median_h_lo95", finite_or_null(l.median_h * std::exp(-1.96 * l.se_log_median))},
                     {"median_h_hi95", finite_or_null(l.median_h * std::exp(1.96 * l.se_log_median))}});
  }
  j["leads"] = leads;
  Json answers = Json::array();
  for (const ScalarFit& a : result.answers)
    answers.push_back({{"key", a.key}, {"value", a.value}, {"se", finite_or_null(a.se)}, {"target", a.target}});
  j["answers"] = answers;
  Json categories = Json::array();
  for (const CategorySpec& c : spec.categories) categories.push_back(c.name);
  j["categories"] = categories;
  j["train"] = period_json(result.train, log.calendar, result.replications, spec);
  j["window"] = period_json(result.window, log.calendar, result.replications, spec);
  j["test"] = result.has_test ? period_json(result.test, log.calendar, result.replications, spec) : Json(nullptr);
  j["notes"] = result.notes;
  return j;
}

std::string skipped_rows_csv(const CaseLog& log) {
  std::string out = "line,column,reason\n";
  for (const CaseLogIssue& i : log.skipped) {
    std::string reason;
    for (char c : i.message) reason += c == '"' ? std::string("\"\"") : std::string(1, c == '\n' ? ' ' : c);
    out += fmt::format("{},{},\"{}\"\n", i.line, i.column, reason);
  }
  return out;
}

}  // namespace govgrid::calibration
