#include "engine/run/sweep/executor.h"

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "engine/run/sweep/plan.h"
#include "engine/run/sweep/record.h"
#include "engine/run/sweep/store.h"
#include "engine/run/replications.h"
#include "engine/sim/parallel.h"
#include "govgrid/scenario_loader.h"

namespace govgrid {

namespace {

constexpr int kTagReady = 11;  // worker → rank 0: a finished record (or nothing) and a request
constexpr int kTagWork = 12;   // rank 0 → worker: a run id, or -1 for "no more"

using Clock = std::chrono::steady_clock;

/// The world of each point, built by the first run that needs it and dropped after the
/// point's last pending run, so a long sweep holds only the worlds of points in progress.
class WorldCache {
 public:
  WorldCache(const std::vector<ScenarioSpec>& specs, const std::vector<int>& pending, int replications)
      : specs_(specs), slots_(specs.size()) {
    for (int run : pending) ++slots_[static_cast<std::size_t>(run / replications)].remaining;
  }
  std::shared_ptr<const World> acquire(int point) {
    Slot& slot = slots_[static_cast<std::size_t>(point)];
    std::lock_guard lock(slot.mutex);
    if (!slot.world) slot.world = std::make_shared<const World>(build_world(specs_[static_cast<std::size_t>(point)]));
    return slot.world;
  }
  void release(int point) {
    Slot& slot = slots_[static_cast<std::size_t>(point)];
    std::lock_guard lock(slot.mutex);
    if (--slot.remaining == 0) slot.world.reset();
  }

 private:
  struct Slot {
    std::mutex mutex;
    std::shared_ptr<const World> world;
    int remaining = 0;
  };
  const std::vector<ScenarioSpec>& specs_;
  std::vector<Slot> slots_;
};

/// Finished runs on their way to the single writer.
class CommitQueue {
 public:
  void push(RunRecord r) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(std::move(r));
    }
    ready_.notify_one();
  }
  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    ready_.notify_all();
  }
  std::optional<RunRecord> pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return closed_ || !queue_.empty(); });
    if (queue_.empty()) return std::nullopt;
    RunRecord r = std::move(queue_.front());
    queue_.pop_front();
    return r;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<RunRecord> queue_;
  bool closed_ = false;
};

/// Stores records and counts them; the only code that writes the store during a sweep.
struct Committer {
  SweepStore& store;
  const SweepOptions& options;
  SweepOutcome& outcome;

  void operator()(const RunRecord& r) {
    store.commit(r);
    if (r.ok) {
      ++outcome.committed;
      if (options.runs_done) options.runs_done->fetch_add(1);
    } else {
      ++outcome.failed;
    }
  }
};

RunExtras extras_of(const SweepSpec& spec) { return {spec.store_daily, spec.store_grids}; }

bool stop_requested(const SweepOptions& o) { return o.stop && o.stop->load(); }

/// May the `index`-th pending run (0-based, in run order) start now?
bool may_start(const SweepOptions& o, std::size_t index) {
  return !stop_requested(o) && (o.max_new_runs < 0 || index < static_cast<std::size_t>(o.max_new_runs));
}

void run_locally(const SweepPlan& plan, const std::vector<ScenarioSpec>& specs, const std::vector<int>& pending,
                 int threads, RunExtras extras, Committer& commit) {
  WorldCache worlds(specs, pending, plan.replications);
  CommitQueue queue;
  std::exception_ptr writer_error;
  std::atomic<bool> writer_failed{false};
  std::thread writer([&] {
    try {
      while (auto r = queue.pop()) commit(*r);
    } catch (...) {
      writer_error = std::current_exception();
      writer_failed = true;
      while (queue.pop()) {
      }
    }
  });

  std::atomic<std::size_t> next{0};
  parallel::Arena arena(threads);
  arena.run([&] {
    // One loop per thread taking runs in run order; isolation keeps a thread that waits
    // inside a run's own parallel loop from starting another run meanwhile.
    parallel::parallel_for(0, threads, [&](int) {
      while (!writer_failed) {
        const std::size_t i = next.fetch_add(1);
        if (i >= pending.size() || !may_start(commit.options, i)) break;
        const int run = pending[i];
        const int point = plan.point_of(run);
        RunRecord record;
        parallel::isolate([&] {
          const auto t0 = Clock::now();
          std::shared_ptr<const World> world;
          try {
            world = worlds.acquire(point);
          } catch (const std::exception& e) {
            record = failed_run(run, point, plan.replication_of(run), e.what());
          }
          if (world)
            record = compute_run(specs[static_cast<std::size_t>(point)], *world, run, point, plan.replication_of(run),
                                 extras);
          record.wall_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        });
        worlds.release(point);
        queue.push(std::move(record));
      }
    });
  });
  queue.close();
  writer.join();
  if (writer_error) std::rethrow_exception(writer_error);
}

