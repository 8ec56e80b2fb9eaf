#include "engine/run/sweep/store.h"

#include <bit>
#include <algorithm>
#include <deque>
#include <array>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include "analysis/metric_catalogue.h"
#include "analysis/outputs.h"
#include "engine/run/sweep/sqlite.h"

namespace govgrid {

namespace fs = std::filesystem;

namespace {

// Bumped when the schema changes. Format 2 added runs.checksum, format 3 what a sweep is
// extended by and provenance (sweep's overrides and build, points' effective scenarios, runs'
// build, sessions) and the optional daily series and grids. Older stores are upgraded when
// their sweep resumes and read as they are by export; any other format is refused.
constexpr int kFormat = 3;
constexpr int kFormatWithoutChecksums = 1;
constexpr int kOldestFormat = 1;

constexpr const char* kBuildVersion = GOVGRID_VERSION;
constexpr const char* kBuildCommit = GOVGRID_COMMIT;

constexpr const char* kSchema = R"sql(
CREATE TABLE sweep(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL, description TEXT, sweep_file TEXT, sweep_yaml TEXT NOT NULL,
  base_file TEXT, base_yaml TEXT, base_hash TEXT NOT NULL, plan_hash TEXT NOT NULL,
  seed TEXT NOT NULL, replications INTEGER NOT NULL, points INTEGER NOT NULL, runs INTEGER NOT NULL,
  created_utc TEXT, format INTEGER NOT NULL);
CREATE TABLE axes(col INTEGER PRIMARY KEY, key TEXT NOT NULL, kind TEXT NOT NULL, axis INTEGER NOT NULL);
CREATE TABLE points(point INTEGER PRIMARY KEY, overrides TEXT NOT NULL);
CREATE TABLE point_values(point INTEGER NOT NULL, col INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
  number REAL, PRIMARY KEY (point, col)) WITHOUT ROWID;
CREATE TABLE metric_defs(idx INTEGER PRIMARY KEY, metric TEXT NOT NULL UNIQUE, unit TEXT, en TEXT, zh TEXT);
CREATE TABLE runs(run INTEGER PRIMARY KEY, point INTEGER NOT NULL, replication INTEGER NOT NULL, seed TEXT,
  status TEXT NOT NULL DEFAULT 'pending', wall_seconds REAL, events INTEGER, rank INTEGER, error TEXT,
  finished_utc TEXT, checksum TEXT, UNIQUE (point, replication));
CREATE TABLE metrics(run INTEGER NOT NULL, metric TEXT NOT NULL, value REAL, PRIMARY KEY (run, metric)) WITHOUT ROWID;
CREATE TABLE streets(point INTEGER NOT NULL, street INTEGER NOT NULL, name TEXT NOT NULL,
  PRIMARY KEY (point, street)) WITHOUT ROWID;
CREATE TABLE street_metrics(run INTEGER NOT NULL, street INTEGER NOT NULL, metric TEXT NOT NULL, value REAL,
  PRIMARY KEY (run, street, metric)) WITHOUT ROWID;
CREATE TABLE point_summary(point INTEGER NOT NULL, metric TEXT NOT NULL, n INTEGER NOT NULL, mean REAL,
  ci95_lo REAL, ci95_hi REAL, PRIMARY KEY (point, metric)) WITHOUT ROWID;
CREATE VIEW run_metrics AS
  SELECT r.point, r.replication, m.metric, m.value FROM runs r JOIN metrics m ON m.run = r.run
  WHERE r.status = 'done';
)sql";

// Format 3's additions, applied to a new store after kSchema and to an older one when it is upgraded.
struct AddedColumn {
  const char* table;
  const char* column;
  const char* type;
};
constexpr AddedColumn kFormat3Columns[] = {
    {"sweep", "fixed_overrides", "TEXT"},  {"sweep", "command_line_sets", "TEXT"}, {"sweep", "store_daily", "INTEGER"},
    {"sweep", "store_grids", "INTEGER"},   {"sweep", "govgrid_version", "TEXT"},   {"sweep", "govgrid_commit", "TEXT"},
    {"sweep", "base_scenario", "TEXT"},    {"points", "scenario_hash", "TEXT"},    {"runs", "govgrid_version", "TEXT"},
    {"runs", "govgrid_commit", "TEXT"},    {"metric_defs", "better", "TEXT"}};

constexpr const char* kFormat3Tables = R"sql(
CREATE TABLE sessions(session INTEGER PRIMARY KEY, started_utc TEXT NOT NULL, govgrid_version TEXT,
  govgrid_commit TEXT, sweep_file TEXT, sweep_yaml TEXT, command_line_sets TEXT, points INTEGER, runs INTEGER,
  runs_done INTEGER);
CREATE TABLE grids(point INTEGER NOT NULL, grid INTEGER NOT NULL, name TEXT NOT NULL, community INTEGER,
  street INTEGER, residents INTEGER, PRIMARY KEY (point, grid)) WITHOUT ROWID;
)sql";

/// A name as an SQL identifier: in double quotes, a double quote doubled (names come from the
/// store's metric_defs, which a damaged file may fill with anything).
std::string sql_name(std::string_view name) {
  std::string out = "\"";
  for (const char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

/// `, "a", "b"`: quoted column names, after the leading ones.
std::string column_list(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += ", " + sql_name(n);
  return out;
}

/// A table of one row per (run, `key`) and a REAL column per name: wide like daily.csv and
/// grids.csv, and a fraction of the size of a row per value.
std::string insert_sql(std::string_view table, std::string_view key, const std::vector<std::string>& names) {
  std::string slots;
  for (std::size_t i = 0; i < names.size(); ++i) slots += ", ?";
  return fmt::format("INSERT INTO {}(run, {}{}) VALUES (?, ?{})", table, key, column_list(names), slots);
}

std::string wide_table_sql(std::string_view table, std::string_view key, const std::vector<std::string>& names) {
  std::string sql = fmt::format("CREATE TABLE {}(run INTEGER NOT NULL, {} INTEGER NOT NULL", table, key);
  for (const std::string& n : names) sql += fmt::format(", {} REAL", sql_name(n));
  return sql + fmt::format(", PRIMARY KEY (run, {})) WITHOUT ROWID;", key);
}

/// Tables whose rows belong to one run (by their `run` column), deleted or renumbered with it.
constexpr const char* kRunTables[] = {"metrics", "street_metrics", "daily", "grid_metrics"};

const char* kind_name(SweepAxis::Kind k) {
  switch (k) {
    case SweepAxis::Kind::values: return "values";
    case SweepAxis::Kind::range: return "range";
    case SweepAxis::Kind::lhs: return "lhs";
    case SweepAxis::Kind::cases: return "cases";
  }
  return "values";
}

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) (out += l) += '\n';
  return out;
}

std::string plan_hash(const SweepPlan& plan) {
  std::string all = fmt::format("replications={}\n", plan.replications);
  for (const auto& p : plan.points) all += joined(p.overrides) + "--\n";
  return fnv1a_hex(all);
}

