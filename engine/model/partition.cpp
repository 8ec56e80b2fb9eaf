#include "engine/model/partition.h"

#include <algorithm>
#include <cmath>

namespace govgrid {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int kLevelGrid = 0, kLevelStreet = 2, kLevelDepartment = 3;

// Priority classes within a station queue (lower first). Patrols go first at shift start so
// that patrol policy means what it says, whichever rule orders cases and admin work.
constexpr int kClassPatrol = 0;

double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

int draw_index(CounterRng& rng, const double* shares, int n) {
  double u = rng.uniform(), acc = 0.0;
  for (int i = 0; i < n - 1; ++i) {
    acc += shares[i];
    if (u < acc) return i;
  }
  return n - 1;
}

}  // namespace

Partition::Partition(const ScenarioSpec& spec, const World& world, std::uint32_t index, RngKey key,
                     bool case_log)
    : spec_(spec),
      world_(world),
      index_(index),
      is_departments_(index == world.streets.size()),
      key_(key),
      case_log_(case_log),
      warmup_h_(spec.run.warmup_days * 24.0),
      end_h_(spec.run.days * 24.0) {
  std::uint32_t last_station;
  if (is_departments_) {
    first_station_ = world.first_department_station;
    last_station = static_cast<std::uint32_t>(world.stations.size());
  } else {
    const auto& street = world.streets[index];
    first_station_ = index == 0 ? 0 : world.streets[index - 1].station + 1;
    last_station = street.station + 1;
    first_grid_ = street.first_grid;
    grid_count_ = street.grid_count;
    first_resident_ = street.first_resident;
    trust_.assign(world.resident_trust_initial.begin() + static_cast<std::ptrdiff_t>(street.first_resident),
                  world.resident_trust_initial.begin() +
                      static_cast<std::ptrdiff_t>(street.first_resident + street.resident_count));
    hidden_head_.assign(grid_count_, kNone);
    tallies_.resize(grid_count_);

    // One superposed Poisson stream over (grid, category), rate in problems per hour.
    const auto categories = spec.categories.size();
    std::vector<double> weights(grid_count_ * categories);
    for (std::uint32_t g = 0; g < grid_count_; ++g)
      for (std::size_t c = 0; c < categories; ++c)
        weights[g * categories + c] = world.grids[first_grid_ + g].residents / 1000.0 *
                                      spec.categories[c].rate_per_1000_per_day / 24.0;
    for (double w : weights) arrival_rate_per_h_ += w;
    if (arrival_rate_per_h_ > 0.0) where_ = AliasTable(weights);
    arrivals_rng_ = CounterRng(key, RngStream::arrivals, index);
    cases_.reserve(4096);
  }
  // Category → department indices, looked up once here instead of by name per case.
  for (const auto& category : spec.categories) {
    category_owners_begin_.push_back(static_cast<std::uint32_t>(category_owners_.size()));
    for (const auto& name : category.departments)
      for (std::uint32_t d = 0; d < spec.departments.size(); ++d)
        if (spec.departments[d].name == name) category_owners_.push_back(d);
  }
  category_owners_begin_.push_back(static_cast<std::uint32_t>(category_owners_.size()));

  double weekly_admin_rate = 0.0;
  for (const auto& task : spec.pushed_down_tasks) weekly_admin_rate += task.rate_per_worker_per_week;

  for (std::uint32_t g = first_station_; g < last_station; ++g) {
    const auto& info = world.stations[g];
    Station st;
    st.global = g;
    st.kind = info.kind;
    st.servers = info.servers;
    st.always_on = info.shift.around_the_clock();
    st.on_duty = st.always_on;
    st.shift_end_h = st.always_on ? kInf : 0.0;
    st.max_overtime_h = info.shift.max_overtime_h_per_day;
    st.running.resize(static_cast<std::size_t>(info.servers));
    for (int k = info.servers - 1; k >= 0; --k) st.free_slots.push_back(static_cast<std::uint32_t>(k));
    st.queue.reserve(64);
    st.rng = CounterRng(key, RngStream::station, g);
    if (info.kind == StationInfo::Kind::grid_workers) {
      st.admin_rate_per_h = weekly_admin_rate * info.servers / (7.0 * 24.0);
      st.volunteer_cap_h = spec.policies.helpers == HelperPolicy::party_volunteers
                               ? spec.remedies.volunteer_hours_per_grid_per_week * info.grid_count
                               : 0.0;
      st.volunteer_bank_h = st.volunteer_cap_h / 7.0;
    }
    if (st.always_on) st.scheduled_h = info.servers * measured(0.0, end_h_);
    stations_.push_back(std::move(st));
  }

  const auto day_count = static_cast<std::size_t>(std::ceil(spec.run.days));
  daily_.resize(day_count);
  events_.reserve(1024);
  if (day_count > 0) events_.push(24.0, EventKind::day_end, 0, 0, 0);
  for (std::uint32_t s = 0; s < stations_.size(); ++s) {
    const auto& shift = world.stations[stations_[s].global].shift;
    if (!stations_[s].always_on) {
      const double first = next_shift_start(shift, -1e-9);
      if (first < end_h_) events_.push(first, EventKind::shift_start, s);
    }
    if (stations_[s].admin_rate_per_h > 0.0)
      events_.push(stations_[s].rng.exponential(1.0 / stations_[s].admin_rate_per_h),
                   EventKind::admin_task, s);
  }
  if (!is_departments_ && arrival_rate_per_h_ > 0.0)
    events_.push(arrivals_rng_.exponential(1.0 / arrival_rate_per_h_), EventKind::problem_arises);
}

