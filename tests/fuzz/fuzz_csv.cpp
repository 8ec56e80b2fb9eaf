// libFuzzer target: the CSV reader behind `govgrid report` (run directories' metrics, daily,
// streets and grids tables): RFC 4180 parsing, then every field read as text and as a number.
// An unterminated quote must come out as std::runtime_error; a crash or a sanitizer report is a
// finding.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "analysis/report/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const govgrid::report::CsvTable t = govgrid::report::parse_csv(text);
    for (std::size_t r = 0; r < t.size(); ++r) {
      for (std::size_t c = 0; c < t.header().size() + 1; ++c) {
        (void)t.text(r, c);
        (void)t.number(r, c);
      }
      (void)t.line(r);
    }
    if (!t.header().empty()) (void)t.column(t.header().front());
  } catch (const std::runtime_error&) {
  }
  return 0;
}
