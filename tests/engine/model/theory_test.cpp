// Model-level checks: the simulator against queueing theory and its own bookkeeping.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "analysis/metric_catalogue.h"
#include "analysis/stats.h"
#include "engine/run/replications.h"
#include "govgrid/scenario_loader.h"
#include "small_world.h"

namespace govgrid {
namespace {

const std::string kErlang = GOVGRID_SOURCE_DIR "/scenarios/erlang_c.yaml";
const std::string kDistrict = GOVGRID_SOURCE_DIR "/scenarios/district.yaml";

double metric(const ReplicationResult& r, std::string_view name) {
  const GridTally all = district_tally(r);
  return derive_metrics(all, r.measured_days)[*metric_index(name)];
}

Interval metric_ci(const std::vector<ReplicationResult>& rs, std::string_view name) {
  std::vector<double> xs;
  for (const auto& r : rs) xs.push_back(metric(r, name));
  return mean_ci95(xs);
}

/// Mean wait in queue of M/M/c: W_q = C(c, a) / (cμ − λ), a = λ/μ.
double erlang_c_wait(int c, double lambda, double mu) {
  const double a = lambda / mu;
  double term = 1.0, sum = 0.0;  // a^k / k!
  for (int k = 0; k < c; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  const double top = term * c / (c - a);
  return top / (sum + top) / (c * mu - lambda);
}

struct Station {
  int servers;
  double arrivals_per_h;
  double service_mean_h;
};

class ErlangC : public ::testing::TestWithParam<Station> {};

TEST_P(ErlangC, MeanWaitAndUtilisationMatchTheory) {
  const Station p = GetParam();
  const ScenarioSpec spec = load_scenario_file(
      kErlang, {"grid_workers.per_grid=" + std::to_string(p.servers),
                "categories.single.rate_per_1000_per_day=" + std::to_string(p.arrivals_per_h * 24.0),
                "categories.single.service_h.grid.mean=" + std::to_string(p.service_mean_h),
                "run.days=1500", "run.replications=10"});
  const World world = build_world(spec);
  const auto results = run_replications(spec, world);

  const double theory = erlang_c_wait(p.servers, p.arrivals_per_h, 1.0 / p.service_mean_h);
  const Interval wait = metric_ci(results, "wait_time_mean_h");
  EXPECT_LE(wait.lo, theory) << "W_q theory " << theory << " above the CI " << wait.lo << ".." << wait.hi;
  EXPECT_GE(wait.hi, theory) << "W_q theory " << theory << " below the CI " << wait.lo << ".." << wait.hi;
  EXPECT_LT(wait.half_width, 0.15 * theory) << "too few cases for a meaningful comparison";

  const double rho = p.arrivals_per_h * p.service_mean_h / p.servers;
  const Interval util = metric_ci(results, "worker_utilization");
  EXPECT_NEAR(util.mean, rho, 0.02);
}

INSTANTIATE_TEST_SUITE_P(Loads, ErlangC,
                         ::testing::Values(Station{1, 0.5, 1.0},    // M/M/1, ρ = 0.5
                                           Station{3, 1.0, 2.0},    // M/M/3, ρ = 2/3
                                           Station{5, 2.0, 2.0},    // M/M/5, ρ = 0.8
                                           Station{10, 4.0, 2.0}),  // M/M/10, ρ = 0.8
                         [](const auto& info) {
                           return "c" + std::to_string(info.param.servers) + "_rho" +
                                  std::to_string(static_cast<int>(100 * info.param.arrivals_per_h *
                                                                  info.param.service_mean_h / info.param.servers));
                         });

/// The department tier as the second station of a Jackson network: 12345 tickets arrive as a
/// Poisson stream and go straight to one department (M/M/4 around the clock, ρ = 0.8), crossing
/// the platform each way in platform.department_transfer_h. Ticket sent → case resolved is then
/// two transfers plus the M/M/4 sojourn W = W_q + 1/μ, exactly, at the default window as at any
/// other: hand-offs between partitions land at their own times.
ScenarioSpec department_tier(double window_h) {
  ScenarioSpec spec = testing::small_world(1);
  testing::all_need(spec, 3);
  CategorySpec& cat = spec.categories[0];
  cat.rate_per_1000_per_day = 1.6 * 24.0;  // λ = 1.6 tickets per hour from 1,000 residents
  cat.service_h[3] = Distribution::exponential(2.0);
  cat.dispatch.to_department = 1.0;
  cat.departments = {"works"};
  cat.lead_share[3] = 0.0;
  spec.departments.push_back({"works", 4});
  spec.departments.back().shift = {0.0, 24.0, 7, 0.0};
  spec.policies.ticket_dispatch = TicketDispatch::catalogue;
  spec.residents.channels[0].via_duty_desk = true;
  spec.run.days = 300;
  spec.run.sync_window_h = window_h;
  return spec;
}

/// Per case: ticket sent → resolved, less the two platform transfers (hours).
std::map<std::uint64_t, double> department_sojourns(const ReplicationResult& r, double transfer_h) {
  std::map<std::uint64_t, double> sent, out;
  for (const CaseEventRecord& e : r.case_events) {
    if (e.event == CaseEvent::ticket_sent) sent[e.case_id] = e.t;
    if (e.event == CaseEvent::resolved && sent.contains(e.case_id)) out[e.case_id] = e.t - sent[e.case_id] - 2 * transfer_h;
  }
  return out;
}

TEST(JacksonNetwork, TheDepartmentTierMatchesTheoryAtTheDefaultWindow) {
  const ScenarioSpec spec = department_tier(ScenarioSpec{}.run.sync_window_h);
  const double transfer_h = spec.platform.department_transfer_h;
  ASSERT_GE(transfer_h, spec.run.sync_window_h) << "the default window is the lookahead";
  const World world = build_world(spec);
  std::vector<double> means;
  for (int rep = 0; rep < 6; ++rep) {
    SimulationOptions options;
    options.case_log = true;
    double sum = 0.0;
    const auto sojourns = department_sojourns(simulate_replication(spec, world, rep, options), transfer_h);
    for (const auto& [id, w] : sojourns) sum += w;
    ASSERT_GT(sojourns.size(), 10000u);
    means.push_back(sum / static_cast<double>(sojourns.size()));
  }
  const double theory = erlang_c_wait(4, 1.6, 0.5) + 2.0;  // W_q + 1/μ ≈ 3.78 h
  const Interval w = mean_ci95(means);
  EXPECT_LE(w.lo, theory) << "W theory " << theory << " above the CI " << w.lo << ".." << w.hi;
  EXPECT_GE(w.hi, theory) << "W theory " << theory << " below the CI " << w.lo << ".." << w.hi;
  EXPECT_LT(w.half_width, 0.1 * theory) << "too few cases for a meaningful comparison";
}

TEST(JacksonNetwork, EveryCaseTakesTheSameTimeWhateverTheWindow) {
  ScenarioSpec one = department_tier(1.0), small = department_tier(0.07);
  one.run.days = small.run.days = 60;
  const double transfer_h = one.platform.department_transfer_h;
  const auto a = department_sojourns(testing::run(one), transfer_h);
  const auto b = department_sojourns(testing::run(small), transfer_h);
  ASSERT_GT(a.size(), 1000u);
  EXPECT_EQ(a, b);  // bit for bit
}

/// Little's law on the backlog: time-average open cases L = λ W.
void expect_littles_law(const ReplicationResult& r, double tolerance) {
  const GridTally all = district_tally(r);
  const double lambda = all.cases_created / (r.measured_days * 24.0);
  const double w = all.sojourn_h_sum / all.cases_closed;
  EXPECT_NEAR(r.backlog_time_avg / (lambda * w), 1.0, tolerance)
      << "L " << r.backlog_time_avg << " vs λW " << lambda * w;
}

TEST(LittlesLaw, HoldsOnTheSingleStation) {
  const ScenarioSpec spec = load_scenario_file(kErlang, {"run.replications=2"});
  for (const auto& r : run_replications(spec, build_world(spec))) expect_littles_law(r, 0.03);
}

ScenarioSpec small_district(std::vector<std::string> extra = {}) {
  std::vector<std::string> sets = {"world.generate.streets=3", "run.days=150", "run.warmup_days=40",
                                   "run.replications=2"};
  sets.insert(sets.end(), extra.begin(), extra.end());
  return load_scenario_file(kDistrict, sets);
}

TEST(LittlesLaw, HoldsOnTheWholeCaseFlow) {
  const ScenarioSpec spec = small_district();
  for (const auto& r : run_replications(spec, build_world(spec))) expect_littles_law(r, 0.05);
}

// The monthly counts (as published monthly rankings count them) partition the run's: summed
// over streets and months they equal the district tally behind 响应率, 解决率 and 满意率.
TEST(MonthlyRates, TheMonthsAddUpToTheRun) {
  const ScenarioSpec spec = small_district();
  for (const auto& r : run_replications(spec, build_world(spec))) {
    const GridTally all = district_tally(r);
    MonthTally sum;
    ASSERT_EQ(r.street_months.size(), 3u);
    for (const auto& street : r.street_months) {
      EXPECT_EQ(street.size(), 5u);  // 150 days from January: January to May
      for (const MonthTally& m : street) sum.merge(m);
    }
    EXPECT_GT(sum.tickets, 1000u);
    EXPECT_EQ(sum.tickets, all.tickets_dispatched);
    EXPECT_EQ(sum.contacted_on_time, all.tickets_contacted_on_time);
    EXPECT_EQ(sum.rated, all.rated);
    EXPECT_EQ(sum.said_resolved, all.said_resolved);
    EXPECT_EQ(sum.satisfied, all.satisfied);
    EXPECT_EQ(sum.open_overdue, all.open_overdue);
    // Nothing is counted in a month that ended before the warm-up did (40 days: January).
    for (const auto& street : r.street_months) EXPECT_EQ(street[0].rated, 0u);
  }
}

class Conservation : public ::testing::TestWithParam<std::vector<std::string>> {};

TEST_P(Conservation, EveryCaseCreatedIsClosedOrStillSomewhere) {
  const ScenarioSpec spec = small_district(GetParam());
  RunOptions options;
  options.case_log = true;
  for (const auto& r : run_replications(spec, build_world(spec), options)) {
    EXPECT_GT(r.cases_created_all, 1000u);
    // Created and closed are counted by an observer of the model's signals, open by the case
    // flow itself, and located by a walk over every queue, job, event and department ticket.
    EXPECT_EQ(r.cases_created_all, r.cases_closed_all + r.cases_open_all);
    EXPECT_EQ(r.cases_open_all, r.cases_open_located);
    // The daily series, summed over the run, leaves exactly the open cases.
    std::uint64_t arrivals = 0, closures = 0;
    for (const auto& d : r.daily) {
      arrivals += d.arrivals;
      closures += d.closures;
    }
    EXPECT_EQ(arrivals - closures, r.cases_open_all);
    // The grid tallies agree with the case log, which another observer writes.
    const GridTally all = district_tally(r);
    std::uint64_t logged = 0, logged_closed = 0, logged_resolved = 0;
    for (const auto& c : r.cases) {
      ++logged;
      if (!std::isnan(c.closed_h)) {
        ++logged_closed;
        logged_resolved += c.level_resolved >= 0;
      }
    }
    EXPECT_EQ(logged, all.cases_created);
    EXPECT_EQ(logged_closed, all.cases_closed);
    EXPECT_EQ(logged_resolved, all.cases_resolved);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Policies, Conservation,
    ::testing::Values(std::vector<std::string>{},
                      std::vector<std::string>{"whistle.enabled=false"},
                      std::vector<std::string>{"policies.job_priority=pushed_down_first", "grid_workers.per_grid=0.5"},
                      std::vector<std::string>{"handling.reopen_share=1", "handling.rating_share=1"},
                      // Overloaded: queues still growing at the end, nothing may be lost.
                      std::vector<std::string>{"community_staff.staff=1", "street_centre.staff=1", "run.days=60",
                                               "run.warmup_days=10"}));

}  // namespace
}  // namespace govgrid
