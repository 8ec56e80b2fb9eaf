#include "analysis/report/html.h"

#include <cctype>

namespace govgrid::report {
namespace {

// Whether `s` continues at `at` with "script", in any case.
bool starts_with_script(const std::string& s, std::size_t at) {
  static constexpr char kWord[] = "script";
  for (std::size_t k = 0; k < 6; ++k) {
    if (at + k >= s.size() || std::tolower(static_cast<unsigned char>(s[at + k])) != kWord[k]) return false;
  }
  return true;
}

}  // namespace

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string script_json(const nlohmann::json& j) {
  const std::string raw = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(raw.size() + 64);
  // "<" and the two line separators occur only inside JSON strings, where these escapes
  // are valid and decode to the same text.
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '<' && i + 1 < raw.size() && raw[i + 1] == '/') {
      out += "<\\/";
      ++i;
    } else if (c == '<' && (raw.compare(i, 4, "<!--") == 0 || starts_with_script(raw, i + 1))) {
      out += "\\u003c";
    } else if (c == '\xE2' && i + 2 < raw.size() && raw[i + 1] == '\x80' &&
               (raw[i + 2] == '\xA8' || raw[i + 2] == '\xA9')) {
      out += raw[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace govgrid::report
