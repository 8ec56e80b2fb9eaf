#include "engine/sim/event_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
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

/// Interleaved pushes and pops against a sorted list: the queue must give exactly the total
/// order (time, priority, insertion), the order every result depends on. `delay` draws how far
/// ahead of the last pop an event is pushed.
template <class Delay>
void expect_total_order(Delay delay) {
  EventQueue q;
  std::vector<std::tuple<double, int, std::uint32_t>> pending;  // (time, priority, id)
  std::uint64_t state = 12345;
  const auto next = [&] { return state = state * 6364136223846793005ull + 1442695040888963407ull; };
  std::uint32_t id = 0;
  double now = 0.0;
  for (int round = 0; round < 20000; ++round) {
    if (next() % 3 != 0 || pending.empty()) {
      const double t = now + delay(next());
      const auto priority = static_cast<std::uint8_t>(next() % 7 == 0 ? 0 : 1);
      q.push(t, Kind::feedback, id, 0, priority);
      pending.emplace_back(t, priority, id++);
    } else {
      const auto first = std::min_element(pending.begin(), pending.end());
      ASSERT_EQ(q.top().a, std::get<2>(*first));
      const Event e = q.pop();
      ASSERT_EQ(e.a, std::get<2>(*first));
      EXPECT_EQ(e.time, std::get<0>(*first));
      EXPECT_EQ(e.kind(), static_cast<std::uint8_t>(Kind::feedback));
      now = e.time;
      pending.erase(first);
    }
    ASSERT_EQ(q.size(), pending.size());
  }
  std::size_t audited = 0;
  q.for_each([&](const Event&) { ++audited; });
  EXPECT_EQ(audited, pending.size());
  while (!pending.empty()) {  // drain: what is left comes out in order too
    const auto first = std::min_element(pending.begin(), pending.end());
    ASSERT_EQ(q.pop().a, std::get<2>(*first));
    pending.erase(first);
  }
  EXPECT_TRUE(q.empty());
}

TEST(EventQueue, PopsTheSameSequenceAsASortOfEverythingPushed) {
  // Within the next day, on half hours: ties are common.
  expect_total_order([](std::uint64_t r) { return static_cast<double>(r % 50) * 0.5; });
}

TEST(EventQueue, KeepsTheOrderForEventsFarAheadAndAtTheHorizon) {
  // The calendar holds the next 1,024 hours: events months ahead, at fractions of an hour and
  // on bucket edges, at the same instant as nearer ones, and at infinity must still come out in order.
  expect_total_order([](std::uint64_t r) {
    switch (r % 5) {
      case 0: return static_cast<double>((r >> 8) % 4000);           // whole hours, up to 5 months
      case 1: return static_cast<double>((r >> 8) % 100000) * 1e-3;  // within 100 h
      case 2: return 0.0;                                            // now
      case 3: return (r >> 8) % 97 == 0 ? std::numeric_limits<double>::infinity() : 1500.25;
      default: return static_cast<double>((r >> 8) % 30) * 0.25;
    }
  });
}

}  // namespace
}  // namespace govgrid::sim
