// A thin RAII layer over the sqlite3 C API: a connection and prepared statements that
// finalize themselves, and errors as exceptions that name the database file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace govgrid::sqlite {

/// Any SQLite failure; what() holds SQLite's message, the statement and the file, code() its
/// primary result code (0 where none).
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what, int code = 0) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }
  /// The file is not a database or is corrupt (SQLITE_NOTADB, SQLITE_CORRUPT).
  bool damaged() const;
  /// The disk (or the file system's quota) is full (SQLITE_FULL).
  bool disk_full() const;

 private:
  int code_;
};

class Statement;

class Database {
 public:
  enum class Mode { read_write_create, read_only };
  /// Opens (or creates) the file. Throws Error.
  Database(const std::filesystem::path& file, Mode mode);
  ~Database();
  Database(Database&& other) noexcept;
  Database& operator=(Database&&) = delete;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  /// Runs one or more statements without results. Throws Error.
  void exec(std::string_view sql);
  /// Prepares one statement. Throws Error.
  Statement prepare(std::string_view sql);
  /// True when a table or view of that name exists.
  bool has_table(std::string_view name);

  sqlite3* handle() const { return db_; }
  const std::string& file() const { return file_; }
  [[noreturn]] void fail(std::string_view what) const;

 private:
  sqlite3* db_ = nullptr;
  std::string file_;
};

/// A prepared statement. Bind parameters are 1-based, result columns 0-based.
class Statement {
 public:
  Statement(Database& db, sqlite3_stmt* stmt) : db_(&db), stmt_(stmt) {}
  ~Statement();
  Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::int64_t v);
  Statement& bind(int index, int v) { return bind(index, static_cast<std::int64_t>(v)); }
  /// NaN binds as NULL: an undefined metric is stored as no value, never as 0.
  Statement& bind(int index, double v);
  Statement& bind(int index, std::string_view v);
  Statement& bind(int index, const char* v) { return bind(index, std::string_view(v)); }
  Statement& bind(int index, const std::string& v) { return bind(index, std::string_view(v)); }
  Statement& bind_null(int index);

  /// Advances: true when a row is ready, false when done. Throws Error.
  bool step();
  /// step() for statements without rows, then reset() so it can run again.
  void run();
  /// Rewinds for another run and clears the bindings.
  void reset();

  bool is_null(int column) const;
  std::int64_t integer(int column) const;
  double real(int column) const;  ///< NaN when NULL
  std::string text(int column) const;

 private:
  Database* db_;
  sqlite3_stmt* stmt_;
};

/// BEGIN IMMEDIATE … COMMIT; rolls back when destroyed without commit().
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace govgrid::sqlite
