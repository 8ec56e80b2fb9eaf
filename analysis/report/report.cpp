#include "analysis/report/report.h"

#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fcntl.h>

#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "analysis/metric_catalogue.h"
#include "analysis/steady_state.h"
#include "analysis/grid_map.h"
#include "analysis/report/html.h"
#include "analysis/report/page.h"

extern char** environ;

namespace govgrid::report {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

// The rows of the answer table, in order.
constexpr std::string_view kAnswerMetrics[] = {
    "response_time_mean_h", "resolution_time_mean_h", "response_rate",         "resolution_rate",
    "satisfaction_rate",    "pushed_down_time_share",       "worker_overtime_h_per_week", kCostMetric};
// Rows added before the cost when a compared scenario has party organisation at work
// (docs/model.md section 8.5): what it is for (problems found early, never found, 12345 tickets)
// and what it takes (members' hours).
constexpr std::string_view kPartyMetrics[] = {"found_early_share", "hidden_problem_share", "tickets_per_1000_per_day",
                                              "member_h_per_year"};

bool party_at_work(const RunData& run) {
  for (const std::string_view metric : {"member_h_per_year", "linked_household_share", "unit_h_per_year"}) {
    if (!run.metrics.contains(metric)) return false;  // a run from before party organisation
    if (run.summary(metric).mean > 0.0) return true;
  }
  return false;
}

std::vector<std::string_view> answer_metrics(const std::vector<RunData>& runs) {
  std::vector<std::string_view> rows(std::begin(kAnswerMetrics), std::end(kAnswerMetrics));
  const auto has_party_metrics = [](const RunData& r) { return r.metrics.contains("member_h_per_year"); };
  if (std::any_of(runs.begin(), runs.end(), party_at_work) && std::all_of(runs.begin(), runs.end(), has_party_metrics))
    rows.insert(rows.end() - 1, std::begin(kPartyMetrics), std::end(kPartyMetrics));
  return rows;
}

// Tableau 10: distinct, print-safe scenario colours; the baseline takes the first.
constexpr const char* kPalette[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
const char* colour(std::size_t i) { return kPalette[i % std::size(kPalette)]; }


// A number as it reads back in JavaScript: the shortest round-trip form; "" for NaN.
std::string attr_number(double v) { return std::isfinite(v) ? fmt::format("{}", v) : std::string(); }

// NaN and infinities become JSON null (Vega treats them as missing).
Json num(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

struct MetricText {
  std::string label, unit;
};

MetricText metric_text(std::string_view metric, Lang lang) {
  for (const MetricDef& m : metric_defs()) {
    if (m.name == metric) return {std::string(lang == Lang::zh ? m.zh : m.en), std::string(m.unit)};
  }
  throw std::out_of_range("report: unknown metric " + std::string(metric));
}

std::string method_text(DiffMethod m, Lang lang) {
  switch (m) {
    case DiffMethod::paired: return std::string(tr(lang, "method_paired"));
    case DiffMethod::welch: return std::string(tr(lang, "method_welch"));
  }
  return {};
}

// "better" / "worse" / "unclear" for a change of `metric`.
std::string_view verdict(const Delta& d, std::string_view metric) {
  if (!d.clear) return "unclear";
  return (d.diff > 0.0) == higher_is_better(metric) ? "better" : "worse";
}

std::string arrow(double diff) { return diff > 0.0 ? "▲" : diff < 0.0 ? "▼" : "●"; }

// d3-geo, which Vega uses for longitude/latitude shapes, takes a ring's interior to be on the
// right of its direction (exterior rings clockwise, holes counter-clockwise); RFC 7946 GeoJSON
// winds them the other way, which d3 reads as "the whole globe but this grid". Rewinds the
// rings of a Polygon or MultiPolygon the way d3 wants; other geometries are left alone.
void rewind_for_d3(nlohmann::json& geometry) {
  const auto signed_area = [](const nlohmann::json& ring) {
    double a = 0.0;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
      a += ring[i][0].get<double>() * ring[i + 1][1].get<double>() - ring[i + 1][0].get<double>() * ring[i][1].get<double>();
    }
    return a / 2.0;  // > 0: counter-clockwise with x east and y north
  };
  const auto rewind_polygon = [&](nlohmann::json& rings) {
    if (!rings.is_array()) return;
    for (std::size_t r = 0; r < rings.size(); ++r) {
      auto& ring = rings[r];
      if (!ring.is_array() || ring.size() < 4) continue;
      bool numeric = true;
      for (const auto& pt : ring) numeric = numeric && pt.is_array() && pt.size() >= 2 && pt[0].is_number() && pt[1].is_number();
      if (!numeric) continue;
      const bool ccw = signed_area(ring) > 0.0;
      if ((r == 0) == ccw) std::reverse(ring.begin(), ring.end());
    }
  };
  if (!geometry.is_object() || !geometry.contains("coordinates")) return;
  const std::string type = geometry.value("type", std::string());
  if (type == "Polygon") {
    rewind_polygon(geometry["coordinates"]);
  } else if (type == "MultiPolygon" && geometry["coordinates"].is_array()) {
    for (auto& polygon : geometry["coordinates"]) rewind_polygon(polygon);
  }
}

// A scenario's name in the charts. Vega-Lite writes sort orders and filters as Vega
// expressions with JSON.stringify, which leaves U+2028 and U+2029 raw, and Vega's expression
// parser takes them for line ends ("Unexpected token ILLEGAL": the chart fails). The embedded
// JSON escapes them already (script_json); in chart labels they are shown as spaces, made
// unique again if that makes two names the same. Tables show the name as it is.
std::vector<std::string> chart_labels(const std::vector<RunData>& runs) {
  std::vector<std::string> out;
  for (const RunData& r : runs) {
    std::string label;
    for (std::size_t i = 0; i < r.label.size(); ++i) {
      if (r.label.compare(i, 3, "\xE2\x80\xA8") == 0 || r.label.compare(i, 3, "\xE2\x80\xA9") == 0) {
        label += ' ';
        i += 2;
      } else {
        label += r.label[i];
      }
    }
    std::string unique = label;
    for (int k = 2; std::find(out.begin(), out.end(), unique) != out.end(); ++k) unique = fmt::format("{} #{}", label, k);
    out.push_back(std::move(unique));
  }
  return out;
}

class Renderer {
 public:
  Renderer(const std::vector<RunData>& runs, const ReportOptions& options)
      : runs_(runs),
        lang_(options.lang),
        options_(options),
        base_(find_baseline(runs, options.baseline)),
        answer_metrics_(answer_metrics(runs)) {
    labels_ = chart_labels(runs_);
    for (const RunData& r : runs_) {
      rankings_.push_back(rank_streets(r, lang_ == Lang::zh));
      district_rankings_.push_back(rank_districts(r, lang_ == Lang::zh));
    }
  }

  std::string render() {
    std::string body;
    body += header();
    body += "<main>\n";
    body += answer_section();
    body += scenarios_section();
    body += charts_section();
    body += districts_section();
    body += streets_section();
    body += monthly_section();
    body += notes_section();
    body += "</main>\n";
    body += footer();

    return report_page_html(lang_, fmt::format("{} · {}", tr(lang_, "doc_title"), runs_[base_].label), body, datasets_,
                            charts_);
  }

 private:
  static std::string esc(std::string_view s) { return html_escape(s); }

  std::string tr_s(std::string_view key) const { return std::string(tr(lang_, key)); }

  /// A run of more than one district (a city): its districts are ranked and its streets name theirs.
  bool is_city(std::size_t i) const { return district_rankings_[i].size() > 1; }

  /// The ranks a street could hold (名次区间): "3", or "2–5".
  static std::string rank_range(const StreetRank& r) {
    return r.rank_best == r.rank_worst ? std::to_string(r.rank_best) : fmt::format("{}–{}", r.rank_best, r.rank_worst);
  }

  std::string swatch(std::size_t i) const {
    return fmt::format("<span class=\"swatch\" style=\"background:{}\"></span>", colour(i));
  }

  std::string header() const {
    std::string h = "<header class=\"masthead\">\n<div class=\"masthead-inner\">\n";
    h += fmt::format("<div class=\"eyebrow\">{}</div>\n", esc(tr(lang_, "eyebrow")));
    h += fmt::format("<h1>{}</h1>\n", esc(tr(lang_, "doc_title")));
    const std::string base = fmt::format("<strong class=\"scenario-name\">{}</strong>", esc(runs_[base_].label));
    h += "<p class=\"subtitle\">";
    h += runs_.size() > 1 ? trf(lang_, "subtitle", runs_.size(), base) : trf(lang_, "subtitle_one", base);
    h += "</p>\n<ul class=\"chips\">\n";
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      h += fmt::format("<li class=\"chip\">{}<span class=\"scenario-name\">{}</span>{}</li>\n", swatch(i),
                       esc(runs_[i].label),
                       i == base_ ? fmt::format(" <span class=\"tag\">{}</span>", esc(tr(lang_, "baseline"))) : "");
    }
    h += "</ul>\n";
    h += fmt::format("<button type=\"button\" class=\"print-button no-print\" onclick=\"window.print()\">{}</button>\n",
                     esc(tr(lang_, "print")));
    h += "</div>\n</header>\n";
    return h;
  }

  std::string delta_span(const RunData& run, std::string_view metric, const std::string& unit) const {
    const Delta d = compare_metric(run, runs_[base_], metric);
    const std::string_view v = verdict(d, metric);
    const std::string change = format_difference(d.diff, unit, lang_);
    const std::string rel = std::isfinite(d.relative) ? fmt::format(" ({})", format_relative(d.relative)) : "";
    const std::string title = trf(lang_, "delta_title", change + rel, format_difference(d.lo, unit, lang_),
                                  format_difference(d.hi, unit, lang_), method_text(d.method, lang_));
    return fmt::format(
        "<span class=\"delta {}\" data-verdict=\"{}\" data-diff=\"{}\" data-lo=\"{}\" data-hi=\"{}\" "
        "title=\"{}\">{} {}{}</span>",
        v, v, attr_number(d.diff), attr_number(d.lo), attr_number(d.hi), esc(title),
        v == "unclear" ? "○" : arrow(d.diff), esc(change), esc(rel));
  }

  /// Scenarios whose backlog or hidden problems trend over the measured period (drifts()): their
  /// rates describe a district in transition, whatever the table says.
  std::string drift_warnings() const {
    std::string s;
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      for (const Drift& d : drifts(runs_[i])) {
        if (!d.drifts) continue;
        const std::string change = fmt::format("{:+.0f}%", 100.0 * d.change.mean);
        const std::string ci = std::isfinite(d.change.lo)
                                   ? fmt::format(" [{:+.0f}%, {:+.0f}%]", 100.0 * d.change.lo, 100.0 * d.change.hi)
                                   : "";
        const std::string days = format_fixed(runs_[i].days - runs_[i].warmup_days, 0);
        const std::string text =
            d.follows_demand
                ? trf(lang_, "drift_follows_demand", runs_[i].label, tr_s(d.quantity == "backlog" ? "q_backlog" : "q_hidden"),
                      change + ci, days, fmt::format("{:+.0f}%", 100.0 * d.arrivals_change))
                : trf(lang_, d.quantity == "backlog" ? "drift_backlog" : "drift_hidden", runs_[i].label, change + ci, days);
        s += fmt::format("<p class=\"warning drift\" data-scenario=\"{}\" data-quantity=\"{}\" data-follows-demand=\"{}\">{}</p>\n",
                         i, d.quantity, d.follows_demand, esc(text));
      }
    }
    return s;
  }

