// Helpers shared by the sweep tests: paths, scratch directories and a full dump of a
// sweep's stored results for equality checks.
#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

namespace govgrid::test {

namespace fs = std::filesystem;

inline const fs::path kSourceDir = GOVGRID_SOURCE_DIR;
inline const fs::path kTinySweep = kSourceDir / "tests" / "engine" / "run" / "sweep" / "data" / "tiny.yaml";

/// A fresh, empty directory under the test's working directory.
inline fs::path scratch(const std::string& name) {
  const fs::path dir = fs::current_path() / "sweep_scratch" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

/// Every stored value that must not depend on how the sweep was computed: runs (without
/// wall-clock time, rank or timestamps), metrics, per-street metrics, streets, points and the
/// point summary, each ordered by its key; doubles printed exactly (%a).
inline std::string dump(const fs::path& dir) {
  sqlite3* db = nullptr;
  const std::string file = (dir / "results.sqlite").string();
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + file);
  }
  std::string out;
  for (const char* sql :
       {"SELECT run, point, replication, seed, status, events FROM runs ORDER BY run",
        "SELECT run, metric, value FROM metrics ORDER BY run, metric",
        "SELECT run, street, metric, value FROM street_metrics ORDER BY run, street, metric",
        "SELECT point, street, name FROM streets ORDER BY point, street",
        "SELECT point, col, key, value, number FROM point_values ORDER BY point, col",
        "SELECT point, overrides FROM points ORDER BY point",
        "SELECT point, metric, n, mean, ci95_lo, ci95_hi FROM point_summary ORDER BY point, metric"}) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
      sqlite3_close(db);
      throw std::runtime_error(fmt::format("{}: {}", sql, sqlite3_errmsg(db)));
    }
    out += fmt::format("-- {}\n", sql);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_NULL: out += "NULL"; break;
          case SQLITE_FLOAT: out += fmt::format("{:a}", sqlite3_column_double(stmt, c)); break;
          default: out += reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        }
        out += '|';
      }
      out += '\n';
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return out;
}

/// The rows of `sql` on DIR/results.sqlite, each value followed by '|', a row per line.
inline std::string query(const fs::path& dir, const std::string& sql) {
  sqlite3* db = nullptr;
  const std::string file = (dir / "results.sqlite").string();
  std::string out;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    const std::string error = sqlite3_errmsg(db);
    sqlite3_close(db);
    throw std::runtime_error(fmt::format("{}: {}", sql, error));
  }
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
      const auto* text = sqlite3_column_text(stmt, c);
      out += text ? reinterpret_cast<const char*>(text) : "NULL";
      out += '|';
    }
    out += '\n';
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

/// Runs `sql` on DIR/results.sqlite with the sqlite3 C API, as an outside program (or a bad
/// disk) would change it behind govgrid's back. Throws std::runtime_error on failure.
inline void execute_sql(const fs::path& dir, const std::string& sql) {
  sqlite3* db = nullptr;
  const std::string file = (dir / "results.sqlite").string();
  char* message = nullptr;
  const bool ok = sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK &&
                  sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) == SQLITE_OK;
  const std::string error = message ? message : sqlite3_errmsg(db);
  sqlite3_free(message);
  sqlite3_close(db);
  if (!ok) throw std::runtime_error(fmt::format("{}: {}", sql, error));
}

/// The number of runs stored as done, or -1 when the file cannot be read yet.
inline int done_runs(const fs::path& dir) {
  sqlite3* db = nullptr;
  const std::string file = (dir / "results.sqlite").string();
  int done = -1;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(db, 1000);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM runs WHERE status = 'done'", -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
      done = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return done;
}

}  // namespace govgrid::test
