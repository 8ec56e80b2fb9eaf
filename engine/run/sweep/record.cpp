#include "engine/run/sweep/record.h"

#include <chrono>
#include <cstring>
#include <stdexcept>
#include <type_traits>

#include "analysis/metric_catalogue.h"
#include "analysis/outputs.h"
#include "engine/run/replication.h"

namespace govgrid {

namespace {

class Writer {
 public:
  template <class T>
  void put(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto* p = reinterpret_cast<const char*>(&v);
    bytes_.insert(bytes_.end(), p, p + sizeof(T));
  }
  void put(const std::string& s) {
    put(static_cast<std::uint64_t>(s.size()));
    bytes_.insert(bytes_.end(), s.begin(), s.end());
  }
  void put(const std::vector<double>& v) {
    put(static_cast<std::uint64_t>(v.size()));
    for (double d : v) put(d);
  }
  std::vector<char> take() { return std::move(bytes_); }

 private:
  std::vector<char> bytes_;
};

class Reader {
 public:
  explicit Reader(std::span<const char> bytes) : bytes_(bytes) {}
  template <class T>
  T get() {
    static_assert(std::is_trivially_copyable_v<T>);
    need(sizeof(T));
    T v;
    std::memcpy(&v, bytes_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  std::string get_string() {
    const auto n = count();
    need(n);
    std::string s(bytes_.data() + pos_, n);
    pos_ += n;
    return s;
  }
  std::vector<double> get_doubles() {
    const auto n = count();
    need(n * sizeof(double));
    std::vector<double> v(n);
    for (auto& d : v) d = get<double>();
    return v;
  }
  std::size_t count() {
    const auto n = get<std::uint64_t>();
    if (n > bytes_.size()) throw std::runtime_error("sweep record: malformed length");
    return static_cast<std::size_t>(n);
  }
  bool at_end() const { return pos_ == bytes_.size(); }

 private:
  void need(std::size_t n) const {
    if (bytes_.size() - pos_ < n) throw std::runtime_error("sweep record: truncated message");
  }
  std::span<const char> bytes_;
  std::size_t pos_ = 0;
};

constexpr std::uint32_t kMagic = 0x67675232;  // "ggR2": format version 2 (daily series and grids)

}  // namespace

RunRecord compute_run(const ScenarioSpec& spec, const World& world, int run, int point, int replication,
                      RunExtras extras) {
  RunRecord record;
  record.run = run;
  record.point = point;
  record.replication = replication;
  const auto t0 = std::chrono::steady_clock::now();
  try {
    const ReplicationResult result = simulate_replication(spec, world, replication);
    record.seed = result.seed;
    record.events = result.perf.events;
    const std::vector<GridTally> streets = street_tallies(result, world);
    record.metrics = derive_metrics(district_tally(result), result.measured_days);
    for (std::size_t s = 0; s < streets.size(); ++s) {
      record.street_names.push_back(world.streets[s].name);
      record.street_metrics.push_back(derive_metrics(streets[s], result.measured_days));
    }
    if (extras.daily)
      for (const DailyRow& day : result.daily) record.daily.push_back(daily_values(day));
    if (extras.grids)
      for (std::size_t g = 0; g < world.grids.size() && g < result.grids.size(); ++g) {
        const World::Grid& grid = world.grids[g];
        record.grids.push_back({grid.name, static_cast<int>(grid.community), static_cast<int>(grid.street),
                                static_cast<std::int64_t>(grid.residents),
                                derive_metrics(result.grids[g], result.measured_days)});
      }
  } catch (const std::exception& e) {
    record.ok = false;
    record.error = e.what();
  }
  record.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return record;
}

RunRecord failed_run(int run, int point, int replication, std::string error) {
  RunRecord r;
  r.run = run;
  r.point = point;
  r.replication = replication;
  r.ok = false;
  r.error = std::move(error);
  return r;
}

std::vector<char> serialize(const RunRecord& r) {
  Writer w;
  w.put(kMagic);
  w.put(static_cast<std::int32_t>(r.run));
  w.put(static_cast<std::int32_t>(r.point));
  w.put(static_cast<std::int32_t>(r.replication));
  w.put(static_cast<std::uint8_t>(r.ok));
  w.put(r.error);
  w.put(r.seed);
  w.put(r.events);
  w.put(r.wall_seconds);
  w.put(static_cast<std::int32_t>(r.rank));
  w.put(r.metrics);
  w.put(static_cast<std::uint64_t>(r.street_names.size()));
  for (std::size_t s = 0; s < r.street_names.size(); ++s) {
    w.put(r.street_names[s]);
    w.put(s < r.street_metrics.size() ? r.street_metrics[s] : std::vector<double>{});
  }
  w.put(static_cast<std::uint64_t>(r.daily.size()));
  for (const auto& day : r.daily) w.put(day);
  w.put(static_cast<std::uint64_t>(r.grids.size()));
  for (const GridRow& g : r.grids) {
    w.put(g.name);
    w.put(static_cast<std::int32_t>(g.community));
    w.put(static_cast<std::int32_t>(g.street));
    w.put(g.residents);
    w.put(g.metrics);
  }
  return w.take();
}

RunRecord deserialize(std::span<const char> bytes) {
  Reader in(bytes);
  if (in.get<std::uint32_t>() != kMagic) throw std::runtime_error("sweep record: not a govgrid run record");
  RunRecord r;
  r.run = in.get<std::int32_t>();
  r.point = in.get<std::int32_t>();
  r.replication = in.get<std::int32_t>();
  r.ok = in.get<std::uint8_t>() != 0;
  r.error = in.get_string();
  r.seed = in.get<std::uint64_t>();
  r.events = in.get<std::uint64_t>();
  r.wall_seconds = in.get<double>();
  r.rank = in.get<std::int32_t>();
  r.metrics = in.get_doubles();
  const std::size_t streets = in.count();
  for (std::size_t s = 0; s < streets; ++s) {
    r.street_names.push_back(in.get_string());
    r.street_metrics.push_back(in.get_doubles());
  }
  r.daily.resize(in.count());
  for (auto& day : r.daily) day = in.get_doubles();
  r.grids.resize(in.count());
  for (GridRow& g : r.grids) {
    g.name = in.get_string();
    g.community = in.get<std::int32_t>();
    g.street = in.get<std::int32_t>();
    g.residents = in.get<std::int64_t>();
    g.metrics = in.get_doubles();
  }
  if (!in.at_end()) throw std::runtime_error("sweep record: trailing bytes");
  return r;
}

}  // namespace govgrid
