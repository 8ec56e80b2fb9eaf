#include "engine/run/sweep/store.h"

#include <bit>
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
#include "engine/run/sweep/sqlite.h"

namespace govgrid {

namespace fs = std::filesystem;

namespace {

// Bumped when the schema changes incompatibly. Format 2 added runs.checksum; a format-1 store is
// upgraded when its sweep resumes (export reads it unverified); any other format is refused.
constexpr int kFormat = 2;
constexpr int kFormatWithoutChecksums = 1;

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
/// catalogue order. Integers go in as 8 little-endian bytes, texts with their length first, a value as a
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
    std::vector<DoneRun> out;
    while (runs.step()) {
      const std::int64_t run = runs.integer(0);
      RunChecksum sum(run, runs.integer(1), runs.integer(2), runs.text(3), runs.integer(4));
      metrics.bind(1, run);
      while (metrics.step()) sum.add_metric(metrics.text(0), metrics.real(1));
      metrics.reset();
      streets.bind(1, run);
      while (streets.step()) sum.add_street_metric(streets.integer(0), streets.text(1), streets.real(2));
      streets.reset();
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

void SweepStore::open_for_writing(const fs::path& file, const SweepSpec& spec, const SweepPlan& plan) {
  const fs::path dir = file.parent_path();
  impl_ = std::make_unique<Impl>(file, sqlite::Database::Mode::read_write_create);
  auto& db = impl_->db;
  // WAL: readers (export, a notebook) never block the writer; synchronous=FULL makes each
  // commit durable before the next run is handed out.
  if (db.has_table("sweep")) check_integrity(db, file);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = OFF;");
  const std::string hash = plan_hash(plan);

  sqlite::Transaction tx(db);
  if (db.has_table("sweep")) {
    std::string name, stored_file, stored_yaml, stored_base_hash, stored_plan_hash, started;
    std::int64_t format = 0;
    {
      auto s = db.prepare("SELECT name, sweep_file, sweep_yaml, base_file, base_hash, plan_hash, format, created_utc "
                          "FROM sweep WHERE id = 1");
      if (!s.step())
        throw SweepMismatch(fmt::format("{} holds no sweep (its sweep table is empty); delete {} to start over",
                                        file.string(), dir.string()));
      name = s.text(0), stored_file = s.text(1), stored_yaml = s.text(2), stored_base_hash = s.text(4);
      stored_plan_hash = s.text(5), format = s.integer(6), started = s.text(7);
    }  // the statement ends here: ALTER TABLE below needs no reader open
    const std::string what = fmt::format("{} already holds sweep \"{}\" (from {}, started {})", dir.string(), name,
                                         stored_file, started);
    const std::string advice = fmt::format(
        "To resume, run the same sweep file unchanged; for a different sweep use another --out "
        "directory, or delete {} to start over.",
        dir.string());
    if (format != kFormat && format != kFormatWithoutChecksums)
      throw SweepMismatch(fmt::format("{}, written in storage format {}; this govgrid writes format {}. {}", what,
                                      format, kFormat, advice));
    if (stored_yaml != spec.yaml)
      throw SweepMismatch(fmt::format("{}, and {} differs from the sweep file stored there ({}). {}", what,
                                      spec.source_file, first_difference(stored_yaml, spec.yaml), advice));
    if (stored_base_hash != spec.base_hash)
      throw SweepMismatch(fmt::format("{}, and its base scenario {} (or a file it extends) has changed since "
                                      "(hash {} stored, {} now). {}",
                                      what, spec.base_file, stored_base_hash, spec.base_hash, advice));
    if (stored_plan_hash != hash)
      throw SweepMismatch(fmt::format("{}, and this govgrid plans different points for it (plan hash {} "
                                      "stored, {} now). {}",
                                      what, stored_plan_hash, hash, advice));
    check_consistency(db, file);
    {
      auto s = db.prepare("SELECT points, replications FROM sweep WHERE id = 1");
      s.step();
      if (s.integer(0) != static_cast<std::int64_t>(plan.points.size()) || s.integer(1) != plan.replications)
        throw_damaged(file, fmt::format("its sweep table says {} points × {} replications, its sweep file {} × {}",
                                        s.integer(0), s.integer(1), plan.points.size(), plan.replications));
    }
    if (format == kFormatWithoutChecksums) {
      // Written before checksums: its done runs get one over their values as they are now
      // (unverifiable; the caller says so), and the store becomes format 2.
      db.exec("ALTER TABLE runs ADD COLUMN checksum TEXT");
      auto set = db.prepare("UPDATE runs SET checksum = ? WHERE run = ?");
      for (const auto& r : impl_->done_run_checksums()) set.bind(1, r.now).bind(2, r.id.run).run();
      db.prepare("UPDATE sweep SET format = ? WHERE id = 1").bind(1, kFormat).run();
      impl_->upgraded_from_format = kFormatWithoutChecksums;
    } else {
      // A done run whose values changed since it was stored is not trusted: pending again, so
      // this sweep computes it anew (runs are deterministic: the same values come back).
      impl_->damaged = impl_->runs_failing_checksum();
      auto reset = db.prepare("UPDATE runs SET status = 'pending', checksum = NULL WHERE run = ?");
      auto drop_metrics = db.prepare("DELETE FROM metrics WHERE run = ?");
      auto drop_street_metrics = db.prepare("DELETE FROM street_metrics WHERE run = ?");
      for (const DamagedRun& r : impl_->damaged)
        for (auto* statement : {&reset, &drop_metrics, &drop_street_metrics}) statement->bind(1, r.run).run();
    }
    tx.commit();
    impl_->load_header();
    return;
  }
  if (db.has_table("runs") || db.has_table("metrics"))
    throw SweepMismatch(fmt::format("{} is not a govgrid sweep database; use another --out directory", file.string()));

  db.exec(kSchema);
  db.prepare(
        "INSERT INTO sweep(id, name, description, sweep_file, sweep_yaml, base_file, base_yaml, base_hash, "
        "plan_hash, seed, replications, points, runs, created_utc, format) "
        "VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, spec.name)
      .bind(2, spec.description)
      .bind(3, spec.source_file)
      .bind(4, spec.yaml)
      .bind(5, spec.base_file)
      .bind(6, spec.base_yaml)
      .bind(7, spec.base_hash)
      .bind(8, hash)
      .bind(9, std::to_string(spec.seed))
      .bind(10, plan.replications)
      .bind(11, static_cast<int>(plan.points.size()))
      .bind(12, plan.run_count())
      .bind(13, utc_now())
      .bind(14, kFormat)
      .run();
  auto axis = db.prepare("INSERT INTO axes(col, key, kind, axis) VALUES (?, ?, ?, ?)");
  for (std::size_t c = 0; c < plan.columns.size(); ++c)
    axis.bind(1, static_cast<int>(c)).bind(2, plan.columns[c].key).bind(3, kind_name(plan.columns[c].kind))
        .bind(4, plan.columns[c].axis).run();
  auto point = db.prepare("INSERT INTO points(point, overrides) VALUES (?, ?)");
  auto value = db.prepare("INSERT INTO point_values(point, col, key, value, number) VALUES (?, ?, ?, ?, ?)");
  auto run = db.prepare("INSERT INTO runs(run, point, replication) VALUES (?, ?, ?)");
  for (const SweepPoint& p : plan.points) {
    point.bind(1, p.index).bind(2, joined(p.overrides)).run();
    for (std::size_t c = 0; c < p.values.size(); ++c) {
      value.bind(1, p.index).bind(2, static_cast<int>(c)).bind(3, plan.columns[c].key).bind(4, p.values[c]);
      if (const auto n = as_number(p.values[c])) value.bind(5, *n);
      value.run();
    }
    for (int r = 0; r < plan.replications; ++r) run.bind(1, plan.run_id(p.index, r)).bind(2, p.index).bind(3, r).run();
  }
  auto def = db.prepare("INSERT INTO metric_defs(idx, metric, unit, en, zh) VALUES (?, ?, ?, ?, ?)");
  const auto defs = metric_defs();
  for (std::size_t i = 0; i < defs.size(); ++i)
    def.bind(1, static_cast<int>(i)).bind(2, defs[i].name).bind(3, defs[i].unit).bind(4, defs[i].en)
        .bind(5, defs[i].zh).run();
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
    if (im.format != kFormat && im.format != kFormatWithoutChecksums)
      throw SweepMismatch(fmt::format("{} was written in storage format {}, which this govgrid cannot read (it reads "
                                      "formats {} and {}); export it with the govgrid that wrote it",
                                      file.string(), im.format, kFormatWithoutChecksums, kFormat));
    check_consistency(im.db, file);
    if (im.format == kFormat)
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
bool SweepStore::checksummed() const { return impl_->format == kFormat; }
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
             "finished_utc = ?, checksum = ? WHERE run = ?")
      .bind(1, std::to_string(r.seed)).bind(2, r.wall_seconds).bind(3, static_cast<std::int64_t>(r.events))
      .bind(4, r.rank).bind(5, utc_now()).bind(6, checksum_of(r, im.metric_names)).bind(7, r.run).run();
  // A run is never stored twice, but a failed attempt must not leave rows behind either.
  db.prepare("DELETE FROM metrics WHERE run = ?").bind(1, r.run).run();
  db.prepare("DELETE FROM street_metrics WHERE run = ?").bind(1, r.run).run();
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
    auto s = db.prepare("SELECT name FROM sweep WHERE id = 1");
    if (s.step()) out.name = s.text(0);
  }
  {
    auto s = db.prepare("SELECT key FROM axes ORDER BY col");
    while (s.step()) out.columns.push_back(s.text(0));
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
