// The shell every govgrid page shares (the comparison report, the calibration's fit pages):
// one self-contained HTML file with the report's CSS, a JSON blob of datasets and Vega-Lite
// charts, the charting libraries and the script that draws them (web/report.js).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/report/i18n.h"

namespace govgrid::report {

/// The charts' shared Vega-Lite config: the font stack (CJK included), axes, legends, titles.
nlohmann::ordered_json chart_config();

/// One entry of the blob's "charts": `spec` with the schema and the shared config, drawn into
/// the element `data-chart="id"` from the named datasets.
nlohmann::ordered_json chart_entry(const std::string& id, nlohmann::ordered_json spec,
                                   const std::vector<std::string>& datasets);

/// The <figure> that holds chart `id`, with its title and caption (escaped here).
std::string chart_figure(const std::string& id, std::string_view title, std::string_view caption);

/// The whole page: `lang` ("en" or "zh"), `title` (escaped here), the body's HTML, and the blob
/// (lang, strings, datasets, charts) that web/report.js draws.
std::string page_html(std::string_view lang, std::string_view title, const std::string& body,
                      const nlohmann::ordered_json& blob);

/// page_html for a report in `lang` whose blob holds the language, the text shown where a chart
/// fails, and the report's datasets and charts (chart_entry).
std::string report_page_html(Lang lang, std::string_view title, const std::string& body, nlohmann::ordered_json datasets,
                             nlohmann::ordered_json charts);

}  // namespace govgrid::report