// ---------------------------------------------------------------------------------------
// The loop.

void Partition::advance_until(double bound) {
  while (!events_.empty() && events_.top().time < bound) {
    const Event e = events_.pop();
    ++events_processed_;
    switch (e.kind) {
      case EventKind::day_end: on_day_end(e.time); break;
      case EventKind::problem_arises: on_problem_arises(e.time); break;
      case EventKind::resident_report: on_resident_report(e.time, e.a, e.b); break;
      case EventKind::case_arrives: on_case_arrives(e.time, e.a, e.b); break;
      case EventKind::feedback: on_feedback(e.time, e.a, e.b); break;
      case EventKind::shift_start: on_shift_start(e.time, e.a); break;
      case EventKind::shift_end: on_shift_end(e.time, e.a); break;
      case EventKind::admin_task: on_admin_task(e.time, e.a); break;
      case EventKind::job_done: on_job_done(e.time, e.a, e.b); break;
      case EventKind::ticket_arrives: on_ticket_arrives(e.time, e.a); break;
      case EventKind::ticket_done: on_ticket_done(e.time, e.a, e.b); break;
      case EventKind::volunteer_done: on_volunteer_done(e.time, e.a, e.b); break;
    }
  }
}

void Partition::deliver(const Message& m, double at) {
  if (m.kind == EventKind::ticket_arrives) {
    std::uint32_t t = free_ticket_;
    if (t == kNone) {
      t = static_cast<std::uint32_t>(tickets_.size());
      tickets_.emplace_back();
    } else {
      free_ticket_ = tickets_[t].free_next;
    }
    tickets_[t].from = m;
    events_.push(at, EventKind::ticket_arrives, t);
  } else {
    // A department's part is done; its queueing time belongs to the case's grid.
    Case& c = cases_[m.slot];
    if (c.serial == m.serial && c.counted) {
      tally_of(c).wait_h_sum += m.wait_h;
      ++tally_of(c).wait_samples;
    }
    events_.push(at, EventKind::ticket_done, m.slot, m.serial);
  }
}

// ---------------------------------------------------------------------------------------
// Problems arise, hidden, until a resident reports them or a patrol finds them.

void Partition::on_problem_arises(double t) {
  events_.push(t + arrivals_rng_.exponential(1.0 / arrival_rate_per_h_), EventKind::problem_arises);
  const std::uint32_t where = where_.draw(arrivals_rng_);
  const auto categories = static_cast<std::uint32_t>(spec_.categories.size());
  const std::uint32_t local_grid = where / categories;
  const auto category = static_cast<std::uint16_t>(where % categories);
  const CategorySpec& cat = spec_.categories[category];
  const World::Grid& grid = world_.grids[first_grid_ + local_grid];

  std::uint32_t slot = free_case_;
  if (slot == kNone) {
    slot = static_cast<std::uint32_t>(cases_.size());
    cases_.emplace_back();
  } else {
    free_case_ = cases_[slot].free_next;
  }
  Case& c = cases_[slot];
  const std::uint32_t serial = next_serial_++;
  c = Case{};
  c.serial = serial;
  c.uid = (std::uint64_t{index_} << 40) | serial;
  c.rng = CounterRng(key_, RngStream::problem, c.uid);
  c.arisen_h = t;
  c.grid = first_grid_ + local_grid;
  c.category = category;
  c.state = CaseState::hidden;

  // Every draw is made whatever the branch, so the same problem draws the same numbers in
  // every scenario (common random numbers).
  c.resident = grid.first_resident + c.rng.below(grid.residents);
  c.visible = c.rng.bernoulli(cat.patrol_visible);
  c.level_needed = static_cast<std::uint8_t>(draw_index(c.rng, cat.level_shares.data(), kLevelCount));
  c.unresolvable = c.rng.bernoulli(cat.unresolvable_share);
  c.joint = c.rng.bernoulli(cat.joint_share) && owners_of(category).size() > 1;
  const double trust = trust_[c.resident - first_resident_];
  const double p_report =
      std::clamp(cat.report_probability *
                     (1.0 + spec_.residents.trust_report_elasticity * (trust - spec_.residents.trust_reference)),
                 0.0, 1.0);
  const bool reports = c.rng.bernoulli(p_report);
  const double report_delay = c.rng.sample(spec_.residents.report_delay_h);
  const double grow_delay = cat.growth_per_day > 0.0 ? c.rng.exponential(24.0 / cat.growth_per_day) : kInf;
  const double noticed_delay = c.rng.sample(spec_.residents.report_delay_h);
  const auto age = static_cast<int>(world_.resident_age[c.resident]);
  const auto& channels = spec_.residents.channels;
  double u = c.rng.uniform(), acc = 0.0;
  c.channel = static_cast<std::int8_t>(channels.size() - 1);
  for (std::size_t k = 0; k + 1 < channels.size(); ++k) {
    acc += channels[k].preference[age];
    if (u < acc) {
      c.channel = static_cast<std::int8_t>(k);
      break;
    }
  }
  c.grow_at_h = t + grow_delay;
  // A problem that grows gets noticed: somebody reports it after the usual delay.
  c.report_at_h = std::min(reports ? t + report_delay : kInf, c.grow_at_h + noticed_delay);

  ++hidden_count_;
  if (t >= warmup_h_) ++tallies_[local_grid].problems_arisen;
  if (!c.visible && c.report_at_h >= end_h_) {
    // Nobody will report it and no patrol can see it: it stays hidden to the end, and needs
    // no slot meanwhile.
    c.state = CaseState::free;
    c.free_next = free_case_;
    free_case_ = slot;
    return;
  }
  // Only problems a patrol can see go on the grid's patrol list.
  if (c.visible) {
    c.hidden_next = hidden_head_[local_grid];
    c.hidden_prev = kNone;
    if (c.hidden_next != kNone) cases_[c.hidden_next].hidden_prev = slot;
    hidden_head_[local_grid] = slot;
  }
  if (c.report_at_h < end_h_) events_.push(c.report_at_h, EventKind::resident_report, slot, serial);
}

