#include "engine/model/case_flow.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/model/duty_desk.h"
#include "engine/model/street.h"

namespace govgrid {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// Handed over from the street to departments (summoned or transferred), rather than
/// dispatched to them straight by the catalogue.
bool via_street(const Case& c) { return c.handed_over & (1u << kStreet); }

int draw_index(CounterRng& rng, const double* shares, int n) {
  double u = rng.uniform(), acc = 0.0;
  for (int i = 0; i < n - 1; ++i) {
    acc += shares[i];
    if (u < acc) return i;
  }
  return n - 1;
}

}  // namespace

CaseFlow::CaseFlow(Street& street, RngKey key)
    : street_(street), key_(key), demand_(street.model_, street.index_, key) {
  const CompiledModel& model = street.model_;
  const World::Street& ws = street.street_;
  first_grid_ = ws.first_grid;
  grid_count_ = ws.grid_count;
  patrol_lists_.assign(grid_count_, HiddenList{});
  grid_work_.assign(grid_count_, GridWork{});
  const HouseholdVisitSpec& visits = model.spec.grid_workers.visits;
  for (std::uint32_t g = 0; g < grid_count_; ++g) {
    const World::Grid& grid = model.world.grids[first_grid_ + g];
    GridWork& w = grid_work_[g];
    w.households = grid.residents / visits.residents_per_household;
    const double working_days_per_year =
        model.shift_of(grid.worker_station).days_per_week * sim::kDaysPerYear / sim::kDaysPerWeek;
    if (model.visits_enabled) w.visits_per_day = w.households * visits.per_household_per_year() / working_days_per_year;
  }

  first_community_ = ws.first_community;
  const BigCommitteeSpec& units = model.spec.party.big_committee;
  unit_hours_per_year_ = units.units_per_community * units.hours_per_unit_per_year;
  unit_hours_left_.assign(ws.community_count, unit_hours_per_year_);

  arrivals_rng_ = CounterRng(key, RngStream::arrivals, street.index_);
  cases_.reserve(4096);
}

void CaseFlow::schedule_start() {
  seed_prehistory();
  const double first = demand_.next_arrival(0.0, arrivals_rng_);
  if (first < street_.model_.end_h) street_.events_.push(first, EventKind::problem_arises);
}

QueueRank CaseFlow::case_rank(const Case& c) const {
  // Requests are what the three rates rank; a problem staff found themselves is not.
  const bool request = c.channel >= 0;
  return std::visit([&](const auto& o) { return o.case_rank(request); }, street_.model_.job_ordering);
}

double CaseFlow::due_of(const Case& c) const {
  const CategorySpec& cat = street_.model_.spec.categories[c.category];
  return c.found_h + (c.responded ? cat.resolution_deadline_h : std::min(cat.response_deadline_h, cat.resolution_deadline_h));
}

// ---------------------------------------------------------------------------------------
// Problems arise, hidden, until a resident reports them or a patrol finds them.

void CaseFlow::on_problem_arises(double t) {
  const CompiledModel& model = street_.model_;
  // What and where by this hour's rates, then the next problem (which moves to its hour).
  const std::uint16_t category = demand_.draw_category(arrivals_rng_);
  const std::uint32_t local_grid = demand_.draw_local_grid(arrivals_rng_);
  const double next = demand_.next_arrival(t, arrivals_rng_);
  if (next < model.end_h) street_.events_.push(next, EventKind::problem_arises);

  const std::uint32_t slot = arise(t, category, local_grid, next_serial_++);
  const Case& c = cases_[slot];
  emit(street_.observers_, ProblemArose{t, local_grid});
  // Listed, a patrol or a visit may find it; hidden it is if that or a report can surface it.
  const bool listed = c.visible || model.visits_enabled;
  if (listed || will_surface(c)) ++hidden_count_;
  if (!listed && surfaces_at(c) >= model.end_h) {
    // No report or member's notice before the horizon and no patrol or visit can find it: it
    // stays hidden to the end, and needs no slot meanwhile.
    release_slot(slot);
    return;
  }
  // Problems a patrol can see go on the grid's patrol list; with household visits, the others
  // on its visit list (newest first).
  if (c.visible) {
    patrol_lists_[local_grid].push(entry_of(c, slot));
    cases_[slot].listed = true;
  } else if (model.visits_enabled) {
    list_for_visits(t, slot);
  }
  schedule_surfacing(slot);
}

void CaseFlow::schedule_surfacing(std::uint32_t slot) {
  const Case& c = cases_[slot];
  const double end_h = street_.model_.end_h;
  if (c.report_at_h < end_h) street_.events_.push(c.report_at_h, EventKind::resident_report, slot, c.serial);
  // A member hearing of it after the resident reported finds a case in hand: nothing to do then.
  if (c.notice_at_h < end_h && c.notice_at_h < c.report_at_h)
    street_.events_.push(c.notice_at_h, EventKind::member_notice, slot, c.serial);
}

