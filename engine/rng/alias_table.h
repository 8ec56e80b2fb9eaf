// Walker/Vose alias table: O(1) draws from a fixed discrete distribution.
// Used to pick which (grid, category) a new problem arises in, from one superposed Poisson
// stream per partition instead of thousands of separate ones.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/rng/counter_rng.h"

namespace govgrid {

class AliasTable {
 public:
  AliasTable() = default;
  /// weights: non-negative, at least one positive.
  explicit AliasTable(const std::vector<double>& weights);

  std::uint32_t draw(CounterRng& rng) const {
    const std::uint32_t i = rng.below(static_cast<std::uint32_t>(prob_.size()));
    return rng.uniform() < prob_[i] ? i : alias_[i];
  }
  std::size_t size() const { return prob_.size(); }

 private:
  std::vector<double> prob_;
  std::vector<std::uint32_t> alias_;
};

}  // namespace govgrid
