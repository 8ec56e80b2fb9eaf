// Residents of one street: whether an affected resident reports a problem, through which
// channel, and how they rate the handling at the call-back (回访); their trust, which moves
// with each rating and feeds back into how readily they report.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/model/case.h"
#include "engine/model/compiled_model.h"

namespace govgrid {

/// What the resident said at the call-back. `u_reopen` is drawn whatever happens, so that a
/// case draws the same numbers in every scenario. `rng` is the case's call-back substream.
struct CallBack {
  bool rated = false;
  bool said_resolved = false;  ///< the requester's answer: "resolved" (解决)
  bool satisfied = false;
  double u_reopen = 0.0;
};

class Residents {
 public:
  /// The residents of world street `street`, with their initial trust.
  Residents(const CompiledModel& model, const World::Street& street);

  /// Chance that `resident` reports a problem of `cat`, scaled by their trust.
  double report_probability(std::uint64_t resident, const CategorySpec& cat) const;
  /// The reporting channel for `resident`, from their age group's preferences and a uniform `u`.
  std::int8_t channel_for(std::uint64_t resident, double u) const;
  /// The call-back at feedback time `t`: only requesters rate (patrol finds have nobody to
  /// call); satisfaction follows SatisfactionSpec; trust learns from the rating.
  CallBack call_back(const Case& c, double t, CounterRng& rng);

  float trust(std::uint64_t resident) const { return of(resident).trust; }
  /// Starts loading `resident`'s record (a problem's birth reads it a few draws later).
  void prefetch(std::uint64_t resident) const { __builtin_prefetch(&people_[resident - first_resident_]); }

  /// What a problem's birth and its call-back read of one resident, side by side: one cache
  /// line, not one per array.
  struct Person {
    float trust = 0.0f;
    /// ln(expected time to close ÷ deadline), anchored on their own past cases.
    float expectation = 0.0f;
    AgeGroup age{};
  };

 private:
  const Person& of(std::uint64_t resident) const { return people_[resident - first_resident_]; }
  Person& of(std::uint64_t resident) { return people_[resident - first_resident_]; }

  const CompiledModel& model_;
  std::uint64_t first_resident_ = 0;
  std::vector<Person> people_;
};

}  // namespace govgrid