void CaseFlow::list_for_visits(double t, std::uint32_t slot) {
  Case& c = cases_[slot];
  const std::uint32_t local_grid = c.grid - first_grid_;
  grid_work_[local_grid].visit_list.push(entry_of(c, slot));
  c.listed = true;
  expire_visit_list(t, local_grid);
}

// A district that has been running: at the start, problems that arose before it and are still
// hidden. Only those no patrol can see matter for long (a patrol finds the others within days,
// inside the warm-up): the ones household visits could still find and the ones that will surface
// when they grow or are reported. Without them the grown and visit-found cases would ramp up for
// months (growth takes 1 / growth_per_day days on average), and the backlog with them.
void CaseFlow::seed_prehistory() {
  const CompiledModel& model = street_.model_;
  const ScenarioSpec& spec = model.spec;
  // Per category, long enough back that a visit could still find its problems, and that 95% of
  // those that will surface by growing have arisen (3 mean growth times); the longest sets the
  // stream's start, and a category's problems before its own horizon are skipped unborn.
  const std::size_t categories = spec.categories.size();
  std::vector<double> rate(categories), horizon_h(categories);
  double total = 0.0, longest_h = 0.0;
  for (std::uint16_t k = 0; k < categories; ++k) {
    const CategorySpec& cat = spec.categories[k];
    double days = model.visits_enabled ? spec.grid_workers.visits.findable_days : 0.0;
    if (cat.growth_per_day > 0.0) days = std::max(days, 3.0 / cat.growth_per_day);
    horizon_h[k] = std::min(days, kPrehistoryMaxDays) * sim::kHoursPerDay;
    longest_h = std::max(longest_h, horizon_h[k]);
    total += rate[k] = demand_.mean_rate_per_h(k);
  }
  if (longest_h <= 0.0 || total <= 0.0) return;

  CounterRng rng(key_, RngStream::arrivals, street_.index_, kPrehistorySubstream);
  const double findable_h = spec.grid_workers.visits.findable_days * sim::kHoursPerDay;
  for (double t = -longest_h + rng.exponential(1.0 / total); t < 0.0; t += rng.exponential(1.0 / total)) {
    double u = rng.uniform() * total;
    std::uint16_t category = 0;
    while (category + 1u < categories && u >= rate[category]) u -= rate[category++];
    const std::uint32_t local_grid = demand_.draw_local_grid(rng);
    if (-t >= horizon_h[category]) continue;
    const std::uint32_t serial = kPrehistorySerial | next_prehistory_serial_++;
    if (visible_at_birth(category, local_grid, serial)) continue;  // a patrol found it before the start
    const std::uint32_t slot = arise(t, category, local_grid, serial);
    const Case& c = cases_[slot];
    const bool visit_findable = model.visits_enabled && -t < findable_h;
    if (c.visible || surfaces_at(c) < 0.0 || !(visit_findable || will_surface(c))) {
      release_slot(slot);  // found by patrol, reported or heard of before the start, or never surfaces
      continue;
    }
    ++hidden_count_;
    if (!visit_findable && surfaces_at(c) >= model.end_h) {
      release_slot(slot);  // surfaces after the horizon: counted, no slot needed
      continue;
    }
    if (visit_findable) list_for_visits(t, slot);
    schedule_surfacing(slot);
  }
}

bool CaseFlow::visible_at_birth(std::uint16_t category, std::uint32_t local_grid, std::uint32_t serial) const {
  // arise()'s first two draws from the problem's own stream; its other draws belong to it alone,
  // so skipping them for a problem that is dropped changes nothing else.
  Case probe;
  probe.uid = (std::uint64_t{street_.index_} << 40) | serial;
  CounterRng rng = draws(probe, Purpose::birth);
  rng.below(street_.model_.world.grids[first_grid_ + local_grid].residents);
  return rng.bernoulli(street_.model_.spec.categories[category].patrol_visible);
}