// --- MPI: the job every worker needs, and the coordinator's and workers' loops -------------

void put_string(std::vector<char>& out, const std::string& s) {
  const auto n = static_cast<std::uint64_t>(s.size());
  out.insert(out.end(), reinterpret_cast<const char*>(&n), reinterpret_cast<const char*>(&n) + sizeof n);
  out.insert(out.end(), s.begin(), s.end());
}

std::string get_string(std::span<const char> in, std::size_t& pos) {
  std::uint64_t n = 0;
  if (in.size() - pos < sizeof n) throw std::runtime_error("sweep job: truncated message");
  std::memcpy(&n, in.data() + pos, sizeof n);
  pos += sizeof n;
  if (in.size() - pos < n) throw std::runtime_error("sweep job: truncated message");
  std::string s(in.data() + pos, static_cast<std::size_t>(n));
  pos += static_cast<std::size_t>(n);
  return s;
}

/// What a worker needs to rebuild any point (the base scenario and each point's overrides) and
/// what each run keeps.
struct Job {
  std::string base_file;
  std::string base_yaml;
  int replications = 0;
  RunExtras extras;
  std::vector<std::vector<std::string>> overrides;  ///< per point
};

std::vector<char> pack(const Job& job) {
  std::vector<char> out;
  put_string(out, job.base_file);
  put_string(out, job.base_yaml);
  put_string(out, std::to_string(job.replications));
  put_string(out, fmt::format("{}{}", int{job.extras.daily}, int{job.extras.grids}));
  put_string(out, std::to_string(job.overrides.size()));
  for (const auto& point : job.overrides) {
    put_string(out, std::to_string(point.size()));
    for (const auto& o : point) put_string(out, o);
  }
  return out;
}

Job unpack(std::span<const char> in) {
  std::size_t pos = 0;
  Job job;
  job.base_file = get_string(in, pos);
  job.base_yaml = get_string(in, pos);
  job.replications = std::stoi(get_string(in, pos));
  const std::string extras = get_string(in, pos);
  if (extras.size() != 2) throw std::runtime_error("sweep job: malformed message");
  job.extras = {extras[0] == '1', extras[1] == '1'};
  job.overrides.resize(std::stoul(get_string(in, pos)));
  for (auto& point : job.overrides) {
    point.resize(std::stoul(get_string(in, pos)));
    for (auto& o : point) o = get_string(in, pos);
  }
  return job;
}

std::vector<char> int_bytes(int v) {
  std::vector<char> out(sizeof v);
  std::memcpy(out.data(), &v, sizeof v);
  return out;
}

void coordinate(Cluster& cluster, const SweepSpec& spec, const SweepPlan& plan, const std::vector<int>& pending,
                Committer& commit) {
  Job job{spec.base_file, spec.base_yaml, plan.replications, extras_of(spec), {}};
  for (const auto& p : plan.points) job.overrides.push_back(p.overrides);
  cluster.broadcast(pack(job));
  std::size_t next = 0;
  int active = cluster.size() - 1;
  while (active > 0) {
    auto message = cluster.poll(kTagReady);
    if (!message) {
      // Sleeping rather than blocking in MPI_Recv: Open MPI's blocking receive spins a core.
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      continue;
    }
    int run = -1;
    if (next < pending.size() && may_start(commit.options, next)) run = pending[next++];
    // Hand out the next run before storing this result: the worker computes while we write.
    cluster.send(message->source, kTagWork, int_bytes(run));
    if (run < 0) --active;
    if (!message->bytes.empty()) commit(deserialize(message->bytes));
  }
}

}  // namespace

