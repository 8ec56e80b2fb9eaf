#include "analysis/report/report_data.h"

#include <Eigen/Dense>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <map>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>

#include "govgrid/scenario_spec.h"

namespace govgrid::report {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

CsvTable read_table(const fs::path& dir, const char* name, std::initializer_list<const char*> columns) {
  const fs::path path = dir / name;
  if (!fs::exists(path)) {
    throw ReportInputError(fmt::format("{}: missing (a run directory holds summary.json, metrics.csv, "
                                       "daily.csv, streets.csv and grids.csv)", path.string()));
  }
  try {
    CsvTable t = read_csv_file(path);
    for (const char* c : columns) t.require_column(c);
    return t;
  } catch (const ReportInputError&) {
    throw;
  } catch (const std::exception& e) {
    throw ReportInputError(fmt::format("{}: {}", path.string(), e.what()));
  }
}

// ---------------------------------------------------------------------------------------
// Every number the report reads from a run directory is checked once, as it is loaded:
// finite, and in the range the report can use (indices that size or address tables, days
// that size the daily series). A bad one is a ReportInputError naming the file, line and
// column (exit code 2), never a crash or a huge allocation later.

// A cell as it reads in a message: quoted, cut short, control bytes escaped.
std::string shown(std::string_view text) {
  constexpr std::size_t kMax = 40;
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size() && i < kMax; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) out += fmt::format("\\x{:02x}", c);
    else if (c == '"' || c == '\\') out += fmt::format("\\{}", static_cast<char>(c));
    else out += static_cast<char>(c);
  }
  if (text.size() > kMax) out += fmt::format("…\" ({} bytes)", text.size());
  else out += '"';
  return out;
}

// What a numeric cell may hold.
struct CellRule {
  double lo = 0.0, hi = std::numeric_limits<double>::infinity();
  bool integer = false;
  bool may_be_empty = true;  ///< outputs write NaN (an undefined rate, a mean of nothing) as empty
  std::string expect;        ///< "an integer from 0 to 9", for messages
};

CellRule index_rule(std::size_t count, std::string_view what) {
  // `count` rows at most means indices below it; no rows, no valid index.
  const double hi = count > 0 ? static_cast<double>(count - 1) : -1.0;
  return {0.0, hi, true, false, fmt::format("{} index from 0 to {}", what, count > 0 ? count - 1 : 0)};
}

CellRule count_rule() {
  return {0.0, 9007199254740992.0 /* 2^53 */, true, true, "a whole number >= 0"};
}

CellRule value_rule(double lo = -std::numeric_limits<double>::infinity(),
                    double hi = std::numeric_limits<double>::infinity()) {
  std::string expect = "a finite number";
  if (std::isfinite(lo) && std::isfinite(hi)) expect = fmt::format("a number from {} to {} (or empty)", lo, hi);
  else if (std::isfinite(lo)) expect = fmt::format("a number >= {} (or empty)", lo);
  else expect = "a finite number (or empty)";
  return {lo, hi, false, true, std::move(expect)};
}

void check_column(const fs::path& path, const CsvTable& t, std::string_view column, const CellRule& rule) {
  const auto col = t.column(column);
  if (!col) return;  // required columns were checked when the file was read
  for (std::size_t r = 0; r < t.size(); ++r) {
    const std::string& text = t.text(r, *col);
    if (text.empty() && rule.may_be_empty) continue;
    double v = kNaN;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    const bool parsed = !text.empty() && ec == std::errc() && end == text.data() + text.size();
    if (parsed && std::isfinite(v) && v >= rule.lo && v <= rule.hi && (!rule.integer || v == std::floor(v))) continue;
    throw ReportInputError(fmt::format("{}:{}:{}: {}: expected {}, got {}", path.string(), t.line(r), *col + 1,
                                       column, rule.expect, text.empty() ? std::string("nothing") : shown(text)));
  }
}

// summary.json values: `where` is the key path.
[[noreturn]] void bad_json(const fs::path& path, std::string_view where, std::string_view expect, const Json& got) {
  std::string text = got.dump(-1, ' ', false, Json::error_handler_t::replace);
  throw ReportInputError(fmt::format("{}: {}: expected {}, got {}", path.string(), where, expect,
                                     text.size() > 40 ? text.substr(0, 40) + "…" : text));
}

double json_checked(const fs::path& path, std::string_view where, const Json& j, double lo, double hi,
                    bool integer, bool may_be_null, std::string_view expect) {
  if (j.is_null() && may_be_null) return kNaN;
  if (!j.is_number()) bad_json(path, where, expect, j);
  const double v = j.get<double>();
  if (!std::isfinite(v) || v < lo || v > hi || (integer && v != std::floor(v))) bad_json(path, where, expect, j);
  return v;
}

// Mean over the finite values; NaN when there are none.
double finite_mean(const std::vector<double>& v) {
  double sum = 0.0;
  int n = 0;
  for (const double x : v) {
    if (std::isfinite(x)) {
      sum += x;
      ++n;
    }
  }
  return n > 0 ? sum / n : kNaN;
}

}  // namespace