std::uint32_t CaseFlow::arise(double t, std::uint16_t category, std::uint32_t local_grid, std::uint32_t serial) {
  const CompiledModel& model = street_.model_;
  const ScenarioSpec& spec = model.spec;
  const CategorySpec& cat = spec.categories[category];
  const World::Grid& grid = model.world.grids[first_grid_ + local_grid];

  const std::uint32_t slot = sim::take_slot(cases_, free_case_);
  Case& c = cases_[slot];
  c = Case{};
  c.serial = serial;
  c.uid = (std::uint64_t{street_.index_} << 40) | serial;
  // Every birth draw is made whatever the branch, so the same problem draws the same numbers
  // in every scenario.
  CounterRng rng = draws(c, Purpose::birth);
  c.arisen_h = t;
  c.grid = first_grid_ + local_grid;
  c.category = category;
  c.state = CaseState::hidden;

  c.resident = grid.first_resident + rng.below(grid.residents);  // these two: as visible_at_birth()
  street_.residents_.prefetch(c.resident);
  c.visible = rng.bernoulli(cat.patrol_visible);
  c.level_needed = static_cast<std::uint8_t>(draw_index(rng, cat.level_shares.data(), kLevelCount));
  c.unresolvable = rng.bernoulli(std::min(1.0, cat.unresolvable_share * street_.street_.difficulty_factor));
  c.joint = rng.bernoulli(cat.joint_share) && model.owners_of(category).size() > 1;
  // The resident's own trust, and the grid's reputation for getting things done. A party member
  // linked to the household (党员联户) passes on to the grid worker some of what it would keep
  // to itself (the same draw against a higher chance): not a 12345 ticket, a member's find.
  const double household =
      std::floor(static_cast<double>(c.resident - grid.first_resident) / spec.grid_workers.visits.residents_per_household);
  const bool linked = household < model.linked_households[c.grid];
  const double p_report =
      std::min(1.0, street_.residents_.report_probability(c.resident, cat) * demand_.report_factor(local_grid));
  const double u_report = rng.uniform();
  const bool reports = u_report < p_report;
  const bool relayed = linked && !reports && u_report < p_report + spec.party.report_boost * (1.0 - p_report);
  const double report_delay = rng.sample(spec.residents.report_delay_h);
  const double grow_delay = cat.growth_per_day > 0.0 ? rng.exponential(sim::kHoursPerDay / cat.growth_per_day) : kInf;
  const double noticed_delay = rng.sample(spec.residents.report_delay_h);
  c.channel = street_.residents_.channel_for(c.resident, rng.uniform());
  c.grow_at_h = t + grow_delay;
  // A problem that grows gets noticed: somebody reports it after the usual delay.
  c.report_at_h = std::min(reports ? t + report_delay : kInf, c.grow_at_h + noticed_delay);
  // The linked member's contacts each bring it to light with notice_probability: the first that
  // does is an exponential time away (its own substream, so the birth draws stay as they were).
  if (linked && model.notice_rate_per_h > 0.0)
    c.notice_at_h = t + draws(c, Purpose::party).exponential(1.0 / model.notice_rate_per_h);
  if (relayed) c.notice_at_h = std::min(c.notice_at_h, t + report_delay);
  return slot;
}

void CaseFlow::release_slot(std::uint32_t slot) {
  cases_[slot].state = CaseState::free;
  sim::release_slot(cases_, free_case_, slot);
}

void CaseFlow::unlink_hidden(std::uint32_t slot) {
  --hidden_count_;
  if (cases_[slot].listed) unlist(slot);
}

void CaseFlow::on_resident_report(double t, std::uint32_t slot, std::uint32_t serial) {
  const CompiledModel& model = street_.model_;
  const ScenarioSpec& spec = model.spec;
  Case& c = cases_[slot];
  // Already fixed and closed (the slot may even hold another problem): nothing to report.
  if (c.serial != serial || c.state == CaseState::free) return;
  if (c.state == CaseState::open) {
    emit(street_.observers_, DuplicateReport{t, c});
    if (!spec.platform.merge_duplicates) {
      // Without the platform merging it, someone has to look at the report to see it is known.
      const std::uint32_t home = street_.stations_.local(model.world.grids[c.grid].worker_station);
      const double triage =
          street_.stations_[home].rng.sample(spec.handling.assess_h[kGrid]) + spec.platform.paperwork_h_per_case;
      street_.stations_.enqueue(t, home, JobKind::duplicate, c.grid, case_rank(c), street_, triage, t);
    }
    return;
  }
  find(t, slot, false);
  CounterRng rng = draws(c, Purpose::intake);
  double intake =
      rng.sample(spec.residents.channels[static_cast<std::size_t>(c.channel)].intake_h) * spec.platform.intake_factor;
  // Separate grid systems: some reports first reach the wrong system and are passed on.
  if (model.unmerged_systems && rng.bernoulli(spec.grid_networks.misrouted_share))
    intake += rng.sample(spec.grid_networks.misrouted_transfer_h);
  double signed_at = t + intake;
  if (is_ticket(c, spec)) {
    // A 12345 ticket: dispatched to the unit the policy names, whose duty desk signs for it and
    // calls the requester, apart from the field work.
    CounterRng rng_dispatch = draws(c, Purpose::dispatch);
    const TicketRoute route = std::visit(
        [&](const auto& d) { return d.route(c, spec.categories[c.category], !model.owners_of(c.category).empty(), rng_dispatch); },
        model.ticket_dispatch);
    const DispatchCatalogueSpec& catalogue = spec.dispatch_catalogue;
    const double objection = rng_dispatch.sample(catalogue.objection_h);
    const double assign_down = rng_dispatch.sample(catalogue.assign_down_h) * spec.platform.handover_factor;
    c.level_now = route.unit;
    if (route.misdispatched) {
      // The department objects (派单异议); the hotline re-dispatches it to the street, which
      // passes it down to the level that can fix it. The desk that calls is the right one.
      signed_at += objection;
      c.level_now = c.level_needed;
      intake += objection + (c.level_needed < kStreet ? assign_down : 0.0);
    } else if (route.assigned_down) {
      c.level_now = c.level_needed;
      intake += assign_down;
    }
    emit(street_.observers_, TicketDispatched{t, c, route.unit, route.misdispatched});
    CounterRng desk = draws(c, Purpose::desk);
    if (const auto reached = desk_contact_time(spec.duty_desk, signed_at, desk))
      street_.events_.push(*reached, EventKind::desk_contact, slot, serial);
  }
  street_.events_.push(t + intake, EventKind::case_arrives, slot, serial);
}