void Partition::unlink_hidden(std::uint32_t slot) {
  Case& c = cases_[slot];
  --hidden_count_;
  if (!c.visible) return;
  if (c.hidden_prev != kNone) cases_[c.hidden_prev].hidden_next = c.hidden_next;
  else hidden_head_[c.grid - first_grid_] = c.hidden_next;
  if (c.hidden_next != kNone) cases_[c.hidden_next].hidden_prev = c.hidden_prev;
  c.hidden_prev = c.hidden_next = kNone;
}

void Partition::on_resident_report(double t, std::uint32_t slot, std::uint32_t serial) {
  Case& c = cases_[slot];
  // Already fixed and closed (the slot may even hold another problem): nothing to report.
  if (c.serial != serial || c.state == CaseState::free) return;
  if (c.state == CaseState::open) {
    if (c.counted) ++tally_of(c).duplicate_reports;
    if (!spec_.platform.merge_duplicates) {
      // Without the platform merging it, someone has to look at the report to see it is known.
      const std::uint32_t home = world_.grids[c.grid].worker_station - first_station_;
      const double triage = stations_[home].rng.sample(spec_.handling.assess_h[kLevelGrid]) +
                            spec_.platform.paperwork_h_per_case;
      enqueue(t, home, JobKind::duplicate, c.grid, case_priority_class(), triage);
    }
    return;
  }
  find(t, slot, false);
  double intake = c.rng.sample(spec_.residents.channels[static_cast<std::size_t>(c.channel)].intake_h) *
                  spec_.platform.intake_factor;
  // Separate grid systems: some reports first reach the wrong system and are passed on.
  if (unmerged_systems() && c.rng.bernoulli(spec_.grid_networks.misrouted_share))
    intake += c.rng.sample(spec_.grid_networks.misrouted_transfer_h);
  events_.push(t + intake, EventKind::case_arrives, slot, serial);
}

/// The problem becomes a case: counted, open, and (if it grew while hidden) more serious.
void Partition::find(double t, std::uint32_t slot, bool by_patrol) {
  Case& c = cases_[slot];
  unlink_hidden(slot);
  backlog_changes(t);
  c.state = CaseState::open;
  c.found_h = t;
  c.counted = t >= warmup_h_;
  if (t >= c.grow_at_h) {
    c.grew = true;
    const int top = owners_of(c.category).empty() ? kLevelStreet : kLevelDepartment;
    c.level_needed = static_cast<std::uint8_t>(std::min<int>(c.level_needed + 1, top));
  }
  c.level_now = kLevelGrid;
  ++open_count_;
  ++created_all_;
  ++day_of(t).arrivals;
  if (!c.counted) return;
  GridTally& tally = tally_of(c);
  ++tally.cases_created;
  if (c.grew) ++tally.problems_grown;
  if (by_patrol) ++tally.found_by_patrol;
}

// ---------------------------------------------------------------------------------------
// Handling: the station of the case's current level, then up or resolved.

std::uint32_t Partition::station_of(const Case& c) const {
  const World::Grid& grid = world_.grids[c.grid];
  switch (c.level_now) {
    case 0: return grid.worker_station - first_station_;
    case 1: return world_.communities[grid.community].station - first_station_;
    default: return world_.streets[grid.street].station - first_station_;
  }
}

void Partition::on_case_arrives(double t, std::uint32_t slot, std::uint32_t serial) {
  Case& c = cases_[slot];
  if (c.serial != serial) return;
  if (c.level_now == kLevelGrid && c.visits == 0 && c.reopenings == 0) c.accepted_h = t;
  route_to_level(t, slot);
}

