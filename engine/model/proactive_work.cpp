// Proactive work of grid workers (CaseFlow's part in proactive_work): patrol walks (巡查) and
// household visits (走访), planned at each shift start; what they find becomes a case at once.
//
// Patrol: a walk of h hours finds each visible hidden problem of its grid with
// 1 − exp(−rate × h × v), v the problem's visibility (rising with its age, higher once grown),
// so two walks or a longer walk find more than one short walk, with diminishing returns.
// Visits: a visit to one of a grid's H households finds each hidden problem no patrol can see
// with find_probability ÷ H (one draw per find: geometric skips along the grid's visit list).
//
// The job-ordering policy says which share of the day's walks and visits is protected (queued
// first); the rest is owed: one owed job per grid waits behind all other work and becomes the
// deferred walk or the next visit when a worker reaches it; owed walking lapses at the next
// shift start, owed visits beyond carry_over_days' quota lapse.
#include <algorithm>
#include <cmath>

#include "engine/model/case_flow.h"
#include "engine/model/street.h"

namespace govgrid {

void CaseFlow::plan_day(double t, std::uint32_t s) {
  const CompiledModel& model = street_.model_;
  const GridWorkerSpec& gw = model.spec.grid_workers;
  Station& st = street_.stations_[s];
  const auto& info = model.world.stations[st.global];
  const auto [patrol_share, visit_share] = std::visit(
      [](const auto& o) { return std::pair{o.protected_patrol_share(), o.protected_visit_share()}; },
      model.job_ordering);
  const double per_day = gw.patrols_per_day;
  for (std::uint32_t g = info.first_grid; g < info.first_grid + info.grid_count; ++g) {
    GridWork& w = grid_work_[g - first_grid_];
    // Drawn whatever the policy, so the station's stream does not depend on it.
    const int walks = static_cast<int>(per_day) + (st.rng.bernoulli(per_day - std::floor(per_day)) ? 1 : 0);
    const double u_visits = st.rng.uniform();
    const double protected_h = gw.patrol_h * patrol_share;
    w.patrol_owed_h = walks * (gw.patrol_h - protected_h);  // yesterday's owed walking lapses
    if (protected_h > 0.0)
      for (int k = 0; k < walks; ++k)
        street_.stations_.enqueue(t, s, JobKind::patrol, g, QueueRank{kProtectedClass}, street_, protected_h);
    if (w.visits_per_day > 0.0) {
      emit(street_.observers_, VisitsDue{t, g, w.visits_per_day});
      const double carry = model.spec.grid_workers.visits.carry_over_days * w.visits_per_day;
      w.visits_owed = std::min(w.visits_owed + w.visits_per_day, std::max(carry, w.visits_per_day));
      const double protected_visits = w.visits_per_day * visit_share;
      auto n = static_cast<int>(protected_visits) + (u_visits < protected_visits - std::floor(protected_visits) ? 1 : 0);
      n = std::min(n, static_cast<int>(w.visits_owed));
      w.visits_owed -= n;
      for (int k = 0; k < n; ++k) street_.stations_.enqueue(t, s, JobKind::visit, g, QueueRank{kProtectedClass}, street_, 0.0);
    }
    queue_owed(t, s, g);
  }
}

void CaseFlow::queue_owed(double t, std::uint32_t s, std::uint32_t grid) {
  GridWork& w = grid_work_[grid - first_grid_];
  if (w.owed_queued || (w.patrol_owed_h <= 0.0 && w.visits_owed < 1.0)) return;
  w.owed_queued = true;
  street_.stations_.enqueue(t, s, JobKind::owed, grid, QueueRank{kDeferredClass}, street_, 0.0);
}

double CaseFlow::begin_owed(double t, std::uint32_t s, Job& job) {
  GridWork& w = grid_work_[job.ref - first_grid_];
  w.owed_queued = false;
  if (w.patrol_owed_h > 0.0) {
    job.kind = JobKind::patrol;
    job.duration_h = static_cast<float>(w.patrol_owed_h);
    w.patrol_owed_h = 0.0;
    return begin_patrol(t, s, job);
  }
  if (w.visits_owed >= 1.0) {
    job.kind = JobKind::visit;
    w.visits_owed -= 1.0;
    return begin_visit(t, s, job);
  }
  return 0.0;  // protected visits took what was owed: nothing to do
}

double CaseFlow::begin_patrol(double t, std::uint32_t s, const Job& job) {
  emit(street_.observers_, StationWorked{s, WorkKind::patrol, t, t + job.duration_h, job.ref});
  return job.duration_h;
}

void CaseFlow::end_patrol(double t, std::uint32_t s, const Job& job) {
  walk(t, job.ref, patrol_exposure(job.duration_h), street_.stations_[s].rng, kFoundOnPatrol);
  queue_owed(t, s, job.ref);
}

double CaseFlow::patrol_exposure(double walk_h) const { return street_.model_.patrol_detect_rate_per_h * walk_h; }

void CaseFlow::walk(double t, std::uint32_t grid, double exposure, CounterRng& rng, std::int8_t channel) {
  // The walk is over: each visible hidden problem is found with a chance that rises with the
  // walk's length and the problem's visibility. Newest first: a find leaves the list, which
  // moves only the newer entries, already walked.
  const GridWorkerSpec& gw = street_.model_.spec.grid_workers;
  const HiddenList& list = patrol_lists_[grid - first_grid_];
  for (std::uint32_t i = list.end(); i > list.first();) {
    const HiddenEntry e = list[--i];
    double visibility = gw.visibility_days > 0.0 ? -std::expm1(-(t - e.arisen_h) / (gw.visibility_days * sim::kHoursPerDay)) : 1.0;
    if (t >= e.grow_at_h) visibility *= gw.grown_visibility;
    if (rng.bernoulli(-std::expm1(-exposure * visibility))) found_proactively(t, e.slot, channel);
  }
}

double CaseFlow::begin_visit(double t, std::uint32_t s, const Job& job) {
  const double duration = street_.stations_[s].rng.sample(street_.model_.spec.grid_workers.visits.duration_h);
  emit(street_.observers_, StationWorked{s, WorkKind::visit, t, t + duration, job.ref});
  return duration;
}

void CaseFlow::end_visit(double t, std::uint32_t s, std::uint32_t grid) {
  const std::uint32_t g = grid - first_grid_;
  emit(street_.observers_, HouseholdVisited{t, grid});
  expire_visit_list(t, g);
  GridWork& w = grid_work_[g];
  const double q = std::min(1.0, street_.model_.spec.grid_workers.visits.find_probability / std::max(1.0, w.households));
  CounterRng& rng = street_.stations_[s].rng;
  // Each listed problem is found with q: skip ahead a geometric number of problems per find,
  // newest first. `past` is one past the next problem to consider; a find leaves the list,
  // which moves only the newer entries.
  const double log_miss = q < 1.0 ? std::log1p(-q) : 0.0;
  const HiddenList& list = w.visit_list;
  std::uint32_t left = list.size(), past = list.end();
  while (q > 0.0 && left > 0) {
    const double skip = q < 1.0 ? std::floor(std::log(rng.uniform_open0()) / log_miss) : 0.0;
    if (skip >= left) break;
    const auto steps = static_cast<std::uint32_t>(skip);
    past -= steps + 1;
    found_proactively(t, list[past].slot, kFoundOnVisit);
    left -= steps + 1;
  }
  queue_owed(t, s, grid);
}

void CaseFlow::found_proactively(double t, std::uint32_t slot, std::int8_t channel) {
  find(t, slot, channel == kFoundOnPatrol, channel == kFoundOnVisit, channel == kFoundByMember);
  Case& c = cases_[slot];
  c.channel = channel;  // nobody reported it: nobody to call back (回访)
  c.accepted_h = t;
  emit(street_.observers_, CaseAccepted{t, c});
  respond(c, t);
  route_to_level(t, slot);
}

void CaseFlow::unlist(std::uint32_t slot) {
  Case& c = cases_[slot];
  const std::uint32_t g = c.grid - first_grid_;
  (c.visible ? patrol_lists_[g] : grid_work_[g].visit_list).erase(slot, c.arisen_h);
  c.listed = false;
}

void CaseFlow::expire_visit_list(double t, std::uint32_t local_grid) {
  const double findable_h = street_.model_.spec.grid_workers.visits.findable_days * sim::kHoursPerDay;
  GridWork& w = grid_work_[local_grid];
  while (!w.visit_list.empty() && t - w.visit_list.oldest().arisen_h > findable_h) {
    const std::uint32_t slot = w.visit_list.oldest().slot;
    unlist(slot);
    Case& c = cases_[slot];
    if (c.report_at_h < street_.model_.end_h) continue;  // its report is still to come
    // No report before the horizon, and no visit can find it now: the slot is free. It stays
    // among the hidden problems only if it surfaces some day after the horizon.
    if (!will_surface(c)) --hidden_count_;
    release_slot(slot);
  }
}

}  // namespace govgrid
