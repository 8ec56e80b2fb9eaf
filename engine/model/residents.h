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

  float trust(std::uint64_t resident) const { return trust_[resident - first_resident_]; }

 private:
  const CompiledModel& model_;
  std::uint64_t first_resident_ = 0;
  std::vector<float> trust_;
  /// Per resident: ln(expected time to close ÷ deadline), anchored on their own past cases.
  std::vector<float> expectation_;
};

}  // namespace govgrid
