// The policy registry: each policy kind is a std::variant whose alternatives are listed in
// the order of the scenario's name table (scenario_spec.h), so `policies.dispatch: pooling`
// selects the alternative at that name's index. A policy is called with std::visit, which
// compiles to a jump table: no virtual call per event.
//
// Adding a policy: write its struct (with `name` and a constructor from the ScenarioSpec) in
// the kind's header, add it to the variant below (the registry line), and add its enum value
// and name to scenario_spec.h (the schema row). The static_asserts keep the three in step.
#pragma once

#include <cstddef>
#include <string_view>
#include <utility>
#include <variant>

#include "engine/model/policies/dispatch.h"
#include "engine/model/policies/duty_rota.h"
#include "engine/model/policies/escalation.h"
#include "engine/model/policies/helpers.h"
#include "engine/model/policies/job_ordering.h"
#include "engine/model/policies/task_intake.h"
#include "engine/model/policies/ticket_dispatch.h"

namespace govgrid {

using Dispatch = std::variant<OwnGrid, Pooling, NeighbourHelp>;
using Escalation = std::variant<ByNeed, BacklogThreshold>;
using TaskIntake = std::variant<AcceptAll, ResponsibilityList>;
using Helpers = std::variant<NoHelpers, PartyVolunteers, DoubleReport>;
using JobOrdering = std::variant<CasesFirst, PushedDownFirst, Fifo, ByAppraisal>;
using DutyRotaPolicy = std::variant<FixedDays, SevenDay>;
using TicketDispatchPolicy = std::variant<ViaGrid, Catalogue>;

namespace detail {
template <class Variant, std::size_t N, std::size_t... I>
constexpr bool names_match(const std::array<const char*, N>& names, std::index_sequence<I...>) {
  return N == sizeof...(I) &&
         ((std::string_view(std::variant_alternative_t<I, Variant>::name) == std::string_view(names[I])) && ...);
}
template <class Variant, std::size_t... I>
Variant make_at(std::size_t index, const ScenarioSpec& spec, std::index_sequence<I...>) {
  Variant v{std::in_place_index<0>, spec};
  ((index == I ? (v.template emplace<I>(spec), true) : false) || ...);
  return v;
}
}  // namespace detail

/// The policy alternative that `choice` (an enum of scenario_spec.h) names.
template <class Variant, class Choice>
Variant make_policy(Choice choice, const ScenarioSpec& spec) {
  return detail::make_at<Variant>(static_cast<std::size_t>(choice), spec,
                                  std::make_index_sequence<std::variant_size_v<Variant>>{});
}

#define GOVGRID_REGISTRY_MATCHES(Variant, names)                                                          \
  static_assert(detail::names_match<Variant>(names, std::make_index_sequence<std::variant_size_v<Variant>>{}), \
                #Variant ": alternatives must match " #names " one for one, in order")
GOVGRID_REGISTRY_MATCHES(Dispatch, kDispatchPolicyNames);
GOVGRID_REGISTRY_MATCHES(Escalation, kEscalationPolicyNames);
GOVGRID_REGISTRY_MATCHES(TaskIntake, kTaskIntakePolicyNames);
GOVGRID_REGISTRY_MATCHES(Helpers, kHelperPolicyNames);
GOVGRID_REGISTRY_MATCHES(JobOrdering, kJobPriorityNames);
GOVGRID_REGISTRY_MATCHES(DutyRotaPolicy, kDutyRotaNames);
GOVGRID_REGISTRY_MATCHES(TicketDispatchPolicy, kTicketDispatchNames);
#undef GOVGRID_REGISTRY_MATCHES

}  // namespace govgrid
