#include "engine/sim/event_queue.h"

#include <gtest/gtest.h>

namespace govgrid::sim {
namespace {

// The kernel takes any 8-bit enum of the model as an event kind.
enum class Kind : std::uint8_t { day_end, feedback };

TEST(EventQueue, OrdersByTimeThenPriorityThenInsertion) {
  EventQueue q;
  q.push(5.0, Kind::feedback, 1);
  q.push(1.0, Kind::feedback, 2);
  q.push(5.0, Kind::feedback, 3);
  q.push(5.0, Kind::day_end, 4, 0, 0);  // priority 0 goes first at its instant
  q.push(3.0, Kind::feedback, 5);
  std::vector<std::uint32_t> order;
  while (!q.empty()) order.push_back(q.pop().a);
  EXPECT_EQ(order, (std::vector<std::uint32_t>{2, 5, 4, 1, 3}));
}

}  // namespace
}  // namespace govgrid::sim