std::vector<double> RunData::replication_values(std::string_view metric) const {
  const auto col = per_replication.column(metric);
  if (!col) throw ReportInputError(fmt::format("{}: metrics.csv has no column '{}'", dir.string(), metric));
  std::vector<double> out;
  out.reserve(per_replication.size());
  for (std::size_t r = 0; r < per_replication.size(); ++r) out.push_back(per_replication.number(r, *col));
  return out;
}

Interval RunData::summary(std::string_view metric) const {
  const auto it = metrics.find(metric);
  if (it == metrics.end()) throw ReportInputError(fmt::format("{}: summary.json has no metric '{}'", dir.string(), metric));
  return it->second;
}

std::optional<SpreadSources> spread_sources(const RunData& run, std::string_view metric) {
  const std::size_t k = run.uncertain_keys.size();
  if (k == 0) return std::nullopt;
  std::vector<double> y = run.replication_values(metric);
  // Replications with a value and every draw.
  std::vector<std::size_t> rows;
  for (std::size_t r = 0; r < y.size() && r < run.uncertain_values.size(); ++r) {
    bool ok = std::isfinite(y[r]);
    for (double v : run.uncertain_values[r]) ok = ok && std::isfinite(v);
    if (ok) rows.push_back(r);
  }
  if (rows.size() < k + 3) return std::nullopt;
  const auto n = static_cast<Eigen::Index>(rows.size());
  Eigen::MatrixXd X(n, static_cast<Eigen::Index>(k) + 1);
  Eigen::VectorXd Y(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    X(i, 0) = 1.0;
    for (std::size_t j = 0; j < k; ++j) X(i, static_cast<Eigen::Index>(j) + 1) = run.uncertain_values[rows[static_cast<std::size_t>(i)]][j];
    Y(i) = y[rows[static_cast<std::size_t>(i)]];
  }
  const double var_y = (Y.array() - Y.mean()).square().sum();
  if (!(var_y > 0.0)) return std::nullopt;
  const Eigen::VectorXd beta = X.colPivHouseholderQr().solve(Y);
  const Eigen::VectorXd fitted = X * beta;
  SpreadSources s;
  s.parameters = std::clamp(1.0 - (Y - fitted).squaredNorm() / var_y, 0.0, 1.0);
  for (std::size_t j = 0; j < k; ++j) {
    const Eigen::VectorXd x = X.col(static_cast<Eigen::Index>(j) + 1);
    const double var_x = (x.array() - x.mean()).square().sum();
    s.by_key.push_back({run.uncertain_keys[j], beta(static_cast<Eigen::Index>(j) + 1) * beta(static_cast<Eigen::Index>(j) + 1) * var_x / var_y});
  }
  std::sort(s.by_key.begin(), s.by_key.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return s;
}

RunData load_run(const fs::path& dir) {
  const fs::path summary_path = dir / "summary.json";
  if (!fs::exists(summary_path)) {
    std::string hint = fs::exists(dir / "results.sqlite")
                           ? " (it holds a sweep's results.sqlite; reports read run directories, the output of "
                             "`govgrid run`)"
                           : fs::is_directory(dir) ? " (not a run directory: `govgrid run --out DIR` writes one)"
                                                   : " (no such directory)";
    throw ReportInputError(fmt::format("{}: no summary.json{}", dir.string(), hint));
  }
  RunData run;
  run.dir = dir;
  try {
    const Json j = Json::parse(read_text_file(summary_path));
    const auto& p = summary_path;
    constexpr double kMaxCount = 9007199254740992.0;  // 2^53: integers a double holds exactly
    run.scenario = j.at("scenario").get<std::string>();
    run.description = j.value("description", std::string());
    if (j.contains("description_zh") && j["description_zh"].is_string()) run.description_zh = j["description_zh"].get<std::string>();
    if (j.contains("title") && j["title"].is_object()) {
      const Json& t = j["title"];
      if (t.contains("en") && t["en"].is_string()) run.title_en = t["en"].get<std::string>();
      if (t.contains("zh") && t["zh"].is_string()) run.title_zh = t["zh"].get<std::string>();
    }
    if (!j.at("seed").is_number_unsigned()) bad_json(p, "seed", "an integer from 0 to 2^64 - 1", j.at("seed"));
    run.seed = j.at("seed").get<std::uint64_t>();
    run.replications = static_cast<int>(
        json_checked(p, "replications", j.at("replications"), 1, RunSpec::kMaxReplications, true, false,
                     fmt::format("an integer from 1 to {}", RunSpec::kMaxReplications)));
    run.days = json_checked(p, "days", j.at("days"), 0.0, RunSpec::kMaxDays, false, false,
                            fmt::format("a number of days from 0 to {}", RunSpec::kMaxDays));
    if (j.contains("warmup_days"))
      run.warmup_days = json_checked(p, "warmup_days", j.at("warmup_days"), 0.0, run.days, false, false,
                                     "a number of days from 0 to days");
    const Json& staff = j.at("staff");
    long long* const counts[] = {&run.grid_workers, &run.community_staff, &run.street_centre_staff,
                                 &run.department_crews};
    const char* const count_keys[] = {"grid_workers", "community_staff", "street_centre_staff", "department_crews"};
    for (std::size_t k = 0; k < 4; ++k) {
      if (staff.contains(count_keys[k]))
        *counts[k] = static_cast<long long>(json_checked(p, fmt::format("staff.{}", count_keys[k]),
                                                         staff.at(count_keys[k]), 0.0, kMaxCount, true, false,
                                                         "a whole number >= 0"));
    }
    for (const auto& item : j.at("metrics").items()) {
      // Named, not a structured binding: clang 14 (the fuzz build) cannot capture those.
      const std::string& name = item.key();
      const auto& m = item.value();
      const auto value = [&](const char* key) {
        return json_checked(p, fmt::format("metrics.{}.{}", name, key), m.at(key),
                            -std::numeric_limits<double>::max(), std::numeric_limits<double>::max(), false, true,
                            "a finite number or null");
      };
      run.metrics[name] = Interval{value("mean"), value("half_width"), value("ci95_low"), value("ci95_high"),
                                   static_cast<int>(json_checked(
                                       p, fmt::format("metrics.{}.n", name), m.at("n"), 0, run.replications, true,
                                       false, fmt::format("an integer from 0 to {} (the replications)",
                                                          run.replications)))};
      run.units[name] = m.value("unit", std::string());
    }
  } catch (const ReportInputError&) {
    throw;
  } catch (const std::exception& e) {
    throw ReportInputError(fmt::format("{}: {}", summary_path.string(), e.what()));
  }
  const auto replications = static_cast<std::size_t>(run.replications);
  run.per_replication = read_table(dir, "metrics.csv", {"replication", "seed"});
  check_column(dir / "metrics.csv", run.per_replication, "replication", index_rule(replications, "a replication"));
  for (const auto& [name, interval] : run.metrics) check_column(dir / "metrics.csv", run.per_replication, name, value_rule());
  const std::size_t seed_col = run.per_replication.require_column("seed");
  for (std::size_t r = 0; r < run.per_replication.size(); ++r) {
    const std::string& s = run.per_replication.text(r, seed_col);
    std::uint64_t seed = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), seed);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size())
      throw ReportInputError(fmt::format("{}:{}:{}: seed: expected an integer from 0 to 2^64 - 1, got {}",
                                         (dir / "metrics.csv").string(), run.per_replication.line(r), seed_col + 1,
                                         s.empty() ? std::string("nothing") : shown(s)));
    run.replication_seeds.push_back(seed);
  }
  if (fs::exists(dir / "uncertainty.csv")) {
    const CsvTable u = read_table(dir, "uncertainty.csv", {"replication", "key", "value"});
    check_column(dir / "uncertainty.csv", u, "replication", index_rule(replications, "a replication"));
    check_column(dir / "uncertainty.csv", u, "value", value_rule());
    const std::size_t rc = *u.column("replication"), kc = *u.column("key"), vc = *u.column("value");
    run.uncertain_values.assign(replications, {});
    for (std::size_t r = 0; r < u.size(); ++r) {
      const std::string& key = u.text(r, kc);
      auto it = std::find(run.uncertain_keys.begin(), run.uncertain_keys.end(), key);
      if (it == run.uncertain_keys.end()) {
        run.uncertain_keys.push_back(key);
        it = run.uncertain_keys.end() - 1;
      }
      auto& row = run.uncertain_values[static_cast<std::size_t>(u.number(r, rc))];
      const auto k = static_cast<std::size_t>(it - run.uncertain_keys.begin());
      if (row.size() <= k) row.resize(k + 1, NAN);
      row[k] = u.number(r, vc);
    }
    for (auto& row : run.uncertain_values) row.resize(run.uncertain_keys.size(), NAN);
  }
  run.daily = read_table(dir, "daily.csv", {"replication", "day", "arrivals", "backlog", "rated", "satisfied"});
  check_column(dir / "daily.csv", run.daily, "replication", index_rule(replications, "a replication"));
  check_column(dir / "daily.csv", run.daily, "day",
               index_rule(static_cast<std::size_t>(std::max(1.0, std::ceil(run.days))), "a day"));
  for (const char* c : {"arrivals", "backlog", "rated", "satisfied"}) check_column(dir / "daily.csv", run.daily, c, count_rule());
  run.streets = read_table(dir, "streets.csv",
                           {"replication", "street", "street_name", "response_rate", "resolution_rate",
                            "satisfaction_rate"});
  check_column(dir / "streets.csv", run.streets, "replication", index_rule(replications, "a replication"));
  check_column(dir / "streets.csv", run.streets, "street", index_rule(run.streets.size(), "a street"));
  for (const char* c : {"response_rate", "resolution_rate", "satisfaction_rate"})
    check_column(dir / "streets.csv", run.streets, c, value_rule(0.0, 1.0));
  // A city's streets name their district (none before districts existed); never more districts than streets.
  check_column(dir / "streets.csv", run.streets, "district", index_rule(run.streets.size(), "a district"));
  if (fs::exists(dir / "districts.csv")) {  // run directories from before districts have none
    const fs::path f = dir / "districts.csv";
    run.districts = read_table(dir, "districts.csv",
                               {"replication", "district", "district_name", "response_rate", "resolution_rate",
                                "satisfaction_rate"});
    check_column(f, run.districts, "replication", index_rule(replications, "a replication"));
    check_column(f, run.districts, "district", index_rule(run.districts.size(), "a district"));
    for (const char* c : {"residents", "department_crews"}) check_column(f, run.districts, c, count_rule());
    for (const char* c : {"response_rate", "resolution_rate", "satisfaction_rate"})
      check_column(f, run.districts, c, value_rule(0.0, 1.0));
  }
  if (fs::exists(dir / "monthly.csv")) {  // run directories from before it have none
    run.monthly = read_table(dir, "monthly.csv",
                             {"replication", "month", "calendar_month", "first_day", "days", "street", "street_name",
                              "tickets", "response_rate", "resolution_rate", "satisfaction_rate"});
    const fs::path f = dir / "monthly.csv";
    check_column(f, run.monthly, "replication", index_rule(replications, "a replication"));
    check_column(f, run.monthly, "street", index_rule(run.streets.size(), "a street"));
    // The calendar columns index months: whole numbers, never empty.
    const auto whole = [](double lo, double hi) {
      return CellRule{lo, hi, true, false, fmt::format("a whole number from {} to {}", lo, hi)};
    };
    check_column(f, run.monthly, "month", whole(1.0, std::ceil(RunSpec::kMaxDays / 28.0) + 1.0));
    check_column(f, run.monthly, "calendar_month", whole(1.0, 12.0));
    check_column(f, run.monthly, "first_day", whole(0.0, RunSpec::kMaxDays));
    check_column(f, run.monthly, "days", CellRule{0.0, 31.0, false, false, "a number of days from 0 to 31"});
    check_column(f, run.monthly, "tickets", count_rule());
    for (const char* c : {"response_rate", "resolution_rate", "satisfaction_rate"}) check_column(f, run.monthly, c, value_rule(0.0, 1.0));
  }
  run.grids = read_table(dir, "grids.csv",
                         {"replication", "grid", "grid_name", "community", "street", "residents",
                          "worker_utilization", "satisfaction_rate", "response_time_mean_h",
                          "response_time_p90_h", "cases_created"});
  const fs::path grids_csv = dir / "grids.csv";
  check_column(grids_csv, run.grids, "replication", index_rule(replications, "a replication"));
  check_column(grids_csv, run.grids, "grid", index_rule(run.grids.size(), "a grid"));
  check_column(grids_csv, run.grids, "community", index_rule(run.grids.size(), "a community"));
  check_column(grids_csv, run.grids, "street", index_rule(run.streets.size(), "a street"));
  CellRule residents = count_rule();
  residents.may_be_empty = false;
  check_column(grids_csv, run.grids, "residents", residents);
  check_column(grids_csv, run.grids, "satisfaction_rate", value_rule(0.0, 1.0));
  for (const char* c : {"worker_utilization", "response_time_mean_h", "response_time_p90_h", "cases_created"})
    check_column(grids_csv, run.grids, c, value_rule(0.0));
  const fs::path geo = dir / "grids.geojson";
  if (fs::exists(geo)) {
    try {
      Json g = Json::parse(read_text_file(geo));
      if (g.value("type", std::string()) != "FeatureCollection" || !g.contains("features") ||
          !g.at("features").is_array()) {
        throw std::runtime_error("expected a GeoJSON FeatureCollection");
      }
      run.geojson = std::move(g);
    } catch (const std::exception& e) {
      throw ReportInputError(fmt::format("{}: {}", geo.string(), e.what()));
    }
  }
  run.label = run.scenario;
  return run;
}

