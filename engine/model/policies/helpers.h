// Helper policies: who besides the grid workers takes light grid cases. Chosen by
// `policies.helpers`. A helper keeps per-process state (each process holds its own copy).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "engine/model/world.h"
#include "engine/rng/counter_rng.h"
#include "engine/sim/time.h"
#include "govgrid/scenario_spec.h"

namespace govgrid {

/// A light grid case offered to helpers: at local grid-worker station `station`, with `backlog`
/// cases waiting there, at time `t`.
struct HelperCall {
  std::uint32_t station = 0;
  int backlog = 0;
  double t = 0.0;
};

/// What came of it: taken (first contact after `reach_h`, done `work_h` later; `helper_h` of the
/// helper's own time, travel and work) or not, and the community office's hours spent calling
/// (`coordination_h`, taken or not).
struct HelperVisit {
  bool taken = false;
  double reach_h = 0.0, work_h = 0.0, helper_h = 0.0, coordination_h = 0.0;
};

struct NoHelpers {
  static constexpr const char* name = "none";
  explicit NoHelpers(const ScenarioSpec&) {}
  void add_station(const World&, const StationInfo&) {}
  HelperVisit take(const HelperCall&, const CategorySpec&, CounterRng&) { return {}; }
  void on_outcome(std::uint32_t, bool, double) {}
  void day_end(double) {}
  /// Members' answer share now (mean over the communities), NaN when there are no members.
  double participation() const { return std::numeric_limits<double>::quiet_NaN(); }
};

/// 双报到 / 党员中心户: party members give a weekly bank of hours per grid (refilled a
/// seventh each day, capped at one week); a light case that needs only the grid is taken
/// when the bank of its worker group holds its work.
struct PartyVolunteers {
  static constexpr const char* name = "party_volunteers";
  double hours_per_grid_per_week;
  Distribution response_h;
  std::vector<double> bank_h, cap_h;  ///< per local station

  explicit PartyVolunteers(const ScenarioSpec& spec)
      : hours_per_grid_per_week(spec.remedies.volunteer_hours_per_grid_per_week),
        response_h(spec.remedies.volunteer_response_h) {}
  /// The next local station (only grid-worker stations get a bank).
  void add_station(const World&, const StationInfo& info) {
    const std::uint32_t grids = info.kind == StationInfo::Kind::grid_workers ? info.grid_count : 0;
    cap_h.push_back(hours_per_grid_per_week * grids);
    bank_h.push_back(cap_h.back() / 7.0);
  }
  HelperVisit take(const HelperCall& call, const CategorySpec& cat, CounterRng& rng) {
    if (cap_h[call.station] <= 0.0 || !cat.light) return {};
    const double work = rng.sample(cat.service_h[0]);
    if (bank_h[call.station] < work) return {};
    bank_h[call.station] -= work;
    const double reach = rng.sample(response_h);
    return {true, reach, work, reach + work, 0.0};
  }
  void on_outcome(std::uint32_t, bool, double) {}
  void day_end(double) {
    for (std::size_t s = 0; s < bank_h.size(); ++s) bank_h[s] = std::min(cap_h[s], bank_h[s] + cap_h[s] / 7.0);
  }
  double participation() const { return std::numeric_limits<double>::quiet_NaN(); }
};

/// 双报到 members as agents (docs/model.md section 8.5): each community has its registered
/// in-service members, each with a yearly commitment of hours. When a light grid case meets a
/// backlog of `call_backlog` at its grid's workers, the community office calls up to
/// `members_called` members in turn; each answers with the community's participation (answer
/// share, moved by 双向评价) if the hours left in the member's year cover the case. A member
/// at work (weekdays, work_start_h–work_end_h) comes after work. Every call costs the office
/// party.coordination_h. The share patrol_share of each member's hours is planned as patrols,
/// which the street's case flow walks (CompiledModel::member_patrol_h_per_day); calls get the rest.
struct DoubleReport {
  static constexpr const char* name = "double_report";
  DoubleReportSpec spec;
  double coordination_h;
  std::uint32_t first_community = kNone;
  std::vector<std::uint32_t> community_of_station;  ///< per local station: local community, or kNone
  struct Community {
    std::vector<float> hours_left;  ///< per member, in the current year
    std::uint32_t next = 0;         ///< the member the next call reaches first
    /// 双向评价: good outcomes over all, each weighted down with its age (half-life); the
    /// reference rating counts as one outcome at the start.
    double good = 0.0, weight = 1.0, rated_at_h = 0.0;
    double rating() const { return good / weight; }
  };
  std::vector<Community> communities;  ///< this street's, by local index
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

