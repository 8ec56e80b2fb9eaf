#include "analysis/report/page.h"

#include <fmt/format.h>

#include "analysis/report/assets.h"
#include "analysis/report/html.h"

namespace govgrid::report {

namespace {

constexpr const char* kFontStack =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'PingFang SC', "
    "'Hiragino Sans GB', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif";

// The libraries end with a "//# sourceMappingURL=" comment naming a file the page does not
// carry; drop it so nothing ever tries to fetch it.
std::string_view without_source_map(std::string_view js) {
  const std::size_t at = js.rfind("//# sourceMappingURL=");
  return at == std::string_view::npos ? js : js.substr(0, at);
}

}  // namespace

nlohmann::ordered_json chart_config() {
  return {{"font", kFontStack},
          {"view", {{"stroke", nullptr}}},
          {"axis", {{"labelFontSize", 11}, {"titleFontSize", 12}, {"gridColor", "#e8ecf1"}, {"domainColor", "#9aa5b1"}}},
          {"legend", {{"labelFontSize", 11}, {"titleFontSize", 12}, {"orient", "bottom"}, {"labelLimit", 260}}},
          {"header", {{"labelFontSize", 12}, {"titleFontSize", 12}, {"labelFontWeight", "bold"}}},
          {"title", {{"fontSize", 14}, {"anchor", "start"}}}};
}

nlohmann::ordered_json chart_entry(const std::string& id, nlohmann::ordered_json spec,
                                   const std::vector<std::string>& datasets) {
  spec["$schema"] = "https://vega.github.io/schema/vega-lite/v6.json";
  spec["config"] = chart_config();
  return {{"id", id}, {"datasets", datasets}, {"spec", std::move(spec)}};
}

std::string chart_figure(const std::string& id, std::string_view title, std::string_view caption) {
  return fmt::format(
      "<figure class=\"chart\"><figcaption class=\"chart-title\">{}</figcaption>"
      "<div class=\"chart-box\" id=\"chart-{}\" data-chart=\"{}\"></div><p class=\"caption\">{}</p></figure>\n",
      html_escape(title), id, id, html_escape(caption));
}

std::string page_html(std::string_view lang, std::string_view title, const std::string& body,
                      const nlohmann::ordered_json& blob) {
  std::string html;
  html += fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n",
                      lang == "zh" ? "zh-CN" : "en");
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html += fmt::format("<meta name=\"generator\" content=\"govgrid {}\">\n", GOVGRID_REPORT_VERSION);
  html += fmt::format("<title>{}</title>\n", html_escape(title));
  html += "<style>\n";
  html += assets::report_css();
  html += "\n</style>\n</head>\n<body>\n";
  html += body;
  html += "<script type=\"application/json\" id=\"govgrid-data\">";
  html += script_json(blob);
  html += "</script>\n";
  for (const std::string_view js : {assets::vega_js(), assets::vega_lite_js(), assets::vega_embed_js()}) {
    html += "<script>\n";
    html += without_source_map(js);
    html += "\n</script>\n";
  }
  html += "<script>\n";
  html += assets::report_js();
  html += "\n</script>\n</body>\n</html>\n";
  return html;
}

std::string report_page_html(Lang lang, std::string_view title, const std::string& body, nlohmann::ordered_json datasets,
                             nlohmann::ordered_json charts) {
  nlohmann::ordered_json blob;
  blob["lang"] = lang_code(lang);
  blob["strings"] = {{"chart_failed", tr(lang, "chart_failed")}};
  blob["datasets"] = std::move(datasets);
  blob["charts"] = std::move(charts);
  return page_html(lang_code(lang), title, body, blob);
}

}  // namespace govgrid::report