void assign_labels(std::vector<RunData>& runs, Lang lang) {
  const auto title_of = [lang](const RunData& r) {
    const std::string& t = lang == Lang::zh ? (r.title_zh.empty() ? r.title_en : r.title_zh)
                                            : (r.title_en.empty() ? r.title_zh : r.title_en);
    return t.empty() ? r.scenario : t;
  };
  std::map<std::string, int> count;
  for (const RunData& r : runs) ++count[title_of(r)];
  std::set<std::string> used;
  for (RunData& r : runs) {
    std::string label = title_of(r);
    if (count[label] > 1) {
      const fs::path d = r.dir.has_filename() ? r.dir : r.dir.parent_path();
      label = fmt::format("{} ({})", label, d.filename().string());
    }
    std::string unique = label;
    for (int k = 2; used.contains(unique); ++k) unique = fmt::format("{} #{}", label, k);
    used.insert(unique);
    r.label = unique;
  }
}

std::size_t find_baseline(const std::vector<RunData>& runs, std::string_view name) {
  if (runs.empty()) throw ReportInputError("no run directories given");
  if (name.empty()) return 0;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (runs[i].label == name) return i;
  }
  std::vector<std::size_t> by_scenario;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (runs[i].scenario == name) by_scenario.push_back(i);
  }
  if (by_scenario.size() == 1) return by_scenario.front();
  std::string known;
  for (const RunData& r : runs)
    known += fmt::format("{}'{}'{}", known.empty() ? "" : ", ", r.label,
                         r.title_en.empty() && r.title_zh.empty() ? std::string() : fmt::format(" (name '{}')", r.scenario));
  if (by_scenario.empty()) {
    throw ReportInputError(fmt::format("--baseline: no scenario named '{}'; the scenarios are {}", name, known));
  }
  throw ReportInputError(
      fmt::format("--baseline: '{}' names {} runs; pick one of {}", name, by_scenario.size(), known));
}