std::optional<double> as_number(const std::string& s) {
  double v = 0.0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

/// "line N: stored «…», now «…»" for the first line where two texts differ.
std::string first_difference(const std::string& stored, const std::string& now) {
  std::istringstream a(stored), b(now);
  std::string la, lb;
  for (int line = 1;; ++line) {
    const bool ha = static_cast<bool>(std::getline(a, la)), hb = static_cast<bool>(std::getline(b, lb));
    if (!ha && !hb) return "they differ only in line endings";
    if (!ha || !hb || la != lb)
      return fmt::format("first at line {}: stored \"{}\", now \"{}\"", line, ha ? la : "(end of file)",
                         hb ? lb : "(end of file)");
  }
}

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string csv_number(double v) { return std::isnan(v) ? std::string() : fmt::format("{}", v); }

/// A run's checksum: 64-bit FNV-1a over a canonical byte image of what the run stored: run,
/// point, replication, seed (as stored, text), events, then each metric row ('m', metric, value)
/// in catalogue order, then each street-metric row ('s', street, metric, value) by street and
/// catalogue order, then (format 3, when stored) each day ('d', day, its values in
/// daily_columns() order) and each grid-metric row ('g', grid, metric, value) by grid and catalogue
/// order; a run without them hashes as in format 2. Integers go in as 8 little-endian bytes, texts with their length first, a value as a
/// presence byte and its bit pattern. In-house because no checksum library is linked (SQLite
/// exposes none to callers) and FNV-1a is a few lines; it catches changed, lost or added values,
/// not deliberate forgery.
class RunChecksum {
 public:
  RunChecksum(std::int64_t run, std::int64_t point, std::int64_t replication, std::string_view seed,
              std::int64_t events) {
    for (const std::int64_t v : {run, point, replication}) add_integer(v);
    add_text(seed);
    add_integer(events);
  }
  void add_metric(std::string_view metric, double value) {
    add_byte('m');
    add_text(metric);
    add_value(value);
  }
  void add_street_metric(std::int64_t street, std::string_view metric, double value) {
    add_byte('s');
    add_integer(street);
    add_text(metric);
    add_value(value);
  }
  void add_day(std::int64_t day, const std::vector<double>& values) {
    add_byte('d');
    add_integer(day);
    for (const double v : values) add_value(v);
  }
  void add_grid_metric(std::int64_t grid, std::string_view metric, double value) {
    add_byte('g');
    add_integer(grid);
    add_text(metric);
    add_value(value);
  }
  std::string hex() const { return fmt::format("{:016x}", hash_); }

 private:
  void add_byte(unsigned char c) {
    hash_ ^= c;
    hash_ *= 0x100000001b3ULL;
  }
  void add_integer(std::int64_t v) {
    for (int i = 0; i < 8; ++i) add_byte(static_cast<unsigned char>(static_cast<std::uint64_t>(v) >> (8 * i)));
  }
  void add_text(std::string_view s) {
    add_integer(static_cast<std::int64_t>(s.size()));
    for (const char c : s) add_byte(static_cast<unsigned char>(c));
  }
  // NaN is stored as NULL, and SQLite keeps an integral REAL as an integer, so -0.0 reads back
  // as 0.0: both are canonicalised so that a value and its stored form hash alike.
  void add_value(double v) {
    if (std::isnan(v)) {
      add_byte(0);
      return;
    }
    add_byte(1);
    add_integer(static_cast<std::int64_t>(std::bit_cast<std::uint64_t>(v == 0.0 ? 0.0 : v)));
  }
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

/// The checksum of a record as store_run() writes it.
std::string checksum_of(const RunRecord& r, const std::vector<std::string>& metric_names) {
  RunChecksum sum(r.run, r.point, r.replication, std::to_string(r.seed), static_cast<std::int64_t>(r.events));
  for (std::size_t m = 0; m < r.metrics.size(); ++m) sum.add_metric(metric_names[m], r.metrics[m]);
  for (std::size_t s = 0; s < r.street_metrics.size(); ++s)
    for (std::size_t m = 0; m < r.street_metrics[s].size() && m < metric_names.size(); ++m)
      sum.add_street_metric(static_cast<std::int64_t>(s), metric_names[m], r.street_metrics[s][m]);
  for (std::size_t d = 0; d < r.daily.size(); ++d) sum.add_day(static_cast<std::int64_t>(d), r.daily[d]);
  for (std::size_t g = 0; g < r.grids.size(); ++g)
    for (std::size_t m = 0; m < r.grids[g].metrics.size() && m < metric_names.size(); ++m)
      sum.add_grid_metric(static_cast<std::int64_t>(g), metric_names[m], r.grids[g].metrics[m]);
  return sum.hex();
}

}  // namespace

/// One process owns a sweep folder at a time: an exclusive flock on DIR/.govgrid-sweep.lock,
/// held while the store is open for writing. The kernel drops it when the process ends, however
/// it ends, so a killed sweep never leaves a stale lock behind; the file keeps a note of who
/// holds it for the message a second process gets.
class SweepStore::FolderLock {
 public:
  explicit FolderLock(const fs::path& dir) : file_(dir / kLockFileName) {
    fd_ = ::open(file_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw std::runtime_error(fmt::format("cannot open {}: {}", file_.string(), std::strerror(errno)));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      const std::string holder = note();
      ::close(fd_);
      if (error != EWOULDBLOCK)
        throw std::runtime_error(fmt::format("cannot lock {}: {}", file_.string(), std::strerror(error)));
      throw SweepLocked(fmt::format(
          "{} is in use by another sweep ({}): wait for it to finish, or stop it and run this command again to "
          "resume; two sweeps on one folder would compute the same runs twice",
          dir.string(), holder.empty() ? "holder unknown" : holder));
    }
    char host[256] = "?";
    ::gethostname(host, sizeof host - 1);
    const std::string text = fmt::format("govgrid process {} on {}, since {}", ::getpid(), host, utc_now());
    if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, text.data(), text.size(), 0) < 0) {
      // The lock holds without its note; a second process then says "holder unknown".
    }
  }
  ~FolderLock() { ::close(fd_); }  // closing the descriptor releases the lock
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  /// The holder's note: printable ASCII only, at most 200 bytes (the file is ours, but a folder
  /// can hold anything).
  std::string note() const {
    char buf[200];
    const ssize_t n = ::pread(fd_, buf, sizeof buf, 0);
    std::string out;
    for (ssize_t i = 0; i < n; ++i)
      if (buf[i] >= 0x20 && buf[i] < 0x7f) out += buf[i];
    return out;
  }
  fs::path file_;
  int fd_ = -1;
};

namespace {

[[noreturn]] void throw_damaged(const fs::path& file, const std::string& detail) {
  throw SweepDamaged(fmt::format(
      "{} is damaged ({}). Its runs are deterministic: move it aside (mv {} {}.damaged) and run the same sweep "
      "command to compute them again; to keep the runs that can still be read, first recover them with the "
      "sqlite3 program (sqlite3 {}.damaged .recover | sqlite3 {}) and then run the sweep command to resume",
      file.string(), detail, file.string(), file.string(), file.string(), file.string()));
}

/// SQLite's quick_check (every page, index and constraint but the index contents): the first
/// three problems, or nothing when the file is sound.
void check_integrity(sqlite::Database& db, const fs::path& file) {
  std::string problems;
  int n = 0;
  auto s = db.prepare("PRAGMA quick_check(3)");
  while (s.step()) {
    const std::string line = s.text(0);
    if (line == "ok") return;
    problems += (n++ ? "; " : "") + line;
  }
  throw_damaged(file, "SQLite's integrity check: " + problems);
}

/// The index of point `p`, read from `table` of `file`, into a sweep of `points` points; a value out
/// of range (a row check_consistency let through, e.g. stored with another type) is damage.
std::size_t point_index(std::int64_t p, std::size_t points, const char* table, const fs::path& file) {
  if (p < 0 || static_cast<std::uint64_t>(p) >= points)
    throw_damaged(file, fmt::format("its {} table names point {}, of a sweep of {} points", table, p, points));
  return static_cast<std::size_t>(p);
}

/// Refuses a file whose tables contradict each other: SQLite finds it sound, but it names points
/// or runs the sweep does not have (reading it would index past the sweep's points), or a
/// sweep of no points or replications.
void check_consistency(sqlite::Database& db, const fs::path& file) {
  std::int64_t points = 0, replications = 0, runs = 0;
  {
    auto s = db.prepare("SELECT points, replications, runs FROM sweep WHERE id = 1");
    if (!s.step()) return;  // an empty sweep table is reported by the caller
    points = s.integer(0), replications = s.integer(1), runs = s.integer(2);
  }
  constexpr std::int64_t kMax = std::numeric_limits<int>::max();
  if (points < 1 || replications < 1 || points > kMax || replications > kMax || runs > kMax ||
      runs != points * replications)
    throw_damaged(file, fmt::format("its sweep table says {} points × {} replications = {} runs", points,
                                    replications, runs));
  // Keys are unique, so a table holding the expected number of rows, all in range, holds
  // exactly the expected rows.
  const auto check = [&](const char* table, std::int64_t expected, const std::string& in_range) {
    auto s = db.prepare(fmt::format("SELECT COUNT(*), COALESCE(SUM({}), 0) FROM {}", in_range, table));
    s.step();
    if (s.integer(0) != expected || s.integer(1) != expected)
      throw_damaged(file, fmt::format("its {} table holds {} rows, {} of them fitting a sweep of {} points × {} "
                                      "replications; expected {}",
                                      table, s.integer(0), s.integer(1), points, replications, expected));
  };
  check("points", points, fmt::format("point >= 0 AND point < {}", points));
  check("runs", runs,
        fmt::format("run >= 0 AND run < {0} AND point = run / {1} AND replication = run % {1}", runs, replications));
  std::int64_t columns = 0;
  {
    auto s = db.prepare("SELECT COUNT(*) FROM axes");
    s.step();
    columns = s.integer(0);
  }
  check("axes", columns, fmt::format("col >= 0 AND col < {}", columns));
  check("point_values", points * columns,
        fmt::format("point >= 0 AND point < {} AND col >= 0 AND col < {}", points, columns));
}

}  // namespace