void CaseFlow::on_desk_contact(double t, std::uint32_t slot, std::uint32_t serial) {
  Case& c = cases_[slot];
  if (c.serial == serial && c.state == CaseState::open && !c.responded) respond(c, t);
}

/// The problem becomes a case: counted, open, and (if it grew while hidden) more serious.
void CaseFlow::find(double t, std::uint32_t slot, bool by_patrol, bool by_visit, bool by_member) {
  Case& c = cases_[slot];
  unlink_hidden(slot);
  c.state = CaseState::open;
  c.found_h = t;
  c.counted = t >= street_.model_.warmup_h;
  if (t >= c.grow_at_h) {
    c.grew = true;
    const int top = street_.model_.owners_of(c.category).empty() ? kStreet : kDepartment;
    c.level_needed = static_cast<std::uint8_t>(std::min<int>(c.level_needed + 1, top));
  }
  c.level_now = kGrid;
  ++open_count_;
  emit(street_.observers_, CaseFound{t, c, by_patrol, by_visit, by_member});
}

// ---------------------------------------------------------------------------------------
// Party organisation (docs/model.md section 8.5): linked members, mediation, 大党委 units.

void CaseFlow::on_member_notice(double t, std::uint32_t slot, std::uint32_t serial) {
  Case& c = cases_[slot];
  if (c.serial != serial || c.state != CaseState::hidden) return;
  const ScenarioSpec& spec = street_.model_.spec;
  const CategorySpec& cat = spec.categories[c.category];
  CounterRng rng = draws(c, Purpose::party, 1);
  const bool mediable = rng.uniform() < cat.mediable_share;
  const bool settles = rng.uniform() < spec.party.settle_share;
  const double mediation_h = rng.sample(spec.party.mediation_h);
  const bool fixes = rng.uniform() < spec.party.member_fix_share;
  const double fix_h = rng.sample(cat.service_h[kGrid]);
  // A dispute the member hears of early, before it grew: settled between the neighbours (调解),
  // never a case — also one no office could fix (the parties agree; 枫桥经验). A light problem the
  // grid could fix, the member fixes on the spot (举手之劳). Anything else the member tells the grid
  // worker.
  const bool early = t < c.grow_at_h;
  const bool settled = mediable && settles && early && c.level_needed <= kStreet;
  const bool fixed = !settled && cat.light && fixes && early && c.level_needed == kGrid && !c.unresolvable;
  if (settled || fixed) {
    unlink_hidden(slot);
    emit(street_.observers_, SettledByMember{t, c, settled ? mediation_h : fix_h, settled});
    release_slot(slot);
    return;
  }
  found_proactively(t, slot, kFoundByMember);
}

bool CaseFlow::members_mediate(double t, std::uint32_t slot, std::uint32_t s) {
  const CompiledModel& model = street_.model_;
  const PartySpec& party = model.spec.party;
  Case& c = cases_[slot];
  if (!model.has_branch[c.grid] || c.reopenings > 0 || c.help != Help::none || c.level_needed > kStreet) return false;
  CounterRng rng = draws(c, Purpose::party, 2);
  const bool mediable = rng.uniform() < model.spec.categories[c.category].mediable_share;
  const bool settles = rng.uniform() < party.community_settle_share;
  const double reach = rng.sample(party.mediation_reach_h), work = rng.sample(party.mediation_h);
  if (!mediable) return false;
  coordinate(t, s, c, settles);
  if (!settles) return false;
  // Settled at the community, also what would have gone up to the street (矛盾村社化解), and what
  // no office could fix: the parties agree, so there is nothing left to explain away.
  if (!c.responded) respond(c, t + reach);
  c.unresolvable = false;
  c.help = Help::mediation;
  c.helper_h = static_cast<float>(work);
  street_.events_.push(t + reach + work, EventKind::fix_done, slot, c.serial);
  return true;
}

bool CaseFlow::unit_takes(double t, std::uint32_t slot) {
  const CompiledModel& model = street_.model_;
  const BigCommitteeSpec& units = model.spec.party.big_committee;
  Case& c = cases_[slot];
  if (c.level_needed != kDepartment || c.unresolvable || c.reopenings > 0) return false;
  CounterRng rng = draws(c, Purpose::party, 3);
  const bool fits = rng.uniform() < model.spec.categories[c.category].unit_resource_share;
  const double work = rng.sample(units.work_h), lead = rng.sample(units.lead_h);
  const World& world = model.world;
  const std::uint32_t community = world.grids[c.grid].community;
  double& left = unit_hours_left_[community - first_community_];
  if (!fits) return false;
  const bool takes = left >= work;
  coordinate(t, street_.stations_.local(world.communities[community].station), c, takes);
  if (!takes) return false;
  left -= work;
  c.help = Help::unit;
  c.helper_h = static_cast<float>(work);
  street_.events_.push(t + lead, EventKind::fix_done, slot, c.serial);
  return true;
}

