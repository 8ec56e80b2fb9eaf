// Counter-based random numbers: a draw is a pure function of (key, stream, entity, index).
//
// Nothing is shared between threads and nothing depends on the order in which partitions
// or replications run, so a seed gives the same numbers whatever the thread count. Each
// entity (a case, a station, a partition's arrival process) owns its own stream, which also
// gives common random numbers across scenarios: the same problem draws the same numbers.
#pragma once

#include <Random123/philox.h>

#include <cmath>
#include <cstdint>
#include <numbers>

#include "govgrid/scenario_spec.h"

namespace govgrid {

/// SplitMix64 finaliser: spreads seeds so that nearby seeds give unrelated keys.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// The key of one replication: derived from the scenario seed and the replication index.
struct RngKey {
  std::uint64_t value = 0;
  static RngKey for_replication(std::uint64_t seed, int replication) {
    return {mix64(seed ^ mix64(0x5eedULL + static_cast<std::uint64_t>(replication)))};
  }
  /// The world (its layout and residents) is the same in every replication.
  static RngKey for_world(std::uint64_t seed) { return {mix64(seed ^ 0x776f726c64ULL)}; }
};

/// What a stream is for; with the entity it names one independent sequence.
enum class RngStream : std::uint32_t {
  world_layout = 1,
  residents = 2,
  arrivals = 3,   ///< entity: partition
  problem = 4,    ///< entity: the problem's uid (its whole life: report, service, rating)
  station = 5,    ///< entity: global station index (pushed-down tasks, patrol finds)
  ticket = 6,     ///< entity: problem uid; substream (department << 8 | visit): a department's share of a case
  demand = 7,     ///< entity: street << 32 | day; substream: category (the daily demand multiplier)
  uncertainty = 8,  ///< entity: replication; substream: the parameter's index under `uncertainty:`
  member_patrol = 9,  ///< entity: world grid; substream: day (双报到 members' evening walks)
};

class CounterRng {
 public:
  CounterRng() = default;
  CounterRng(RngKey key, RngStream stream, std::uint64_t entity, std::uint32_t substream = 0)
      : key_{{static_cast<std::uint32_t>(key.value), static_cast<std::uint32_t>(key.value >> 32)}},
        ctr_{{0, static_cast<std::uint32_t>(stream) | (substream << 8),
              static_cast<std::uint32_t>(entity), static_cast<std::uint32_t>(entity >> 32)}} {}

  std::uint64_t next_u64() {
    if (spare_left_) {
      spare_left_ = false;
      return spare_;
    }
    const auto out = r123::Philox4x32()(ctr_, key_);
    ++ctr_.v[0];
    spare_ = (static_cast<std::uint64_t>(out.v[2]) << 32) | out.v[3];
    spare_left_ = true;
    return (static_cast<std::uint64_t>(out.v[0]) << 32) | out.v[1];
  }

  /// Uniform on [0, 1).
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  /// Uniform on (0, 1]: safe under log.
  double uniform_open0() { return static_cast<double>((next_u64() >> 11) + 1) * 0x1.0p-53; }
  bool bernoulli(double p) { return uniform() < p; }
  /// Uniform integer in [0, n), n > 0 (multiply-shift; bias below 2^-32 for our n).
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>(((next_u64() >> 32) * static_cast<std::uint64_t>(n)) >> 32);
  }
  double exponential(double mean) { return -mean * std::log(uniform_open0()); }
  /// Standard normal by Box–Muller (one of the pair; simplicity over the saved draw).
  double normal() {
    const double r = std::sqrt(-2.0 * std::log(uniform_open0()));
    return r * std::cos(2.0 * std::numbers::pi * uniform());
  }

  /// Gamma(shape, scale 1), shape > 0: Marsaglia and Tsang's method (boosted below shape 1).
  /// The number of draws it takes varies: give it a stream of its own.
  double gamma(double shape) {
    if (shape < 1.0) return gamma(shape + 1.0) * std::pow(uniform_open0(), 1.0 / shape);
    const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
      const double x = normal(), v1 = 1.0 + c * x;
      if (v1 <= 0.0) continue;
      const double v = v1 * v1 * v1, u = uniform_open0();
      if (u < 1.0 - 0.0331 * x * x * x * x || std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
    }
  }

  /// One draw of `d`, never negative.
  double sample(const Distribution& d) {
    switch (d.kind) {
      case Distribution::Kind::fixed: return d.a;
      case Distribution::Kind::exponential: return exponential(d.a);
      case Distribution::Kind::lognormal: return d.a * std::exp(d.b * normal());
      case Distribution::Kind::uniform: return d.a + (d.b - d.a) * uniform();
      case Distribution::Kind::normal: {
        const double x = d.a + d.b * normal();
        return x > 0.0 ? x : 0.0;
      }
    }
    return d.a;
  }

 private:
  r123::Philox4x32::key_type key_{};
  r123::Philox4x32::ctr_type ctr_{};
  std::uint64_t spare_ = 0;
  bool spare_left_ = false;
};

/// Mean of a distribution (before truncation for `normal`), for capacity estimates.
inline double mean_of(const Distribution& d) {
  switch (d.kind) {
    case Distribution::Kind::fixed: return d.a;
    case Distribution::Kind::exponential: return d.a;
    case Distribution::Kind::lognormal: return d.a * std::exp(0.5 * d.b * d.b);
    case Distribution::Kind::uniform: return 0.5 * (d.a + d.b);
    case Distribution::Kind::normal: return d.a;
  }
  return d.a;
}

}  // namespace govgrid