namespace {
struct StoredSweep;
}  // namespace

struct SweepStore::Impl {
  std::unique_ptr<FolderLock> lock;  ///< the writer's hold on the folder (none for export)
  fs::path file;
  sqlite::Database db;
  int run_count = 0;
  int replications = 0;
  std::int64_t format = kFormat;
  std::vector<std::string> metric_names;
  std::vector<DamagedRun> damaged;  ///< done runs reset to pending when opened for writing
  int upgraded_from_format = 0;

  Impl(fs::path f, sqlite::Database::Mode mode) : file(std::move(f)), db(file, mode) {}

  void load_header() {
    auto s = db.prepare("SELECT runs, replications, format FROM sweep WHERE id = 1");
    if (!s.step()) throw SweepMismatch(fmt::format("{} holds no sweep (its sweep table is empty)", file.string()));
    run_count = static_cast<int>(s.integer(0));
    replications = static_cast<int>(s.integer(1));
    format = s.integer(2);
    metric_names.clear();
    auto m = db.prepare("SELECT metric FROM metric_defs ORDER BY idx");
    while (m.step()) metric_names.push_back(m.text(0));
  }

  struct DoneRun {
    DamagedRun id;
    std::string stored;  ///< the checksum stored with it ("" when none)
    std::string now;     ///< the checksum of what it holds now
  };

  /// Every done run with its stored checksum and that of its rows as they are now.
  std::vector<DoneRun> done_run_checksums() {
    auto runs = db.prepare("SELECT run, point, replication, seed, events, checksum FROM runs WHERE status = 'done' "
                           "ORDER BY run");
    // In the order store_run() hashes them; a row whose metric is not in the catalogue sorts
    // first (NULL idx) and so changes the checksum too.
    auto metrics = db.prepare("SELECT m.metric, m.value FROM metrics m LEFT JOIN metric_defs d ON d.metric = m.metric "
                              "WHERE m.run = ? ORDER BY d.idx, m.metric");
    auto streets = db.prepare("SELECT s.street, s.metric, s.value FROM street_metrics s LEFT JOIN metric_defs d "
                              "ON d.metric = s.metric WHERE s.run = ? ORDER BY s.street, d.idx, s.metric");
    const bool has_extras = db.has_table("daily") && db.has_table("grid_metrics");
    std::optional<sqlite::Statement> days, grids;
    if (has_extras) {
      days.emplace(
          db.prepare(fmt::format("SELECT day{} FROM daily WHERE run = ? ORDER BY day", column_list(daily_columns()))));
      grids.emplace(db.prepare(
          fmt::format("SELECT grid{} FROM grid_metrics WHERE run = ? ORDER BY grid", column_list(metric_names))));
    }
    std::vector<DoneRun> out;
    std::vector<double> day(daily_columns().size());
    while (runs.step()) {
      const std::int64_t run = runs.integer(0);
      RunChecksum sum(run, runs.integer(1), runs.integer(2), runs.text(3), runs.integer(4));
      metrics.bind(1, run);
      while (metrics.step()) sum.add_metric(metrics.text(0), metrics.real(1));
      metrics.reset();
      streets.bind(1, run);
      while (streets.step()) sum.add_street_metric(streets.integer(0), streets.text(1), streets.real(2));
      streets.reset();
      if (has_extras) {
        days->bind(1, run);
        while (days->step()) {
          for (std::size_t c = 0; c < day.size(); ++c) day[c] = days->real(static_cast<int>(c) + 1);
          sum.add_day(days->integer(0), day);
        }
        days->reset();
        grids->bind(1, run);
        while (grids->step())
          for (std::size_t m = 0; m < metric_names.size(); ++m)
            sum.add_grid_metric(grids->integer(0), metric_names[m], grids->real(static_cast<int>(m) + 1));
        grids->reset();
      }
      out.push_back({{static_cast<int>(run), static_cast<int>(runs.integer(1)), static_cast<int>(runs.integer(2))},
                     runs.is_null(5) ? std::string() : runs.text(5), sum.hex()});
    }
    return out;
  }

  /// Done runs whose rows no longer match the checksum stored with them (or that have none).
  std::vector<DamagedRun> runs_failing_checksum() {
    std::vector<DamagedRun> out;
    for (const DoneRun& r : done_run_checksums())
      if (r.stored != r.now) out.push_back(r.id);
    return out;
  }

  StoredSweep stored_sweep();
  void reconcile(const SweepSpec& spec, const SweepPlan& plan, const std::string& what);
  void renumber(const std::vector<int>& new_point_of, const SweepPlan& plan);
  void write_plan(const SweepPlan& plan);
  void record_session(const SweepSpec& spec, const SweepPlan& plan);
};

SweepStore::SweepStore(const fs::path& dir, const SweepSpec& spec, const SweepPlan& plan) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw SweepMismatch(fmt::format("--out {} is a file, not a directory", dir.string()));
  fs::create_directories(dir, ec);
  if (ec) throw std::runtime_error(fmt::format("cannot create {}: {}", dir.string(), ec.message()));
  const fs::path file = dir / kFileName;
  auto lock = std::make_unique<FolderLock>(dir);  // before the database is touched
  try {
    open_for_writing(file, spec, plan);
  } catch (const sqlite::Error& e) {
    if (e.damaged()) throw_damaged(file, e.what());
    throw;
  }
  impl_->lock = std::move(lock);
}

