#include "engine/run/resources.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "engine/metrics/accumulators.h"
#include "engine/model/case.h"
#include "engine/model/residents.h"
#include "engine/model/world.h"
#include "engine/run/replication.h"

namespace govgrid {
namespace {

// The mean of a distribution, rounded counts kept within [1, max] as world.cpp draws them.
double mean_count(const Distribution& d, double max) {
  double m = d.a;
  switch (d.kind) {
    case Distribution::Kind::fixed:
    case Distribution::Kind::exponential:
    case Distribution::Kind::normal: m = d.a; break;
    case Distribution::Kind::lognormal: m = d.a * std::exp(d.b * d.b / 2.0); break;
    case Distribution::Kind::uniform: m = (d.a + d.b) / 2.0; break;
  }
  return std::clamp(std::isfinite(m) ? m : max, 1.0, max);
}

// Calibrated on the shipped district (about 11 events per problem with its patrols and
// pushed-down tasks); a problem's slot, its pending events and queue entries.
constexpr double kEventsPerProblem = 10.0;
constexpr double kEventsPerPatrolOrTask = 2.0;
constexpr double kBytesPerLiveProblem = sizeof(Case) + 96.0;
// Problems live days to weeks and the slots of closed ones are reused: the shipped district
// keeps about three days of problems open. Three months' problems at once is the bound used
// (a district overloaded for longer keeps more, and takes long to run).
constexpr double kLiveDays = 90.0;
constexpr double kCaseEventsPerCase = 8.0;

}  // namespace

ResourceEstimate estimate_resources(const ScenarioSpec& spec, int threads, bool case_log) {
  ResourceEstimate e;
  double listed_workers = 0.0, listed_grids_with_workers = 0.0;
  const auto add_streets = [&](const std::optional<WorldGeneratorSpec>& generate, const std::vector<StreetSpec>& listed) {
    if (generate) {
      const WorldGeneratorSpec& g = *generate;
      const double communities =
          g.streets * mean_count(g.communities_per_street, WorldGeneratorSpec::kMaxCommunitiesPerStreet);
      const double grids = communities * mean_count(g.grids_per_community, WorldGeneratorSpec::kMaxGridsPerCommunity);
      e.streets += g.streets;
      e.communities += communities;
      e.grids += grids;
      e.residents += grids * mean_count(g.residents_per_grid, WorldGeneratorSpec::kMaxResidentsPerGrid);
      return;
    }
    for (const auto& s : listed) {
      e.streets += 1;
      for (const auto& c : s.communities) {
        e.communities += 1;
        for (const auto& g : c.grids) {
          e.grids += 1;
          e.residents += g.residents;
          if (g.workers) {
            listed_workers += *g.workers;
            listed_grids_with_workers += 1;
          }
        }
      }
    }
  };
  add_streets(spec.world.generate, spec.world.streets);
  double crews_total = 0.0, department_units = 0.0;
  const auto add_departments = [&](double factor) {
    for (const auto& d : spec.departments) crews_total += department_crews(d, factor);
    department_units += static_cast<double>(spec.departments.size());
  };
  if (spec.world.districts.empty()) add_departments(1.0);
  for (const auto& district : spec.world.districts) {
    add_streets(district.generate, district.streets);
    add_departments(district.department_crews_factor);
  }
  for (const auto& d : spec.city.departments) crews_total += d.crews;
  department_units += static_cast<double>(spec.city.departments.size());
  const GridWorkerSpec& gw = spec.grid_workers;
  const double rule_grids = e.grids - listed_grids_with_workers;
  double by_rule = rule_grids * gw.per_grid;
  if (gw.per_1000_residents) by_rule = e.residents / 1000.0 * *gw.per_1000_residents;
  if (gw.budget_per_year && gw.wage_per_year > 0.0) by_rule = std::floor(*gw.budget_per_year / gw.wage_per_year);
  e.grid_workers = std::max(by_rule, e.communities) + listed_workers;  // a community keeps at least one

  // Offices staffed by workload: about per-10,000 × residents in all (the factors' median is 1).
  const auto office_staff = [&](const OfficeSpec& o, double offices) {
    return o.staff_per_10000_residents ? std::max(offices, *o.staff_per_10000_residents * e.residents / 10000.0)
                                       : offices * o.staff;
  };
  double staff = e.grid_workers + office_staff(spec.community_staff, e.communities) +
                 office_staff(spec.street_centre, e.streets);
  staff += crews_total;

  double rate_per_1000 = 0.0;
  for (const auto& c : spec.categories) rate_per_1000 += c.rate_per_1000_per_day;
  double tasks_per_week = 0.0;
  for (const auto& t : spec.pushed_down_tasks)
    tasks_per_week += t.rate_per_week * (t.per == TaskUnit::grid               ? e.grids
                                         : t.per == TaskUnit::community_office ? e.communities
                                                                               : e.grid_workers);
  e.problems_per_day = e.residents / 1000.0 * rate_per_1000;
  const double patrols_per_day = e.grids * gw.patrols_per_day;
  const double visits_per_day =
      e.residents / spec.grid_workers.visits.residents_per_household * spec.grid_workers.visits.per_household_per_year() / 365.0;
  const double tasks_per_day = tasks_per_week / 7.0 + visits_per_day;
  const double days = spec.run.days;
  const double windows = static_cast<double>(window_count(spec));
  e.events_per_replication = days * (e.problems_per_day * kEventsPerProblem +
                                     (patrols_per_day + tasks_per_day) * kEventsPerPatrolOrTask) +
                             windows * e.streets;
  const double replications = spec.run.replications;
  e.events = e.events_per_replication * replications;
  e.in_flight = std::max(1, std::min(threads, spec.run.replications));

  constexpr double kNameBytes = 48.0;  // a name's string and its share of the tables
  e.world_bytes = e.residents * (sizeof(AgeGroup) + sizeof(float)) +
                  e.grids * (sizeof(World::Grid) + kNameBytes) +
                  e.communities * (sizeof(World::Community) + kNameBytes) +
                  e.streets * (sizeof(World::Street) + kNameBytes) + staff * 2.0 * sizeof(std::uint32_t);
  const double live_problems = e.problems_per_day * std::min(days, kLiveDays);
  const double stations = e.grids + e.communities + e.streets + department_units;
  e.result_bytes = e.grids * sizeof(GridTally) + std::ceil(days) * sizeof(DailyRow) + stations * sizeof(StationTally);
  if (case_log) {
    const double measured = e.problems_per_day * std::max(0.0, days - spec.run.warmup_days);
    e.result_bytes += measured * (sizeof(CaseRecord) + kCaseEventsPerCase * sizeof(CaseEventRecord));
  }
  e.per_replication_bytes = e.residents * sizeof(Residents::Person) + live_problems * kBytesPerLiveProblem +
                            staff * 64.0 /* a server's running job, rounded up */ + e.result_bytes;
  // The outputs are formatted in memory (about as large as the results, a few times over for
  // the per-grid tables as text).
  const double outputs = replications * (e.grids * 400.0 + std::ceil(days) * 80.0) +
                         (case_log ? replications * e.problems_per_day * days * 400.0 : 0.0);
  e.peak_bytes = e.world_bytes + e.in_flight * e.per_replication_bytes + replications * e.result_bytes + outputs;
  if (!std::isfinite(e.peak_bytes)) e.peak_bytes = HUGE_VAL;
  return e;
}

SweepResourceEstimate estimate_sweep_resources(const std::vector<ScenarioSpec>& points, int runs, int threads) {
  SweepResourceEstimate out;
  for (std::size_t p = 0; p < points.size(); ++p) {
    const ResourceEstimate e = estimate_resources(points[p], 1);
    const double bytes = e.world_bytes + e.per_replication_bytes;
    if (p == 0 || bytes > out.run_bytes) {
      out.largest_point = p;
      out.largest = e;
      out.run_bytes = bytes;
    }
  }
  out.in_flight = std::max(1, std::min(threads, runs));
  out.peak_bytes = out.in_flight * out.run_bytes;
  if (!std::isfinite(out.peak_bytes)) out.peak_bytes = HUGE_VAL;
  return out;
}

std::uint64_t available_memory_bytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  std::uint64_t bytes = pages > 0 && page > 0 ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page) : 0;
  // A container's limit (cgroup v2, then v1) when it is lower than the machine's memory.
  for (const char* path : {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
    std::ifstream in(path);
    std::uint64_t limit = 0;
    if (in >> limit && limit > 0 && (bytes == 0 || limit < bytes)) bytes = limit;
  }
  return bytes;
}

