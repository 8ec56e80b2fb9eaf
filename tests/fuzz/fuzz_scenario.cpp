// libFuzzer target: scenario YAML text → the loader (schema, bounds, overrides). Bad input must
// come out as one ScenarioError listing its problems, each on one line (format_issue); anything else (a crash,
// a sanitizer report, another exception) is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "govgrid/scenario_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view yaml(reinterpret_cast<const char*>(data), size);
  try {
    govgrid::load_scenario_string(yaml, "<fuzz>");
  } catch (const govgrid::ScenarioError& e) {
    // One line per problem, whatever bytes the input held: what() has one line per issue and
    // no other line break, NUL or carriage return.
    const std::string_view what = e.what();
    std::size_t lines = 1;
    for (const char c : what) {
      if (c == '\r' || c == '\0') std::abort();
      lines += c == '\n';
    }
    if (lines != e.issues().size()) std::abort();
  }
  return 0;
}