SweepOutcome run_sweep(const SweepSpec& spec, const std::filesystem::path& dir, const SweepOptions& options,
                       Cluster* cluster) {
  const auto t0 = Clock::now();
  const bool distributed = cluster && cluster->distributed();
  if (distributed && !cluster->is_coordinator()) throw std::logic_error("run_sweep: call serve_sweep on ranks > 0");
  SweepOutcome outcome;
  std::optional<SweepStore> store;
  std::vector<ScenarioSpec> specs;
  SweepPlan plan;
  try {
    plan = plan_sweep(spec);
    specs = load_points(spec, plan);
    if (options.on_planned) options.on_planned(plan, specs);
    store.emplace(dir, spec, plan);
  } catch (...) {
    if (distributed) cluster->cancel_job();
    throw;
  }
  const std::vector<int> pending = store->pending_runs();
  SweepStart& start = outcome.start;
  start.file = store->file();
  start.points = static_cast<int>(plan.points.size());
  start.run_count = plan.run_count();
  start.done_before = start.run_count - static_cast<int>(pending.size());
  start.damaged = store->damaged_runs();
  start.upgraded_from_format = store->upgraded_from_format();
  start.pending = static_cast<int>(pending.size());
  start.threads = resolved_threads(options.threads);
  start.ranks = distributed ? cluster->size() : 1;
  if (options.on_start) options.on_start(start);

  Committer commit{*store, options, outcome};
  if (distributed)
    coordinate(*cluster, spec, plan, pending, commit);
  else if (!pending.empty())
    run_locally(plan, specs, pending, start.threads, extras_of(spec), commit);

  store->refresh_point_summary();
  outcome.pending_after = static_cast<int>(store->pending_runs().size());
  outcome.interrupted = outcome.pending_after > 0 && (stop_requested(options) || options.max_new_runs >= 0);
  outcome.wall_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return outcome;
}

int serve_sweep(Cluster& cluster, int threads) {
  if (!cluster.distributed() || cluster.is_coordinator()) throw std::logic_error("serve_sweep: only on ranks > 0");
  const std::vector<char> bytes = cluster.broadcast({});
  if (bytes.empty()) return 0;
  const Job job = unpack(bytes);

  std::vector<std::optional<ScenarioSpec>> specs(job.overrides.size());
  // Runs arrive roughly in point order, so the last point's world is usually the next one's.
  int world_point = -1;
  std::unique_ptr<World> world;
  parallel::Arena arena(resolved_threads(threads));
  std::vector<char> result;
  int computed = 0;
  while (true) {
    cluster.send(0, kTagReady, result);
    const std::vector<char> reply = cluster.receive(0, kTagWork);
    int run = -1;
    if (reply.size() == sizeof run) std::memcpy(&run, reply.data(), sizeof run);
    if (run < 0) break;
    const int point = run / job.replications;
    RunRecord record;
    const auto t0 = Clock::now();
    try {
      auto& spec = specs[static_cast<std::size_t>(point)];
      if (!spec) spec = load_scenario_string(job.base_yaml, job.base_file, job.overrides[static_cast<std::size_t>(point)]);
      if (world_point != point) {
        world.reset();
        world = std::make_unique<World>(build_world(*spec));
        world_point = point;
      }
      arena.run([&] { record = compute_run(*spec, *world, run, point, run % job.replications, job.extras); });
    } catch (const std::exception& e) {
      record = failed_run(run, point, run % job.replications, e.what());
    }
    record.wall_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    record.rank = cluster.rank();
    result = serialize(record);
    ++computed;
  }
  return computed;
}

}  // namespace govgrid