  explicit DoubleReport(const ScenarioSpec& s) : spec(s.party.double_report), coordination_h(s.party.coordination_h) {}

  void add_station(const World& world, const StationInfo& info) {
    if (info.kind != StationInfo::Kind::grid_workers) {
      community_of_station.push_back(kNone);
      return;
    }
    const std::uint32_t community = world.grids[info.first_grid].community;
    if (first_community == kNone) first_community = community;
    const std::uint32_t local = community - first_community;
    while (communities.size() <= local)
      communities.push_back({std::vector<float>(static_cast<std::size_t>(spec.members_per_community), call_hours()),
                             0, spec.rating_reference, 1.0, 0.0});
    community_of_station.push_back(local);
  }

  /// Each member's hours a year for calls: the commitment less what is planned as patrols.
  float call_hours() const { return static_cast<float>(spec.hours_per_member_per_year * (1.0 - spec.patrol_share)); }

  /// Participation: the chance a called member of community `k` answers.
  double answer_share(const Community& k) const {
    const double p = spec.answer_share * (1.0 + spec.rating_elasticity * (k.rating() - spec.rating_reference));
    return std::clamp(p, 0.0, 1.0);
  }

  HelperVisit take(const HelperCall& call, const CategorySpec& cat, CounterRng& rng) {
    const std::uint32_t local = community_of_station[call.station];
    if (local == kNone || !cat.light || call.backlog < spec.call_backlog) return {};
    Community& k = communities[local];
    if (k.hours_left.empty()) return {};
    // The work and the way there are drawn whatever the answers; then one answer per member
    // called, until one comes.
    const double work = rng.sample(cat.service_h[0]);
    const double travel = rng.sample(spec.travel_h);
    HelperVisit visit{false, 0.0, work, work + travel, coordination_h};
    const double p = answer_share(k);
    const auto n = static_cast<std::uint32_t>(k.hours_left.size());
    const std::uint32_t calls = std::min<std::uint32_t>(n, static_cast<std::uint32_t>(spec.members_called));
    for (std::uint32_t i = 0; i < calls; ++i) {
      const std::uint32_t m = (k.next + i) % n;
      if (rng.uniform() >= p || k.hours_left[m] < work + travel) continue;
      k.hours_left[m] -= static_cast<float>(work + travel);
      k.next = (m + 1) % n;
      visit.taken = true;
      visit.reach_h = after_work(call.t) - call.t + travel;
      return visit;
    }
    k.next = (k.next + calls) % n;
    return visit;
  }

  /// The first hour at or after `t` at which an in-service member is free of their own work.
  double after_work(double t) const {
    const double midnight = static_cast<double>(sim::day_of(t)) * sim::kHoursPerDay;
    const double hour = t - midnight;
    if (sim::weekday_of(t) >= 5 || hour < spec.work_start_h || hour >= spec.work_end_h) return t;
    return midnight + spec.work_end_h;
  }

  /// 双向评价: a member-handled case of station `station` ended well (satisfied, or fixed when
  /// its requester did not rate it) or not.
  void on_outcome(std::uint32_t station, bool good, double t) {
    const std::uint32_t local = community_of_station[station];
    if (local == kNone) return;
    Community& k = communities[local];
    const double decay = std::exp2(-(t - k.rated_at_h) / (spec.rating_half_life_days * sim::kHoursPerDay));
    k.good = k.good * decay + (good ? 1.0 : 0.0);
    k.weight = k.weight * decay + 1.0;
    k.rated_at_h = t;
  }

  /// A new year of commitments starts every 365 days of the run.
  void day_end(double t) {
    if (!sim::closes_a_year(t)) return;
    for (Community& k : communities)
      std::fill(k.hours_left.begin(), k.hours_left.end(), call_hours());
  }

  double participation() const {
    if (communities.empty() || spec.members_per_community == 0) return std::numeric_limits<double>::quiet_NaN();
    double sum = 0.0;
    for (const Community& k : communities) sum += answer_share(k);
    return sum / static_cast<double>(communities.size());
  }
};

}  // namespace govgrid
