#include "analysis/report/sweep_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>

#include "analysis/metric_catalogue.h"
#include "analysis/report/html.h"
#include "analysis/report/page.h"
#include "analysis/report/report_data.h"

namespace govgrid::report {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kScore = "three_rate_score";
// What the curves, heatmaps and the table show: the three rates, their score and the cost.
constexpr std::string_view kShown[] = {"response_rate", "resolution_rate", "satisfaction_rate", kScore, kCostMetric};
constexpr std::size_t kScoreAt = 3, kCostAt = 4;  // their places in kShown

Json num(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

std::optional<double> as_number(const std::string& s) {
  double v = 0.0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

/// How a metric is drawn: shares in percent, the score in points of 100, the cost in 万元 (zh)
/// or millions of yuan (en).
struct ChartUnit {
  double factor = 1.0;
  std::string suffix;
};

class SweepRenderer {
 public:
  SweepRenderer(const SweepReportData& sweep, const ReportOptions& options)
      : sweep_(sweep), lang_(options.lang), budget_(options.budget_yuan_per_year),
        threshold_(options.practical_threshold_points / 100.0) {
    for (const std::string_view m : kShown) {
      const auto it = std::find(sweep_.metrics.begin(), sweep_.metrics.end(), m);
      if (it == sweep_.metrics.end())
        throw ReportInputError(fmt::format("sweep '{}' has no metric {}, which its report shows (written by an older "
                                           "govgrid? run the sweep again with this one into another --out)",
                                           sweep_.name, m));
      shown_.push_back(static_cast<std::size_t>(it - sweep_.metrics.begin()));
    }
    if (sweep_.done_runs == 0)
      throw ReportInputError(fmt::format("sweep '{}' has no finished run yet: run or resume it first", sweep_.name));
    for (std::size_t c = 0; c < sweep_.columns.size(); ++c)
      (sweep_.columns[c].kind == "lhs" ? sampled_ : gridded_).push_back(c);
  }

  std::string render() {
    std::string body = header();
    body += "<main>\n";
    body += best_section();
    body += curves_section();
    body += sensitivity_section();
    body += heatmap_section();
    body += points_section();
    body += notes_section();
    body += "</main>\n";
    body += fmt::format("<footer class=\"footer\">{}</footer>\n",
                        esc(trf(lang_, "footer", GOVGRID_REPORT_VERSION, GOVGRID_VEGA_VERSION,
                                GOVGRID_VEGA_LITE_VERSION, GOVGRID_VEGA_EMBED_VERSION)));
    return report_page_html(lang_, fmt::format("{} · {}", tr(lang_, "sweep_doc_title"), sweep_.name), body, datasets_,
                            charts_);
  }

 private:
  static std::string esc(std::string_view s) { return html_escape(s); }

  std::string label_of(std::string_view metric) const {
    for (const MetricDef& m : metric_defs())
      if (m.name == metric) return std::string(lang_ == Lang::zh ? m.zh : m.en);
    return std::string(metric);
  }

  std::string unit_of(std::string_view metric) const {
    for (const MetricDef& m : metric_defs())
      if (m.name == metric) return std::string(m.unit);
    return "";
  }

  ChartUnit chart_unit(std::string_view metric) const {
    if (metric == kScore) return {100.0, std::string(tr(lang_, "unit_points"))};
    if (unit_of(metric) == "share") return {100.0, "%"};
    if (metric == kCostMetric) return lang_ == Lang::zh ? ChartUnit{1e-4, "万元"} : ChartUnit{1e-6, "million ¥"};
    return {1.0, ""};
  }

  std::string chart_title(std::string_view metric) const {
    const ChartUnit u = chart_unit(metric);
    return u.suffix.empty() ? label_of(metric) : fmt::format("{} ({})", label_of(metric), u.suffix);
  }

  /// A value as the table shows it: the score in points of 100, others in their unit.
  std::string value_text(std::string_view metric, double v) const {
    if (metric == kScore) return std::isfinite(v) ? format_fixed(100.0 * v, 1) : "–";
    return format_value(v, unit_of(metric), lang_);
  }

  std::string interval_text(std::string_view metric, const Interval& i) const {
    return fmt::format("{} [{}, {}]", value_text(metric, i.mean), value_text(metric, i.lo), value_text(metric, i.hi));
  }

  const Interval& metric_of(const SweepReportPoint& p, std::size_t shown) const { return p.metrics[shown_[shown]]; }

  /// A column's value as shown: a Latin-hypercube sample to 4 significant digits (the stored
  /// value keeps all of them), others as written.
  std::string shown_value(std::size_t column, const std::string& value) const {
    if (sweep_.columns[column].kind != "lhs") return value;
    const auto v = as_number(value);
    return v ? fmt::format("{:.4g}", *v) : value;
  }

  /// "point 3 (grid_workers.per_grid = 1.5, remedy = pooling)".
  std::string point_text(const SweepReportPoint& p) const {
    std::string values;
    for (std::size_t c = 0; c < p.values.size() && c < sweep_.columns.size(); ++c)
      values += fmt::format("{}{} = {}", c ? ", " : "", sweep_.columns[c].key, shown_value(c, p.values[c]));
    return values.empty() ? trf(lang_, "point_n", p.point) : fmt::format("{} ({})", trf(lang_, "point_n", p.point), values);
  }

  std::string header() const {
    std::string h = "<header class=\"masthead\">\n<div class=\"masthead-inner\">\n";
    h += fmt::format("<div class=\"eyebrow\">{}</div>\n", esc(tr(lang_, "eyebrow")));
    h += fmt::format("<h1>{}</h1>\n", esc(tr(lang_, "sweep_doc_title")));
    h += fmt::format("<p class=\"subtitle\"><strong class=\"scenario-name\">{}</strong> — {}</p>\n", esc(sweep_.name),
                     esc(trf(lang_, "sweep_subtitle", sweep_.points.size(), sweep_.replications, sweep_.done_runs,
                             sweep_.run_count)));
    if (!sweep_.description.empty()) h += fmt::format("<p class=\"lead\">{}</p>\n", esc(sweep_.description));
    h += fmt::format("<p class=\"caption\">{}</p>\n",
                     esc(trf(lang_, "sweep_provenance", sweep_.sweep_file,
                             sweep_.govgrid_version.empty() ? "?" : sweep_.govgrid_version)));
    h += fmt::format("<button type=\"button\" class=\"print-button no-print\" onclick=\"window.print()\">{}</button>\n",
                     esc(tr(lang_, "print")));
    return h + "</div>\n</header>\n";
  }

  // --- The best point ----------------------------------------------------------------------

  std::string best_section() const {
    const std::size_t score = kScoreAt, cost = kCostAt;
    std::vector<const SweepReportPoint*> candidates;
    for (const SweepReportPoint& p : sweep_.points) {
      if (p.runs == 0 || !std::isfinite(metric_of(p, score).mean)) continue;
      if (std::isfinite(budget_) && !(metric_of(p, cost).mean <= budget_)) continue;
      candidates.push_back(&p);
    }
    std::stable_sort(candidates.begin(), candidates.end(), [&](const auto* a, const auto* b) {
      return metric_of(*a, score).mean > metric_of(*b, score).mean;
    });
    std::string s = fmt::format("<section id=\"best\" class=\"card answer\">\n<h2>{}</h2>\n", esc(tr(lang_, "best_title")));
    const std::string budget = format_value(budget_, "yuan", lang_);
    if (candidates.empty()) {
      const SweepReportPoint* cheapest = nullptr;
      for (const SweepReportPoint& p : sweep_.points)
        if (p.runs > 0 && (!cheapest || metric_of(p, cost).mean < metric_of(*cheapest, cost).mean)) cheapest = &p;
      s += fmt::format("<p class=\"lead\" id=\"best-none\">{}</p>\n",
                       esc(trf(lang_, "best_none", budget, cheapest ? point_text(*cheapest) : "–",
                               cheapest ? value_text(kCostMetric, metric_of(*cheapest, cost).mean) : "–")));
      return s + "</section>\n";
    }
    s += fmt::format("<p class=\"lead\">{}</p>\n",
                     esc(std::isfinite(budget_) ? trf(lang_, "best_budget_lead", budget) : tr_s("best_lead")));
    const auto line = [&](const char* role, const char* key, const SweepReportPoint& p) {
      const Interval& sc = metric_of(p, score);
      return fmt::format("<p class=\"best-line {}\" data-point=\"{}\" data-score=\"{}\"><strong>{}</strong> {}</p>\n",
                         role, p.point, sc.mean, esc(tr(lang_, key)),
                         esc(trf(lang_, "best_line", point_text(p), value_text(kScore, sc.mean), value_text(kScore, sc.lo),
                                 value_text(kScore, sc.hi), value_text(kCostMetric, metric_of(p, cost).mean))));
    };
    s += line("best", "best_label", *candidates[0]);
    if (candidates.size() < 2) return s + fmt::format("<p>{}</p>\n</section>\n", esc(tr(lang_, "best_only_one")));
    s += line("runner-up", "runner_up", *candidates[1]);
    const auto& a = sweep_.score_runs[static_cast<std::size_t>(candidates[0]->point)];
    const auto& b = sweep_.score_runs[static_cast<std::size_t>(candidates[1]->point)];
    const Interval d = paired_diff_ci95(a, b);
    const bool clear = std::isfinite(d.lo) && (d.lo > 0.0 || d.hi < 0.0);
    // Beyond chance but under the practical threshold (--threshold): negligible in practice.
    const bool negligible = clear && std::fabs(d.mean) < threshold_;
    const auto points = [&](double v) { return std::isfinite(v) ? format_fixed(100.0 * v, 2) : std::string("–"); };
    const char* key = negligible ? "best_diff_negligible" : clear ? "best_diff_clear" : "best_diff_unclear";
    s += fmt::format("<p class=\"best-difference {}\" data-clear=\"{}\" data-negligible=\"{}\">{}</p>\n",
                     clear && !negligible ? "better" : "unclear", clear ? "true" : "false", negligible ? "true" : "false",
                     esc(trf(lang_, key, points(d.mean), points(d.lo), points(d.hi), points(threshold_))));
    return s + "</section>\n";
  }

  std::string tr_s(std::string_view key) const { return std::string(tr(lang_, key)); }

  // --- Charts ------------------------------------------------------------------------------

  void add_chart(const std::string& id, Json spec, const std::string& dataset) {
    charts_.push_back(chart_entry(id, std::move(spec), {dataset}));
  }

  /// The other gridded columns' values of a point, as the name of its line.
  std::string series_of(const SweepReportPoint& p, std::size_t except) const {
    std::string out;
    for (const std::size_t c : gridded_)
      if (c != except) out += fmt::format("{}{}={}", out.empty() ? "" : ", ", sweep_.columns[c].key, p.values[c]);
    return out;
  }

  Json metric_facet() const {
    Json order = Json::array();
    for (const std::string_view m : kShown) order.push_back(chart_title(m));
    return {{"field", "metric"}, {"type", "nominal"}, {"title", nullptr}, {"sort", order}};
  }

  std::string curves_section() {
    if (gridded_.empty()) return "";
    std::string s = fmt::format("<section id=\"curves\" class=\"card\">\n<h2>{}</h2>\n<p class=\"lead\">{}</p>\n",
                                esc(tr(lang_, "curves_title")), esc(tr(lang_, "curves_lead")));
    for (const std::size_t c : gridded_) {
      const SweepReportColumn& column = sweep_.columns[c];
      bool numeric = column.kind != "cases";
      for (const SweepReportPoint& p : sweep_.points) numeric = numeric && as_number(p.values[c]).has_value();
      Json rows = Json::array();
      bool has_series = false;
      for (const SweepReportPoint& p : sweep_.points) {
        if (p.runs == 0) continue;
        const std::string series = series_of(p, c);
        has_series = has_series || !series.empty();
        for (std::size_t m = 0; m < std::size(kShown); ++m) {
          const Interval& i = metric_of(p, m);
          const double f = chart_unit(kShown[m]).factor;
          rows.push_back({{"metric", chart_title(kShown[m])},
                          {"x", numeric ? Json(*as_number(p.values[c])) : Json(p.values[c])},
                          {"series", series},
                          {"mean", num(f * i.mean)},
                          {"lo", num(f * i.lo)},
                          {"hi", num(f * i.hi)},
                          {"runs", p.runs}});
        }
      }
      const std::string id = fmt::format("curve_{}", c);
      datasets_[id] = std::move(rows);
      // Values, cases and lines in the sweep file's order, not sorted as text.
      Json x = {{"field", "x"}, {"type", numeric ? "quantitative" : "nominal"}, {"title", column.key}, {"sort", nullptr}};
      if (numeric) x["scale"] = {{"zero", false}};
      else x["axis"] = {{"labelAngle", -40}};
      const Json colour = has_series ? Json{{"field", "series"}, {"type", "nominal"}, {"sort", nullptr},
                                            {"title", tr(lang_, "legend_others")}}
                                     : Json{{"value", "#4e79a7"}};
      const Json y_mean = {{"field", "mean"}, {"type", "quantitative"}, {"title", nullptr}, {"scale", {{"zero", false}}}};
      const Json tooltip = Json::array({{{"field", "x"}, {"title", column.key}},
                                        {{"field", "series"}, {"title", tr(lang_, "legend_others")}},
                                        {{"field", "mean"}, {"format", ",.2f"}, {"title", tr(lang_, "tt_mean")}},
                                        {{"field", "lo"}, {"format", ",.2f"}, {"title", "95% lo"}},
                                        {{"field", "hi"}, {"format", ",.2f"}, {"title", "95% hi"}},
                                        {{"field", "runs"}, {"title", tr(lang_, "col_runs")}}});
      Json layers = Json::array();
      Json interval_encoding = {{"x", x},
                                {"y", {{"field", "lo"}, {"type", "quantitative"}, {"title", nullptr}, {"scale", {{"zero", false}}}}},
                                {"y2", {{"field", "hi"}}},
                                {"color", colour}};
      Json mean_encoding = {{"x", x}, {"y", y_mean}, {"color", colour}, {"tooltip", tooltip}};
      if (numeric) {
        layers.push_back({{"mark", {{"type", "area"}, {"opacity", 0.15}}}, {"encoding", interval_encoding}});
        layers.push_back({{"mark", {{"type", "line"}, {"point", true}}}, {"encoding", mean_encoding}});
      } else {
        if (has_series) interval_encoding["xOffset"] = mean_encoding["xOffset"] = {{"field", "series"}};
        layers.push_back({{"mark", {{"type", "rule"}, {"strokeWidth", 2}}}, {"encoding", interval_encoding}});
        layers.push_back({{"mark", {{"type", "point"}, {"filled", true}, {"size", 50}}}, {"encoding", mean_encoding}});
      }
      add_chart(id,
                {{"data", {{"name", id}}},
                 {"facet", metric_facet()},
                 {"columns", 3},
                 {"spec", {{"width", 220}, {"height", 150}, {"layer", layers}}},
                 // Each panel its own x axis: five panels in three columns leave no orphan axis
                 // under the empty sixth.
                 {"resolve", {{"scale", {{"y", "independent"}}}, {"axis", {{"x", "independent"}}}}}},
                id);
      s += chart_figure(id, trf(lang_, "curve_title", column.key), tr(lang_, numeric ? "curve_caption" : "curve_caption_cases"));
    }
    return s + "</section>\n";
  }

  std::string sensitivity_section() {
    if (sampled_.empty()) return "";
    std::string s = fmt::format("<section id=\"sensitivity\" class=\"card\">\n<h2>{}</h2>\n",
                                esc(tr(lang_, "lhs_title")));
    std::vector<int> axes;
    for (const std::size_t c : sampled_)
      if (std::find(axes.begin(), axes.end(), sweep_.columns[c].axis) == axes.end()) axes.push_back(sweep_.columns[c].axis);
    for (const int axis : axes) {
      Json rows = Json::array();
      for (const SweepReportPoint& p : sweep_.points) {
        if (p.runs == 0) continue;
        for (const std::size_t c : sampled_) {
          if (sweep_.columns[c].axis != axis) continue;
          const auto v = as_number(p.values[c]);
          if (!v) continue;
          rows.push_back({{"parameter", sweep_.columns[c].key},
                          {"value", *v},
                          {"score", num(100.0 * metric_of(p, kScoreAt).mean)},
                          {"point", p.point}});
        }
      }
      const std::string id = fmt::format("lhs_{}", axis);
      datasets_[id] = std::move(rows);
      const Json x = {{"field", "value"}, {"type", "quantitative"}, {"title", nullptr}, {"scale", {{"zero", false}}}};
      const Json y = {{"field", "score"}, {"type", "quantitative"}, {"title", chart_title(kScore)}, {"scale", {{"zero", false}}}};
      add_chart(id,
                {{"data", {{"name", id}}},
                 {"facet", {{"field", "parameter"}, {"type", "nominal"}, {"title", nullptr}}},
                 {"columns", 4},
                 {"spec",
                  {{"width", 170},
                   {"height", 140},
                   {"layer",
                    Json::array({{{"mark", {{"type", "point"}, {"filled", true}, {"opacity", 0.7}}},
                                  {"encoding", {{"x", x}, {"y", y},
                                                {"tooltip", Json::array({{{"field", "point"}, {"title", tr(lang_, "col_point")}},
                                                                         {{"field", "value"}, {"format", ",.4~g"}},
                                                                         {{"field", "score"}, {"format", ",.2f"}}})}}}},
                                 {{"transform", Json::array({{{"regression", "score"}, {"on", "value"}}})},
                                  {"mark", {{"type", "line"}, {"color", "#e15759"}}},
                                  {"encoding", {{"x", x}, {"y", y}}}}})}}},
                 {"resolve", {{"scale", {{"x", "independent"}}}}}},
                id);
      s += chart_figure(id, tr(lang_, "lhs_chart_title"), tr(lang_, "lhs_caption"));
    }
    return s + "</section>\n";
  }

  std::string heatmap_section() {
    if (gridded_.size() != 2 || !sampled_.empty()) return "";
    const std::size_t cx = gridded_[0], cy = gridded_[1];
    std::string s = fmt::format("<section id=\"heatmaps\" class=\"card\">\n<h2>{}</h2>\n<div class=\"map-pair\">\n",
                                esc(tr(lang_, "heat_title")));
    for (std::size_t m = 0; m < std::size(kShown); ++m) {
      const std::string_view metric = kShown[m];
      Json rows = Json::array();
      for (const SweepReportPoint& p : sweep_.points) {
        const Interval& i = metric_of(p, m);
        rows.push_back({{"x", p.values[cx]},
                        {"y", p.values[cy]},
                        {"mean", num(chart_unit(metric).factor * i.mean)},
                        {"text", p.runs ? value_text(metric, i.mean) : "–"}});
      }
      const std::string id = fmt::format("heat_{}", metric);
      datasets_[id] = std::move(rows);
      const bool higher = higher_is_better(metric);
      const Json x = {{"field", "x"}, {"type", "ordinal"}, {"sort", nullptr}, {"title", sweep_.columns[cx].key}};
      const Json y = {{"field", "y"}, {"type", "ordinal"}, {"sort", nullptr}, {"title", sweep_.columns[cy].key}};
      add_chart(id,
                {{"data", {{"name", id}}},
                 {"width", 340},
                 {"height", 220},
                 {"layer",
                  Json::array({{{"mark", "rect"},
                                {"encoding", {{"x", x}, {"y", y},
                                              {"color", {{"field", "mean"}, {"type", "quantitative"},
                                                         {"title", chart_title(metric)},
                                                         {"scale", {{"scheme", "redyellowgreen"}, {"reverse", !higher}}}}},
                                              {"tooltip", Json::array({{{"field", "x"}, {"title", sweep_.columns[cx].key}},
                                                                       {{"field", "y"}, {"title", sweep_.columns[cy].key}},
                                                                       {{"field", "text"}, {"title", label_of(metric)}}})}}}},
                               {{"mark", {{"type", "text"}, {"fontSize", 10}, {"color", "#1f2933"}}},
                                {"encoding", {{"x", x}, {"y", y}, {"text", {{"field", "text"}}}}}}})}},
                id);
      s += chart_figure(id, chart_title(metric),
                        trf(lang_, "heat_caption", tr(lang_, higher ? "higher_better" : "lower_better")));
    }
    return s + "</div>\n</section>\n";
  }

  // --- The table of points -----------------------------------------------------------------

  std::string points_section() const {
    std::string s = fmt::format("<section id=\"points-table\" class=\"card\">\n<h2>{}</h2>\n", esc(tr(lang_, "points_title")));
    s += "<div class=\"table-wrap\"><table id=\"points\" class=\"summary\">\n<thead><tr>";
    s += fmt::format("<th>{}</th>", esc(tr(lang_, "col_point")));
    for (const SweepReportColumn& c : sweep_.columns) s += fmt::format("<th>{}</th>", esc(c.key));
    s += fmt::format("<th>{}</th>", esc(tr(lang_, "col_runs")));
    for (const std::string_view m : kShown)
      s += fmt::format("<th data-metric=\"{}\">{}<span class=\"direction\">{}</span></th>", m, esc(label_of(m)),
                       esc(tr(lang_, higher_is_better(m) ? "higher_better" : "lower_better")));
    s += "</tr></thead>\n<tbody>\n";
    for (const SweepReportPoint& p : sweep_.points) {
      s += fmt::format("<tr data-point=\"{}\"><td>{}</td>", p.point, p.point);
      for (std::size_t c = 0; c < p.values.size() && c < sweep_.columns.size(); ++c)
        s += fmt::format("<td>{}</td>", esc(shown_value(c, p.values[c])));
      s += fmt::format("<td>{}</td>", p.runs);
      for (std::size_t m = 0; m < std::size(kShown); ++m) {
        const Interval& i = metric_of(p, m);
        s += fmt::format("<td class=\"cell\" data-metric=\"{}\" data-mean=\"{}\"><span class=\"v\">{}</span>"
                         "<span class=\"ci\">[{}, {}]</span></td>",
                         kShown[m], std::isfinite(i.mean) ? fmt::format("{}", i.mean) : "",
                         esc(value_text(kShown[m], i.mean)), esc(value_text(kShown[m], i.lo)),
                         esc(value_text(kShown[m], i.hi)));
      }
      s += "</tr>\n";
    }
    return s + "</tbody></table></div>\n</section>\n";
  }

  std::string notes_section() const {
    std::string s = fmt::format("<section id=\"notes\" class=\"card notes\">\n<h2>{}</h2>\n<ul>\n", esc(tr(lang_, "notes_title")));
    for (const char* key : {"sweep_note_crn", "note_means", "sweep_note_colour", "note_rates", "sweep_note_cost"})
      s += fmt::format("<li>{}</li>\n", esc(tr(lang_, key)));
    return s + "</ul>\n</section>\n";
  }

  const SweepReportData& sweep_;
  Lang lang_;
  double budget_;
  double threshold_;  ///< the practical threshold on the score (0..1), from --threshold points
  std::vector<std::size_t> shown_;    ///< index in sweep_.metrics of each kShown entry
  std::vector<std::size_t> gridded_;  ///< columns of values, range and cases axes
  std::vector<std::size_t> sampled_;  ///< columns of Latin-hypercube blocks
  Json datasets_ = Json::object();
  Json charts_ = Json::array();
};

}  // namespace

std::string render_sweep_report(const SweepReportData& sweep, const ReportOptions& options) {
  return SweepRenderer(sweep, options).render();
}

}  // namespace govgrid::report
