#include "engine/run/replication.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <variant>
#include <vector>

#include "engine/metrics/observers.h"
#include "engine/model/departments.h"
#include "engine/model/street.h"
#include "engine/rng/counter_rng.h"
#include "engine/sim/parallel.h"
#include "engine/sim/windowed_run.h"

namespace govgrid {
namespace {

/// A logical process of the run with its own observers: a street or the departments.
/// Built in place and never moved (the model's parts hold references to each other).
class Process {
 public:
  using Message = govgrid::Message;

  Process(const CompiledModel& model, std::uint32_t index, RngKey key, bool case_log)
      : observers_(make_observers(model, index, case_log)),
        lp_(make_lp(model, index, key, observers_)) {}

  void advance_until(double bound) {
    std::visit([&](auto& lp) { lp.advance_until(bound); }, lp_);
  }
  std::vector<Message>& outbox() {
    return std::visit([](auto& lp) -> std::vector<Message>& { return lp.outbox(); }, lp_);
  }
  void deliver(const Message& m, double at) {
    std::visit([&](auto& lp) { lp.deliver(m, at); }, lp_);
  }

  Observers& observers() { return observers_; }
  const Street* street() const { return std::get_if<Street>(&lp_); }
  Street* street() { return std::get_if<Street>(&lp_); }
  std::uint64_t events_processed() const {
    return std::visit([](const auto& lp) { return lp.events_processed(); }, lp_);
  }
  const Stations& stations() const {
    return std::visit([](const auto& lp) -> const Stations& { return lp.stations(); }, lp_);
  }

 private:
  static Observers make_observers(const CompiledModel& model, std::uint32_t index, bool case_log) {
    const World& w = model.world;
    if (index >= w.streets.size()) {
      const auto station = w.first_department_station + index - static_cast<std::uint32_t>(w.streets.size());
      return Observers(model, 0, 0, station, station + 1, false);
    }
    const World::Street& s = w.streets[index];
    const std::uint32_t first_station = index == 0 ? 0 : w.streets[index - 1].station + 1;
    return Observers(model, s.first_grid, s.grid_count, first_station, s.station + 1, case_log);
  }
  static std::variant<Street, Departments> make_lp(const CompiledModel& model, std::uint32_t index, RngKey key,
                                                   Observers& observers) {
    const auto first_department = static_cast<std::uint32_t>(model.world.streets.size());
    if (index >= first_department)
      return std::variant<Street, Departments>(std::in_place_type<Departments>, model, index, index - first_department,
                                               key, observers);
    return std::variant<Street, Departments>(std::in_place_type<Street>, model, index, first_department, key,
                                             observers);
  }

  Observers observers_;
  std::variant<Street, Departments> lp_;
};

}  // namespace

double sync_window_h(const ScenarioSpec& spec) {
  return std::min(spec.run.sync_window_h, spec.platform.department_transfer_h);
}

std::uint64_t window_count(const ScenarioSpec& spec) {
  return sim::window_count(spec.run.days * sim::kHoursPerDay, sync_window_h(spec));
}

ReplicationResult simulate_replication(const ScenarioSpec& spec, const World& world, int replication,
                                       const SimulationOptions& options) {
  const CompiledModel model(spec, world);
  return simulate_replication(model, replication, options);
}

ReplicationResult simulate_replication(const CompiledModel& model, int replication, const SimulationOptions& options) {
  using Clock = std::chrono::steady_clock;
  const ScenarioSpec& spec = model.spec;
  const World& world = model.world;
  const auto t0 = Clock::now();
  const RngKey key = RngKey::for_replication(spec.run.seed, replication);
  // Streets first, then one process per department unit (each district's, then the city's):
  // they share nothing.
  const auto count = static_cast<std::uint32_t>(world.streets.size() + world.departments.size());
  std::vector<std::unique_ptr<Process>> processes(count);
  parallel::parallel_for(std::uint32_t{0}, count, [&](std::uint32_t p) {
    processes[p] = std::make_unique<Process>(model, p, key, options.case_log);
  });
  std::vector<Process*> order(count);
  for (std::uint32_t p = 0; p < count; ++p) order[p] = processes[p].get();
  const auto t1 = Clock::now();

  sim::run_windows<Process>(order, sync_window_h(spec), model.end_h, options.windows_done);
  const auto t2 = Clock::now();

  ReplicationResult result;
  result.replication = replication;
  result.seed = key.value;
  result.measured_days = spec.run.days - spec.run.warmup_days;
  result.grids.resize(world.grids.size());
  result.stations.resize(world.stations.size());
  result.daily.resize(static_cast<std::size_t>(std::ceil(spec.run.days)));
  result.street_months.resize(world.streets.size());
  double backlog_area = 0.0;
  for (std::uint32_t p = 0; p < count; ++p) {
    Process* process = processes[p].get();
    Observers& obs = process->observers();
    result.perf.events += process->events_processed();
    result.perf.station_arrivals += process->stations().job_arrivals();
    result.perf.station_completions += process->stations().job_completions();
    obs.stations.copy_into(result.stations);
    if (Street* street = process->street()) {
      street->finish();
      result.cases_open_all += street->cases_open();
      result.cases_open_located += street->cases_open_located();
      result.hidden_at_end += street->hidden_problems();
      // Residents' trust at the end, then grid-worker hours shared by grid, then staff cost.
      auto& tallies = obs.tallies.tallies();
      const std::uint32_t first_grid = obs.tallies.first_grid();
      for (std::uint32_t g = 0; g < tallies.size(); ++g) {
        const World::Grid& grid = world.grids[first_grid + g];
        tallies[g].residents = grid.residents;
        for (std::uint32_t r = 0; r < grid.residents; ++r)
          tallies[g].trust_sum += street->trust_of(grid.first_resident + r);
      }
      obs.stations.share_into(tallies, first_grid);
      add_staff_cost(model, tallies, first_grid);
      std::copy(tallies.begin(), tallies.end(), result.grids.begin() + first_grid);
      result.street_months[p] = std::move(obs.monthly.months());  // streets are processes 0 …
      result.cases.insert(result.cases.end(), obs.cases.rows().begin(), obs.cases.rows().end());
      result.case_events.insert(result.case_events.end(), obs.events.rows().begin(), obs.events.rows().end());
    }
    for (std::size_t d = 0; d < result.daily.size(); ++d) result.daily[d].merge(obs.daily.days()[d]);
    result.cases_created_all += obs.census.created();
    result.cases_closed_all += obs.census.closed();
    backlog_area += obs.census.backlog_area();
  }
  result.backlog_time_avg = backlog_area / (result.measured_days * sim::kHoursPerDay);
  std::sort(result.cases.begin(), result.cases.end(),
            [](const CaseRecord& a, const CaseRecord& b) { return a.case_id < b.case_id; });
  // A street's rows are in time order; a stable sort by case keeps each case's in that order.
  std::stable_sort(result.case_events.begin(), result.case_events.end(),
                   [](const CaseEventRecord& a, const CaseEventRecord& b) { return a.case_id < b.case_id; });
  result.perf.setup_seconds = std::chrono::duration<double>(t1 - t0).count();
  result.perf.run_seconds = std::chrono::duration<double>(t2 - t1).count();
  return result;
}

}  // namespace govgrid