  std::string answer_section() const {
    std::string s = "<section id=\"answer\" class=\"card answer\">\n";
    s += fmt::format("<h2>{}</h2>\n", esc(tr(lang_, "answer_title")));
    s += ranked_options();
    s += drift_warnings();
    s += spread_lines();
    s += fmt::format("<p class=\"lead\">{}</p>\n", esc(tr(lang_, "answer_lead")));
    s += findings();
    s += "<div class=\"table-wrap\"><table id=\"summary\" class=\"summary\">\n<thead><tr>";
    s += fmt::format("<th class=\"metric\">{}</th>", esc(tr(lang_, "col_metric")));
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      s += fmt::format("<th class=\"scenario\" data-scenario=\"{}\">{}<span class=\"scenario-name\">{}</span>{}</th>", i,
                       swatch(i), esc(runs_[i].label),
                       i == base_ ? fmt::format("<span class=\"tag\">{}</span>", esc(tr(lang_, "baseline"))) : "");
    }
    s += "</tr></thead>\n<tbody>\n";
    for (const std::string_view metric : answer_metrics_) {
      const MetricText mt = metric_text(metric, lang_);
      s += fmt::format("<tr data-metric=\"{}\"><th class=\"metric\" scope=\"row\">{}<span class=\"direction\">{}</span></th>",
                       metric, esc(mt.label),
                       esc(tr(lang_, higher_is_better(metric) ? "higher_better" : "lower_better")));
      for (std::size_t i = 0; i < runs_.size(); ++i) {
        const Interval ci = runs_[i].summary(metric);
        s += fmt::format("<td class=\"cell\" data-metric=\"{}\" data-scenario=\"{}\" data-mean=\"{}\" data-lo=\"{}\" "
                         "data-hi=\"{}\"><span class=\"v\">{}</span>",
                         metric, i, attr_number(ci.mean), attr_number(ci.lo), attr_number(ci.hi),
                         esc(format_value(ci.mean, mt.unit, lang_)));
        s += fmt::format("<span class=\"ci\">[{}, {}]</span>", esc(format_value(ci.lo, mt.unit, lang_)),
                         esc(format_value(ci.hi, mt.unit, lang_)));
        if (i == base_) {
          s += fmt::format("<span class=\"delta base\">{}</span>", esc(tr(lang_, "baseline")));
        } else {
          s += delta_span(runs_[i], metric, mt.unit);
        }
        s += "</td>";
      }
      s += "</tr>\n";
    }
    s += "</tbody>\n</table></div>\n";
    s += fmt::format(
        "<p class=\"legend\"><span class=\"delta better\">▲▼ {}</span> <span class=\"delta worse\">▲▼ {}</span> "
        "<span class=\"delta unclear\">○ {}</span></p>\n",
        esc(tr(lang_, "legend_better")), esc(tr(lang_, "legend_worse")), esc(tr(lang_, "legend_unclear")));
    s += "</section>\n";
    return s;
  }

  /// The answer first: every option against the baseline, ranked by the change in the three-rate
  /// score, with the change in total cost and the cost of each point gained; then the best value
  /// and, given a budget, the best buy within it. Runs without the metrics (older outputs) skip it.
  std::string ranked_options() const {
    if (runs_.size() < 2) return {};
    struct Option {
      std::size_t run;
      Delta score, cost;
      std::string verdict;  ///< better, worse, negligible, unclear
    };
    std::vector<Option> options;
    const double threshold = options_.practical_threshold_points;
    try {
      for (std::size_t i = 0; i < runs_.size(); ++i) {
        if (i == base_) continue;
        Option o{i, compare_metric(runs_[i], runs_[base_], "three_rate_score"), compare_metric(runs_[i], runs_[base_], kCostMetric), ""};
        const double points = 100.0 * o.score.diff;
        const bool clear_up = o.score.lo > 0.0, clear_down = o.score.hi < 0.0;
        o.verdict = (clear_up || clear_down) && std::abs(points) < threshold ? "negligible"
                    : clear_up                                              ? "better"
                    : clear_down                                            ? "worse"
                                                                            : "unclear";
        options.push_back(o);
      }
    } catch (const ReportInputError&) {
      return {};  // run directories from before the cost model: the table below still answers
    }
    std::stable_sort(options.begin(), options.end(), [](const Option& a, const Option& b) { return a.score.diff > b.score.diff; });
    const auto points = [&](double d) { return fmt::format("{:+.2f}", 100.0 * d); };
    const auto yuan = [&](double v) { return format_difference(v, "yuan", lang_); };
    std::string s = fmt::format("<h3>{}</h3>\n<p class=\"lead small\">{}</p>\n", esc(tr(lang_, "ranked_title")),
                                esc(trf(lang_, "ranked_lead", fmt::format("{:g}", threshold))));
    s += "<div class=\"table-wrap\"><table id=\"ranked\" class=\"summary ranked\">\n<thead><tr>";
    for (const char* k : {"col_position", "col_option", "col_score_change", "col_cost_change", "col_per_point", "col_verdict"})
      s += fmt::format("<th{}>{}</th>", std::string_view(k) == "col_option" ? " class=\"metric\"" : " style=\"white-space:nowrap\"",
                       esc(tr(lang_, k)));
    s += "</tr></thead>\n<tbody>\n";
    const Option* best = nullptr;
    double best_per_point = std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < options.size(); ++k) {
      const Option& o = options[k];
      std::string per_point = "–";
      if (o.verdict == "better") {
        const double cost = o.cost.diff, per = cost / (100.0 * o.score.diff);
        per_point = cost <= 0.0 ? tr_s("saves") : yuan(per);
        const double rank_key = cost <= 0.0 ? -1.0 / (100.0 * o.score.diff) : per;  // free gains first, the larger the better
        if (rank_key < best_per_point) {
          best_per_point = rank_key;
          best = &o;
        }
      }
      const char* css = o.verdict == "better" ? "better" : o.verdict == "worse" ? "worse" : "unclear";
      s += fmt::format("<tr data-scenario=\"{}\" data-verdict=\"{}\"><td>{}</td><td class=\"left\" style=\"white-space:nowrap\">{}<span class=\"scenario-name\">{}</span></td>"
                       "<td>{} <span class=\"ci\">[{}, {}]</span></td><td>{} <span class=\"ci\">[{}, {}]</span></td><td>{}</td>"
                       "<td style=\"white-space:nowrap\"><span class=\"verdict {}\">{}</span></td></tr>\n",
                       o.run, o.verdict, k + 1, swatch(o.run), esc(runs_[o.run].label), points(o.score.diff), points(o.score.lo),
                       points(o.score.hi), esc(yuan(o.cost.diff)), esc(yuan(o.cost.lo)), esc(yuan(o.cost.hi)),
                       esc(per_point), css, esc(tr_s(o.verdict)));
    }
    s += "</tbody></table></div>\n";
    const std::string fmt_threshold = fmt::format("{:g}", threshold);
    if (best) {
      const std::string pts = fmt::format("{:.2f}", 100.0 * best->score.diff);
      s += fmt::format("<p class=\"lead best-value\">{}</p>\n",
                       best->cost.diff <= 0.0
                           ? esc(trf(lang_, "best_free", runs_[best->run].label, pts, format_value(-best->cost.diff, "yuan", lang_)))
                           : esc(trf(lang_, "best_value", runs_[best->run].label, pts, format_value(best->cost.diff, "yuan", lang_),
                                     format_value(best->cost.diff / (100.0 * best->score.diff), "yuan", lang_))));
    } else {
      s += fmt::format("<p class=\"lead best-value\">{}</p>\n", esc(trf(lang_, "no_gain", fmt_threshold)));
    }
    if (std::isfinite(options_.budget_yuan_per_year)) {
      const Option* buy = nullptr;
      for (const Option& o : options)
        if (o.verdict == "better" && o.cost.diff <= options_.budget_yuan_per_year && (!buy || o.score.diff > buy->score.diff)) buy = &o;
      const std::string budget = format_value(options_.budget_yuan_per_year, "yuan", lang_);
      s += fmt::format("<p class=\"lead budget-line\">{}</p>\n",
                       buy ? esc(trf(lang_, "budget_line", budget, runs_[buy->run].label, fmt::format("{:.2f}", 100.0 * buy->score.diff),
                                     format_difference(buy->cost.diff, "yuan", lang_)))
                           : esc(trf(lang_, "budget_none", budget)));
    }
    return s;
  }

  /// For each run with an `uncertainty:` block: how much of the three-rate score's spread across
  /// replications the uncertain parameters explain, and which drives it most; the rest is chance.
  std::string spread_lines() const {
    std::string s;
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      std::optional<SpreadSources> src;
      try {
        src = spread_sources(runs_[i], "three_rate_score");
      } catch (const ReportInputError&) {
      }
      if (!src) continue;
      std::string top;
      const std::string sep = lang_ == Lang::zh ? "、" : ", ";
      for (std::size_t k = 0; k < src->by_key.size() && k < 3; ++k)
        top += (k ? sep : "") + fmt::format("<code>{}</code> {:.0f}%", esc(src->by_key[k].first), 100.0 * src->by_key[k].second);
      s += fmt::format("<p class=\"lead spread\" data-scenario=\"{}\" data-top=\"{}\">{}</p>\n", i,
                       esc(src->by_key.empty() ? "" : src->by_key.front().first),
                       trf(lang_, "spread_line", esc(runs_[i].label), fmt::format("{:.0f}", 100.0 * src->parameters), top,
                           fmt::format("{:.0f}", 100.0 * (1.0 - src->parameters))));
    }
    return s;
  }

  // One line per scenario: what got clearly better, clearly worse, and what did not clearly
  // change, then the streets falling behind.
  std::string findings() const {
    std::string s = "<ul class=\"findings\">\n";
    if (runs_.size() == 1) s += fmt::format("<li>{}</li>\n", esc(tr(lang_, "only_one")));
    const std::string sep = lang_ == Lang::zh ? "、" : ", ";
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      std::vector<std::string> better, worse, unclear;
      if (i != base_) {
        for (const std::string_view metric : answer_metrics_) {
          const MetricText mt = metric_text(metric, lang_);
          const Delta d = compare_metric(runs_[i], runs_[base_], metric);
          const std::string_view v = verdict(d, metric);
          std::string item = esc(mt.label);
          if (v != "unclear") {
            item += fmt::format(" <span class=\"num\">{}{}</span>", esc(format_difference(d.diff, mt.unit, lang_)),
                                std::isfinite(d.relative) ? esc(fmt::format(" ({})", format_relative(d.relative))) : "");
          }
          (v == "better" ? better : v == "worse" ? worse : unclear).push_back(std::move(item));
        }
      }
      std::vector<std::string> behind, districts_behind;
      for (const StreetRank& r : rankings_[i]) {
        if (r.behind) behind.push_back(esc(r.name));
      }
      if (is_city(i))
        for (const StreetRank& r : district_rankings_[i])
          if (r.behind) districts_behind.push_back(esc(r.name));
      if (i == base_ && behind.empty() && districts_behind.empty()) continue;
      const auto join = [&](const std::vector<std::string>& items) {
        std::string out;
        for (const std::string& it : items) out += (out.empty() ? "" : sep) + it;
        return out.empty() ? esc(tr(lang_, "no_change_list")) : out;
      };
      s += fmt::format("<li data-scenario=\"{}\">{}<strong class=\"scenario-name\">{}</strong>", i, swatch(i),
                       esc(runs_[i].label));
      if (i == base_) s += fmt::format(" <span class=\"tag\">{}</span>", esc(tr(lang_, "baseline")));
      s += "<div class=\"finding-lines\">";
      if (i != base_) {
        s += fmt::format("<div><span class=\"verdict better\">▲ {}</span> {}</div>", esc(tr(lang_, "better")), join(better));
        s += fmt::format("<div><span class=\"verdict worse\">▼ {}</span> {}</div>", esc(tr(lang_, "worse")), join(worse));
        s += fmt::format("<div><span class=\"verdict unclear\">○ {}</span> {}</div>", esc(tr(lang_, "unclear")),
                         join(unclear));
      }
      if (!districts_behind.empty()) {
        s += fmt::format("<div><span class=\"badge behind\">{}</span> {}</div>", esc(tr(lang_, "districts_behind_list")),
                         join(districts_behind));
      }
      if (!behind.empty()) {
        s += fmt::format("<div><span class=\"badge behind\">{}</span> {}</div>", esc(tr(lang_, "behind_list")),
                         join(behind));
      }
      s += "</div></li>\n";
    }
    s += "</ul>\n";
    return s;
  }

  std::string scenarios_section() const {
    std::string s = fmt::format("<section id=\"scenarios\" class=\"card\">\n<h2>{}</h2>\n<div class=\"scenario-cards\">\n",
                                esc(tr(lang_, "scenarios_title")));
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      const RunData& r = runs_[i];
      s += fmt::format("<article class=\"scenario-card\" style=\"border-top-color:{}\">\n<h3>{}<span class=\"scenario-name\">{}</span>{}</h3>\n",
                       colour(i), swatch(i), esc(r.label),
                       i == base_ ? fmt::format(" <span class=\"tag\">{}</span>", esc(tr(lang_, "baseline"))) : "");
      const std::string& description = lang_ == Lang::zh && !r.description_zh.empty() ? r.description_zh : r.description;
      if (!description.empty()) s += fmt::format("<p class=\"description\">{}</p>\n", esc(description));
      s += fmt::format("<p class=\"meta\">{}</p>\n",
                       esc(trf(lang_, "run_shape", r.replications, format_fixed(r.days, 0),
                               format_fixed(r.warmup_days, 0), r.seed)));
      s += fmt::format("<p class=\"meta\">{}</p>\n",
                       esc(trf(lang_, "staff_line", format_value(static_cast<double>(r.grid_workers), "count", lang_),
                               format_value(static_cast<double>(r.community_staff), "count", lang_),
                               format_value(static_cast<double>(r.street_centre_staff), "count", lang_),
                               format_value(static_cast<double>(r.department_crews), "count", lang_))));
      if (i != base_) {
        const DiffMethod m = common_random_numbers(r, runs_[base_]) ? DiffMethod::paired : DiffMethod::welch;
        s += fmt::format("<p class=\"meta method\" data-method=\"{}\">{}</p>\n",
                         m == DiffMethod::paired ? "paired" : "welch",
                         esc(trf(lang_, "compared_by", method_text(m, lang_))));
      }
      s += fmt::format("<p class=\"meta path\">{}: <code>{}</code></p>\n</article>\n", esc(tr(lang_, "run_dir")),
                       esc(r.dir.string()));
    }
    s += "</div>\n</section>\n";
    return s;
  }

  // ------------------------------------------------------------------------------------
  // Charts: Vega-Lite specs with named datasets; report.js embeds them.

  Json scenario_colour_scale() const {
    Json domain = Json::array(), range = Json::array();
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      domain.push_back(labels_[i]);
      range.push_back(colour(i));
    }
    return {{"domain", domain}, {"range", range}};
  }

  Json scenario_colour(bool legend) const {
    Json c = {{"field", "scenario"}, {"type", "nominal"}, {"scale", scenario_colour_scale()},
              {"title", tr(lang_, "tt_scenario")}};
    if (!legend) c["legend"] = nullptr;
    return c;
  }

  void add_chart(const std::string& id, Json spec, std::vector<std::string> datasets) {
    charts_.push_back(chart_entry(id, std::move(spec), datasets));
  }

  static std::string figure(const std::string& id, const std::string& title, const std::string& caption) {
    return chart_figure(id, title, caption);
  }

  /// Per scenario (its daily series): is its backlog steady, or does it follow demand, or grow
  /// (steady_state.h)?
  std::string steady_state_lines(const std::vector<std::vector<DailyPoint>>& series) const {
    std::string s;
    const bool zh = lang_ == Lang::zh;
    const auto pct = [](double ratio) { return std::isfinite(ratio) ? fmt::format("{:+.1f}%", 100.0 * (ratio - 1.0)) : std::string("–"); };
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      std::vector<double> backlog, arrivals;
      for (const DailyPoint& p : series[i]) {
        backlog.push_back(p.backlog.mean);
        arrivals.push_back(p.arrivals_mean);
      }
      const SteadyState st = steady_state(backlog, arrivals);
      s += fmt::format("<p class=\"caption steady steady-{}\">{}</p>\n",
                       st.verdict == SteadyState::Verdict::growing ? "no" : "yes",
                       esc(trf(lang_, "steady_line", labels_[i], pct(st.backlog_ratio), pct(st.arrivals_ratio),
                               pct(st.time_in_system_ratio), steady_state_label(st.verdict, zh))));
    }
    return s;
  }

  std::string charts_section() {
    std::string s;
    // Daily series.
    Json daily = Json::array();
    std::vector<std::vector<DailyPoint>> series;
    for (const RunData& run : runs_) series.push_back(daily_series(run));
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      for (const DailyPoint& p : series[i]) {
        daily.push_back({{"scenario", labels_[i]}, {"day", p.day}, {"backlog", num(p.backlog.mean)},
                         {"lo", num(p.backlog.lo)}, {"hi", num(p.backlog.hi)},
                         {"satisfaction", num(p.satisfaction_7d)}});
      }
    }
    datasets_["daily"] = std::move(daily);
    const double warmup = runs_[base_].warmup_days;
    const Json x_day = {{"field", "day"}, {"type", "quantitative"}, {"title", tr(lang_, "axis_day")}};
    const Json warmup_rule = {
        {"data", {{"values", Json::array({{{"day", warmup}, {"label", tr(lang_, "warmup_end")}}})}}},
        {"layer",
         Json::array({{{"mark", {{"type", "rule"}, {"strokeDash", {4, 4}}, {"color", "#7b8794"}}},
                       {"encoding", {{"x", {{"field", "day"}, {"type", "quantitative"}}}}}},
                      {{"mark", {{"type", "text"}, {"align", "left"}, {"baseline", "top"}, {"dx", 4}, {"dy", 4},
                                 {"color", "#7b8794"}, {"fontSize", 10}}},
                       {"encoding", {{"x", {{"field", "day"}, {"type", "quantitative"}}},
                                     {"y", {{"value", 0}}},
                                     {"text", {{"field", "label"}}}}}}})}};
    add_chart("backlog",
              {{"width", 760},
               {"height", 240},
               {"data", {{"name", "daily"}}},
               {"layer",
                Json::array({{{"mark", {{"type", "area"}, {"opacity", 0.18}}},
                              {"encoding", {{"x", x_day},
                                            {"y", {{"field", "lo"}, {"type", "quantitative"}, {"title", tr(lang_, "axis_backlog")}}},
                                            {"y2", {{"field", "hi"}}},
                                            {"color", scenario_colour(true)}}}},
                             {{"mark", {{"type", "line"}, {"strokeWidth", 2}}},
                              {"encoding", {{"x", x_day},
                                            {"y", {{"field", "backlog"}, {"type", "quantitative"}, {"title", tr(lang_, "axis_backlog")}}},
                                            {"color", scenario_colour(true)},
                                            {"tooltip", Json::array({{{"field", "scenario"}, {"title", tr(lang_, "tt_scenario")}},
                                                                     {{"field", "day"}, {"title", tr(lang_, "axis_day")}},
                                                                     {{"field", "backlog"}, {"title", tr(lang_, "axis_backlog")}, {"format", ",.1f"}}})}}}},
                             warmup_rule})}},
              {"daily"});
    add_chart("satisfaction",
              {{"width", 760},
               {"height", 220},
               {"data", {{"name", "daily"}}},
               {"layer",
                Json::array({{{"mark", {{"type", "line"}, {"strokeWidth", 2}}},
                              {"encoding", {{"x", x_day},
                                            {"y", {{"field", "satisfaction"}, {"type", "quantitative"},
                                                   {"title", tr(lang_, "axis_satisfaction")}, {"scale", {{"zero", false}}},
                                                   {"axis", {{"format", ".1%"}, {"tickCount", 6}}}}},
                                            {"color", scenario_colour(true)},
                                            {"tooltip", Json::array({{{"field", "scenario"}, {"title", tr(lang_, "tt_scenario")}},
                                                                     {{"field", "day"}, {"title", tr(lang_, "axis_day")}},
                                                                     {{"field", "satisfaction"}, {"title", tr(lang_, "axis_satisfaction")}, {"format", ".1%"}}})}}}},
                             warmup_rule})}},
              {"daily"});
    s += fmt::format("<section id=\"trends\" class=\"card\">\n<h2>{}</h2>\n", esc(tr(lang_, "trends_title")));
    s += figure("backlog", tr_s("chart_backlog_title"), tr_s("chart_backlog_caption"));
    s += steady_state_lines(series);
    s += figure("satisfaction", tr_s("chart_satisfaction_title"), tr_s("chart_satisfaction_caption"));
    s += "</section>\n";

    // Response times across grids.
    std::vector<TileMap> maps;
    for (const RunData& r : runs_) maps.push_back(tile_map(r, lang_ == Lang::zh));
    Json response = Json::array();
    const std::string m_mean = tr_s("measure_mean"), m_p90 = tr_s("measure_p90");
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      for (const GridTile& t : maps[i].tiles) {
        if (std::isfinite(t.response_time_mean_h))
          response.push_back({{"scenario", labels_[i]}, {"measure", m_mean}, {"hours", t.response_time_mean_h}});
        if (std::isfinite(t.response_time_p90_h))
          response.push_back({{"scenario", labels_[i]}, {"measure", m_p90}, {"hours", t.response_time_p90_h}});
      }
    }
    datasets_["response"] = std::move(response);
    Json scenario_axis = {{"field", "scenario"}, {"type", "nominal"}, {"title", nullptr},
                          {"sort", labels_}, {"axis", {{"labelLimit", 160}}}};
    add_chart("response",
              {{"data", {{"name", "response"}}},
               {"facet", {{"column", {{"field", "measure"}, {"type", "nominal"}, {"title", nullptr},
                                      {"sort", Json::array({m_mean, m_p90})}}}}},
               {"spec", {{"width", 330},
                         {"height", std::max<int>(90, 36 * static_cast<int>(runs_.size()))},
                         {"mark", {{"type", "boxplot"}, {"extent", 1.5}, {"size", 18}}},
                         {"encoding", {{"x", {{"field", "hours"}, {"type", "quantitative"}, {"title", tr(lang_, "axis_hours")}}},
                                       {"y", scenario_axis},
                                       {"color", scenario_colour(false)}}}}},
               {"resolve", {{"scale", {{"x", "independent"}}}}}},
              {"response"});
    s += fmt::format("<section id=\"response\" class=\"card\">\n<h2>{}</h2>\n", esc(tr(lang_, "response_title")));
    s += figure("response", tr_s("chart_response_title"), tr_s("chart_response_caption"));
    s += "</section>\n";

    // Maps.
    const bool geo = std::all_of(runs_.begin(), runs_.end(), [](const RunData& r) { return r.geojson.has_value(); });
    const MetricText util = metric_text("worker_utilization", lang_), sat = metric_text("satisfaction_rate", lang_);
    s += fmt::format("<section id=\"map\" class=\"card\">\n<h2>{}</h2>\n<div class=\"map-pair\">\n", esc(tr(lang_, "map_title")));
    if (geo) {
      geo_dataset(maps);
      add_chart("map_load", geo_spec("worker_utilization", util.label, "yelloworangered"), {"geo", "geo_shapes", "geo_outlines"});
      add_chart("map_satisfaction", geo_spec("satisfaction_rate", sat.label, "redyellowgreen"),
                {"geo", "geo_shapes", "geo_outlines"});
    } else {
      tiles_dataset(maps);
      add_chart("map_load", tiles_spec(maps, "worker_utilization", util.label, "yelloworangered"), {"tiles"});
      add_chart("map_satisfaction", tiles_spec(maps, "satisfaction_rate", sat.label, "redyellowgreen"), {"tiles"});
    }
    const bool generated = geo && std::any_of(runs_.begin(), runs_.end(), [](const RunData& r) {
      return is_generated_grid_map(*r.geojson);
    });
    const std::string caption = tr_s(!geo ? "map_tiles_caption" : generated ? "map_generated_caption" : "map_geo_caption");
    s += figure("map_load", util.label, caption);
    s += figure("map_satisfaction", sat.label, caption);
    s += "</div>\n</section>\n";
    return s;
  }

  /// `with_community`: the shapes of a map name their community (tiles do not).
  Json tooltip_fields(bool with_community = false) const {
    Json fields = Json::array({{{"field", "scenario"}, {"title", tr(lang_, "tt_scenario")}},
                        {{"field", "grid"}, {"title", tr(lang_, "tt_grid")}},
                        {{"field", "street"}, {"title", tr(lang_, "tt_street")}},
                        {{"field", "residents"}, {"title", tr(lang_, "tt_residents")}, {"format", ","}},
                        {{"field", "worker_utilization"}, {"title", metric_text("worker_utilization", lang_).label}, {"format", ".1%"}},
                        {{"field", "satisfaction_rate"}, {"title", metric_text("satisfaction_rate", lang_).label}, {"format", ".1%"}},
                        {{"field", "response_time_mean_h"}, {"title", tr(lang_, "tt_rt")}, {"format", ".1f"}},
                        {{"field", "cases_created"}, {"title", tr(lang_, "tt_cases")}, {"format", ",.0f"}}});
    if (with_community)
      fields.insert(fields.begin() + 3, Json::object({{"field", "community"}, {"title", tr(lang_, "tt_community")}}));
    return fields;
  }

  Json facet_by_scenario() const {
    return {{"field", "scenario"}, {"type", "nominal"}, {"title", nullptr}, {"sort", labels_},
            {"header", {{"labelLimit", 320}}}};
  }

  Json colour_by(std::string_view field, const std::string& title, std::string_view scheme) const {
    // Undefined values (no ratings in a grid) are drawn grey, not in the scale's lowest colour.
    return {{"condition", {{"test", fmt::format("!isValid(datum['{}']) || !isFinite(datum['{}'])", field, field)},
                           {"value", "#d5d9de"}}},
            {"field", field},
            {"type", "quantitative"},
            {"title", title},
            {"scale", {{"scheme", scheme}}},
            {"legend", {{"format", ".0%"}, {"orient", "bottom"}, {"gradientLength", 260}}}};
  }

  void tiles_dataset(const std::vector<TileMap>& maps) {
    Json rows = Json::array();
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      for (const GridTile& t : maps[i].tiles) {
        rows.push_back({{"scenario", labels_[i]}, {"kind", "cell"},
                        {"x", t.x}, {"x2", t.x + 0.86}, {"y", t.y}, {"y2", t.y + 0.86},
                        {"grid", t.name}, {"street", t.street_name}, {"residents", t.residents},
                        {"worker_utilization", num(t.worker_utilization)},
                        {"satisfaction_rate", num(t.satisfaction_rate)},
                        {"response_time_mean_h", num(t.response_time_mean_h)},
                        {"cases_created", num(t.cases_created)}});
      }
      for (const StreetBlock& b : maps[i].streets) {
        rows.push_back({{"scenario", labels_[i]}, {"kind", "label"}, {"x", b.x}, {"y", b.y + 1.4},
                        {"label", b.name}});
      }
    }
    datasets_["tiles"] = std::move(rows);
  }

  Json tiles_spec(const std::vector<TileMap>& maps, std::string_view field, const std::string& title,
                  std::string_view scheme) const {
    int w = 1, h = 1;
    for (const TileMap& m : maps) {
      w = std::max(w, m.width);
      h = std::max(h, m.height);
    }
    const int columns = runs_.size() > 1 ? 2 : 1;
    const int width = columns == 2 ? 450 : 720;
    const int height = std::max(80, static_cast<int>(std::lround(static_cast<double>(width) * h / w)));
    const Json xs = {{"domain", {0, w}}, {"nice", false}, {"zero", false}};
    const Json ys = {{"domain", {0, h}}, {"nice", false}, {"zero", false}, {"reverse", true}};
    return {{"data", {{"name", "tiles"}}},
            {"facet", facet_by_scenario()},
            {"columns", columns},
            {"spec",
             {{"width", width},
              {"height", height},
              {"layer",
               Json::array({{{"transform", Json::array({{{"filter", "datum.kind === 'cell'"}}})},
                             {"mark", {{"type", "rect"}, {"invalid", "show"}}},
                             {"encoding", {{"x", {{"field", "x"}, {"type", "quantitative"}, {"axis", nullptr}, {"scale", xs}}},
                                           {"x2", {{"field", "x2"}}},
                                           {"y", {{"field", "y"}, {"type", "quantitative"}, {"axis", nullptr}, {"scale", ys}}},
                                           {"y2", {{"field", "y2"}}},
                                           {"color", colour_by(field, title, scheme)},
                                           {"tooltip", tooltip_fields()}}}},
                            {{"transform", Json::array({{{"filter", "datum.kind === 'label'"}}})},
                             {"mark", {{"type", "text"}, {"align", "left"}, {"baseline", "middle"}, {"fontSize", 9},
                                       {"color", "#52606d"}, {"limit", 90}}},
                             {"encoding", {{"x", {{"field", "x"}, {"type", "quantitative"}}},
                                           {"y", {{"field", "y"}, {"type", "quantitative"}}},
                                           {"text", {{"field", "label"}}}}}}})}}},
            {"resolve", {{"scale", {{"color", "shared"}}}}}};
  }

  // One GeoJSON feature per (scenario, grid), carrying the grid's values next to the shape.
  void geo_dataset(const std::vector<TileMap>& maps) {
    const bool lonlat = geo_projection().at("type") == "mercator";
    // Shapes are stored once per distinct map (runs of one world share it) and joined to each
    // scenario's values by key: ten scenarios of one district carry one copy of its grids.
    Json shapes = Json::array(), features = Json::array(), outlines = Json::array();
    std::vector<std::size_t> map_of(runs_.size());
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      map_of[i] = i;
      for (std::size_t j = 0; j < i; ++j)
        if (map_of[j] == j && runs_[j].geojson->at("features") == runs_[i].geojson->at("features")) {
          map_of[i] = j;
          break;
        }
    }
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      std::map<std::string, const GridTile*> by_name;
      for (const GridTile& t : maps[i].tiles) by_name[t.name] = &t;
      const bool first_of_its_map = map_of[i] == i;
      std::size_t n = 0;
      for (const auto& f : runs_[i].geojson->at("features")) {
        if (!f.is_object() || !f.contains("geometry")) continue;
        std::string grid;
        const nlohmann::json no_properties = nlohmann::json::object();
        const nlohmann::json& p = f.contains("properties") && f["properties"].is_object() ? f["properties"] : no_properties;
        if (p.contains("grid") && p["grid"].is_string()) grid = p["grid"].get<std::string>();
        if (p.contains("outline")) {
          // A street's outline (a generated map has them): drawn over the grids, with its name.
          nlohmann::json geometry = f["geometry"];
          if (lonlat) rewind_for_d3(geometry);
          const std::string zh = p.value("street_zh", std::string()), en = p.value("street", std::string());
          outlines.push_back({{"type", "Feature"}, {"geometry", geometry}, {"scenario", labels_[i]},
                              {"street", lang_ == Lang::zh && !zh.empty() ? zh : en},
                              {"lon", p.value("label_lon", 0.0)}, {"lat", p.value("label_lat", 0.0)}});
          continue;
        }
        const std::string key = fmt::format("{}/{}", map_of[i], n++);
        if (first_of_its_map) {
          nlohmann::json geometry = f["geometry"];
          if (lonlat) rewind_for_d3(geometry);
          shapes.push_back({{"key", key}, {"shape", {{"type", "Feature"}, {"geometry", geometry}}}});
        }
        Json feature = {{"key", key}, {"scenario", labels_[i]}, {"grid", grid}};
        // The community by name where the map has one (a generated map does, in both languages).
        const std::string community_zh = p.value("community_zh", std::string()), community = p.value("community", std::string());
        feature["community"] = lang_ == Lang::zh && !community_zh.empty() ? community_zh : community;
        if (const auto it = by_name.find(grid); it != by_name.end()) {
          const GridTile& t = *it->second;
          feature["street"] = t.street_name;
          feature["residents"] = t.residents;
          feature["worker_utilization"] = num(t.worker_utilization);
          feature["satisfaction_rate"] = num(t.satisfaction_rate);
          feature["response_time_mean_h"] = num(t.response_time_mean_h);
          feature["cases_created"] = num(t.cases_created);
        }
        features.push_back(std::move(feature));
      }
    }
    datasets_["geo_shapes"] = std::move(shapes);
    datasets_["geo"] = std::move(features);
    datasets_["geo_outlines"] = std::move(outlines);
  }

  // Longitude/latitude data is projected (Mercator); anything else is taken as planar.
  Json geo_projection() const {
    bool lonlat = true;
    const auto visit = [&](const auto& self, const nlohmann::json& c) -> void {
      if (!lonlat) return;
      if (c.is_array() && c.size() >= 2 && c[0].is_number()) {
        const double x = c[0].get<double>(), y = c[1].get<double>();
        if (std::fabs(x) > 180.0 || std::fabs(y) > 90.0) lonlat = false;
      } else if (c.is_array()) {
        for (const auto& e : c) self(self, e);
      }
    };
    for (const RunData& r : runs_) {
      for (const auto& f : r.geojson->at("features")) {
        if (f.contains("geometry") && f["geometry"].is_object() && f["geometry"].contains("coordinates"))
          visit(visit, f["geometry"]["coordinates"]);
      }
    }
    if (lonlat) return {{"type", "mercator"}};
    return {{"type", "identity"}, {"reflectY", true}};
  }

  // One view per scenario, concatenated: a faceted geoshape cannot fit its projection per
  // facet (Vega-Lite draws NaN paths), a concatenated view has its own projection.
  Json geo_spec(std::string_view field, const std::string& title, std::string_view scheme) const {
    const int columns = runs_.size() > 1 ? 2 : 1;
    const int width = columns == 2 ? 450 : 720;
    Json views = Json::array();
    for (const std::string& label : labels_) {
      const Json only_this = Json::array({{{"filter", {{"field", "scenario"}, {"equal", label}}}}});
      Json grid_transform = only_this;
      grid_transform.push_back(
          {{"lookup", "key"}, {"from", {{"data", {{"name", "geo_shapes"}}}, {"key", "key"}, {"fields", Json::array({"shape"})}}}});
      Json layers = Json::array(
          {{{"data", {{"name", "geo"}}},
            {"transform", std::move(grid_transform)},
            {"mark", {{"type", "geoshape"}, {"stroke", "#ffffff"}, {"strokeWidth", 0.5}, {"invalid", "show"}}},
            {"encoding", {{"shape", {{"field", "shape"}, {"type", "geojson"}}},
                          {"color", colour_by(field, title, scheme)},
                          {"tooltip", tooltip_fields(true)}}}}});
      if (datasets_.contains("geo_outlines") && !datasets_.at("geo_outlines").empty()) {
        layers.push_back({{"data", {{"name", "geo_outlines"}}},
                          {"transform", only_this},
                          {"mark", {{"type", "geoshape"}, {"filled", false}, {"stroke", "#1f2933"}, {"strokeWidth", 1.2}}}});
        // The street's name: a white halo, then the letters.
        for (const char* colour : {"#ffffff", "#1f2933"}) {
          Json mark = {{"type", "text"}, {"fontSize", 11}, {"fontWeight", "bold"}, {"color", colour}};
          if (colour[1] == 'f') mark.update({{"stroke", colour}, {"strokeWidth", 3}, {"strokeJoin", "round"}});
          layers.push_back({{"data", {{"name", "geo_outlines"}}},
                            {"transform", only_this},
                            {"mark", std::move(mark)},
                            {"encoding", {{"longitude", {{"field", "lon"}, {"type", "quantitative"}}},
                                          {"latitude", {{"field", "lat"}, {"type", "quantitative"}}},
                                          {"text", {{"field", "street"}}}}}});
        }
      }
      views.push_back({{"title", {{"text", label}, {"anchor", "middle"}, {"fontSize", 12}}},
                       {"width", width},
                       {"height", width * 3 / 4},
                       {"projection", geo_projection()},
                       {"layer", std::move(layers)}});
    }
    return {{"concat", std::move(views)},
            {"columns", columns},
            {"resolve", {{"scale", {{"color", "shared"}}}}}};
  }

  // ------------------------------------------------------------------------------------
  // Streets.

  /// Months with fewer measured days than this are left out of the monthly tables: a warm-up's
  /// tail or a run's last days are too few call-backs to rank streets on.
  static constexpr double kMonthMinDays = 14.0;

  std::string month_name(int calendar_month) const {
    static constexpr std::array<const char*, 12> en = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return lang_ == Lang::zh ? fmt::format("{}月", calendar_month) : en[static_cast<std::size_t>(calendar_month - 1)];
  }

  /// The three rates by month, as published monthly rankings show them: per scenario, every
  /// street's score and rank in each month (streets in the order of the last month); for the
  /// baseline also each month's table in the published form (rank, street, 响应率, 解决率,
  /// 满意率, score), with the range of ranks and the 落后 rule of the yearly ranking.
  std::string monthly_section() const {
    std::vector<std::vector<MonthRanking>> months(runs_.size());
    bool any = false;
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      for (MonthRanking& m : monthly_rankings(runs_[i], lang_ == Lang::zh))
        if (m.measured_days >= kMonthMinDays) months[i].push_back(std::move(m));
      any = any || !months[i].empty();
    }
    if (!any) return "";
    std::string s = fmt::format("<section id=\"monthly\" class=\"card\">\n<h2>{}</h2>\n<p class=\"lead small\">{}</p>\n",
                                esc(tr(lang_, "monthly_title")), esc(tr(lang_, "monthly_lead")));
    const auto score = [](const StreetRank& r) { return format_fixed(100.0 * r.score, 1); };
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      if (months[i].empty()) continue;
      const auto& ms = months[i];
      s += fmt::format("<details class=\"monthly\" data-scenario=\"{}\"{}>\n<summary>{}<span class=\"scenario-name\">{}</span></summary>\n",
                       i, i == base_ ? " open" : "", swatch(i), esc(runs_[i].label));
      s += "<div class=\"table-wrap\"><table class=\"rank-table month-matrix\">\n<thead><tr>";
      s += fmt::format("<th class=\"left\">{}</th>", esc(tr(lang_, "col_street")));
      for (const MonthRanking& m : ms)
        s += fmt::format("<th title=\"{}\">{}</th>", esc(trf(lang_, "month_tickets", format_fixed(m.tickets, 0))),
                         esc(month_name(m.calendar_month)));
      s += "</tr></thead>\n<tbody>\n";
      for (const StreetRank& last : ms.back().streets) {
        s += fmt::format("<tr><td class=\"left\">{}</td>", esc(last.name));
        for (const MonthRanking& m : ms) {
          const auto it = std::find_if(m.streets.begin(), m.streets.end(), [&](const StreetRank& r) { return r.name == last.name; });
          if (it == m.streets.end()) {
            s += "<td></td>";
            continue;
          }
          s += fmt::format("<td class=\"num{}\" title=\"{}\">{} <span class=\"ci\">({})</span></td>",
                           it->behind ? " behind" : "",
                           esc(trf(lang_, "month_cell", format_value(it->response.mean, "share", lang_),
                                   format_value(it->resolution.mean, "share", lang_),
                                   format_value(it->satisfaction.mean, "share", lang_),
                                   rank_range(*it))),
                           esc(score(*it)), it->rank);
        }
        s += "</tr>\n";
      }
      s += "</tbody>\n</table></div>\n";
      if (i == base_) {
        // Each month in the published form, the latest open.
        for (std::size_t k = ms.size(); k-- > 0;) {
          const MonthRanking& m = ms[k];
          s += fmt::format("<details class=\"month\" data-month=\"{}\"{}><summary>{}</summary>\n", m.month,
                           k + 1 == ms.size() ? " open" : "",
                           esc(trf(lang_, "month_table_title", month_name(m.calendar_month), format_fixed(m.tickets, 0))));
          s += "<table class=\"rank-table\">\n<thead><tr>";
          s += fmt::format("<th>{}</th><th class=\"left\">{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th></th>",
                           esc(tr(lang_, "col_rank")), esc(tr(lang_, "col_street")),
                           esc(metric_text("response_rate", lang_).label), esc(metric_text("resolution_rate", lang_).label),
                           esc(metric_text("satisfaction_rate", lang_).label), esc(tr(lang_, "col_score")),
                           esc(tr(lang_, "col_rank_range")));
          s += "</tr></thead>\n<tbody>\n";
          for (const StreetRank& r : m.streets) {
            s += fmt::format("<tr class=\"{}\"><td class=\"num rank\">{}</td><td class=\"left\">{}</td>",
                             r.behind ? "behind" : "", r.rank, esc(r.name));
            for (const Interval* v : {&r.response, &r.resolution, &r.satisfaction})
              s += fmt::format("<td class=\"num\">{}</td>", esc(format_value(v->mean, "share", lang_)));
            s += fmt::format("<td class=\"num score\">{}</td><td class=\"num rank-range\">{}</td><td>{}</td></tr>\n",
                             esc(format_fixed(100.0 * r.score, 2)),
                             rank_range(r),
                             r.behind ? fmt::format("<span class=\"badge behind\">{}</span>", esc(tr(lang_, "behind"))) : "");
          }
          s += "</tbody>\n</table>\n</details>\n";
        }
      }
      s += "</details>\n";
    }
    s += fmt::format("<p class=\"caption\">{}</p>\n</section>\n", esc(tr(lang_, "monthly_caption")));
    return s;
  }

  std::string streets_section() {
    // Street order: the baseline's ranking.
    std::map<std::string, int> order;
    for (const StreetRank& r : rankings_[base_]) order[r.name] = r.rank;
    const std::pair<std::string, std::string> rates[] = {
        {"response", metric_text("response_rate", lang_).label},
        {"resolution", metric_text("resolution_rate", lang_).label},
        {"satisfaction", metric_text("satisfaction_rate", lang_).label}};
    Json rows = Json::array();
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      for (const StreetRank& r : rankings_[i]) {
        const Interval* v[] = {&r.response, &r.resolution, &r.satisfaction};
        const auto it = order.find(r.name);
        const int o = it != order.end() ? it->second : 100000 + static_cast<int>(r.street);
        for (int k = 0; k < 3; ++k) {
          rows.push_back({{"scenario", labels_[i]}, {"street", r.name}, {"order", o}, {"rate", rates[k].second},
                          {"value", num(v[k]->mean)}, {"lo", num(v[k]->lo)}, {"hi", num(v[k]->hi)},
                          {"behind", r.behind}});
        }
      }
    }
    datasets_["street_rates"] = std::move(rows);
    const std::size_t streets = rankings_[base_].size();
    const int width = std::clamp(static_cast<int>(streets) * std::max(30, 12 * static_cast<int>(runs_.size())), 320, 760);
    const Json x = {{"field", "street"}, {"type", "nominal"}, {"title", tr(lang_, "axis_street")},
                    {"sort", {{"field", "order"}, {"op", "min"}}}, {"axis", {{"labelAngle", -40}, {"labelLimit", 90}}}};
    const Json y_scale = {{"zero", false}};
    Json rate_sort = Json::array();
    for (const auto& r : rates) rate_sort.push_back(r.second);
    add_chart("street_rates",
              {{"data", {{"name", "street_rates"}}},
               {"facet", {{"row", {{"field", "rate"}, {"type", "nominal"}, {"title", nullptr}, {"sort", rate_sort},
                                   {"header", {{"labelAngle", 0}, {"labelAlign", "left"}, {"labelOrient", "top"}}}}}}},
               {"spec",
                {{"width", width},
                 {"height", 130},
                 {"layer",
                  Json::array({{{"mark", {{"type", "rule"}, {"strokeWidth", 1.5}}},
                                {"encoding", {{"x", x},
                                              {"xOffset", {{"field", "scenario"}, {"sort", labels_}}},
                                              {"y", {{"field", "lo"}, {"type", "quantitative"}, {"scale", y_scale},
                                                     {"title", tr(lang_, "axis_rate")}, {"axis", {{"format", ".1%"}, {"tickCount", 5}}}}},
                                              {"y2", {{"field", "hi"}}},
                                              {"color", scenario_colour(true)}}}},
                               {{"mark", {{"type", "point"}, {"filled", true}, {"size", 36}}},
                                {"encoding", {{"x", x},
                                              {"xOffset", {{"field", "scenario"}, {"sort", labels_}}},
                                              {"y", {{"field", "value"}, {"type", "quantitative"}, {"scale", y_scale},
                                                     {"title", tr(lang_, "axis_rate")}, {"axis", {{"format", ".1%"}, {"tickCount", 5}}}}},
                                              {"color", scenario_colour(true)},
                                              {"tooltip", Json::array({{{"field", "scenario"}, {"title", tr(lang_, "tt_scenario")}},
                                                                       {{"field", "street"}, {"title", tr(lang_, "tt_street")}},
                                                                       {{"field", "rate"}, {"title", tr(lang_, "axis_rate")}},
                                                                       {{"field", "value"}, {"title", tr(lang_, "axis_rate")}, {"format", ".1%"}},
                                                                       {{"field", "lo"}, {"title", "95% CI −"}, {"format", ".1%"}},
                                                                       {{"field", "hi"}, {"title", "95% CI +"}, {"format", ".1%"}}})}}}}})}}},
               {"resolve", {{"scale", {{"y", "independent"}}}}}},
              {"street_rates"});

    std::string s = fmt::format("<section id=\"streets\" class=\"card\">\n<h2>{}</h2>\n", esc(tr(lang_, "streets_title")));
    s += figure("street_rates", tr_s("chart_rates_title"), tr_s("chart_rates_caption"));
    s += "<div class=\"rankings\">\n";
    for (std::size_t i = 0; i < runs_.size(); ++i) s += ranking_table(i, Unit::street, order);
    s += "</div>\n</section>\n";
    return s;
  }

  /// A city's districts ranked as its streets are (区排名), each district's streets merged;
  /// nothing when no run has more than one district.
  std::string districts_section() const {
    bool any = false;
    for (std::size_t i = 0; i < runs_.size(); ++i) any = any || is_city(i);
    if (!any) return "";
    std::map<std::string, int> order;  // for the change against the baseline
    for (const StreetRank& r : district_rankings_[base_]) order[r.name] = r.rank;
    std::string s = fmt::format("<section id=\"districts\" class=\"card\">\n<h2>{}</h2>\n<div class=\"rankings\">\n",
                                esc(tr(lang_, "districts_title")));
    for (std::size_t i = 0; i < runs_.size(); ++i)
      if (is_city(i)) s += ranking_table(i, Unit::district, order);
    s += "</div>\n</section>\n";
    return s;
  }

  /// What a ranking table ranks.
  enum class Unit { street, district };

  /// For a street (district) that falls behind: its weakest rate against the median one, and
  /// what in its profile stands out (factors above 1.15, grid workers busier than the median's
  /// by 5 points, a district's own department crews per resident under 85% of the median's).
  /// Empty for the others.
  std::string why_behind(const StreetRank& r, const std::vector<StreetRank>& ranking, Unit unit) const {
    if (!r.behind || r.weakest_rate.empty()) return "";
    const double weight = r.weakest_rate == "response_rate" ? 0.2 : 0.4;
    std::string s = trf(lang_, unit == Unit::district ? "why_rate_district" : "why_rate",
                        metric_text(r.weakest_rate, lang_).label, format_fixed(100.0 * r.weakest_gap / weight, 1));
    const auto factor = [&](double f, const char* key) {
      if (std::isfinite(f) && f > 1.15) s += (lang_ == Lang::zh ? "；" : "; ") + trf(lang_, key, format_fixed(f, 2));
    };
    factor(r.profile.difficulty, "why_difficulty");
    factor(r.profile.demand, "why_demand");
    factor(r.profile.handling, "why_handling");
    std::vector<double> util;
    for (const StreetRank& o : ranking)
      if (std::isfinite(o.profile.utilization)) util.push_back(o.profile.utilization);
    if (!util.empty() && std::isfinite(r.profile.utilization)) {
      std::nth_element(util.begin(), util.begin() + static_cast<std::ptrdiff_t>(util.size() / 2), util.end());
      if (r.profile.utilization > util[util.size() / 2] + 0.05)
        s += (lang_ == Lang::zh ? "；" : "; ") + trf(lang_, "why_utilization", format_value(r.profile.utilization, "share", lang_));
    }
    std::vector<double> crews;
    for (const StreetRank& o : ranking)
      if (std::isfinite(o.profile.crews_per_10k)) crews.push_back(o.profile.crews_per_10k);
    if (!crews.empty() && std::isfinite(r.profile.crews_per_10k)) {
      std::nth_element(crews.begin(), crews.begin() + static_cast<std::ptrdiff_t>(crews.size() / 2), crews.end());
      const double median = crews[crews.size() / 2];
      if (r.profile.crews_per_10k < 0.85 * median)
        s += (lang_ == Lang::zh ? "；" : "; ") +
             trf(lang_, "why_crews", format_fixed(r.profile.crews_per_10k, 1), format_fixed(median, 1));
    }
    return s;
  }

  /// Run i's ranking of its streets or its districts: rank, name (and in a city a street's
  /// district), the three rates, the score, the range of ranks, the move against the baseline's
  /// rank of the same name (`base_rank`), 落后 and why.
  std::string ranking_table(std::size_t i, Unit unit, const std::map<std::string, int>& base_rank) const {
    const bool districts = unit == Unit::district;
    const auto& ranking = districts ? district_rankings_[i] : rankings_[i];
    const auto key = [&](std::string_view street_key, std::string_view district_key) {
      return districts ? district_key : street_key;
    };
    std::map<std::size_t, std::string> district_name;  // a city's streets show their district
    if (!districts && is_city(i))
      for (const StreetRank& d : district_rankings_[i]) district_name[d.street] = d.name;
    const std::size_t behind = behind_count(ranking.size());
    const std::string n_behind = behind == 1 ? tr_s(key("n_streets_one", "n_districts_one"))
                                             : trf(lang_, key("n_streets_many", "n_districts_many"), behind);
    std::string s = fmt::format("<div class=\"ranking\" data-scenario=\"{}\"{}>\n<h3>{}</h3>\n", i,
                                districts ? " data-unit=\"district\"" : "",
                                fmt::format("{}{}", swatch(i), trf(lang_, key("ranking_title", "district_ranking_title"),
                                            fmt::format("<span class=\"scenario-name\">{}</span>", esc(runs_[i].label)))));
    if (behind > 0)
      s += fmt::format("<p class=\"lead small\">{}</p>\n", esc(trf(lang_, key("ranking_lead", "district_ranking_lead"), n_behind)));
    s += "<table class=\"rank-table\">\n<thead><tr>";
    s += fmt::format("<th>{}</th><th class=\"left\">{}</th>", esc(tr(lang_, "col_rank")),
                     esc(tr(lang_, key("col_street", "col_district"))));
    if (!district_name.empty()) s += fmt::format("<th class=\"left\">{}</th>", esc(tr(lang_, "col_in_district")));
    s += fmt::format("<th>{}</th><th>{}</th><th>{}</th><th>{}</th>", esc(metric_text("response_rate", lang_).label),
                     esc(metric_text("resolution_rate", lang_).label), esc(metric_text("satisfaction_rate", lang_).label),
                     esc(tr(lang_, "col_score")));
    s += fmt::format("<th>{}</th>", esc(tr(lang_, "col_rank_range")));
    // The move against the baseline's rank, where the baseline ranks the same kind (a district
    // baseline has no districts to rank).
    const bool versus = i != base_ && (!districts || is_city(base_));
    if (versus) s += fmt::format("<th>{}</th>", esc(tr(lang_, "col_vs_baseline")));
    s += fmt::format("<th></th><th class=\"left\">{}</th></tr></thead>\n<tbody>\n", esc(tr(lang_, "col_why")));
    const auto rate_cell = [&](const Interval& v) {
      return fmt::format("<td class=\"num\" title=\"95% CI [{}, {}]\">{}</td>", esc(format_value(v.lo, "share", lang_)),
                         esc(format_value(v.hi, "share", lang_)), esc(format_value(v.mean, "share", lang_)));
    };
    for (const StreetRank& r : ranking) {
      s += fmt::format("<tr class=\"{}\" data-{}=\"{}\" data-rank=\"{}\" data-score=\"{}\">", r.behind ? "behind" : "",
                       key("street", "district"), esc(r.name), r.rank, attr_number(r.score));
      s += fmt::format("<td class=\"num rank\">{}</td><td class=\"left\">{}</td>", r.rank, esc(r.name));
      if (!district_name.empty()) {
        const auto it = r.district ? district_name.find(*r.district) : district_name.end();
        s += fmt::format("<td class=\"left district\">{}</td>", it != district_name.end() ? esc(it->second) : "");
      }
      s += rate_cell(r.response) + rate_cell(r.resolution) + rate_cell(r.satisfaction);
      s += fmt::format("<td class=\"num score\" title=\"95% CI [{}, {}]\">{}</td>", esc(format_fixed(100.0 * r.score_ci.lo, 2)),
                       esc(format_fixed(100.0 * r.score_ci.hi, 2)), esc(format_fixed(100.0 * r.score, 2)));
      s += fmt::format("<td class=\"num rank-range\">{}</td>", rank_range(r));
      if (versus) {
        const auto it = base_rank.find(r.name);
        std::string change = tr_s("na"), cls = "unclear";
        if (it != base_rank.end()) {
          const int up = it->second - r.rank;
          change = up > 0 ? fmt::format("▲{}", up) : up < 0 ? fmt::format("▼{}", -up) : tr_s("rank_same");
          cls = up > 0 ? "better" : up < 0 ? "worse" : "unclear";
        }
        s += fmt::format("<td class=\"num move {}\">{}</td>", cls, esc(change));
      }
      s += fmt::format("<td>{}</td><td class=\"left why\">{}</td></tr>\n",
                       r.behind ? fmt::format("<span class=\"badge behind\">{}</span>", esc(tr(lang_, "behind"))) : "",
                       esc(why_behind(r, ranking, unit)));
    }
    s += "</tbody>\n</table>\n</div>\n";
    return s;
  }

  std::string notes_section() const {
    std::string s = fmt::format("<section id=\"notes\" class=\"card notes\">\n<h2>{}</h2>\n<ul>\n", esc(tr(lang_, "notes_title")));
    for (const char* key : {"note_means", "note_clear", "note_paired", "note_rates", "note_cost"})
      s += fmt::format("<li>{}</li>\n", esc(tr(lang_, key)));
    s += "</ul>\n</section>\n";
    return s;
  }

  std::string footer() const {
    return fmt::format("<footer class=\"footer\">{}</footer>\n",
                       esc(trf(lang_, "footer", GOVGRID_REPORT_VERSION, GOVGRID_VEGA_VERSION, GOVGRID_VEGA_LITE_VERSION,
                               GOVGRID_VEGA_EMBED_VERSION)));
  }

  const std::vector<RunData>& runs_;
  Lang lang_;
  ReportOptions options_;
  std::size_t base_;
  std::vector<std::string_view> answer_metrics_;  ///< the answer table's rows
  std::vector<std::string> labels_;
  std::vector<std::vector<StreetRank>> rankings_;
  std::vector<std::vector<StreetRank>> district_rankings_;  ///< per run; one entry outside a city
  Json datasets_ = Json::object();
  Json charts_ = Json::array();
};

}  // namespace