void Partition::route_to_level(double t, std::uint32_t slot) {
  Case& c = cases_[slot];
  if (c.level_now == kLevelDepartment) {
    send_to_departments(t, slot);
    return;
  }
  c.enqueued_h = t;
  std::uint32_t s = station_of(c);
  if (c.level_now == kLevelGrid) {
    const bool first_visit = c.reopenings == 0;
    if (first_visit && volunteer_takes(t, slot, s)) return;
    const int threshold = spec_.remedies.escalation_backlog_threshold;
    if (first_visit && spec_.policies.escalation == EscalationPolicy::backlog_threshold &&
        stations_[s].queued_cases >= threshold) {
      // The grid is full: the case goes straight up to the community office.
      if (c.counted) {
        ++tally_of(c).backlog_escalations;
        ++tally_of(c).escalations;
      }
      c.handover_h[kLevelGrid] = t;
      c.level_now = kLevelGrid + 1;
      events_.push(t + c.rng.sample(spec_.handling.handover_h[kLevelGrid]) * spec_.platform.handover_factor,
                   EventKind::case_arrives, slot, c.serial);
      return;
    }
    const std::uint32_t target = grid_station_for(s);
    c.away = target != s;
    if (c.away && c.counted) ++tally_of(c).handled_away;
    s = target;
  }
  enqueue(t, s, JobKind::case_work, slot, case_priority_class());
}

std::uint32_t Partition::grid_station_for(std::uint32_t home) const {
  const RemediesSpec& r = spec_.remedies;
  const DispatchPolicy dispatch = spec_.policies.dispatch;
  if (dispatch != DispatchPolicy::pooling &&
      !(dispatch == DispatchPolicy::neighbour_help && stations_[home].queued_cases >= r.neighbour_backlog_threshold))
    return home;
  // The community's grid-worker stations are contiguous.
  const auto& info = world_.stations[stations_[home].global];
  const World::Community& community = world_.communities[world_.grids[info.first_grid].community];
  const std::uint32_t lo = world_.grids[community.first_grid].worker_station - first_station_;
  const std::uint32_t hi = world_.grids[community.first_grid + community.grid_count - 1].worker_station - first_station_;
  const auto load = [&](std::uint32_t s) {
    return static_cast<double>(stations_[s].queued_cases + stations_[s].busy) / stations_[s].servers;
  };
  std::uint32_t best = home;
  if (dispatch == DispatchPolicy::pooling) {
    for (std::uint32_t s = lo; s <= hi; ++s)
      if (load(s) < load(best)) best = s;
    return best;
  }
  // Neighbour help: the less busy adjacent grid below the threshold, if any.
  for (const std::uint32_t s : {home - 1, home + 1}) {
    if (s < lo || s > hi || s == home) continue;
    if (stations_[s].queued_cases < r.neighbour_backlog_threshold &&
        (best == home || stations_[s].queued_cases < stations_[best].queued_cases))
      best = s;
  }
  return best;
}

bool Partition::volunteer_takes(double t, std::uint32_t slot, std::uint32_t s) {
  Case& c = cases_[slot];
  const CategorySpec& cat = spec_.categories[c.category];
  Station& st = stations_[s];
  if (st.volunteer_cap_h <= 0.0 || !cat.light || c.level_needed != kLevelGrid) return false;
  const double work = c.rng.sample(cat.service_h[kLevelGrid]);
  if (st.volunteer_bank_h < work) return false;
  st.volunteer_bank_h -= work;
  const double reach = c.rng.sample(spec_.remedies.volunteer_response_h);
  respond(c, t + reach);
  c.by_volunteer = true;
  events_.push(t + reach + work, EventKind::volunteer_done, slot, c.serial);
  return true;
}

void Partition::on_volunteer_done(double t, std::uint32_t slot, std::uint32_t serial) {
  if (cases_[slot].serial == serial) resolve(t, slot);
}

void Partition::respond(Case& c, double at) {
  // The first contact with the reporter (响应): a handler picking the case up, a volunteer
  // arriving, or the patrol that found it.
  c.responded = true;
  c.first_response_h = at;
  c.responded_on_time = at - c.found_h <= spec_.categories[c.category].response_deadline_h;
  if (!c.counted) return;
  GridTally& tally = tally_of(c);
  ++tally.responded;
  if (c.responded_on_time) ++tally.responded_on_time;
  tally.response_h_sum += at - c.found_h;
  tally.response_h.add(at - c.found_h);
  if (spec_.categories[c.category].light) {
    ++tally.light_responded;
    tally.light_response_h_sum += at - c.found_h;
  }
}

int Partition::case_priority_class() const {
  return spec_.policies.job_priority == JobPriority::pushed_down_first ? 2 : 1;
}

void Partition::send_to_departments(double t, std::uint32_t slot) {
  Case& c = cases_[slot];
  const auto needed = c.joint ? static_cast<std::uint32_t>(owners_of(c.category).size()) : 1u;
  c.departments_pending = static_cast<std::uint8_t>(needed);
  if (c.counted && c.joint && c.visits == 0) ++tally_of(c).joint_cases;
  if (spec_.whistle.enabled) {
    // 吹哨报到: every department summoned at once, each reporting within its deadline.
    for (std::uint32_t k = 0; k < needed; ++k) send_ticket(t, slot, k, c.rng.sample(spec_.whistle.report_for_duty_h));
    c.next_department = static_cast<std::uint8_t>(needed);
  } else {
    // Ordinary transfers: one department after another.
    send_ticket(t, slot, 0, c.rng.sample(spec_.whistle.sequential_transfer_h));
    c.next_department = 1;
  }
  ++c.visits;
}