void CaseFlow::coordinate(double t, std::uint32_t community_station, const Case& c, bool answered) {
  const double h = street_.model_.spec.party.coordination_h;
  emit(street_.observers_, MembersCalled{t, c, answered, h});
  if (h <= 0.0) return;
  const QueueRank rank =
      std::visit([](const auto& o) { return o.office_task_rank(false); }, street_.model_.job_ordering);
  street_.stations_.enqueue(t, community_station, JobKind::coordination, c.grid, rank, street_, h,
                            t + sim::kHoursPerDay);
}

void CaseFlow::on_day_end(double t) {
  const CompiledModel& model = street_.model_;
  const auto day = static_cast<long>(std::lround(t / sim::kHoursPerDay));
  // 双报到 members' evening and weekend walks over the day just ended, from each grid's own stream.
  const double factor = model.spec.party.double_report.patrol_detect_factor;
  for (std::uint32_t g = first_grid_; g < first_grid_ + grid_count_; ++g) {
    const double walked_h = model.member_patrol_h_per_day[g];
    if (walked_h <= 0.0 || factor <= 0.0) continue;
    CounterRng rng(key_, RngStream::member_patrol, g, static_cast<std::uint32_t>(day));
    walk(t, g, patrol_exposure(walked_h) * factor, rng, kFoundByMember);
  }
  if (sim::closes_a_year(t)) std::fill(unit_hours_left_.begin(), unit_hours_left_.end(), unit_hours_per_year_);
}

// ---------------------------------------------------------------------------------------
// Handling: the station of the case's current level, then up or resolved.

std::uint32_t CaseFlow::station_of(const Case& c) const {
  const World& world = street_.model_.world;
  const World::Grid& grid = world.grids[c.grid];
  switch (c.level_now) {
    case kGrid: return street_.stations_.local(grid.worker_station);
    case kCommunity: return street_.stations_.local(world.communities[grid.community].station);
    default: return street_.stations_.local(world.streets[grid.street].station);
  }
}

CommunityStations CaseFlow::community_stations(std::uint32_t home) const {
  // A community's grid-worker stations are contiguous (world.h).
  const World& world = street_.model_.world;
  const auto& info = world.stations[street_.stations_[home].global];
  const World::Community& community = world.communities[world.grids[info.first_grid].community];
  return {street_.stations_.local(world.grids[community.first_grid].worker_station),
          street_.stations_.local(world.grids[community.first_grid + community.grid_count - 1].worker_station)};
}

void CaseFlow::on_case_arrives(double t, std::uint32_t slot, std::uint32_t serial) {
  Case& c = cases_[slot];
  if (c.serial != serial) return;
  if (std::isnan(c.accepted_h)) {  // the first unit to take it up (首接)
    c.accepted_h = t;
    emit(street_.observers_, CaseAccepted{t, c});
  }
  route_to_level(t, slot);
}

void CaseFlow::route_to_level(double t, std::uint32_t slot) {
  const CompiledModel& model = street_.model_;
  Case& c = cases_[slot];
  if (c.level_now == kDepartment) {
    send_to_departments(t, slot);
    return;
  }
  c.enqueued_h = t;
  std::uint32_t s = station_of(c);
  if (c.level_now == kCommunity && model.mediation && model.branches && members_mediate(t, slot, s)) return;
  if (c.level_now == kGrid) {
    const bool first_visit = c.reopenings == 0;
    if (first_visit && helper_takes(t, slot, s)) return;
    const int backlog = street_.stations_[s].queued_cases;
    if (first_visit && std::visit([&](const auto& e) { return e.straight_up(backlog); }, model.escalation)) {
      // The grid is full: the case goes straight up to the community office.
      hand_over(t, slot, true);
      return;
    }
    const std::uint32_t target = std::visit(
        [&](const auto& d) {
          return d.may_send_away(backlog) ? d.station_for(s, community_stations(s), street_.stations_) : s;
        },
        model.dispatch);
    c.away = target != s;
    if (c.away) emit(street_.observers_, CaseHandledAway{c});
    s = target;
  }
  street_.stations_.enqueue(t, s, JobKind::case_work, slot, case_rank(c), street_, 0.0, due_of(c));
}

bool CaseFlow::helper_takes(double t, std::uint32_t slot, std::uint32_t s) {
  Case& c = cases_[slot];
  if (c.level_needed != kGrid) return false;
  const CategorySpec& cat = street_.model_.spec.categories[c.category];
  CounterRng rng = draws(c, Purpose::helper);
  const HelperCall call{s, street_.stations_[s].queued_cases, t};
  const HelperVisit visit = std::visit([&](auto& h) { return h.take(call, cat, rng); }, street_.helpers_);
  if (visit.coordination_h > 0.0) {
    const World& world = street_.model_.world;
    coordinate(t, street_.stations_.local(world.communities[world.grids[c.grid].community].station), c, visit.taken);
  }
  if (!visit.taken) return false;
  // A patrol find was answered when it was found: the helper's arrival is not a second response.
  if (!c.responded) respond(c, t + visit.reach_h);
  c.help = Help::volunteers;
  c.helper_h = static_cast<float>(visit.helper_h);
  street_.events_.push(t + visit.reach_h + visit.work_h, EventKind::fix_done, slot, c.serial);
  return true;
}

