// A grid's hidden problems of one kind (those a patrol can see, or those only a household visit
// can find), oldest first, each with the times a walk or a visit reads: a walk decides each
// find from the list alone and touches a case only when it finds it. Problems join in the
// order they arise, so the list is sorted by arising time.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace govgrid {

struct HiddenEntry {
  double arisen_h = 0.0;
  double grow_at_h = 0.0;
  std::uint32_t slot = 0;  ///< the case's slot in its street
};

class HiddenList {
 public:
  std::uint32_t size() const { return static_cast<std::uint32_t>(items_.size() - first_); }
  bool empty() const { return first_ == items_.size(); }
  /// Positions run from first() (the oldest) to end() − 1 (the newest). Erasing an entry moves
  /// only the entries newer than it, so a walk from the newest down stays valid.
  std::uint32_t first() const { return first_; }
  std::uint32_t end() const { return static_cast<std::uint32_t>(items_.size()); }
  const HiddenEntry& operator[](std::uint32_t position) const { return items_[position]; }
  const HiddenEntry& oldest() const { return items_[first_]; }

  /// Adds the newest problem (arisen no earlier than any listed).
  void push(const HiddenEntry& e) {
    if (first_ >= 32 && 2 * first_ >= items_.size()) {  // reclaim the expired prefix
      items_.erase(items_.begin(), items_.begin() + first_);
      first_ = 0;
    }
    items_.push_back(e);
  }
  /// Positions stay put: an empty list keeps its expired entries until push() reclaims them.
  void pop_oldest() { ++first_; }
  /// Removes the problem in `slot`, which arose at `arisen_h`.
  void erase(std::uint32_t slot, double arisen_h) {
    auto it = std::lower_bound(items_.begin() + first_, items_.end(), arisen_h,
                               [](const HiddenEntry& e, double t) { return e.arisen_h < t; });
    while (it->slot != slot) ++it;
    if (it == items_.begin() + first_) pop_oldest();
    else items_.erase(it);
  }

 private:
  std::vector<HiddenEntry> items_;
  std::uint32_t first_ = 0;  ///< entries before it have expired
};

}  // namespace govgrid