void Partition::send_ticket(double t, std::uint32_t slot, std::uint32_t owner, double delay_h) {
  const Case& c = cases_[slot];
  Message m;
  m.time = t + delay_h;
  m.target = static_cast<std::uint32_t>(world_.streets.size());
  m.source = index_;
  m.slot = slot;
  m.serial = c.serial;
  m.uid = c.uid;
  m.department = static_cast<std::uint16_t>(owners_of(c.category)[owner]);
  m.category = c.category;
  m.visit = c.visits;
  m.kind = EventKind::ticket_arrives;
  outbox_.push_back(m);
}

void Partition::on_ticket_done(double t, std::uint32_t slot, std::uint32_t serial) {
  Case& c = cases_[slot];
  if (c.serial != serial || c.state != CaseState::open) return;
  --c.departments_pending;
  if (c.departments_pending == 0) {
    resolve(t, slot);
  } else if (!spec_.whistle.enabled) {
    send_ticket(t, slot, c.next_department++, c.rng.sample(spec_.whistle.sequential_transfer_h));
  }
}

void Partition::on_ticket_arrives(double t, std::uint32_t ticket) {
  Ticket& tk = tickets_[ticket];
  tk.enqueued_h = t;
  const std::uint32_t s = world_.first_department_station + tk.from.department - first_station_;
  enqueue(t, s, JobKind::ticket, ticket, 1);
}

void Partition::resolve(double t, std::uint32_t slot) {
  Case& c = cases_[slot];
  c.resolved_h = t;
  c.level_resolved = c.unresolvable ? -1 : static_cast<std::int8_t>(c.level_now);
  events_.push(t + c.rng.sample(spec_.handling.feedback_h), EventKind::feedback, slot, c.serial);
}

void Partition::on_feedback(double t, std::uint32_t slot, std::uint32_t serial) {
  Case& c = cases_[slot];
  if (c.serial != serial) return;
  c.feedback_h = t;
  const CategorySpec& cat = spec_.categories[c.category];
  const SatisfactionSpec& sat = spec_.satisfaction;
  // Patrol-found cases have no complainant waiting for a call-back (回访), so no rating.
  const bool reported = c.channel >= 0;
  const bool rates = c.rng.bernoulli(spec_.handling.rating_share) && reported;
  const double u_satisfied = c.rng.uniform();
  const double u_reopen = c.rng.uniform();
  if (rates) {
    float& trust = trust_[c.resident - first_resident_];
    const double expectation = std::max(
        0.1, cat.resolution_deadline_h * (1.0 + sat.trust_expectation * (trust - spec_.residents.trust_reference)));
    const double lateness = std::log(std::max(t - c.found_h, 1e-3) / expectation);
    const double x = sat.intercept + sat.resolved * (c.level_resolved >= 0 ? 1.0 : 0.0) +
                     sat.contacted * (c.responded_on_time ? 1.0 : 0.0) -
                     sat.late_penalty * std::max(0.0, lateness) + sat.early_bonus * std::max(0.0, -lateness) -
                     sat.extra_contact_penalty * c.reopenings;
    const bool satisfied = u_satisfied < logistic(x);
    c.rating = satisfied ? 1 : 0;
    c.rated_h = t;
    trust += static_cast<float>(spec_.residents.trust_learning_rate * ((satisfied ? 1.0 : 0.0) - trust));
    DailyRow& day = day_of(t);
    ++day.rated;
    if (satisfied) ++day.satisfied;
    if (c.counted) {
      ++tally_of(c).rated;
      if (satisfied) ++tally_of(c).satisfied;
    }
    if (!satisfied && c.reopenings < spec_.handling.max_reopenings && u_reopen < spec_.handling.reopen_share) {
      ++c.reopenings;
      c.by_volunteer = false;
      if (c.counted) ++tally_of(c).reopenings;
      route_to_level(t, slot);  // back to the level that handled it, no new hand-over
      return;
    }
  }
  close(t, slot);
}

void Partition::close(double t, std::uint32_t slot) {
  Case& c = cases_[slot];
  backlog_changes(t);
  --open_count_;
  ++closed_all_;
  DailyRow& day = day_of(t);
  ++day.closures;
  if (c.level_resolved >= 0) ++day.resolutions;
  if (c.counted) {
    GridTally& tally = tally_of(c);
    const CategorySpec& cat = spec_.categories[c.category];
    const double resolution = t - c.found_h;
    ++tally.cases_closed;
    if (c.level_resolved >= 0) {
      ++tally.cases_resolved;
      ++tally.resolved_at[static_cast<std::size_t>(c.level_resolved)];
      tally.resolution_h_sum_at[static_cast<std::size_t>(c.level_resolved)] += resolution;
      if (c.by_volunteer) ++tally.resolved_by_volunteers;
    }
    if (resolution <= cat.resolution_deadline_h) ++tally.closed_on_time;
    tally.resolution_h_sum += resolution;
    tally.sojourn_h_sum += resolution;
    tally.resolution_h.add(resolution);
  }
  if (case_log_ && c.counted) case_log_rows_.push_back(record_of(c));
  c.state = CaseState::free;
  c.free_next = free_case_;
  free_case_ = slot;
}

// ---------------------------------------------------------------------------------------
// Stations: queues, shifts, overtime.

void Partition::enqueue(double t, std::uint32_t s, JobKind kind, std::uint32_t ref, int priority_class,
                        double duration_h) {
  Station& st = stations_[s];
  if (kind == JobKind::case_work) ++st.queued_cases;
  st.queue.push_back({(std::uint64_t(priority_class) << 56) | job_sequence_++, ref,
                      static_cast<float>(duration_h), kind});
  std::push_heap(st.queue.begin(), st.queue.end(), JobAfter{});
  if (st.on_duty) start_jobs(t, s);
}

