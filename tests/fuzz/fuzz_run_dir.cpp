// libFuzzer target: a whole run directory as `govgrid report` reads it. The input is split at
// lines "--- NAME" into files (summary.json, metrics.csv, daily.csv, streets.csv, grids.csv,
// districts.csv, grids.geojson), written to a scratch directory, loaded with load_run and, when it
// loads, summarised the way the report does (street and district rankings, daily series, tiled map). Bad input must
// come out as ReportInputError; a crash, a sanitizer report or another exception is a finding.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "analysis/report/report_data.h"

namespace fs = std::filesystem;

namespace {

const fs::path& scratch() {
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("govgrid_fuzz_run_dir_" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const fs::path& dir = scratch();
  for (const char* name :
       {"summary.json", "metrics.csv", "daily.csv", "streets.csv", "grids.csv", "districts.csv", "grids.geojson"})
    fs::remove(dir / name);
  std::size_t at = 0;
  while (at < input.size()) {
    const std::size_t header = input.find("--- ", at);
    if (header == std::string_view::npos) break;
    const std::size_t name_end = input.find('\n', header);
    if (name_end == std::string_view::npos) break;
    const std::string name(input.substr(header + 4, name_end - header - 4));
    const std::size_t next = input.find("\n--- ", name_end);
    const std::string_view body = input.substr(name_end + 1, next == std::string_view::npos ? std::string_view::npos : next - name_end);
    at = next == std::string_view::npos ? input.size() : next + 1;
    if (name != "summary.json" && name != "metrics.csv" && name != "daily.csv" && name != "streets.csv" &&
        name != "grids.csv" && name != "districts.csv" && name != "grids.geojson")
      continue;
    std::ofstream(dir / name, std::ios::binary).write(body.data(), static_cast<std::streamsize>(body.size()));
  }
  try {
    const govgrid::report::RunData run = govgrid::report::load_run(dir);
    (void)govgrid::report::rank_streets(run);
    (void)govgrid::report::rank_districts(run);
    (void)govgrid::report::daily_series(run);
    (void)govgrid::report::tile_map(run);
  } catch (const govgrid::report::ReportInputError&) {
  }
  return 0;
}