Interval welch_diff_ci95(std::span<const double> a, std::span<const double> b) {
  const auto stats = [](std::span<const double> x) {
    double sum = 0.0;
    int n = 0;
    for (const double v : x) {
      if (std::isfinite(v)) {
        sum += v;
        ++n;
      }
    }
    const double mean = n > 0 ? sum / n : kNaN;
    double ss = 0.0;
    for (const double v : x) {
      if (std::isfinite(v)) ss += (v - mean) * (v - mean);
    }
    return std::tuple{mean, n > 1 ? ss / (n - 1) : kNaN, n};
  };
  const auto [ma, va, na] = stats(a);
  const auto [mb, vb, nb] = stats(b);
  const int n = std::min(na, nb);
  const double diff = ma - mb;
  if (na < 2 || nb < 2) return {diff, kNaN, kNaN, kNaN, n};
  const double sa = va / na, sb = vb / nb;
  const double se = std::sqrt(sa + sb);
  if (se == 0.0) return {diff, 0.0, diff, diff, n};
  // Welch–Satterthwaite degrees of freedom.
  const double df = (sa + sb) * (sa + sb) / (sa * sa / (na - 1) + sb * sb / (nb - 1));
  const double half = student_t_quantile(0.975, df) * se;
  return {diff, half, diff - half, diff + half, n};
}