std::string format_bytes(double bytes) {
  if (!std::isfinite(bytes)) return "more than can be counted";
  const char* units[] = {"bytes", "KB", "MB", "GB", "TB", "PB", "EB"};
  std::size_t u = 0;
  while (bytes >= 1000.0 && u + 1 < std::size(units)) {
    bytes /= 1000.0;
    ++u;
  }
  if (bytes >= 1000.0) return fmt::format("{:.3g} EB", bytes);
  return u == 0 ? fmt::format("{:.0f} bytes", bytes) : fmt::format("{:.3g} {}", bytes, units[u]);
}

namespace {

// 980, 62.7 thousand, 1.43 million, 2.4 trillion.
std::string count(double v) {
  if (!std::isfinite(v)) return "uncountably many";
  const char* units[] = {"", " thousand", " million", " billion", " trillion"};
  std::size_t u = 0;
  while (v >= 1000.0 && u + 1 < std::size(units)) {
    v /= 1000.0;
    ++u;
  }
  if (u == 0) return fmt::format("{:.0f}", v);
  return fmt::format("{}{}", v >= 1000.0 ? fmt::format("{:.0f}", v) : fmt::format("{:.3g}", v), units[u]);
}

}  // namespace

std::string describe(const ResourceEstimate& e, const ScenarioSpec& spec) {
  return fmt::format("about {} of memory at peak ({} residents in {} grids, {} grid workers; {} problems a day × {} "
                     "days × {} replication{}, {} at a time; about {} events)",
                     format_bytes(e.peak_bytes), count(e.residents), count(e.grids), count(e.grid_workers),
                     count(e.problems_per_day), fmt::format("{:.6g}", spec.run.days), spec.run.replications,
                     spec.run.replications == 1 ? "" : "s", e.in_flight, count(e.events));
}

std::string describe(const SweepResourceEstimate& e, const ScenarioSpec& largest) {
  return fmt::format("about {} of memory at peak ({} run{} at a time, each up to about {}: {} residents in {} grids, {} "
                     "problems a day × {} days)",
                     format_bytes(e.peak_bytes), e.in_flight, e.in_flight == 1 ? "" : "s", format_bytes(e.run_bytes),
                     count(e.largest.residents), count(e.largest.grids), count(e.largest.problems_per_day),
                     fmt::format("{:.6g}", largest.run.days));
}

}  // namespace govgrid