void Partition::start_jobs(double t, std::uint32_t s) {
  Station& st = stations_[s];
  while (st.busy < st.servers && !st.queue.empty()) {
    std::pop_heap(st.queue.begin(), st.queue.end(), JobAfter{});
    const Job job = st.queue.back();
    st.queue.pop_back();
    start_job(t, s, job);
  }
}

void Partition::start_job(double t, std::uint32_t s, const Job& job) {
  Station& st = stations_[s];
  double duration = 0.0;
  switch (job.kind) {
    case JobKind::case_work: {
      Case& c = cases_[job.ref];
      const CategorySpec& cat = spec_.categories[c.category];
      if (c.counted) {
        GridTally& tally = tally_of(c);
        tally.wait_h_sum += t - c.enqueued_h;
        ++tally.wait_samples;
      }
      --st.queued_cases;
      if (!c.responded) respond(c, t);
      double work = c.level_now < c.level_needed ? c.rng.sample(spec_.handling.assess_h[c.level_now])
                                                 : c.rng.sample(cat.service_h[c.level_now]);
      double paperwork = 0.0;
      if (st.kind == StationInfo::Kind::grid_workers) {
        const auto& networks = spec_.grid_networks;
        if (networks.systems > 1 && networks.merged) work *= networks.merged_service_factor;
        if (c.away) work += c.rng.sample(spec_.remedies.travel_h);
        // Trail-keeping per case, once in every system's app when the grids are not merged.
        paperwork = spec_.platform.paperwork_h_per_case * (unmerged_systems() ? networks.systems : 1);
        if (c.counted) tally_of(c).worker_case_h += measured(t, t + work);
      }
      duration = work + paperwork;
      st.case_h += measured(t, t + work);
      st.admin_h += measured(t + work, t + duration);
      break;
    }
    case JobKind::admin:
      duration = job.duration_h;
      st.admin_h += measured(t, t + duration);
      break;
    case JobKind::duplicate:
      duration = job.duration_h;
      st.case_h += measured(t, t + duration);
      tallies_[job.ref - first_grid_].worker_case_h += measured(t, t + duration);
      break;
    case JobKind::patrol:
      duration = spec_.grid_workers.patrol_h;
      tallies_[job.ref - first_grid_].worker_patrol_h += measured(t, t + duration);
      st.patrol_h += measured(t, t + duration);
      break;
    case JobKind::ticket: {
      Ticket& tk = tickets_[job.ref];
      tk.from.wait_h = t - tk.enqueued_h;
      CounterRng rng(key_, RngStream::ticket, tk.from.uid,
                     static_cast<std::uint32_t>(tk.from.department) << 8 | tk.from.visit);
      duration = rng.sample(spec_.categories[tk.from.category].service_h[kLevelDepartment]);
      st.case_h += measured(t, t + duration);
      break;
    }
  }
  // Work past the end of the shift is overtime: all of it when picked up after the shift.
  const double end = t + duration;
  if (!st.on_duty) st.overtime_h += measured(t, end);
  else if (end > st.shift_end_h) st.overtime_h += measured(st.shift_end_h, end);

  const std::uint32_t server = st.free_slots.back();
  st.free_slots.pop_back();
  st.running[server] = {job, t};
  ++st.busy;
  events_.push(end, EventKind::job_done, s, server);
}

void Partition::on_job_done(double t, std::uint32_t s, std::uint32_t server) {
  Station& st = stations_[s];
  const Job job = st.running[server].job;
  --st.busy;
  st.free_slots.push_back(server);

  switch (job.kind) {
    case JobKind::case_work: {
      Case& c = cases_[job.ref];
      if (c.level_now < c.level_needed) {
        // Cannot be resolved here: pass it up (a hand-over, or the whistle at the street).
        if (c.counted) ++tally_of(c).escalations;
        c.handover_h[c.level_now] = t;
        if (c.level_now == kLevelStreet) {
          c.level_now = kLevelDepartment;
          send_to_departments(t, job.ref);
        } else {
          const double delay =
              c.rng.sample(spec_.handling.handover_h[c.level_now]) * spec_.platform.handover_factor;
          ++c.level_now;
          events_.push(t + delay, EventKind::case_arrives, job.ref, c.serial);
        }
      } else {
        resolve(t, job.ref);
      }
      break;
    }
    case JobKind::patrol: {
      // The walk is over: each visible hidden problem is found with the detection chance.
      // A walker of one system among several looks only for that system's problems.
      const double detect =
          spec_.grid_workers.detect_probability / (unmerged_systems() ? spec_.grid_networks.systems : 1);
      std::uint32_t slot = hidden_head_[job.ref - first_grid_];
      while (slot != kNone) {
        const std::uint32_t next = cases_[slot].hidden_next;
        if (st.rng.bernoulli(detect)) {
          find(t, slot, true);
          Case& c = cases_[slot];
          c.accepted_h = t;
          respond(c, t);
          route_to_level(t, slot);
        }
        slot = next;
      }
      break;
    }
    case JobKind::ticket: {
      Ticket& tk = tickets_[job.ref];
      Message m = tk.from;
      m.time = t;
      m.target = m.source;
      m.source = index_;
      m.kind = EventKind::ticket_done;
      outbox_.push_back(m);
      tk.free_next = free_ticket_;
      free_ticket_ = job.ref;
      break;
    }
    case JobKind::admin:
    case JobKind::duplicate: break;
  }

  if (st.on_duty) {
    start_jobs(t, s);
  } else if (t < st.shift_end_h + st.max_overtime_h && !st.queue.empty()) {
    // Staying late: take the next job rather than leave it waiting overnight.
    std::pop_heap(st.queue.begin(), st.queue.end(), JobAfter{});
    const Job next = st.queue.back();
    st.queue.pop_back();
    start_job(t, s, next);
  }
}