std::string render_report(const std::vector<RunData>& runs, const ReportOptions& options) {
  if (runs.empty()) throw ReportInputError("no run directories given");
  try {
    return Renderer(runs, options).render();
  } catch (const ReportInputError&) {
    throw;
  } catch (const std::runtime_error& e) {  // a CSV without a column the report needs
    throw ReportInputError(e.what());
  }
}

void write_report(const std::vector<fs::path>& dirs, const fs::path& out, const ReportOptions& options) {
  std::vector<RunData> runs;
  runs.reserve(dirs.size());
  for (const fs::path& d : dirs) runs.push_back(load_run(d));
  assign_labels(runs, options.lang);
  const std::string html = render_report(runs, options);
  std::error_code ec;
  if (out.has_parent_path()) fs::create_directories(out.parent_path(), ec);
  std::ofstream f(out, std::ios::binary | std::ios::trunc);
  if (!f) throw std::runtime_error(fmt::format("cannot open {} for writing", out.string()));
  f.write(html.data(), static_cast<std::streamsize>(html.size()));
  f.close();
  if (!f) throw std::runtime_error(fmt::format("cannot write {}", out.string()));
}

std::optional<fs::path> find_chromium() {
  if (const char* env = std::getenv("GOVGRID_CHROMIUM"); env != nullptr && *env != '\0') {
    return fs::exists(env) ? std::optional<fs::path>(env) : std::nullopt;
  }
  const char* path = std::getenv("PATH");
  const std::string dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  for (const char* name : {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}) {
    std::size_t start = 0;
    while (start <= dirs.size()) {
      const std::size_t end = std::min(dirs.find(':', start), dirs.size());
      const fs::path candidate = fs::path(dirs.substr(start, end - start)) / name;
      if (end > start && ::access(candidate.c_str(), X_OK) == 0) return candidate;
      start = end + 1;
    }
  }
  return std::nullopt;
}

