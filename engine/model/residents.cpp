#include "engine/model/residents.h"

#include <algorithm>
#include <cmath>

namespace govgrid {
namespace {
double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }
}  // namespace

Residents::Residents(const CompiledModel& model, const World::Street& street)
    : model_(model), first_resident_(street.first_resident), people_(street.resident_count) {
  const auto expectation = static_cast<float>(std::log(model.spec.satisfaction.expected_close_share));
  for (std::uint64_t k = 0; k < people_.size(); ++k)
    people_[k] = {model.world.resident_trust_initial[first_resident_ + k], expectation,
                  model.world.resident_age[first_resident_ + k]};
}

double Residents::report_probability(std::uint64_t resident, const CategorySpec& cat) const {
  const ResidentSpec& r = model_.spec.residents;
  const double t = of(resident).trust;
  return std::clamp(cat.report_probability * (1.0 + r.trust_report_elasticity * (t - r.trust_reference)), 0.0, 1.0);
}

std::int8_t Residents::channel_for(std::uint64_t resident, double u) const {
  const auto age = static_cast<int>(of(resident).age);
  const auto& channels = model_.spec.residents.channels;
  double acc = 0.0;
  for (std::size_t k = 0; k + 1 < channels.size(); ++k) {
    acc += channels[k].preference[age];
    if (u < acc) return static_cast<std::int8_t>(k);
  }
  return static_cast<std::int8_t>(channels.size() - 1);
}

CallBack Residents::call_back(const Case& c, double t, CounterRng& rng) {
  const ScenarioSpec& spec = model_.spec;
  const CategorySpec& cat = spec.categories[c.category];
  const SatisfactionSpec& sat = spec.satisfaction;
  CallBack out;
  // The hotline calls back the requesters of 12345 tickets (回访, 条例 Art. 23): not walk-ins,
  // whom no ticket records, nor patrol finds, which have no requester.
  out.rated = rng.bernoulli(spec.handling.rating_share) && is_ticket(c, spec);
  const double u_satisfied = rng.uniform();
  out.u_reopen = rng.uniform();
  const double u_resolved = rng.uniform();
  if (!out.rated) return out;
  const OutcomeSpec& outcomes = spec.outcomes;
  out.said_resolved = u_resolved < (c.explained ? model_.resolved_if_explained : outcomes.resolved_if_fixed);
  Person& person = of(c.resident);
  float& trust = person.trust;
  float& anchor = person.expectation;
  const double took = std::max(t - c.found_h, 1e-3);
  const double expectation = std::max(0.1, cat.resolution_deadline_h * std::exp(anchor) *
                                               (1.0 + sat.trust_expectation * (trust - spec.residents.trust_reference)));
  const double lateness = std::log(took / expectation);
  const double to_contact = std::isnan(c.first_response_h) ? took : std::max(c.first_response_h - c.found_h, 1e-3);
  const double contact_lateness = std::log(to_contact / sat.expected_contact_h);
  // R is what the requester says: a fix they do not see counts as little as an explanation.
  const double x = sat.intercept + sat.resolved * (out.said_resolved ? 1.0 : 0.0) +
                   sat.contacted * (c.responded_on_time ? 1.0 : 0.0) - sat.late_penalty * std::max(0.0, lateness) +
                   sat.early_bonus * std::max(0.0, -lateness) - sat.extra_contact_penalty * c.reopenings -
                   sat.late_contact_penalty * std::max(0.0, contact_lateness);
  out.satisfied = u_satisfied < logistic(x);
  trust += static_cast<float>(spec.residents.trust_learning_rate * ((out.satisfied ? 1.0 : 0.0) - trust));
  // What this case took becomes part of what the requester expects next time.
  anchor += static_cast<float>(sat.anchoring * (std::log(took / cat.resolution_deadline_h) - anchor));
  return out;
}

}  // namespace govgrid