double Partition::next_shift_start(const ShiftSpec& shift, double after_h) const {
  auto day = static_cast<long>(std::floor(after_h / 24.0));
  for (;; ++day) {
    const double start = day * 24.0 + shift.start_h;
    if (start > after_h && day % 7 < shift.days_per_week) return start;
  }
}

void Partition::on_shift_start(double t, std::uint32_t s) {
  Station& st = stations_[s];
  const auto& shift = world_.stations[st.global].shift;
  st.on_duty = true;
  st.shift_end_h = t + shift.hours;
  st.scheduled_h += st.servers * measured(t, st.shift_end_h);
  events_.push(st.shift_end_h, EventKind::shift_end, s);
  const double next = next_shift_start(shift, t);
  if (next < end_h_) events_.push(next, EventKind::shift_start, s);

  if (st.kind == StationInfo::Kind::grid_workers) {
    const auto& info = world_.stations[st.global];
    const double per_day = spec_.grid_workers.patrols_per_day;
    for (std::uint32_t g = info.first_grid; g < info.first_grid + info.grid_count; ++g) {
      const int walks = static_cast<int>(per_day) + (st.rng.bernoulli(per_day - std::floor(per_day)) ? 1 : 0);
      for (int k = 0; k < walks; ++k) enqueue(t, s, JobKind::patrol, g, kClassPatrol);
    }
  }
  start_jobs(t, s);
}

void Partition::on_shift_end(double, std::uint32_t s) { stations_[s].on_duty = false; }

void Partition::on_admin_task(double t, std::uint32_t s) {
  Station& st = stations_[s];
  events_.push(t + st.rng.exponential(1.0 / st.admin_rate_per_h), EventKind::admin_task, s);
  double u = st.rng.uniform() * (st.admin_rate_per_h * 7.0 * 24.0 / st.servers);
  std::uint32_t kind = 0;
  for (; kind + 1 < spec_.pushed_down_tasks.size(); ++kind) {
    u -= spec_.pushed_down_tasks[kind].rate_per_worker_per_week;
    if (u < 0.0) break;
  }
  const int priority_class = spec_.policies.job_priority == JobPriority::cases_first         ? 2
                             : spec_.policies.job_priority == JobPriority::pushed_down_first ? 1
                                                                                             : case_priority_class();
  const PushedDownTaskSpec& task = spec_.pushed_down_tasks[kind];
  const RemediesSpec& remedies = spec_.remedies;
  const double hours = st.rng.sample(task.duration_h) * remedies.pushed_down_duration_factor;
  const bool measuring = t >= warmup_h_;
  if (measuring) ++st.admin_arrived;
  if (spec_.policies.task_intake == TaskIntakePolicy::responsibility_list && !task.on_responsibility_list) {
    // Not on the list: refused, and the office that sent it down does it itself.
    if (measuring) ++st.admin_refused;
    const auto& info = world_.stations[st.global];
    const std::uint32_t office =
        world_.communities[world_.grids[info.first_grid].community].station - first_station_;
    enqueue(t, office, JobKind::admin, kind, 2, hours);
    return;
  }
  // 费随事转: the paid help that comes with the task does its share of the hours.
  const double paid = hours * remedies.resources_follow_tasks;
  if (measuring) st.paid_h += paid;
  if (hours - paid > 0.0) enqueue(t, s, JobKind::admin, kind, priority_class, hours - paid);
}

// ---------------------------------------------------------------------------------------
// Bookkeeping.

double Partition::measured(double from, double to) const {
  const double lo = std::max(from, warmup_h_), hi = std::min(to, end_h_);
  return hi > lo ? hi - lo : 0.0;
}

void Partition::backlog_changes(double t) {
  backlog_area_ += static_cast<double>(open_count_) * measured(backlog_last_h_, t);
  backlog_last_h_ = t;
}

DailyRow& Partition::day_of(double t) {
  const auto d = static_cast<std::size_t>(t / 24.0);
  return daily_[std::min(d, daily_.size() - 1)];
}

void Partition::on_day_end(double t) {
  for (Station& st : stations_)
    st.volunteer_bank_h = std::min(st.volunteer_cap_h, st.volunteer_bank_h + st.volunteer_cap_h / 7.0);
  DailyRow& day = day_of(t - 12.0);
  day.backlog = open_count_;
  day.hidden = hidden_count_;
  if (t + 24.0 <= end_h_ + 1e-9) events_.push(t + 24.0, EventKind::day_end, 0, 0, 0);
}

