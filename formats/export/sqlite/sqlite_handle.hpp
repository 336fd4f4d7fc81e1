// Thin RAII over the SQLite C API: a connection and prepared statements that clean up after
// themselves, with every failing call turned into the SDK's `Error` (kind input) carrying
// SQLite's message and the output file, so the rest of the plugin never checks a result code.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace interstice::sqlite_export {

class Database;

/// One prepared statement. Bound text must stay alive until the next `step`/`insert` unless it
/// was bound with `copy`.
class Statement {
 public:
  Statement(Database& db, std::string_view sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are 1-based, as in SQLite.
  void bind_null(int index);
  void bind_int(int index, std::int64_t value);
  /// Exact in every case: up to INT64_MAX as an INTEGER, above it as its decimal TEXT (an
  /// INTEGER would be out of range, a REAL would lose digits).
  void bind_u64(int index, std::uint64_t value);
  void bind_double(int index, double value);
  /// Binds the bytes as they are, NULs included.
  void bind_text(int index, std::string_view text, bool copy = false);

  /// Runs an INSERT (or any statement without result rows) and resets it for the next use.
  void insert();
  /// The same, but a row that breaks a constraint or a column's type (SQLITE_CONSTRAINT,
  /// SQLITE_MISMATCH) is not an error: it is left out and `false` returned.
  bool try_insert();

 private:
  /// Steps once and resets; on failure keeps SQLite's message in `error_`.
  int run();
  void check_bind(int code);

  Database* db_;
  sqlite3_stmt* statement_ = nullptr;
  std::string error_;
};

/// A connection to the export's temp file.
class Database {
 public:
  /// Opens `file`, which must exist (the host created it, empty). `display_name` is the path
  /// errors name (the user's --out).
  Database(const std::filesystem::path& file, std::string display_name);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  /// Runs SQL text without parameters or results (DDL, PRAGMA, BEGIN/COMMIT).
  void execute(const std::string& sql);
  /// The first column of the first row of a query such as `SELECT count(*) FROM t`.
  std::int64_t integer(const std::string& sql);
  /// Closes the connection, reporting a failure; every Statement must be gone by then.
  void close();

  /// Throws `Error::input` with SQLite's message for `code` and what was being done.
  [[noreturn]] void fail(int code, std::string_view doing) const;
  /// The same with a message taken earlier (before a reset could replace it).
  [[noreturn]] void fail_with(std::string_view message, std::string_view doing) const;
  sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::string name_;
};

}  // namespace interstice::sqlite_export