bool common_random_numbers(const RunData& a, const RunData& b) {
  if (a.seed != b.seed || a.replications != b.replications) return false;
  if (a.replication_seeds.size() != b.replication_seeds.size()) return false;
  return a.replication_seeds == b.replication_seeds;
}

Delta compare_metric(const RunData& scenario, const RunData& baseline, std::string_view metric) {
  Delta d;
  const Interval s = scenario.summary(metric), b = baseline.summary(metric);
  const std::vector<double> sv = scenario.replication_values(metric), bv = baseline.replication_values(metric);
  Interval ci;
  if (common_random_numbers(scenario, baseline) && sv.size() == bv.size()) {
    d.method = DiffMethod::paired;
    ci = paired_diff_ci95(sv, bv);
  } else {
    d.method = DiffMethod::welch;
    ci = welch_diff_ci95(sv, bv);
  }
  // The difference of the summary means (what the table shows next to it); for paired
  // differences over pairs where both sides are finite this is the same number.
  d.diff = std::isfinite(s.mean) && std::isfinite(b.mean) ? s.mean - b.mean : ci.mean;
  d.lo = ci.lo;
  d.hi = ci.hi;
  d.clear = std::isfinite(ci.lo) && std::isfinite(ci.hi) && (ci.lo > 0.0 || ci.hi < 0.0);

  d.relative = std::isfinite(b.mean) && b.mean != 0.0 ? d.diff / std::fabs(b.mean) : kNaN;
  return d;
}

std::size_t behind_count(std::size_t streets) {
  if (streets < 2) return 0;
  return std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(0.1 * static_cast<double>(streets))));
}

std::vector<StreetRank> rank_streets(const RunData& run, bool chinese) {
  return rank_rows(run.streets, kStreetColumns, chinese);
}

std::vector<StreetRank> rank_districts(const RunData& run, bool chinese) {
  if (run.districts.size() == 0) return {};
  return rank_rows(run.districts, kDistrictColumns, chinese);
}