CaseRecord Partition::record_of(const Case& c) const {
  CaseRecord r;
  r.case_id = c.uid;
  r.grid = c.grid;
  r.category = c.category;
  r.channel = c.channel;
  r.level_needed = c.level_needed;
  r.level_resolved = c.level_resolved;
  r.reopenings = c.reopenings;
  r.rating = c.rating;
  r.grew = c.grew;
  r.joint = c.joint;
  r.arisen_h = c.arisen_h;
  r.found_h = c.found_h;
  r.accepted_h = c.accepted_h;
  r.first_response_h = c.responded ? c.first_response_h : NAN;
  for (std::size_t k = 0; k < 3; ++k) r.handover_h[k] = c.level_needed > k ? c.handover_h[k] : NAN;
  r.resolved_h = c.resolved_h;
  r.feedback_h = c.feedback_h;
  r.rated_h = c.rating >= 0 ? c.rated_h : NAN;
  r.closed_h = c.state == CaseState::free ? c.feedback_h : NAN;
  return r;
}

std::uint64_t Partition::cases_open_located() const {
  // Each open case is in exactly one place: a queue, a running job, a pending hand-over or
  // feedback event, or out at departments. Count each place, not the counter.
  std::uint64_t located = 0;
  for (const Station& st : stations_) {
    for (const Job& job : st.queue) located += job.kind == JobKind::case_work;
    std::vector<bool> running(st.running.size(), true);
    for (auto k : st.free_slots) running[k] = false;
    for (std::size_t k = 0; k < st.running.size(); ++k)
      located += running[k] && st.running[k].job.kind == JobKind::case_work;
  }
  events_.for_each([&](const Event& e) {
    if (e.kind == EventKind::case_arrives || e.kind == EventKind::feedback || e.kind == EventKind::volunteer_done)
      located += cases_[e.a].serial == e.b && cases_[e.a].state == CaseState::open;
  });
  for (const Case& c : cases_)
    located += c.state == CaseState::open && c.level_now == kLevelDepartment && c.departments_pending > 0;
  return located;
}

void Partition::finish(ReplicationResult& result) {
  backlog_changes(end_h_);
  // The last day ends with the run: its day_end event lies at the horizon, never processed.
  if (!daily_.empty()) {
    daily_.back().backlog = open_count_;
    daily_.back().hidden = hidden_count_;
  }
  for (std::size_t d = 0; d < daily_.size(); ++d) result.daily[d].merge(daily_[d]);
  if (is_departments_) return;

  for (std::uint32_t g = 0; g < grid_count_; ++g) {
    const World::Grid& grid = world_.grids[first_grid_ + g];
    GridTally& tally = tallies_[g];
    tally.residents = grid.residents;
    for (std::uint32_t r = 0; r < grid.residents; ++r)
      tally.trust_sum += trust_[grid.first_resident - first_resident_ + r];
  }
  // Grid-worker hours not tied to a grid (shifts, overtime, admin) are shared evenly.
  for (const Station& st : stations_) {
    if (st.kind != StationInfo::Kind::grid_workers) continue;
    const auto& info = world_.stations[st.global];
    const double share = 1.0 / info.grid_count;
    for (std::uint32_t g = info.first_grid; g < info.first_grid + info.grid_count; ++g) {
      GridTally& tally = tallies_[g - first_grid_];
      tally.worker_count += world_.grids[g].workers;
      tally.worker_scheduled_h += st.scheduled_h * share;
      tally.worker_overtime_h += st.overtime_h * share;
      tally.worker_admin_h += st.admin_h * share;
      tally.admin_tasks_arrived += st.admin_arrived * share;
      tally.admin_tasks_refused += st.admin_refused * share;
      tally.paid_task_h += st.paid_h * share;
    }
  }
  // Staff cost over the measured period: each grid carries its workers, a share of its
  // community office and street centre, and a share of the departments by residents.
  const double years = (end_h_ - warmup_h_) / (365.0 * 24.0);
  double department_wages = 0.0;
  for (std::uint32_t s = world_.first_department_station; s < world_.stations.size(); ++s)
    department_wages += world_.stations[s].servers * world_.stations[s].wage_per_year;
  const auto office_wages = [&](std::uint32_t station) {
    return world_.stations[station].servers * world_.stations[station].wage_per_year;
  };
  for (std::uint32_t g = 0; g < grid_count_; ++g) {
    const World::Grid& grid = world_.grids[first_grid_ + g];
    const World::Community& community = world_.communities[grid.community];
    const World::Street& street = world_.streets[grid.street];
    const double wages = grid.workers * spec_.grid_workers.wage_per_year +
                         office_wages(community.station) / community.grid_count +
                         office_wages(street.station) / street.grid_count +
                         department_wages * grid.residents / static_cast<double>(world_.resident_count());
    tallies_[g].staff_cost_yuan = wages * years + tallies_[g].paid_task_h * spec_.remedies.paid_hour_wage;
  }
  for (std::uint32_t g = 0; g < grid_count_; ++g) result.grids[first_grid_ + g] = tallies_[g];
  if (case_log_)
    for (const Case& c : cases_)
      if (c.state == CaseState::open && c.counted) case_log_rows_.push_back(record_of(c));
  result.cases.insert(result.cases.end(), case_log_rows_.begin(), case_log_rows_.end());
}

}  // namespace govgrid