void CaseFlow::on_fix_done(double t, std::uint32_t slot, std::uint32_t serial) {
  if (cases_[slot].serial == serial) resolve(t, slot);
}

void CaseFlow::respond(Case& c, double at) {
  // The first contact with the reporter (响应): the duty desk's call, a handler picking the case
  // up, a helper arriving, or the patrol that found it.
  c.responded = true;
  c.first_response_h = at;
  c.responded_on_time = at - c.found_h <= street_.model_.spec.categories[c.category].response_deadline_h;
  emit(street_.observers_, CaseResponded{at, c});
}

double CaseFlow::begin_case_work(double t, std::uint32_t s, const Job& job) {
  const CompiledModel& model = street_.model_;
  const ScenarioSpec& spec = model.spec;
  Case& c = cases_[job.ref];
  const CategorySpec& cat = spec.categories[c.category];
  emit(street_.observers_, CaseWaited{c, t - c.enqueued_h});
  if (!c.responded) respond(c, t);
  CounterRng rng = draws(c, Purpose::service, c.level_now);
  double work = (c.level_now < c.level_needed ? rng.sample(spec.handling.assess_h[c.level_now])
                                              : rng.sample(cat.service_h[c.level_now])) *
                street_.street_.handling_factor;
  double paperwork = 0.0;
  const Station& st = street_.stations_[s];
  if (st.kind == StationInfo::Kind::grid_workers) {
    const auto& networks = spec.grid_networks;
    if (networks.systems > 1 && networks.merged) work *= networks.merged_service_factor;
    if (c.away) work += rng.sample(spec.remedies.travel_h);
    // Trail-keeping per case, once in every system's app when the grids are not merged.
    paperwork = spec.platform.paperwork_h_per_case * (model.unmerged_systems ? networks.systems : 1);
    emit(street_.observers_, StationWorked{s, WorkKind::cases, t, t + work, c.counted ? c.grid : kNoSlot});
  } else {
    emit(street_.observers_, StationWorked{s, WorkKind::cases, t, t + work, kNoSlot});
  }
  const double duration = work + paperwork;
  emit(street_.observers_, StationWorked{s, WorkKind::pushed_down, t + work, t + duration, kNoSlot});
  return duration;
}

double CaseFlow::begin_duplicate(double t, std::uint32_t s, const Job& job) {
  emit(street_.observers_, StationWorked{s, WorkKind::cases, t, t + job.duration_h, job.ref});
  return job.duration_h;
}

bool CaseFlow::closes_by_explanation(const Case& c, std::uint32_t s, bool can_fix) const {
  // Drawn whatever the answer, from the case's own substream for this level and visit.
  const double u = draws(c, Purpose::outcome, c.level_now).uniform();
  const OutcomeSpec& o = street_.model_.spec.outcomes;
  // Everything waiting per handler counts, pushed-down work included: that is how 小马拉大车
  // crowds out cases. Per handler, so a second worker (who brings his own tasks) halves it.
  const Station& st = street_.stations_[s];
  const double per_handler = static_cast<double>(st.queue.size()) / st.servers;
  const double backlog = std::min(2.0, per_handler / o.explain_backlog_ref);
  const CompiledModel& model = street_.model_;
  // A handler who could fix it explains it away only when the queue presses (cosmetic closure
  // under overload); one below the needed level also instead of passing it up.
  const double p = can_fix ? o.explain_per_backlog * backlog * model.explain_pressure_factor
                           : (o.explain_base + o.explain_per_backlog * backlog) * model.explain_pressure_factor +
                                 model.explain_pressure_term;
  return u < p;
}

void CaseFlow::end_case_work(double t, std::uint32_t s, std::uint32_t slot) {
  Case& c = cases_[slot];
  const bool can_fix = c.level_now >= c.level_needed;
  if (closes_by_explanation(c, s, can_fix)) {
    resolve(t, slot, true);  // 解释办结 instead of fixing or passing up
  } else if (can_fix) {
    // The handler is free; the fix is in place after the category's lead time.
    const CategorySpec& cat = street_.model_.spec.categories[c.category];
    CounterRng rng = draws(c, Purpose::lead, c.level_now);
    const bool waits = rng.uniform() < cat.lead_share[c.level_now];
    const double lead_h = waits ? rng.sample(cat.lead_h[c.level_now]) : 0.0;
    if (lead_h > 0.0) street_.events_.push(t + lead_h, EventKind::fix_done, slot, c.serial);
    else resolve(t, slot);
  } else if (c.level_now == kCommunity && street_.model_.big_committee && unit_takes(t, slot)) {
    // A 大党委 unit's resources fix it from the community: no hand-over.
  } else {
    hand_over(t, slot, false);  // cannot be resolved here: pass it up
  }
}

