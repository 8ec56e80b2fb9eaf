// govgrid sweep: run (or resume) a sweep into DIR/results.sqlite, in parallel on TBB and,
// under mpirun, over MPI ranks.
#include <fmt/core.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "engine/run/resources.h"
#include "engine/run/replications.h"
#include "engine/run/sweep/executor.h"
#include "engine/run/sweep/store.h"
#include "command.h"
#include "progress.h"
#include "govgrid/sweep_loader.h"

namespace govgrid::cli {
namespace {

// 128 + SIGINT, as shells report a command stopped by Ctrl-C.
constexpr int kExitInterrupted = 130;

std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the signal handler needs a lock-free flag");

extern "C" void on_stop_signal(int) {
  g_stop.store(true);
  constexpr char kNote[] =
      "\ngovgrid: stopping — no new runs start; running ones finish and are stored. Ctrl-C again quits at once "
      "(stored runs are safe).\n";
  [[maybe_unused]] const auto n = write(STDERR_FILENO, kNote, sizeof kNote - 1);
}

/// SIGINT and SIGTERM stop the sweep gently once; the handler then resets itself, so a
/// second signal ends the process (every stored run is already committed).
void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND | SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

/// Runs done of the whole sweep, runs per second (of this invocation) and time left: a
/// redrawn bar on a terminal, a plain line every 5 s otherwise.
class SweepProgress {
 public:
  SweepProgress(const SweepStart& start, const std::atomic<int>& done)
      : start_(start), done_(done), terminal_(isatty(STDERR_FILENO) != 0), started_s_(now_s()) {
    thread_ = std::thread([this] {
      // A log gets a line every 5 s (none at 0%), a terminal a redraw every 0.2 s.
      while (!stop_) {
        for (int i = 0; i < (terminal_ ? 2 : 50) && !stop_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (!stop_) draw(false);
      }
    });
  }
  ~SweepProgress() {
    stop_ = true;
    thread_.join();
    draw(true);
  }
  SweepProgress(const SweepProgress&) = delete;
  SweepProgress& operator=(const SweepProgress&) = delete;

 private:
  void draw(bool final) {
    const double elapsed = now_s() - started_s_;
    const int now = done_.load();
    const int total_done = start_.done_before + now;
    const double rate = elapsed > 0.0 ? now / elapsed : 0.0;
    const double left = rate > 0.0 ? (start_.pending - now) / rate : -1.0;
    const double fraction = start_.run_count ? static_cast<double>(total_done) / start_.run_count : 1.0;
    if (terminal_) {
      constexpr int kWidth = 28;
      const int filled = static_cast<int>(fraction * kWidth);
      std::string bar(static_cast<std::size_t>(filled), '#');
      bar.append(static_cast<std::size_t>(kWidth - filled), '.');
      fmt::print(stderr, "\rsweep [{}] {}/{} runs  {:.2f} runs/s  elapsed {}  left {}{}", bar, total_done,
                 start_.run_count, rate, clock_text(elapsed), clock_text(final ? 0.0 : left), final ? "\n" : "   ");
    } else {
      fmt::print(stderr, "sweep: {}/{} runs ({:.0f}%), {:.2f} runs/s, elapsed {}{}\n", total_done, start_.run_count,
                 100.0 * fraction, rate, clock_text(elapsed),
                 final ? "" : fmt::format(", about {} left", clock_text(left)));
    }
    std::fflush(stderr);
  }

  SweepStart start_;
  const std::atomic<int>& done_;
  bool terminal_;
  double started_s_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

/// Whether the sweep varies `key` (an axis, an lhs dimension or a case's set).
bool swept(const SweepSpec& spec, const std::string& key) {
  for (const SweepAxis& axis : spec.axes) {
    if (axis.key == key) return true;
    for (const auto& d : axis.dimensions)
      if (d.key == key) return true;
    for (const SweepCase& c : axis.cases)
      for (const SweepOverride& o : c.set)
        if (o.key == key) return true;
  }
  return false;
}

/// `--set key=value` on a sweep: a fixed override of every point, after the file's own `set:`
/// (replacing one of the same key). Part of every point's overrides, so resuming with other
/// --set values refuses, as a changed set: value does; stored with the results.
void apply_command_line_sets(SweepSpec& spec, const std::vector<std::string>& sets) {
  std::vector<ScenarioIssue> issues;
  for (const std::string& s : sets) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      issues.push_back({"--set", 0, 0, "", fmt::format("expected key.path=value, got \"{}\"", s)});
      continue;
    }
    const std::string key = s.substr(0, eq), value = s.substr(eq + 1);
    if (swept(spec, key)) {
      issues.push_back({"--set", 0, 0, key,
                        fmt::format("expected a key the sweep does not vary, got one of its axes ({})", spec.source_file)});
      continue;
    }
    const auto same = std::find_if(spec.set.begin(), spec.set.end(), [&](const SweepOverride& o) { return o.key == key; });
    if (same != spec.set.end()) same->value = {value, {}};
    else spec.set.push_back({key, {value, {}}});
    spec.command_line_sets.push_back(s);
  }
  if (!issues.empty()) throw ScenarioError(std::move(issues));
}

struct SweepArgs {
  std::string file;
  std::string out;
  std::vector<std::string> sets;
  int threads = 0;
  bool quiet = false;
  std::string max_memory;
};

/// Refuses a sweep whose runs in flight would need more memory than `limit` bytes (0: no
/// limit), naming its largest point, before anything is stored or run.
void check_sweep_memory(const SweepArgs& a, double limit, const SweepPlan& plan,
                        const std::vector<ScenarioSpec>& points) {
  const SweepResourceEstimate e = estimate_sweep_resources(points, plan.run_count(), resolved_threads(a.threads));
  if (limit <= 0.0 || e.peak_bytes <= limit) return;
  const SweepPoint& largest = plan.points[e.largest_point];
  std::string values;
  for (std::size_t c = 0; c < largest.values.size() && c < plan.columns.size(); ++c)
    values += fmt::format("{}{}={}", c ? ", " : "", plan.columns[c].key, largest.values[c]);
  throw ScenarioError({ScenarioIssue{
      a.file, 0, 0, "",
      fmt::format("expected a sweep that fits in {} ({}), got one that needs {}; its largest run is point {} ({}). "
                  "Make its largest points smaller (fewer streets, residents or days), use fewer --threads or raise "
                  "--max-memory",
                  format_bytes(limit),
                  a.max_memory.empty() ? "the machine's memory; --max-memory sets another limit"
                                       : "--max-memory " + a.max_memory,
                  describe(e, points[e.largest_point]), largest.index, values)}});
}

int sweep(const SweepArgs& a) {
  Cluster cluster = Cluster::from_environment();
  if (cluster.distributed() && !cluster.is_coordinator()) {
    serve_sweep(cluster, a.threads);
    return kExitOk;
  }
  install_stop_handlers();
  SweepSpec spec;
  double memory = 0.0;
  try {
    memory = memory_limit(a.max_memory);
    spec = load_sweep_file(a.file);
    apply_command_line_sets(spec, a.sets);
  } catch (...) {
    cluster.cancel_job();
    throw;
  }

  std::atomic<int> done{0};
  std::optional<SweepProgress> bar;
  SweepOptions options;
  options.threads = a.threads;
  options.stop = &g_stop;
  options.runs_done = &done;
  options.on_planned = [&](const SweepPlan& plan, const std::vector<ScenarioSpec>& points) {
    check_sweep_memory(a, memory, plan, points);
  };
  options.on_start = [&](const SweepStart& s) {
    // A problem, so reported even with --quiet.
    if (!s.damaged.empty())
      fmt::print(stderr,
                 "govgrid: {} stored run{} of {} failed {} checksum (a value changed after it was stored) and {} "
                 "computed again: {}\n",
                 s.damaged.size(), s.damaged.size() == 1 ? "" : "s", s.file.string(),
                 s.damaged.size() == 1 ? "its" : "their", s.damaged.size() == 1 ? "is" : "are",
                 describe_runs(s.damaged));
    if (a.quiet) return;
    if (s.upgraded_from_format > 0)
      fmt::print(stderr,
                 "govgrid: note: {} was written by an older govgrid (storage format {}, without checksums); its {} "
                 "done runs now have checksums of their values as stored, which could not be verified\n",
                 s.file.string(), s.upgraded_from_format, s.done_before);
    fmt::print(stderr, "govgrid: sweep '{}' — {} points × {} replications = {} runs", spec.name, s.points,
               spec.replications, s.run_count);
    if (s.done_before > 0) fmt::print(stderr, "; resuming: {} done, {} to run", s.done_before, s.pending);
    if (s.ranks > 1)
      fmt::print(stderr, "; {} MPI ranks (rank 0 stores, {} compute) × {} threads", s.ranks, s.ranks - 1, s.threads);
    else
      fmt::print(stderr, "; {} threads", s.threads);
    fmt::print(stderr, "\n");
    if (s.pending > 0) bar.emplace(s, done);
  };

  SweepOutcome outcome;
  try {
    outcome = run_sweep(spec, a.out, options, &cluster);
  } catch (const SweepMismatch& e) {
    bar.reset();
    fmt::print(stderr, "govgrid: {}\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    bar.reset();
    if (cluster.distributed() && cluster.job_sent()) {
      // Workers are waiting on rank 0: end the whole job rather than leave them hanging.
      fmt::print(stderr, "govgrid: error: {}\n", e.what());
      cluster.abort(kExitFailure);
    }
    throw;
  }
  bar.reset();

  const SweepStart& s = outcome.start;
  const double rate = outcome.wall_seconds > 0 ? outcome.committed / outcome.wall_seconds : 0.0;
  const std::string resume = fmt::format("{}govgrid sweep {} --out {}", cluster.distributed() ? "mpirun … " : "",
                                         a.file, a.out);
  if (outcome.failed > 0) {
    fmt::print(stderr,
               "govgrid: {} run{} failed (their error is in the runs table of {}); {} of {} runs are done. "
               "Run the same command again to retry them: {}\n",
               outcome.failed, outcome.failed == 1 ? "" : "s", s.file.string(), s.run_count - outcome.pending_after,
               s.run_count, resume);
    return kExitFailure;
  }
  if (!outcome.complete()) {
    fmt::print(stderr,
               "govgrid: interrupted — {} of {} runs are stored in {}. Resume with the same command; it skips "
               "what is done:\n  {}\n",
               s.run_count - outcome.pending_after, s.run_count, s.file.string(), resume);
    return kExitInterrupted;
  }
  if (!a.quiet)
    fmt::print(stderr,
               "govgrid: sweep '{}' complete — {} runs ({} now, {} before) in {:.1f} s, {:.2f} runs/s. Results: {}\n"
               "  one row per point with means and 95% intervals: govgrid export {} --csv FILE\n",
               spec.name, s.run_count, outcome.committed, s.done_before, outcome.wall_seconds, rate, s.file.string(),
               a.out);
  return kExitOk;
}

}  // namespace

Command add_sweep_command(CLI::App& app) {
  auto a = std::make_shared<SweepArgs>();
  auto* cmd = app.add_subcommand(
      "sweep",
      "Run a sweep (scenario variants × replications) into DIR/results.sqlite; run it again to resume, or after "
      "adding axis values, cases or replications to grow it (finished runs are kept). "
      "Under mpirun the runs spread over the ranks. Format: scenarios/sweeps/README.md");
  cmd->add_option("sweep", a->file, "Sweep YAML file")->required();
  cmd->add_option("--set,-s", a->sets,
                  "Override a scenario key in every point, key.path=value (repeatable; not a key the sweep varies); "
                  "resuming needs the same --set values");
  cmd->add_option("--out,-o", a->out, "Output directory (holds results.sqlite)")->required();
  cmd->add_option("--threads,-t", a->threads, "Worker threads per process (default: all cores)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--quiet,-q", a->quiet, "No progress or notes on stderr (problems are still reported)");
  cmd->add_option("--max-memory", a->max_memory,
                  "Refuse a sweep whose runs in flight (one per thread, sized by the largest point) would need more "
                  "memory than this, e.g. 8G or 512M (default: the machine's physical memory)");
  return {cmd, [a] { return sweep(*a); }};
}

}  // namespace govgrid::cli
