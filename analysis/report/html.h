// Escaping for the two places scenario text lands in a report: HTML text and attributes, and
// JSON inside a <script> element.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace govgrid::report {

/// `s` safe as HTML text or a quoted attribute value: & < > " ' become entities. Bytes are
/// otherwise copied (UTF-8 stays UTF-8).
std::string html_escape(std::string_view s);

/// `j` serialised as JSON that is safe inside <script type="application/json">: UTF-8 kept
/// (invalid bytes replaced by U+FFFD), "</" written "<\/", "<!--" and "<script" written with
/// "\u003c" for "<" (so the HTML parser never leaves or re-enters script data), and
/// U+2028 / U+2029 written as \u2028 / \u2029. JSON.parse() of the element's text gives `j`.
std::string script_json(const nlohmann::json& j);

}  // namespace govgrid::report
