#include "engine/sim/event_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <tuple>
#include <vector>

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

TEST(EventQueue, PopsTheSameSequenceAsASortOfEverythingPushed) {
  // Interleaved pushes and pops, with many equal times and both priorities: the heap must give
  // exactly the total order (time, priority, insertion), the order every result depends on.
  EventQueue q;
  std::vector<std::tuple<double, int, std::uint32_t>> pending;  // (time, priority, id)
  std::uint64_t state = 12345;
  const auto next = [&] { return state = state * 6364136223846793005ull + 1442695040888963407ull; };
  std::uint32_t id = 0;
  double now = 0.0;
  for (int round = 0; round < 20000; ++round) {
    if (next() % 3 != 0 || pending.empty()) {
      const double t = now + static_cast<double>(next() % 50) * 0.5;  // ties are common
      const auto priority = static_cast<std::uint8_t>(next() % 7 == 0 ? 0 : 1);
      q.push(t, Kind::feedback, id, 0, priority);
      pending.emplace_back(t, priority, id++);
    } else {
      const auto first = std::min_element(pending.begin(), pending.end());
      const Event e = q.pop();
      ASSERT_EQ(e.a, std::get<2>(*first));
      EXPECT_EQ(e.time, std::get<0>(*first));
      EXPECT_EQ(e.kind(), static_cast<std::uint8_t>(Kind::feedback));
      now = e.time;
      pending.erase(first);
    }
  }
  EXPECT_EQ(q.size(), pending.size());
}

}  // namespace
}  // namespace govgrid::sim