void CaseFlow::hand_over(double t, std::uint32_t slot, bool for_backlog) {
  const ScenarioSpec& spec = street_.model_.spec;
  Case& c = cases_[slot];
  emit(street_.observers_, CaseEscalated{t, c, for_backlog});
  c.handover_h[c.level_now] = t;
  c.handed_over |= static_cast<std::uint8_t>(1u << c.level_now);
  if (c.level_now == kStreet) {
    // The street blows the whistle, or transfers to departments one by one.
    c.level_now = kDepartment;
    send_to_departments(t, slot);
    return;
  }
  const double delay =
      draws(c, Purpose::handover, c.level_now).sample(spec.handling.handover_h[c.level_now]) * spec.platform.handover_factor;
  ++c.level_now;
  street_.events_.push(t + delay, EventKind::case_arrives, slot, c.serial);
}

// ---------------------------------------------------------------------------------------
// Departments: tickets out to the departments process, completions back.

void CaseFlow::send_to_departments(double t, std::uint32_t slot) {
  const ScenarioSpec& spec = street_.model_.spec;
  Case& c = cases_[slot];
  const auto needed = c.joint ? static_cast<std::uint32_t>(street_.model_.owners_of(c.category).size()) : 1u;
  c.departments_pending = static_cast<std::uint8_t>(needed);
  if (c.joint && c.visits == 0) emit(street_.observers_, CaseJoint{c});
  // One substream per department slot k and visit: the same draw with or without the whistle.
  if (!via_street(c)) {
    // Dispatched straight here by the catalogue: one ticket to each unit needed (主办 and
    // 协办), no transfer to object to.
    for (std::uint32_t k = 0; k < needed; ++k) send_ticket(t, slot, k, 0.0, false);
    c.next_department = static_cast<std::uint8_t>(needed);
  } else if (spec.whistle.enabled) {
    // 吹哨报到: every department summoned at once, each reporting within its deadline.
    for (std::uint32_t k = 0; k < needed; ++k)
      send_ticket(t, slot, k, draws(c, Purpose::departments, k).sample(spec.whistle.report_for_duty_h), false);
    c.next_department = static_cast<std::uint8_t>(needed);
  } else {
    // Ordinary transfers: one department after another.
    send_ticket(t, slot, 0, draws(c, Purpose::departments, 0).sample(spec.whistle.sequential_transfer_h), true);
    c.next_department = 1;
  }
  ++c.visits;
}

void CaseFlow::send_ticket(double t, std::uint32_t slot, std::uint32_t owner, double delay_h, bool transfer) {
  const Case& c = cases_[slot];
  if (transfer) {
    // A department may object to an ordinary transfer (推诿 / 派单异议).
    const OutcomeSpec& o = street_.model_.spec.outcomes;
    CounterRng rng = draws(c, Purpose::outcome, 8u + owner * 16u + c.bounces);
    const bool bounces = rng.bernoulli(o.bounce_share);
    const double back_h = rng.sample(o.bounce_h);
    if (bounces) {
      street_.events_.push(t + delay_h + back_h, EventKind::ticket_bounced, slot, c.serial);
      return;
    }
  }
  Message m;
  m.time = t + street_.model_.spec.platform.department_transfer_h + delay_h;
  m.source = street_.index_;
  m.slot = slot;
  m.serial = c.serial;
  m.uid = c.uid;
  // The street's own district's department (a unit of World::departments).
  m.department = static_cast<std::uint16_t>(
      street_.model_.district_unit(street_.street_.district, street_.model_.owners_of(c.category)[owner]));
  m.target = street_.first_department_process_ + m.department;  // one process per department unit
  m.category = c.category;
  m.visit = c.visits;
  m.kind = Message::Kind::ticket;
  street_.outbox_.push_back(m);
  emit(street_.observers_, TicketSent{t, c, m.department});
}

void CaseFlow::on_ticket_done(double t, const Message& m) {
  const ScenarioSpec& spec = street_.model_.spec;
  const std::uint32_t slot = m.slot;
  Case& c = cases_[slot];
  if (c.serial != m.serial) return;
  // The department's queueing time belongs to the case's grid.
  emit(street_.observers_, CaseWaited{c, m.wait_h});
  if (c.state != CaseState::open) return;
  emit(street_.observers_, TicketDone{t, c});
  --c.departments_pending;
  if (c.departments_pending == 0) {
    resolve(t, slot);
  } else if (!spec.whistle.enabled && via_street(c)) {
    // Ordinary transfers from the street: the next department in turn.
    const std::uint32_t k = c.next_department++;
    send_ticket(t, slot, k, draws(c, Purpose::departments, k).sample(spec.whistle.sequential_transfer_h), true);
  }
}