void print_pdf(const fs::path& chromium, const fs::path& html, const fs::path& pdf) {
  // A fresh profile per call: Chromium refuses to share one between processes.
  std::string profile_template = (fs::temp_directory_path() / "govgrid-chromium-XXXXXX").string();
  if (::mkdtemp(profile_template.data()) == nullptr) throw std::runtime_error("cannot create a temporary directory for Chromium");
  const fs::path profile = profile_template;
  std::error_code ec;
  const fs::path abs_pdf = fs::absolute(pdf);
  if (abs_pdf.has_parent_path()) fs::create_directories(abs_pdf.parent_path(), ec);
  fs::remove(abs_pdf, ec);
  const std::string url = "file://" + fs::absolute(html).lexically_normal().string();
  std::vector<std::string> args = {chromium.string(),
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--no-first-run",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--disable-quic",
                                   "--user-data-dir=" + profile.string(),
                                   "--no-pdf-header-footer",
                                   "--run-all-compositor-stages-before-draw",
                                   "--virtual-time-budget=15000",
                                   "--print-to-pdf=" + abs_pdf.string(),
                                   url};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // Chromium is chatty on stderr even when it succeeds; keep the terminal clean.
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  if (rc == 0) ::waitpid(pid, &status, 0);
  fs::remove_all(profile, ec);
  if (rc != 0) throw std::runtime_error(fmt::format("cannot start {}: {}", chromium.string(), std::strerror(rc)));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !fs::exists(abs_pdf) || fs::file_size(abs_pdf, ec) == 0) {
    throw std::runtime_error(fmt::format("{} did not print {} to {} (exit status {})", chromium.string(), html.string(),
                                         pdf.string(), WIFEXITED(status) ? WEXITSTATUS(status) : -1));
  }
}

}  // namespace govgrid::report
