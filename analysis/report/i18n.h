// The report's two languages: a string table with an English and a Chinese text for every
// label, title and sentence, and number formatting for each language.
//
// Number formats (both languages use "," between thousands, "." before decimals and "%"
// after percentages; negative numbers carry U+2212 "−"; undefined (NaN) values print "–"):
//   share (0..1)  "94.3%"                  1 decimal, as a percentage
//   h             en "9.1 h"               zh "9.1小时"          1 decimal
//   h/week        en "1.34 h/week"         zh "1.34小时/周"      2 decimals
//   count         en "496,000"             zh "49.6万" (≥ 100,000), "4.96亿" (≥ 10^8)
//   yuan          en "¥85.1M" (≥ 10^6)     zh "8,510万元" (≥ 10^4), "8.51亿元" (≥ 10^8)
// Differences add a sign ("+", "−") and, for shares, are percentage points:
// en "+1.2 pp", zh "+1.2个百分点".
#pragma once

#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>

namespace govgrid::report {

enum class Lang { en, zh };

/// "en" or "zh" (case-sensitive); nullopt for anything else.
std::optional<Lang> parse_lang(std::string_view code);
/// "en" or "zh".
std::string_view lang_code(Lang lang);

/// The text of `key` in `lang`. Every key has both texts; an unknown key is a programming
/// error and throws std::out_of_range naming it.
std::string_view tr(Lang lang, std::string_view key);

/// tr() used as a fmt format string with positional "{}" arguments.
template <class... Args>
std::string trf(Lang lang, std::string_view key, Args&&... args) {
  return fmt::format(fmt::runtime(tr(lang, key)), std::forward<Args>(args)...);
}

/// Whether every key of the table has a non-empty English and Chinese text (for tests).
bool string_table_complete();

/// `v` with `decimals` decimals and thousands separators: 1234.5 → "1,234.5", −0.25 → "−0.25".
std::string format_fixed(double v, int decimals);

/// A metric value in the unit of analysis/metric_catalogue.h ("share", "h", "h/week", "count",
/// "0..1", "per case", "per 1000/day") or "yuan", formatted as listed above.
std::string format_value(double v, std::string_view unit, Lang lang);

/// A difference of two values of `unit`, always signed ("+0.0%" style for shares in pp).
std::string format_difference(double d, std::string_view unit, Lang lang);

/// A relative change as a signed percentage with 1 decimal: 0.251 → "+25.1%".
std::string format_relative(double r);

}  // namespace govgrid::report