void CaseFlow::on_ticket_bounced(double t, std::uint32_t slot, std::uint32_t serial) {
  const ScenarioSpec& spec = street_.model_.spec;
  Case& c = cases_[slot];
  if (c.serial != serial || c.state != CaseState::open) return;
  emit(street_.observers_, TicketBounced{t, c});
  if (++c.bounces > spec.outcomes.max_bounces) {
    c.departments_pending = 0;
    resolve(t, slot, true);  // the street gives up and explains
    return;
  }
  const std::uint32_t k = c.next_department - 1u;  // the same department, transferred again
  send_ticket(t, slot, k, draws(c, Purpose::departments, k + 8u * c.bounces).sample(spec.whistle.sequential_transfer_h), true);
}

std::uint64_t CaseFlow::open_at_departments() const {
  std::uint64_t n = 0;
  for (const Case& c : cases_) n += c.state == CaseState::open && c.level_now == kDepartment && c.departments_pending > 0;
  return n;
}

// ---------------------------------------------------------------------------------------
// Resolution, feedback, rating, reopening, closing.

void CaseFlow::resolve(double t, std::uint32_t slot, bool explained) {
  Case& c = cases_[slot];
  c.resolved_h = t;
  c.explained = explained || c.unresolvable;
  c.level_resolved = c.explained ? -1 : static_cast<std::int8_t>(c.level_now);
  emit(street_.observers_, CaseResolved{t, c});
  const double delay = draws(c, Purpose::feedback).sample(street_.model_.spec.handling.feedback_h);
  street_.events_.push(t + delay, EventKind::feedback, slot, c.serial);
}

void CaseFlow::on_feedback(double t, std::uint32_t slot, std::uint32_t serial) {
  const HandlingSpec& handling = street_.model_.spec.handling;
  Case& c = cases_[slot];
  if (c.serial != serial) return;
  c.feedback_h = t;
  CounterRng rng = draws(c, Purpose::call_back);
  const CallBack answer = street_.residents_.call_back(c, t, rng);
  if (answer.rated) {
    c.rating = answer.satisfied ? 1 : 0;
    c.said_resolved = answer.said_resolved ? 1 : 0;
    c.rated_h = t;
    emit(street_.observers_, CaseRated{t, c, answer.satisfied, answer.said_resolved});
    demand_.on_rated(t, c.grid - first_grid_, answer.satisfied);
    if (!answer.satisfied && c.reopenings < handling.max_reopenings && answer.u_reopen < handling.reopen_share) {
      ++c.reopenings;
      c.help = Help::none;
      emit(street_.observers_, CaseReopened{t, c});
      route_to_level(t, slot);  // back to the level that handled it, no new hand-over
      return;
    }
  }
  close(t, slot);
}

void CaseFlow::close(double t, std::uint32_t slot) {
  Case& c = cases_[slot];
  --open_count_;
  if (c.help == Help::volunteers) {
    // 双向评价: members are rated on their cases, by the requester or (unrated) by the fix.
    const bool good = c.rating >= 0 ? c.rating == 1 : !c.explained;
    const std::uint32_t home = street_.stations_.local(street_.model_.world.grids[c.grid].worker_station);
    std::visit([&](auto& h) { h.on_outcome(home, good, t); }, street_.helpers_);
  }
  emit(street_.observers_, CaseClosed{t, c});
  release_slot(slot);
  file_repeat(t, c);
}

void CaseFlow::file_repeat(double t, const Case& closed) {
  const RepeatSpec& spec = street_.model_.spec.repeat;
  if (closed.channel < 0) return;  // a patrol find has no requester to file again
  const double p_explained = closed.explained ? spec.after_explained : 0.0;
  const double p_unsatisfied = closed.rating == 0 ? spec.after_unsatisfied : 0.0;
  const double p = 1.0 - (1.0 - p_explained) * (1.0 - p_unsatisfied);
  if (p <= 0.0) return;
  CounterRng rng = draws(closed, Purpose::repeat);
  const double u = rng.uniform(), delay = rng.sample(spec.delay_h);
  if (u >= p || t + delay >= street_.model_.end_h) return;
  // `closed` lies in a freed slot that sim::take_slot(cases_, free_case_) may hand out again: copy it first.
  const Case old = closed;
  const std::uint32_t slot = sim::take_slot(cases_, free_case_);
  Case& c = cases_[slot];
  c = Case{};
  c.serial = kRepeatSerial | next_repeat_serial_++;
  c.uid = (std::uint64_t{street_.index_} << 40) | c.serial;
  c.arisen_h = t;
  c.grid = old.grid;
  c.category = old.category;
  c.state = CaseState::hidden;
  c.resident = old.resident;
  c.channel = old.channel;
  // The same problem: as serious as it was found, as (un)resolvable, as joint; no patrol looks
  // for it and it grows no more.
  c.level_needed = old.level_needed;
  c.unresolvable = old.unresolvable;
  c.joint = old.joint;
  c.grow_at_h = kInf;
  c.report_at_h = t + delay;
  c.repeat = true;
  c.repeat_of = old.uid;
  ++hidden_count_;
  emit(street_.observers_, ProblemArose{t, c.grid - first_grid_});
  street_.events_.push(c.report_at_h, EventKind::resident_report, slot, c.serial);
}

}  // namespace govgrid
