// A logical process (ROSS's LP): a part of the model with its own event queue that advances
// on its own between synchronisation points and talks to the others only by messages.
// The kernel needs nothing else from it; the model decides what an LP is (a street, the
// departments) and what its messages mean.
#pragma once

#include <concepts>
#include <cstdint>
#include <vector>

namespace govgrid::sim {

/// A message between logical processes: `target` names the receiving LP (its index in the
/// run), `time` when it would arrive; the kernel delivers it no earlier than the end of the
/// window it was sent in.
template <class M>
concept ProcessMessage = requires(const M& m) {
  { m.target } -> std::convertible_to<std::uint32_t>;
  { m.time } -> std::convertible_to<double>;
};

template <class P>
concept LogicalProcess = requires(P& p, double bound, const typename P::Message& m) {
  requires ProcessMessage<typename P::Message>;
  /// Processes every event with time < bound; messages it sends go to outbox().
  p.advance_until(bound);
  { p.outbox() } -> std::same_as<std::vector<typename P::Message>&>;
  /// Accepts a message to happen at `at` (>= every time the process has processed).
  p.deliver(m, bound);
};

}  // namespace govgrid::sim