namespace {

bool has_column(sqlite::Database& db, std::string_view table, std::string_view column) {
  auto s = db.prepare(fmt::format("SELECT 1 FROM pragma_table_info('{}') WHERE name = ?", table));
  s.bind(1, column);
  return s.step();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

/// Adds what format 3 has and an older store lacks (a new store is made this way too, so both
/// paths give the same schema).
void upgrade_to_format_3(sqlite::Database& db) {
  for (const auto& [table, column, type] : kFormat3Columns)
    if (!has_column(db, table, column)) db.exec(fmt::format("ALTER TABLE {} ADD COLUMN {} {}", table, column, type));
  if (!db.has_table("sessions")) db.exec(kFormat3Tables);
  auto better = db.prepare("UPDATE metric_defs SET better = ? WHERE metric = ? AND better IS NULL");
  for (const MetricDef& m : metric_defs()) better.bind(1, higher_is_better(m.name) ? "higher" : "lower").bind(2, m.name).run();
  if (!db.has_table("daily")) db.exec(wide_table_sql("daily", "day", daily_columns()));
  if (!db.has_table("grid_metrics")) {
    std::vector<std::string> metrics;
    auto s = db.prepare("SELECT metric FROM metric_defs ORDER BY idx");
    while (s.step()) metrics.push_back(s.text(0));
    db.exec(wide_table_sql("grid_metrics", "grid", metrics));
  }
  db.prepare("UPDATE sweep SET format = ? WHERE id = 1").bind(1, kFormat).run();
}

/// A point of the stored sweep, as resuming compares it with the sweep now.
struct StoredPoint {
  std::string overrides;         ///< its override lines, joined
  std::string scenario_hash;     ///< of its effective scenario ("" when stored before format 3)
  std::string values;            ///< "key=value, …", for messages
  std::vector<DamagedRun> done;  ///< its done runs
};

/// The stored sweep, as resuming compares it with the sweep now.
struct StoredSweep {
  std::vector<StoredPoint> points;
  std::string fixed_overrides;  ///< "" when stored before format 3
  std::string base_hash;
  std::string base_scenario;    ///< "" when stored before format 3
  int replications = 0;
};

/// The done runs a sweep as it is now would not keep, and why.
struct Unkept {
  std::vector<std::size_t> orphan_points;  ///< stored points with done runs that are no longer in the sweep
  std::vector<DamagedRun> orphaned;        ///< their done runs
  std::vector<DamagedRun> changed;         ///< done runs of points whose effective scenario changed
  std::optional<std::size_t> changed_point;
  std::vector<DamagedRun> beyond;          ///< done runs of replications the sweep no longer has
  bool empty() const { return orphaned.empty() && changed.empty() && beyond.empty(); }
};

std::string run_count_text(std::size_t n) { return fmt::format("{} done run{}", n, n == 1 ? "" : "s"); }

/// The lines of what every point gets that differ: "stored run.days=40, now --set run.days=50".
std::string fixed_difference(const std::vector<std::string>& stored, const std::vector<std::string>& now,
                             const std::vector<std::string>& command_line) {
  const auto origin = [&](const std::string& line) {
    if (std::find(command_line.begin(), command_line.end(), line) != command_line.end()) return "--set " + line;
    if (line.starts_with("run.seed=")) return "seed: " + line.substr(9);
    return "set: " + line;
  };
  std::string out;
  for (const std::string& l : stored)
    if (std::find(now.begin(), now.end(), l) == now.end()) out += fmt::format("{}stored {}", out.empty() ? "" : ", ", l);
  for (const std::string& l : now)
    if (std::find(stored.begin(), stored.end(), l) == stored.end())
      out += fmt::format("{}now {}", out.empty() ? "" : ", ", origin(l));
  return out;
}

/// What every point got, as stored: before format 3 they were not kept apart, so they are the
/// lines every stored point has.
std::vector<std::string> stored_fixed_overrides(const StoredSweep& stored) {
  if (!stored.fixed_overrides.empty() || stored.points.empty()) return lines_of(stored.fixed_overrides);
  std::vector<std::string> common = lines_of(stored.points.front().overrides);
  for (const StoredPoint& p : stored.points) {
    const auto lines = lines_of(p.overrides);
    std::erase_if(common, [&](const std::string& l) { return std::find(lines.begin(), lines.end(), l) == lines.end(); });
  }
  return common;
}

/// Why the sweep as it is now would not keep the `unkept` runs: each change and the runs it alters.
std::string describe_unkept(const StoredSweep& stored, const Unkept& unkept, const SweepSpec& spec,
                            const SweepPlan& plan) {
  std::vector<std::string> reasons;
  const std::string fixed =
      fixed_difference(stored_fixed_overrides(stored), fixed_overrides(spec), spec.command_line_sets);
  if (!unkept.orphaned.empty() && !fixed.empty()) {
    reasons.push_back(fmt::format("the overrides every point gets changed ({}), which alters every done run ({}: {})",
                                  fixed, unkept.orphaned.size(), describe_runs(unkept.orphaned)));
  } else if (!unkept.orphaned.empty()) {
    constexpr std::size_t kNamed = 5;
    std::string points;
    for (std::size_t i = 0; i < unkept.orphan_points.size() && i < kNamed; ++i)
      points += fmt::format("{}point {} ({})", i ? "; " : "", unkept.orphan_points[i],
                            stored.points[unkept.orphan_points[i]].values);
    if (unkept.orphan_points.size() > kNamed) points += fmt::format("; and {} more", unkept.orphan_points.size() - kNamed);
    const bool lhs = std::any_of(plan.columns.begin(), plan.columns.end(),
                                 [](const SweepColumn& c) { return c.kind == SweepAxis::Kind::lhs; });
    reasons.push_back(fmt::format(
        "stored points with {} are no longer in the sweep (an axis value, case or axis was removed or changed, "
        "or set: lines reordered{}): {}; their runs: {}",
        run_count_text(unkept.orphaned.size()),
        lhs ? "; a Latin-hypercube block draws every sample anew when its samples, ranges or seed change" : "", points,
        describe_runs(unkept.orphaned)));
  }
  if (!unkept.changed.empty()) {
    // Where the base's effective scenario is kept, its first changed line says what changed.
    const bool both = !stored.base_scenario.empty() && !plan.base_scenario.empty() &&
                      stored.base_scenario != plan.base_scenario;
    reasons.push_back(fmt::format(
        "the base scenario {} (or a file it extends) changed what the points run ({}), which alters {}: {}",
        spec.base_file,
        both ? fmt::format("its effective scenario, {}", first_difference(stored.base_scenario, plan.base_scenario))
             : fmt::format("point {}'s effective scenario", *unkept.changed_point),
        run_count_text(unkept.changed.size()), describe_runs(unkept.changed)));
  }
  if (!unkept.beyond.empty())
    reasons.push_back(fmt::format("replications went from {} to {}, which drops {}: {}", stored.replications,
                                  plan.replications, run_count_text(unkept.beyond.size()), describe_runs(unkept.beyond)));
  std::string all;
  for (const std::string& r : reasons) all += (all.empty() ? "" : "; and ") + r;
  return all;
}

}  // namespace

StoredSweep SweepStore::Impl::stored_sweep() {
  StoredSweep out;
  {
    auto s = db.prepare("SELECT point, overrides, scenario_hash FROM points ORDER BY point");
    while (s.step()) out.points.push_back({s.text(1), s.is_null(2) ? std::string() : s.text(2), {}, {}});
  }
  {
    auto s = db.prepare("SELECT point, key, value FROM point_values ORDER BY point, col");
    while (s.step()) {
      std::string& v = out.points[point_index(s.integer(0), out.points.size(), "point_values", file)].values;
      v += fmt::format("{}{}={}", v.empty() ? "" : ", ", s.text(1), s.text(2));
    }
  }
  {
    auto s = db.prepare("SELECT run, point, replication FROM runs WHERE status = 'done' ORDER BY run");
    while (s.step())
      out.points[point_index(s.integer(1), out.points.size(), "runs", file)].done.push_back(
          {static_cast<int>(s.integer(0)), static_cast<int>(s.integer(1)), static_cast<int>(s.integer(2))});
  }
  auto s = db.prepare("SELECT fixed_overrides, base_hash, replications, base_scenario FROM sweep WHERE id = 1");
  s.step();
  out.fixed_overrides = s.is_null(0) ? std::string() : s.text(0);
  out.base_hash = s.text(1);
  out.replications = static_cast<int>(s.integer(2));
  out.base_scenario = s.is_null(3) ? std::string() : s.text(3);
  return out;
}

/// Brings a stored sweep in line with the sweep as it is now: keeps every done run the sweep
/// still contains unchanged (same overrides, same effective scenario, a replication it still
/// has), renumbering it to the new plan, and adds the new runs as pending. Refuses (SweepMismatch,
/// naming what changed and the done runs it alters) when a done run would be lost or changed.
void SweepStore::Impl::reconcile(const SweepSpec& spec, const SweepPlan& plan, const std::string& what) {
  const StoredSweep stored = stored_sweep();
  // Each stored point goes to the first unclaimed new point with the same overrides.
  std::map<std::string, std::deque<int>> by_overrides;
  for (const SweepPoint& p : plan.points) by_overrides[joined(p.overrides)].push_back(p.index);
  std::vector<int> new_point_of(stored.points.size(), -1);
  Unkept unkept;
  for (std::size_t q = 0; q < stored.points.size(); ++q) {
    const StoredPoint& old = stored.points[q];
    if (auto it = by_overrides.find(old.overrides); it != by_overrides.end() && !it->second.empty()) {
      new_point_of[q] = it->second.front();
      it->second.pop_front();
    }
    if (old.done.empty()) continue;
    if (new_point_of[q] < 0) {
      unkept.orphan_points.push_back(q);
      unkept.orphaned.insert(unkept.orphaned.end(), old.done.begin(), old.done.end());
      continue;
    }
    const std::string& now = plan.points[static_cast<std::size_t>(new_point_of[q])].scenario_hash;
    const bool scenario_changed =
        !old.scenario_hash.empty() && !now.empty() ? old.scenario_hash != now : stored.base_hash != spec.base_hash;
    if (scenario_changed) {
      if (!unkept.changed_point) unkept.changed_point = q;
      unkept.changed.insert(unkept.changed.end(), old.done.begin(), old.done.end());
    }
    for (const DamagedRun& r : old.done)
      if (r.replication >= plan.replications) unkept.beyond.push_back(r);
  }
  if (!unkept.empty())
    throw SweepMismatch(fmt::format(
        "{}, and {} differs from it in what finished runs computed: {}. A sweep resumes and grows as long as every "
        "finished run is still in it unchanged (edited comments or descriptions, added axis values, cases or "
        "replications are fine). Undo that change, or use another --out directory for the changed sweep",
        what, spec.source_file, describe_unkept(stored, unkept, spec, plan)));

  bool same_numbering = stored.points.size() == plan.points.size() && stored.replications == plan.replications;
  for (std::size_t q = 0; q < stored.points.size() && same_numbering; ++q)
    same_numbering = new_point_of[q] == static_cast<int>(q);
  if (!same_numbering) renumber(new_point_of, plan);
  write_plan(plan);
}

/// Moves every done run (and its rows) to its number in the new plan, drops the other runs and
/// adds the new plan's runs as pending. Two passes through negative numbers, so that no row ever
/// takes a key another still holds.
void SweepStore::Impl::renumber(const std::vector<int>& new_point_of, const SweepPlan& plan) {
  db.exec("CREATE TEMP TABLE point_map(old INTEGER PRIMARY KEY, new INTEGER NOT NULL);"
          "CREATE TEMP TABLE run_map(old INTEGER PRIMARY KEY, new INTEGER NOT NULL, point INTEGER NOT NULL)");
  {
    auto insert = db.prepare("INSERT INTO temp.point_map(old, new) VALUES (?, ?)");
    for (std::size_t q = 0; q < new_point_of.size(); ++q)
      if (new_point_of[q] >= 0) insert.bind(1, static_cast<int>(q)).bind(2, new_point_of[q]).run();
  }
  {
    std::vector<std::array<int, 3>> moves;  // old run, new run, new point
    auto s = db.prepare("SELECT run, point, replication FROM runs WHERE status = 'done'");
    while (s.step()) {
      const int point = new_point_of[static_cast<std::size_t>(s.integer(1))];
      moves.push_back({static_cast<int>(s.integer(0)), plan.run_id(point, static_cast<int>(s.integer(2))), point});
    }
    auto insert = db.prepare("INSERT INTO temp.run_map(old, new, point) VALUES (?, ?, ?)");
    for (const auto& [old_run, new_run, point] : moves) insert.bind(1, old_run).bind(2, new_run).bind(3, point).run();
  }
  db.exec("DELETE FROM runs WHERE run NOT IN (SELECT old FROM temp.run_map);"
          "UPDATE runs SET (run, point) = (SELECT -1 - new, -1 - point FROM temp.run_map WHERE old = runs.run);"
          "UPDATE runs SET run = -1 - run, point = -1 - point;"
          "DELETE FROM point_summary;");
  for (const char* table : kRunTables)
    if (db.has_table(table))
      db.exec(fmt::format("DELETE FROM {0} WHERE run NOT IN (SELECT old FROM temp.run_map);"
                          "UPDATE {0} SET run = -1 - (SELECT new FROM temp.run_map WHERE old = {0}.run);"
                          "UPDATE {0} SET run = -1 - run;",
                          table));
  for (const char* table : {"streets", "grids"})
    if (db.has_table(table))
      db.exec(fmt::format("DELETE FROM {0} WHERE point NOT IN (SELECT old FROM temp.point_map);"
                          "UPDATE {0} SET point = -1 - (SELECT new FROM temp.point_map WHERE old = {0}.point);"
                          "UPDATE {0} SET point = -1 - point;",
                          table));
  db.exec("DROP TABLE temp.point_map; DROP TABLE temp.run_map;");
  auto run = db.prepare("INSERT OR IGNORE INTO runs(run, point, replication) VALUES (?, ?, ?)");
  for (const SweepPoint& p : plan.points)
    for (int r = 0; r < plan.replications; ++r) run.bind(1, plan.run_id(p.index, r)).bind(2, p.index).bind(3, r).run();
  // A checksum covers a run's number and point: those that moved get theirs anew (their values
  // were verified on opening).
  auto set = db.prepare("UPDATE runs SET checksum = ? WHERE run = ?");
  for (const auto& r : done_run_checksums()) set.bind(1, r.now).bind(2, r.id.run).run();
}

/// The plan's axes, points and their values, replacing those stored.
void SweepStore::Impl::write_plan(const SweepPlan& plan) {
  db.exec("DELETE FROM axes; DELETE FROM points; DELETE FROM point_values;");
  auto axis = db.prepare("INSERT INTO axes(col, key, kind, axis) VALUES (?, ?, ?, ?)");
  for (std::size_t c = 0; c < plan.columns.size(); ++c)
    axis.bind(1, static_cast<int>(c)).bind(2, plan.columns[c].key).bind(3, kind_name(plan.columns[c].kind))
        .bind(4, plan.columns[c].axis).run();
  auto point = db.prepare("INSERT INTO points(point, overrides, scenario_hash) VALUES (?, ?, ?)");
  auto value = db.prepare("INSERT INTO point_values(point, col, key, value, number) VALUES (?, ?, ?, ?, ?)");
  for (const SweepPoint& p : plan.points) {
    point.bind(1, p.index).bind(2, joined(p.overrides));
    if (!p.scenario_hash.empty()) point.bind(3, p.scenario_hash);
    point.run();
    for (std::size_t c = 0; c < p.values.size(); ++c) {
      value.bind(1, p.index).bind(2, static_cast<int>(c)).bind(3, plan.columns[c].key).bind(4, p.values[c]);
      if (const auto n = as_number(p.values[c])) value.bind(5, *n);
      value.run();
    }
  }
}

/// The sweep row as the sweep is now, and a sessions row for this opening.
void SweepStore::Impl::record_session(const SweepSpec& spec, const SweepPlan& plan) {
  std::string command_line;
  for (const std::string& s : spec.command_line_sets) (command_line += s) += '\n';
  auto update = db.prepare(
      "UPDATE sweep SET name = ?, description = ?, sweep_file = ?, sweep_yaml = ?, base_file = ?, base_yaml = ?, "
      "base_hash = ?, plan_hash = ?, seed = ?, replications = ?, points = ?, runs = ?, fixed_overrides = ?, "
      "command_line_sets = ?, store_daily = ?, store_grids = ?, base_scenario = ? WHERE id = 1");
  update.bind(1, spec.name).bind(2, spec.description).bind(3, spec.source_file).bind(4, spec.yaml)
      .bind(5, spec.base_file).bind(6, spec.base_yaml).bind(7, spec.base_hash).bind(8, plan_hash(plan))
      .bind(9, std::to_string(spec.seed)).bind(10, plan.replications).bind(11, static_cast<int>(plan.points.size()))
      .bind(12, plan.run_count()).bind(13, joined(fixed_overrides(spec))).bind(14, command_line)
      .bind(15, static_cast<int>(spec.store_daily)).bind(16, static_cast<int>(spec.store_grids));
  if (!plan.base_scenario.empty()) update.bind(17, plan.base_scenario);
  update.run();
  auto done = db.prepare("SELECT COUNT(*) FROM runs WHERE status = 'done'");
  done.step();
  db.prepare("INSERT INTO sessions(started_utc, govgrid_version, govgrid_commit, sweep_file, sweep_yaml, "
             "command_line_sets, points, runs, runs_done) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, utc_now()).bind(2, kBuildVersion).bind(3, kBuildCommit).bind(4, spec.source_file).bind(5, spec.yaml)
      .bind(6, command_line).bind(7, static_cast<int>(plan.points.size())).bind(8, plan.run_count())
      .bind(9, done.integer(0))
      .run();
}

void SweepStore::open_for_writing(const fs::path& file, const SweepSpec& spec, const SweepPlan& plan) {
  const fs::path dir = file.parent_path();
  impl_ = std::make_unique<Impl>(file, sqlite::Database::Mode::read_write_create);
  auto& db = impl_->db;
  // WAL: readers (export, a notebook) never block the writer; synchronous=FULL makes each
  // commit durable before the next run is handed out.
  if (db.has_table("sweep")) check_integrity(db, file);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = OFF;");

  sqlite::Transaction tx(db);
  if (db.has_table("sweep")) {
    std::string name, stored_file, started;
    std::int64_t format = 0;
    {
      auto s = db.prepare("SELECT name, sweep_file, format, created_utc FROM sweep WHERE id = 1");
      if (!s.step())
        throw SweepMismatch(fmt::format("{} holds no sweep (its sweep table is empty); delete {} to start over",
                                        file.string(), dir.string()));
      name = s.text(0), stored_file = s.text(1), format = s.integer(2), started = s.text(3);
    }  // the statement ends here: ALTER TABLE below needs no reader open
    const std::string what = fmt::format("{} already holds sweep \"{}\" (from {}, started {})", dir.string(), name,
                                         stored_file, started);
    if (format < kOldestFormat || format > kFormat)
      throw SweepMismatch(fmt::format("{}, written in storage format {}; this govgrid reads formats {} to {}. For a "
                                      "different sweep use another --out directory, or delete {} to start over.",
                                      what, format, kOldestFormat, kFormat, dir.string()));
    check_consistency(db, file);
    impl_->load_header();  // the metric names, which checksums cover
    if (format == kFormatWithoutChecksums) {
      // Written before checksums: its done runs get one over their values as they are now
      // (unverifiable; the caller says so).
      db.exec("ALTER TABLE runs ADD COLUMN checksum TEXT");
      auto set = db.prepare("UPDATE runs SET checksum = ? WHERE run = ?");
      for (const auto& r : impl_->done_run_checksums()) set.bind(1, r.now).bind(2, r.id.run).run();
      impl_->upgraded_from_format = kFormatWithoutChecksums;
    } else {
      // A done run whose values changed since it was stored is not trusted: pending again, so
      // this sweep computes it anew (runs are deterministic: the same values come back).
      impl_->damaged = impl_->runs_failing_checksum();
      auto reset = db.prepare("UPDATE runs SET status = 'pending', checksum = NULL WHERE run = ?");
      for (const DamagedRun& r : impl_->damaged) {
        reset.bind(1, r.run).run();
        for (const char* table : kRunTables)
          if (db.has_table(table)) db.prepare(fmt::format("DELETE FROM {} WHERE run = ?", table)).bind(1, r.run).run();
      }
    }
    if (format < kFormat) upgrade_to_format_3(db);
    impl_->reconcile(spec, plan, what);
  } else {
    if (db.has_table("runs") || db.has_table("metrics"))
      throw SweepMismatch(fmt::format("{} is not a govgrid sweep database; use another --out directory", file.string()));
    db.exec(kSchema);
    db.prepare("INSERT INTO sweep(id, name, sweep_yaml, base_hash, plan_hash, seed, replications, points, runs, "
               "created_utc, format) VALUES (1, ?, '', '', '', '', 0, 0, 0, ?, ?)")
        .bind(1, spec.name).bind(2, utc_now()).bind(3, kFormat).run();
    auto def = db.prepare("INSERT INTO metric_defs(idx, metric, unit, en, zh) VALUES (?, ?, ?, ?, ?)");
    const auto defs = metric_defs();
    for (std::size_t i = 0; i < defs.size(); ++i)
      def.bind(1, static_cast<int>(i)).bind(2, defs[i].name).bind(3, defs[i].unit).bind(4, defs[i].en)
          .bind(5, defs[i].zh).run();
    upgrade_to_format_3(db);
    db.prepare("UPDATE sweep SET govgrid_version = ?, govgrid_commit = ? WHERE id = 1")
        .bind(1, kBuildVersion).bind(2, kBuildCommit).run();
    impl_->write_plan(plan);
    auto run = db.prepare("INSERT INTO runs(run, point, replication) VALUES (?, ?, ?)");
    for (const SweepPoint& p : plan.points)
      for (int r = 0; r < plan.replications; ++r) run.bind(1, plan.run_id(p.index, r)).bind(2, p.index).bind(3, r).run();
  }
  impl_->record_session(spec, plan);
  tx.commit();
  impl_->load_header();
}

SweepStore SweepStore::open_existing(const fs::path& dir) {
  const fs::path file = dir / kFileName;
  std::error_code ec;
  if (!fs::is_regular_file(file, ec))
    throw SweepMismatch(fmt::format("{} holds no sweep results (no {})", dir.string(), file.string()));
  SweepStore store;
  try {
    store.impl_ = std::make_unique<Impl>(file, sqlite::Database::Mode::read_only);
    if (!store.impl_->db.has_table("sweep"))
      throw SweepMismatch(fmt::format("{} is not a govgrid sweep database", file.string()));
    check_integrity(store.impl_->db, file);
    Impl& im = *store.impl_;
    im.load_header();
    if (im.format < kOldestFormat || im.format > kFormat)
      throw SweepMismatch(fmt::format("{} was written in storage format {}, which this govgrid cannot read (it reads "
                                      "formats {} to {}); export it with the govgrid that wrote it",
                                      file.string(), im.format, kOldestFormat, kFormat));
    check_consistency(im.db, file);
    if (im.format > kFormatWithoutChecksums)
      if (const auto damaged = im.runs_failing_checksum(); !damaged.empty()) {
        std::string sweep_file;
        if (auto s = im.db.prepare("SELECT sweep_file FROM sweep WHERE id = 1"); s.step()) sweep_file = s.text(0);
        const int kept = store.done_runs() - static_cast<int>(damaged.size());
        throw SweepDamaged(fmt::format(
            "{} is damaged ({} {}: a value stored for {} changed after it was written). The other {} "
            "stored run{} sound: run the sweep command that wrote it again (govgrid sweep {} --out {}, with the "
            "same --set options if any) to compute only {} again, keeping them; then export again",
            file.string(), describe_runs(damaged), damaged.size() == 1 ? "fails its checksum" : "fail their checksums",
            damaged.size() == 1 ? "it" : "them", kept, kept == 1 ? " is" : "s are", sweep_file, dir.string(),
            damaged.size() == 1 ? "that run" : "those runs"));
      }
  } catch (const sqlite::Error& e) {
    if (e.damaged()) throw_damaged(file, e.what());
    throw;
  }
  return store;
}

SweepStore::~SweepStore() = default;
SweepStore::SweepStore(SweepStore&&) noexcept = default;

const fs::path& SweepStore::file() const { return impl_->file; }
const std::vector<DamagedRun>& SweepStore::damaged_runs() const { return impl_->damaged; }
int SweepStore::upgraded_from_format() const { return impl_->upgraded_from_format; }
bool SweepStore::checksummed() const { return impl_->format > kFormatWithoutChecksums; }
int SweepStore::run_count() const { return impl_->run_count; }

std::vector<int> SweepStore::pending_runs() const {
  std::vector<int> out;
  auto s = impl_->db.prepare("SELECT run FROM runs WHERE status <> 'done' ORDER BY run");
  while (s.step()) out.push_back(static_cast<int>(s.integer(0)));
  return out;
}

int SweepStore::done_runs() const {
  auto s = impl_->db.prepare("SELECT COUNT(*) FROM runs WHERE status = 'done'");
  s.step();
  return static_cast<int>(s.integer(0));
}

void SweepStore::commit(const RunRecord& r) {
  auto& im = *impl_;
  if (r.run < 0 || r.run >= im.run_count || r.point != r.run / im.replications ||
      r.replication != r.run % im.replications)
    throw std::invalid_argument(fmt::format("sweep store: run {} (point {}, replication {}) does not fit a sweep of "
                                            "{} runs × {} replications",
                                            r.run, r.point, r.replication, im.run_count, im.replications));
  if (r.ok && r.metrics.size() != im.metric_names.size())
    throw std::invalid_argument(fmt::format("sweep store: run {} has {} metrics, the sweep's catalogue {}", r.run,
                                            r.metrics.size(), im.metric_names.size()));
  for (const auto& day : r.daily)
    if (day.size() != daily_columns().size())
      throw std::invalid_argument(fmt::format("sweep store: run {} has a day of {} values, the daily table {} columns",
                                              r.run, day.size(), daily_columns().size()));
  for (const GridRow& g : r.grids)
    if (g.metrics.size() != im.metric_names.size())
      throw std::invalid_argument(fmt::format("sweep store: run {} has a grid of {} metrics, the sweep's catalogue {}",
                                              r.run, g.metrics.size(), im.metric_names.size()));
  try {
    store_run(r);
  } catch (const sqlite::Error& e) {
    if (!e.disk_full()) throw;
    throw std::runtime_error(fmt::format(
        "the disk holding {} is full: run {} was not stored. Free some space and run the same sweep command "
        "again; it resumes from the {} runs stored so far",
        im.file.string(), r.run, done_runs()));
  }
}

void SweepStore::store_run(const RunRecord& r) {
  auto& im = *impl_;
  auto& db = im.db;
  sqlite::Transaction tx(db);
  if (!r.ok) {
    db.prepare("UPDATE runs SET status = 'failed', error = ?, wall_seconds = ?, rank = ?, finished_utc = ? "
               "WHERE run = ?")
        .bind(1, r.error).bind(2, r.wall_seconds).bind(3, r.rank).bind(4, utc_now()).bind(5, r.run).run();
    tx.commit();
    return;
  }
  db.prepare("UPDATE runs SET status = 'done', seed = ?, wall_seconds = ?, events = ?, rank = ?, error = NULL, "
             "finished_utc = ?, checksum = ?, govgrid_version = ?, govgrid_commit = ? WHERE run = ?")
      .bind(1, std::to_string(r.seed)).bind(2, r.wall_seconds).bind(3, static_cast<std::int64_t>(r.events))
      .bind(4, r.rank).bind(5, utc_now()).bind(6, checksum_of(r, im.metric_names)).bind(7, kBuildVersion)
      .bind(8, kBuildCommit).bind(9, r.run).run();
  // A run is never stored twice, but a failed attempt must not leave rows behind either.
  for (const char* table : kRunTables) db.prepare(fmt::format("DELETE FROM {} WHERE run = ?", table)).bind(1, r.run).run();
  auto metric = db.prepare("INSERT INTO metrics(run, metric, value) VALUES (?, ?, ?)");
  for (std::size_t m = 0; m < r.metrics.size(); ++m) metric.bind(1, r.run).bind(2, im.metric_names[m]).bind(3, r.metrics[m]).run();
  auto street = db.prepare("INSERT OR IGNORE INTO streets(point, street, name) VALUES (?, ?, ?)");
  auto street_metric = db.prepare("INSERT INTO street_metrics(run, street, metric, value) VALUES (?, ?, ?, ?)");
  for (std::size_t s = 0; s < r.street_metrics.size(); ++s) {
    street.bind(1, r.point).bind(2, static_cast<int>(s)).bind(3, s < r.street_names.size() ? r.street_names[s] : "").run();
    const auto& values = r.street_metrics[s];
    for (std::size_t m = 0; m < values.size() && m < im.metric_names.size(); ++m)
      street_metric.bind(1, r.run).bind(2, static_cast<int>(s)).bind(3, im.metric_names[m]).bind(4, values[m]).run();
  }
  if (!r.daily.empty()) {
    auto day = db.prepare(insert_sql("daily", "day", daily_columns()));
    for (std::size_t d = 0; d < r.daily.size(); ++d) {
      day.bind(1, r.run).bind(2, static_cast<std::int64_t>(d));
      for (std::size_t c = 0; c < r.daily[d].size(); ++c) day.bind(static_cast<int>(c) + 3, r.daily[d][c]);
      day.run();
    }
  }
  if (!r.grids.empty()) {
    auto grid = db.prepare("INSERT OR IGNORE INTO grids(point, grid, name, community, street, residents) "
                           "VALUES (?, ?, ?, ?, ?, ?)");
    auto grid_metrics = db.prepare(insert_sql("grid_metrics", "grid", im.metric_names));
    for (std::size_t g = 0; g < r.grids.size(); ++g) {
      const GridRow& row = r.grids[g];
      grid.bind(1, r.point).bind(2, static_cast<int>(g)).bind(3, row.name).bind(4, row.community).bind(5, row.street)
          .bind(6, row.residents).run();
      grid_metrics.bind(1, r.run).bind(2, static_cast<int>(g));
      for (std::size_t m = 0; m < row.metrics.size(); ++m) grid_metrics.bind(static_cast<int>(m) + 3, row.metrics[m]);
      grid_metrics.run();
    }
  }
  tx.commit();
}

SweepSummary SweepStore::summary() const {
  auto& db = impl_->db;
  SweepSummary out;
  out.metrics = impl_->metric_names;
  out.replications = impl_->replications;
  out.run_count = impl_->run_count;
  out.done_runs = done_runs();
  {
    const bool has_version = has_column(db, "sweep", "govgrid_version");
    auto s = db.prepare(fmt::format("SELECT name, description, sweep_file{} FROM sweep WHERE id = 1",
                                    has_version ? ", govgrid_version, govgrid_commit" : ""));
    if (s.step()) {
      out.name = s.text(0), out.description = s.text(1), out.sweep_file = s.text(2);
      if (has_version) out.govgrid_version = fmt::format("{} (commit {})", s.text(3), s.text(4));
    }
  }
  {
    auto s = db.prepare("SELECT key, kind, axis FROM axes ORDER BY col");
    while (s.step()) {
      out.columns.push_back(s.text(0));
      out.column_kinds.push_back(s.text(1));
      out.column_axes.push_back(static_cast<int>(s.integer(2)));
    }
  }
  {
    auto s = db.prepare("SELECT point FROM points ORDER BY point");
    while (s.step()) out.points.push_back({static_cast<int>(s.integer(0)), {}, 0, {}});
  }
  {
    auto s = db.prepare("SELECT point, value FROM point_values ORDER BY point, col");
    while (s.step())
      out.points[point_index(s.integer(0), out.points.size(), "point_values", impl_->file)].values.push_back(s.text(1));
  }
  std::map<std::string, std::size_t> metric_index;
  for (std::size_t m = 0; m < out.metrics.size(); ++m) metric_index[out.metrics[m]] = m;
  // Samples per (point, metric), in replication order, so means add up the same way every time.
  std::vector<std::vector<std::vector<double>>> samples(
      out.points.size(), std::vector<std::vector<double>>(out.metrics.size()));
  {
    auto s = db.prepare(
        "SELECT r.point, m.metric, m.value FROM runs r JOIN metrics m ON m.run = r.run "
        "WHERE r.status = 'done' ORDER BY r.point, r.replication, m.metric");
    while (s.step()) {
      const auto it = metric_index.find(s.text(1));
      if (it == metric_index.end()) continue;
      samples[point_index(s.integer(0), samples.size(), "runs", impl_->file)][it->second].push_back(s.real(2));
    }
  }
  {
    auto s = db.prepare("SELECT point, COUNT(*) FROM runs WHERE status = 'done' GROUP BY point ORDER BY point");
    while (s.step())
      out.points[point_index(s.integer(0), out.points.size(), "runs", impl_->file)].runs = static_cast<int>(s.integer(1));
  }
  for (std::size_t p = 0; p < out.points.size(); ++p)
    for (std::size_t m = 0; m < out.metrics.size(); ++m) out.points[p].metrics.push_back(mean_ci95(samples[p][m]));
  return out;
}

std::vector<std::vector<double>> SweepStore::replication_values(std::string_view metric) const {
  auto& im = *impl_;
  std::int64_t points = 0;
  {
    auto s = im.db.prepare("SELECT points FROM sweep WHERE id = 1");
    if (s.step()) points = s.integer(0);
  }
  std::vector<std::vector<double>> out(static_cast<std::size_t>(std::max<std::int64_t>(points, 0)),
                                       std::vector<double>(static_cast<std::size_t>(im.replications), std::nan("")));
  auto s = im.db.prepare("SELECT r.point, r.replication, m.value FROM runs r JOIN metrics m ON m.run = r.run "
                         "WHERE r.status = 'done' AND m.metric = ?");
  s.bind(1, metric);
  while (s.step()) {
    const std::size_t point = point_index(s.integer(0), out.size(), "runs", im.file);
    const std::int64_t r = s.integer(1);
    if (r >= 0 && r < im.replications) out[point][static_cast<std::size_t>(r)] = s.real(2);
  }
  return out;
}

void SweepStore::refresh_point_summary() {
  const SweepSummary s = summary();
  auto& db = impl_->db;
  sqlite::Transaction tx(db);
  db.exec("DELETE FROM point_summary");
  auto insert = db.prepare("INSERT INTO point_summary(point, metric, n, mean, ci95_lo, ci95_hi) VALUES (?, ?, ?, ?, ?, ?)");
  for (const auto& p : s.points)
    for (std::size_t m = 0; m < s.metrics.size(); ++m) {
      const Interval& i = p.metrics[m];
      insert.bind(1, p.point).bind(2, s.metrics[m]).bind(3, i.n).bind(4, i.mean).bind(5, i.lo).bind(6, i.hi).run();
    }
  tx.commit();
}

std::string SweepStore::runs_csv() const {
  auto& db = impl_->db;
  const SweepSummary s = summary();
  std::string out = "run,point";
  for (const auto& c : s.columns) (out += ',') += csv_field(c);
  out += ",replication,seed,status,events";
  for (const auto& m : s.metrics) (out += ',') += m;
  out += '\n';
  std::map<std::string, std::size_t> metric_index;
  for (std::size_t m = 0; m < s.metrics.size(); ++m) metric_index[s.metrics[m]] = m;
  auto runs = db.prepare("SELECT run, point, replication, seed, status, events FROM runs ORDER BY run");
  auto values = db.prepare("SELECT metric, value FROM metrics WHERE run = ?");
  while (runs.step()) {
    const int run = static_cast<int>(runs.integer(0));
    const std::size_t point = point_index(runs.integer(1), s.points.size(), "runs", impl_->file);
    const bool done = runs.text(4) == "done";
    out += fmt::format("{},{}", run, point);
    for (const auto& v : s.points[point].values) (out += ',') += csv_field(v);
    out += fmt::format(",{},{},{},{}", runs.integer(2), runs.text(3), runs.text(4),
                       done ? std::to_string(runs.integer(5)) : std::string());
    std::vector<double> row(s.metrics.size(), std::nan(""));
    if (done) {
      values.bind(1, run);
      while (values.step()) {
        const auto it = metric_index.find(values.text(0));
        if (it != metric_index.end()) row[it->second] = values.real(1);
      }
      values.reset();
    }
    for (double v : row) (out += ',') += csv_number(v);
    out += '\n';
  }
  return out;
}

namespace {

/// "run,point,<swept keys...>,replication" and each run's start of a row in that layout.
struct RunColumns {
  std::string header;
  std::map<std::int64_t, std::string> lead;  ///< by run: its run, point, values, replication
};

RunColumns run_columns(sqlite::Database& db, const SweepSummary& s, const fs::path& file) {
  RunColumns out;
  out.header = "run,point";
  for (const auto& c : s.columns) (out.header += ',') += csv_field(c);
  out.header += ",replication";
  auto runs = db.prepare("SELECT run, point, replication FROM runs WHERE status = 'done' ORDER BY run");
  while (runs.step()) {
    const std::size_t point = point_index(runs.integer(1), s.points.size(), "runs", file);
    std::string lead = fmt::format("{},{}", runs.integer(0), point);
    for (const auto& v : s.points[point].values) (lead += ',') += csv_field(v);
    out.lead[runs.integer(0)] = lead + fmt::format(",{}", runs.integer(2));
  }
  return out;
}

}  // namespace

std::string SweepStore::daily_csv() const {
  auto& db = impl_->db;
  const RunColumns runs = run_columns(db, summary(), impl_->file);
  std::string out = runs.header + ",day";
  for (const std::string& c : daily_columns()) (out += ',') += c;
  out += '\n';
  if (!db.has_table("daily")) return out;
  auto s = db.prepare(fmt::format("SELECT run, day{} FROM daily ORDER BY run, day", column_list(daily_columns())));
  while (s.step()) {
    const auto lead = runs.lead.find(s.integer(0));
    if (lead == runs.lead.end()) continue;  // rows of a run that is not done
    out += fmt::format("{},{}", lead->second, s.integer(1));
    for (std::size_t c = 0; c < daily_columns().size(); ++c) (out += ',') += csv_number(s.real(static_cast<int>(c) + 2));
    out += '\n';
  }
  return out;
}

std::string SweepStore::grids_csv() const {
  auto& db = impl_->db;
  const RunColumns runs = run_columns(db, summary(), impl_->file);
  std::string out = runs.header + ",grid,grid_name,community,street,residents";
  for (const auto& m : impl_->metric_names) (out += ',') += m;
  out += '\n';
  if (!db.has_table("grid_metrics")) return out;
  std::string metrics;
  for (const auto& m : impl_->metric_names) metrics += ", m." + sql_name(m);
  auto s = db.prepare(fmt::format("SELECT m.run, m.grid, g.name, g.community, g.street, g.residents{} "
                                  "FROM grid_metrics m JOIN runs r ON r.run = m.run "
                                  "LEFT JOIN grids g ON g.point = r.point AND g.grid = m.grid ORDER BY m.run, m.grid",
                                  metrics));
  while (s.step()) {
    const auto lead = runs.lead.find(s.integer(0));
    if (lead == runs.lead.end()) continue;  // rows of a run that is not done
    out += fmt::format("{},{},{},{},{},{}", lead->second, s.integer(1), csv_field(s.text(2)), s.text(3), s.text(4),
                       s.text(5));
    for (std::size_t m = 0; m < impl_->metric_names.size(); ++m) (out += ',') += csv_number(s.real(static_cast<int>(m) + 6));
    out += '\n';
  }
  return out;
}

std::string describe_runs(const std::vector<DamagedRun>& runs) {
  constexpr std::size_t kNamed = 10;
  std::string out;
  for (std::size_t i = 0; i < runs.size() && i < kNamed; ++i)
    out += fmt::format("{}run {} (point {}, replication {})", i ? ", " : "", runs[i].run, runs[i].point,
                       runs[i].replication);
  if (runs.size() > kNamed) out += fmt::format(" and {} more", runs.size() - kNamed);
  return out;
}

std::string summary_csv(const SweepSummary& s) {
  std::string out = "point";
  for (const auto& c : s.columns) (out += ',') += csv_field(c);
  out += ",runs";
  for (const auto& m : s.metrics) out += fmt::format(",{0}_mean,{0}_lo,{0}_hi", m);
  out += '\n';
  for (const auto& p : s.points) {
    out += std::to_string(p.point);
    for (const auto& v : p.values) (out += ',') += csv_field(v);
    out += ',' + std::to_string(p.runs);
    for (const auto& i : p.metrics) out += fmt::format(",{},{},{}", csv_number(i.mean), csv_number(i.lo), csv_number(i.hi));
    out += '\n';
  }
  return out;
}

}  // namespace govgrid
