// Ticket dispatch policies: where a 12345 ticket (a report through a channel with
// via_duty_desk) goes first. Chosen by `policies.ticket_dispatch`; the catalogue's shares are
// per category (`categories[].dispatch`), its delays under `dispatch_catalogue:`.
#pragma once

#include <cstdint>

#include "engine/model/case.h"
#include "engine/rng/counter_rng.h"
#include "govgrid/scenario_spec.h"

namespace govgrid {

/// Where the hotline sends a ticket: `unit` is the level of the unit that receives it.
struct TicketRoute {
  std::uint8_t unit = kGrid;
  bool assigned_down = false;  ///< the unit passes it down to the level that can fix it (属地)
  bool misdispatched = false;  ///< sent to a department that does not own it: it objects (派单异议)
};

/// Every ticket reaches the grid worker first and climbs from there (before 接诉即办's
/// catalogue: the grid is the entry point of every report).
struct ViaGrid {
  static constexpr const char* name = "via_grid";
  explicit ViaGrid(const ScenarioSpec&) {}
  TicketRoute route(const Case&, const CategorySpec&, bool, CounterRng&) const { return {}; }
};

/// 派单目录 (条例 Art. 11–12): the hotline dispatches each ticket at once to the unit the
/// catalogue names for its category. Department matters go straight to the owning
/// department(s) with the share `dispatch.to_department` (else to the street, which whistles);
/// other tickets go to the community office (`dispatch.to_community`) or the street, which
/// assigns them down to the level that can fix them (the grid worker for a field job); a share
/// `dispatch.misdispatch` is sent to a department by mistake, which objects and returns it.
struct Catalogue {
  static constexpr const char* name = "catalogue";
  explicit Catalogue(const ScenarioSpec&) {}
  /// `has_departments`: the category has owning departments. Three draws whatever the branch.
  TicketRoute route(const Case& c, const CategorySpec& cat, bool has_departments, CounterRng& rng) const {
    const double u_department = rng.uniform(), u_mistake = rng.uniform(), u_community = rng.uniform();
    if (c.level_needed == kDepartment && has_departments) {
      if (u_department < cat.dispatch.to_department) return {kDepartment, false, false};
      return {kStreet, false, false};
    }
    if (has_departments && u_mistake < cat.dispatch.misdispatch) return {kDepartment, false, true};
    const std::uint8_t unit = u_community < cat.dispatch.to_community ? kCommunity : kStreet;
    return {unit, c.level_needed < unit, false};
  }
};

}  // namespace govgrid
