// Slot arrays that recycle their elements: freed slots form a list threaded through each
// element's `free_next`, so a long run holds only as many slots as were ever live at once
// (a street's cases, the departments' tickets). Slots stay put: indices into them are stable.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

namespace govgrid::sim {

/// The end of a list of slots (and "no slot").
inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

/// A free slot of `slots` (reused, or a new default element at the end); `free_head` is the list.
template <class T>
std::uint32_t take_slot(std::vector<T>& slots, std::uint32_t& free_head) {
  if (free_head == kNone) {
    slots.emplace_back();
    return static_cast<std::uint32_t>(slots.size() - 1);
  }
  const std::uint32_t slot = free_head;
  free_head = slots[slot].free_next;
  return slot;
}

/// Puts `slot` back on the free list `free_head`.
template <class T>
void release_slot(std::vector<T>& slots, std::uint32_t& free_head, std::uint32_t slot) {
  slots[slot].free_next = free_head;
  free_head = slot;
}

}  // namespace govgrid::sim
