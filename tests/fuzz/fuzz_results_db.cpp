// libFuzzer target: the input bytes as DIR/results.sqlite, opened the way `govgrid export` reads
// a sweep folder (SweepStore::open_existing, the point table, every run as CSV) and the way
// `govgrid sweep` resumes one (opened for writing with the sweep that wrote the seeds,
// tests/fuzz/data/results_db_sweep.yaml, so that inputs get past the same-sweep checks into the
// format upgrade, checksum verification, pending runs and point summary). Bad input must come
// out as the store's documented errors, SweepMismatch (SweepDamaged, SweepLocked) or
// sqlite::Error; a crash, a sanitizer report or any other exception is a finding.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/run/sweep/plan.h"
#include "engine/run/sweep/sqlite.h"
#include "engine/run/sweep/store.h"
#include "govgrid/sweep_loader.h"

namespace fs = std::filesystem;

namespace {

const fs::path& scratch() {
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("govgrid_fuzz_results_db_" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

struct SeedSweep {
  govgrid::SweepSpec spec;
  govgrid::SweepPlan plan;
};

const SeedSweep& seed_sweep() {
  static const SeedSweep sweep = [] {
    SeedSweep s;
    s.spec = govgrid::load_sweep_file(fs::path(GOVGRID_SOURCE_DIR) / "tests/fuzz/data/results_db_sweep.yaml");
    s.plan = govgrid::plan_sweep(s.spec);
    govgrid::load_points(s.spec, s.plan);  // each point's effective scenario, which resuming compares
    return s;
  }();
  return sweep;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fs::path& dir = scratch();
  const std::string file = (dir / govgrid::SweepStore::kFileName).string();
  // SQLite's side files from the previous input would otherwise be read with this one.
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(file + suffix);
  std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  try {
    const govgrid::SweepStore store = govgrid::SweepStore::open_existing(dir);
    (void)govgrid::summary_csv(store.summary());
    (void)store.runs_csv();
    (void)store.daily_csv();
    (void)store.grids_csv();
  } catch (const govgrid::SweepMismatch&) {
  } catch (const govgrid::sqlite::Error&) {
  }
  try {
    govgrid::SweepStore store(dir, seed_sweep().spec, seed_sweep().plan);
    (void)store.pending_runs();
    store.refresh_point_summary();
  } catch (const govgrid::SweepMismatch&) {
  } catch (const govgrid::sqlite::Error&) {
  }
  return 0;
}