std::vector<MonthRanking> monthly_rankings(const RunData& run, bool chinese) {
  const CsvTable& t = run.monthly;
  if (t.size() == 0) return {};
  const std::size_t c_month = t.require_column("month"), c_calendar = t.require_column("calendar_month"),
                    c_first = t.require_column("first_day"), c_days = t.require_column("days"),
                    c_tickets = t.require_column("tickets"), c_rep = t.require_column("replication");
  std::map<int, std::vector<std::size_t>> rows_of;
  for (std::size_t r = 0; r < t.size(); ++r) rows_of[static_cast<int>(t.number(r, c_month))].push_back(r);
  std::vector<MonthRanking> out;
  for (const auto& [month, rows] : rows_of) {
    MonthRanking m;
    m.month = month;
    m.calendar_month = static_cast<int>(t.number(rows.front(), c_calendar));
    const double first = t.number(rows.front(), c_first), days = t.number(rows.front(), c_days);
    m.measured_days = std::max(0.0, first + days - std::max(first, run.warmup_days));
    std::set<double> replications;
    std::vector<std::vector<std::string>> cells;
    for (std::size_t r : rows) {
      m.tickets += t.number(r, c_tickets);
      replications.insert(t.number(r, c_rep));
      std::vector<std::string> row;
      for (std::size_t c = 0; c < t.header().size(); ++c) row.push_back(t.text(r, c));
      cells.push_back(std::move(row));
    }
    m.tickets /= static_cast<double>(std::max<std::size_t>(1, replications.size()));
    m.streets = rank_rows(CsvTable(t.header(), std::move(cells)), kStreetColumns, chinese);
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<StreetRank> rank_rows(const CsvTable& t, const RankColumns& columns, bool chinese) {
  const std::size_t c_street = t.require_column(columns.index), c_name = t.require_column(columns.name);
  const auto c_name_zh = chinese ? t.column(columns.name_zh) : std::nullopt;
  const std::size_t c_resp = t.require_column("response_rate"), c_res = t.require_column("resolution_rate"),
                    c_sat = t.require_column("satisfaction_rate");
  // The profile columns came later: a run directory without them ranks all the same.
  const auto optional = [&](std::string_view c) { return t.column(c); };
  const auto c_demand = optional("demand_factor"), c_handling = optional("handling_factor"),
             c_difficulty = optional("difficulty_factor"), c_util = optional("worker_utilization"),
             c_residents = optional("residents"), c_crews = optional("department_crews");
  // districts.csv and streets.csv from before districts have none.
  const auto c_district = columns.district.empty() ? std::nullopt : optional(columns.district);
  struct Samples {
    std::string name;
    std::vector<double> resp, res, sat, score, util;
    StreetProfile profile;
    std::optional<std::size_t> district;
  };
  std::map<std::size_t, Samples> by_street;
  for (std::size_t r = 0; r < t.size(); ++r) {
    const auto s = static_cast<std::size_t>(t.number(r, c_street));
    Samples& x = by_street[s];
    x.name = c_name_zh && !t.text(r, *c_name_zh).empty() ? t.text(r, *c_name_zh) : t.text(r, c_name);
    x.resp.push_back(t.number(r, c_resp));
    x.res.push_back(t.number(r, c_res));
    x.sat.push_back(t.number(r, c_sat));
    x.score.push_back(0.2 * x.resp.back() + 0.4 * x.res.back() + 0.4 * x.sat.back());
    if (c_demand) x.profile.demand = t.number(r, *c_demand);
    if (c_handling) x.profile.handling = t.number(r, *c_handling);
    if (c_difficulty) x.profile.difficulty = t.number(r, *c_difficulty);
    if (c_util) x.util.push_back(t.number(r, *c_util));
    if (c_residents && c_crews && t.number(r, *c_residents) > 0.0)
      x.profile.crews_per_10k = 1e4 * t.number(r, *c_crews) / t.number(r, *c_residents);
    if (c_district) x.district = static_cast<std::size_t>(t.number(r, *c_district));
  }
  std::vector<StreetRank> out;
  for (auto& [index, x] : by_street) {
    StreetRank s;
    s.street = index;
    s.name = x.name;
    s.response = mean_ci95(x.resp);
    s.resolution = mean_ci95(x.res);
    s.satisfaction = mean_ci95(x.sat);
    s.score = 0.2 * s.response.mean + 0.4 * s.resolution.mean + 0.4 * s.satisfaction.mean;
    s.score_ci = mean_ci95(x.score);
    s.profile = x.profile;
    s.district = x.district;
    if (!x.util.empty()) s.profile.utilization = mean_ci95(x.util).mean;
    out.push_back(std::move(s));
  }
  std::stable_sort(out.begin(), out.end(), [](const StreetRank& a, const StreetRank& b) {
    const bool fa = std::isfinite(a.score), fb = std::isfinite(b.score);
    if (fa != fb) return fa;  // undefined scores last
    if (fa && a.score != b.score) return a.score > b.score;
    return a.street < b.street;
  });
  // Shared ranks: scores equal at the 0.01 point the table shows.
  const auto shown = [](double score) { return std::isfinite(score) ? std::llround(score * 1e4) : LLONG_MIN; };
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i].rank = i > 0 && shown(out[i].score) == shown(out[i - 1].score) ? out[i - 1].rank : static_cast<int>(i + 1);
  // Plausible ranks from the intervals (a street without one can be anywhere it overlaps).
  const auto lo = [](const StreetRank& s) { return std::isfinite(s.score_ci.lo) ? s.score_ci.lo : s.score; };
  const auto hi = [](const StreetRank& s) { return std::isfinite(s.score_ci.hi) ? s.score_ci.hi : s.score; };
  for (StreetRank& s : out) {
    int above = 0, below = 0;
    for (const StreetRank& o : out) {
      if (&o == &s || !std::isfinite(o.score) || !std::isfinite(s.score)) continue;
      above += lo(o) > hi(s);
      below += hi(o) < lo(s);
    }
    s.rank_best = 1 + above;
    s.rank_worst = static_cast<int>(out.size()) - below;
    if (!std::isfinite(s.score)) s.rank_best = s.rank_worst = s.rank;
  }
  // The median street, and who falls clearly behind it.
  std::vector<double> scores, resp, res, sat;
  for (const StreetRank& s : out) {
    if (!std::isfinite(s.score)) continue;
    scores.push_back(s.score);
    resp.push_back(s.response.mean);
    res.push_back(s.resolution.mean);
    sat.push_back(s.satisfaction.mean);
  }
  const auto median = [](std::vector<double> v) {
    if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  };
  const double mid = median(scores), mid_resp = median(resp), mid_res = median(res), mid_sat = median(sat);
  const std::size_t bottom = behind_count(out.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    StreetRank& s = out[i];
    // A street tied with one above the bottom shares its rank: it is not behind either.
    s.behind = i + bottom >= out.size() && s.rank > static_cast<int>(out.size() - bottom) &&
               std::isfinite(s.score_ci.hi) && s.score_ci.hi < mid;
    if (!s.behind) continue;
    const std::pair<const char*, double> gaps[] = {{"response_rate", 0.2 * (mid_resp - s.response.mean)},
                                                   {"resolution_rate", 0.4 * (mid_res - s.resolution.mean)},
                                                   {"satisfaction_rate", 0.4 * (mid_sat - s.satisfaction.mean)}};
    for (const auto& [rate, gap] : gaps) {
      if (gap > s.weakest_gap) s.weakest_rate = rate, s.weakest_gap = gap;
    }
  }
  return out;
}

namespace {

/// Per replication: the least-squares line through a daily.csv column after the warm-up, its
/// change over the measured period ÷ the period's mean (0.25: +25%). Empty when the column is
/// missing or the period too short.
std::vector<double> fitted_changes(const RunData& run, std::string_view column) {
  const CsvTable& t = run.daily;
  const auto c_rep = t.column("replication"), c_day = t.column("day"), c = t.column(column);
  if (!c_rep || !c_day || !c) return {};
  struct Fit {
    double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  };
  std::map<double, Fit> fits;
  for (std::size_t r = 0; r < t.size(); ++r) {
    const double day = t.number(r, *c_day), y = t.number(r, *c);
    if (!(day >= run.warmup_days) || !std::isfinite(y)) continue;
    Fit& f = fits[t.number(r, *c_rep)];
    f.n += 1, f.sx += day, f.sy += y, f.sxx += day * day, f.sxy += day * y;
  }
  std::vector<double> changes;
  for (const auto& [rep, f] : fits) {
    const double var = f.n * f.sxx - f.sx * f.sx;
    if (f.n < kDriftMinDays || var <= 0.0 || f.sy <= 0.0) continue;
    const double slope = (f.n * f.sxy - f.sx * f.sy) / var;
    changes.push_back(slope * f.n / (f.sy / f.n));
  }
  return changes;
}

}  // namespace

std::vector<Drift> drifts(const RunData& run) {
  std::vector<Drift> out;
  const std::vector<double> arrivals = fitted_changes(run, "arrivals");
  for (const char* quantity : {"backlog", "hidden"}) {
    const std::vector<double> changes = fitted_changes(run, quantity);
    if (changes.empty()) continue;  // daily.csv from before hidden problems were counted, or too short
    Drift d;
    d.quantity = quantity;
    d.change = mean_ci95(changes);
    const bool clear = changes.size() < 2 || !std::isfinite(d.change.lo) || d.change.lo > 0.0 || d.change.hi < 0.0;
    d.drifts = std::fabs(d.change.mean) > kDriftThreshold && clear;
    if (!arrivals.empty()) {
      d.arrivals_change = mean_ci95(arrivals).mean;
      // Little's law: backlog = arrivals × time in system, so the backlog follows demand when
      // their changes differ by less than the threshold (the time in system holds).
      d.follows_demand = std::fabs(d.change.mean - d.arrivals_change) <= kDriftThreshold;
    }
    out.push_back(d);
  }
  return out;
}

std::vector<DailyPoint> daily_series(const RunData& run) {
  const CsvTable& t = run.daily;
  const std::size_t c_day = t.require_column("day"), c_backlog = t.require_column("backlog"),
                    c_rated = t.require_column("rated"), c_sat = t.require_column("satisfied"),
                    c_arr = t.require_column("arrivals");
  // load_run checked each day against the run's length; a row outside it is skipped here too.
  const auto usable = [](double day) { return day >= 0.0 && day < RunSpec::kMaxDays; };
  std::size_t days = 0;
  for (std::size_t r = 0; r < t.size(); ++r)
    if (const double day = t.number(r, c_day); usable(day)) days = std::max(days, static_cast<std::size_t>(day) + 1);
  std::vector<std::vector<double>> backlog(days), arrivals(backlog.size());
  std::vector<double> rated(backlog.size(), 0.0), satisfied(backlog.size(), 0.0);
  for (std::size_t r = 0; r < t.size(); ++r) {
    const double day = t.number(r, c_day);
    if (!usable(day)) continue;
    const auto d = static_cast<std::size_t>(day);
    backlog[d].push_back(t.number(r, c_backlog));
    arrivals[d].push_back(t.number(r, c_arr));
    if (std::isfinite(t.number(r, c_rated))) rated[d] += t.number(r, c_rated);
    if (std::isfinite(t.number(r, c_sat))) satisfied[d] += t.number(r, c_sat);
  }
  std::vector<DailyPoint> out(backlog.size());
  double window_rated = 0.0, window_satisfied = 0.0;
  for (std::size_t d = 0; d < out.size(); ++d) {
    window_rated += rated[d];
    window_satisfied += satisfied[d];
    if (d >= 7) {
      window_rated -= rated[d - 7];
      window_satisfied -= satisfied[d - 7];
    }
    out[d].day = static_cast<int>(d);
    out[d].backlog = mean_ci95(backlog[d]);
    out[d].arrivals_mean = finite_mean(arrivals[d]);
    out[d].satisfaction_7d = window_rated > 0.0 ? window_satisfied / window_rated : kNaN;
  }
  return out;
}

TileMap tile_map(const RunData& run, bool chinese) {
  const CsvTable& t = run.grids;
  const std::size_t c_grid = t.require_column("grid"), c_name = t.require_column("grid_name"),
                    c_comm = t.require_column("community"), c_street = t.require_column("street"),
                    c_res = t.require_column("residents"), c_util = t.require_column("worker_utilization"),
                    c_sat = t.require_column("satisfaction_rate"), c_rt = t.require_column("response_time_mean_h"),
                    c_p90 = t.require_column("response_time_p90_h"), c_cases = t.require_column("cases_created");
  struct Acc {
    GridTile tile;
    std::vector<double> util, sat, rt, p90, cases;
  };
  std::map<std::size_t, Acc> grids;
  for (std::size_t r = 0; r < t.size(); ++r) {
    const auto g = static_cast<std::size_t>(t.number(r, c_grid));
    Acc& a = grids[g];
    a.tile.grid = g;
    a.tile.name = t.text(r, c_name);
    a.tile.community = static_cast<std::size_t>(t.number(r, c_comm));
    a.tile.street = static_cast<std::size_t>(t.number(r, c_street));
    a.tile.residents = static_cast<long long>(t.number(r, c_res));
    a.util.push_back(t.number(r, c_util));
    a.sat.push_back(t.number(r, c_sat));
    a.rt.push_back(t.number(r, c_rt));
    a.p90.push_back(t.number(r, c_p90));
    a.cases.push_back(t.number(r, c_cases));
  }
  std::map<std::size_t, std::string> street_names;
  if (const auto c = run.streets.column("street"), n = run.streets.column("street_name"); c && n) {
    const auto zh = chinese ? run.streets.column("street_name_zh") : std::nullopt;
    for (std::size_t r = 0; r < run.streets.size(); ++r) {
      const std::string& name = zh && !run.streets.text(r, *zh).empty() ? run.streets.text(r, *zh) : run.streets.text(r, *n);
      street_names[static_cast<std::size_t>(run.streets.number(r, *c))] = name;
    }
  }
  // street → community → grids, all in index order.
  std::map<std::size_t, std::map<std::size_t, std::vector<GridTile>>> tree;
  for (auto& [g, a] : grids) {
    a.tile.worker_utilization = finite_mean(a.util);
    a.tile.satisfaction_rate = finite_mean(a.sat);
    a.tile.response_time_mean_h = finite_mean(a.rt);
    a.tile.response_time_p90_h = finite_mean(a.p90);
    a.tile.cases_created = finite_mean(a.cases);
    const auto it = street_names.find(a.tile.street);
    a.tile.street_name = it != street_names.end() ? it->second : fmt::format("{}", a.tile.street + 1);
    tree[a.tile.street][a.tile.community].push_back(std::move(a.tile));
  }

  // Shelf packing: items are placed left to right and wrap to a new shelf past `width`.
  struct Box {
    int w, h, x = 0, y = 0;
  };
  const auto pack = [](std::vector<Box>& boxes, int gap_x, int gap_y, double aspect) {
    double area = 0.0;
    int widest = 0;
    for (const Box& b : boxes) {
      area += static_cast<double>(b.w + gap_x) * (b.h + gap_y);
      widest = std::max(widest, b.w);
    }
    const int width = std::max(widest, static_cast<int>(std::ceil(std::sqrt(area * aspect))));
    int x = 0, y = 0, shelf = 0, extent_w = 0;
    for (Box& b : boxes) {
      if (x > 0 && x + b.w > width) {
        y += shelf + gap_y;
        x = 0;
        shelf = 0;
      }
      b.x = x;
      b.y = y;
      x += b.w + gap_x;
      shelf = std::max(shelf, b.h);
      extent_w = std::max(extent_w, b.x + b.w);
    }
    return std::pair{extent_w, y + shelf};
  };

  TileMap map;
  constexpr int kLabelRows = 2;  // room above each street block for its name
  struct StreetLayout {
    std::size_t street;
    std::vector<Box> communities;
    std::vector<std::vector<GridTile>*> grids;
    int w, h;
  };
  std::vector<StreetLayout> layouts;
  for (auto& [s, communities] : tree) {
    StreetLayout L{s, {}, {}, 0, 0};
    for (auto& [c, tiles] : communities) {
      const int n = static_cast<int>(tiles.size());
      const int cols = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n))));
      L.communities.push_back(Box{cols, (n + cols - 1) / cols});
      L.grids.push_back(&tiles);
    }
    std::tie(L.w, L.h) = pack(L.communities, 1, 1, 1.0);
    layouts.push_back(std::move(L));
  }
  std::vector<Box> street_boxes;
  for (const StreetLayout& L : layouts) street_boxes.push_back(Box{L.w, L.h + kLabelRows});
  std::tie(map.width, map.height) = pack(street_boxes, 2, 1, 2.2);  // wider than tall, for pages

  for (std::size_t i = 0; i < layouts.size(); ++i) {
    const StreetLayout& L = layouts[i];
    const Box& sb = street_boxes[i];
    const std::string name = street_names.contains(L.street) ? street_names[L.street] : fmt::format("{}", L.street + 1);
    map.streets.push_back(StreetBlock{L.street, name, sb.x, sb.y, L.w, L.h + kLabelRows});
    for (std::size_t c = 0; c < L.communities.size(); ++c) {
      const Box& cb = L.communities[c];
      std::vector<GridTile>& tiles = *L.grids[c];
      for (std::size_t k = 0; k < tiles.size(); ++k) {
        GridTile tile = tiles[k];
        tile.x = sb.x + cb.x + static_cast<int>(k) % cb.w;
        tile.y = sb.y + kLabelRows + cb.y + static_cast<int>(k) / cb.w;
        map.tiles.push_back(std::move(tile));
      }
    }
  }
  return map;
}

}  // namespace govgrid::report
