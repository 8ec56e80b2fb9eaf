// The duty desk (值班): signs for 12345 tickets and contacts the requester (响应, 条例 Art. 15),
// apart from the field work. Capacity is not modelled (a call takes minutes); what matters is
// when the desk is staffed and whether the requester picks up.
#pragma once

#include <optional>

#include "engine/rng/counter_rng.h"
#include "govgrid/scenario_spec.h"

namespace govgrid {

/// The first instant at or after `t` when a desk with `coverage` is staffed.
double staffed_from(const ShiftSpec& coverage, double t);

/// When the desk reaches the requester of a ticket that arrived at `t`: sign for it within
/// coverage, then call until the requester answers, at most max_attempts calls. Empty when
/// every call fails (the handler then answers when it picks the case up). Draws come from `rng`,
/// the case's own substream, the same number whatever the outcome.
std::optional<double> desk_contact_time(const DutyDeskSpec& desk, double t, CounterRng& rng);

}  // namespace govgrid
