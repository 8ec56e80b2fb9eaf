// Hand-built scenarios for rule-level tests: one street, one community, a few grids, one
// case category and whatever departments a test needs; everything deterministic that a test
// does not choose to randomise. Built as data, without YAML, like a loaded ScenarioSpec.
#pragma once

#include <string>

#include "engine/model/world.h"
#include "engine/run/replication.h"
#include "govgrid/scenario_spec.h"

namespace govgrid::testing {

inline ScenarioSpec small_world(int grids = 2, int residents_per_grid = 1000) {
  ScenarioSpec spec;
  spec.name = "small_world";
  StreetSpec street{"s", {}, std::nullopt};
  CommunitySpec community{"c", {}, std::nullopt, {}};
  for (int g = 0; g < grids; ++g)
    community.grids.push_back({"g" + std::to_string(g), residents_per_grid, std::nullopt});
  street.communities.push_back(community);
  spec.world.streets.push_back(street);

  spec.residents.channels.push_back({"hotline", Distribution::fixed(0.5), {1.0, 1.0, 1.0}});
  spec.residents.report_delay_h = Distribution::fixed(1.0);
  spec.residents.trust_report_elasticity = 0.0;

  CategorySpec cat;
  cat.name = "issue";
  cat.rate_per_1000_per_day = 1.0;
  cat.report_probability = 1.0;
  cat.patrol_visible = 0.0;
  cat.unresolvable_share = 0.0;
  cat.service_h = {Distribution::fixed(1.0), Distribution::fixed(1.0), Distribution::fixed(1.0),
                   Distribution::fixed(2.0)};
  spec.categories.push_back(cat);

  spec.grid_workers.patrols_per_day = 0.0;
  spec.grid_workers.shift = {8.5, 8.0, 5, 0.0};
  spec.handling.assess_h = {Distribution::fixed(0.25), Distribution::fixed(0.25), Distribution::fixed(0.25)};
  spec.handling.handover_h = {Distribution::fixed(1.0), Distribution::fixed(1.0)};
  spec.handling.feedback_h = Distribution::fixed(0.5);
  spec.handling.rating_share = 0.0;
  // No closing by explanation and no department objections unless a test asks for them.
  spec.outcomes.explain_base = 0.0;
  spec.outcomes.explain_per_backlog = 0.0;
  spec.outcomes.bounce_share = 0.0;
  spec.whistle.report_for_duty_h = Distribution::fixed(2.0);
  spec.whistle.sequential_transfer_h = Distribution::fixed(24.0);

  spec.run.days = 28;
  spec.run.warmup_days = 0;
  spec.run.replications = 1;
  return spec;
}

/// One replication of `spec` with the case-event log on.
inline ReplicationResult run(const ScenarioSpec& spec) {
  const World world = build_world(spec);
  SimulationOptions options;
  options.case_log = true;
  return simulate_replication(spec, world, 0, options);
}

/// Makes every case of the first category need `level` (0 grid … 3 departments).
inline void all_need(ScenarioSpec& spec, int level) {
  spec.categories[0].level_shares = {0, 0, 0, 0};
  spec.categories[0].level_shares[static_cast<std::size_t>(level)] = 1.0;
}

}  // namespace govgrid::testing
