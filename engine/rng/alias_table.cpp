#include "engine/rng/alias_table.h"

#include <numeric>

namespace govgrid {

AliasTable::AliasTable(const std::vector<double>& weights)
    : prob_(weights.size()), alias_(weights.size()) {
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  const auto n = weights.size();
  std::vector<double> scaled(n);
  std::vector<std::uint32_t> small, large;
  for (std::size_t i = 0; i < n; ++i) {
    scaled[i] = weights[i] * static_cast<double>(n) / total;
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<std::uint32_t>(i));
  }
  while (!small.empty() && !large.empty()) {
    const auto s = small.back(), l = large.back();
    small.pop_back();
    prob_[s] = scaled[s];
    alias_[s] = l;
    scaled[l] = (scaled[l] + scaled[s]) - 1.0;
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // Leftovers are 1 up to rounding.
  for (auto i : large) prob_[i] = 1.0, alias_[i] = i;
  for (auto i : small) prob_[i] = 1.0, alias_[i] = i;
}

}  // namespace govgrid
