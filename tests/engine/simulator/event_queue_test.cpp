#include "engine/simulator/event_queue.h"

#include <gtest/gtest.h>

namespace govgrid {
namespace {

TEST(EventQueue, OrdersByTimeThenPriorityThenInsertion) {
  EventQueue q;
  q.push(5.0, EventKind::feedback, 1);
  q.push(1.0, EventKind::feedback, 2);
  q.push(5.0, EventKind::feedback, 3);
  q.push(5.0, EventKind::day_end, 4, 0, 0);  // priority 0 goes first at its instant
  q.push(3.0, EventKind::feedback, 5);
  std::vector<std::uint32_t> order;
  while (!q.empty()) order.push_back(q.pop().a);
  EXPECT_EQ(order, (std::vector<std::uint32_t>{2, 5, 4, 1, 3}));
}

}  // namespace
}  // namespace govgrid
