// The SQLite connection and statement wrappers.
#include "sqlite_handle.hpp"

#include "interstice/sdk/error.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <limits>

namespace interstice::sqlite_export {

namespace sdk = interstice::sdk;

namespace {
/// SQL for a message: long statements (a wide CREATE TABLE) are cut short.
std::string abbreviate(std::string_view sql) {
  return sql.size() > 80 ? std::string(sql.substr(0, 77)) + "..." : std::string(sql);
}
}  // namespace

Database::Database(const std::filesystem::path& file, std::string display_name) : name_(std::move(display_name)) {
  // Read-write, never create: the file is the host's temp file, and its absence is a bug we
  // want reported, not papered over with a database somewhere else. No mutexes: one exporter
  // uses its connection from one thread (Debian's SQLite is built serialized, which otherwise
  // locks and unlocks a mutex around every call: 6% of an export's time).
  int code = sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (code != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw sdk::Error::input(fmt::format("SQLite could not open the output: {}", message),
                            sdk::Location::in_file(name_));
  }
  sqlite3_extended_result_codes(db_, 1);
}

Database::~Database() {
  // An export that failed never commits; closing discards the open transaction.
  if (db_) sqlite3_close_v2(db_);
}

std::int64_t Database::integer(const std::string& sql) {
  sqlite3_stmt* statement = nullptr;
  if (int code = sqlite3_prepare_v2(handle(), sql.c_str(), -1, &statement, nullptr); code != SQLITE_OK)
    fail(code, "preparing a query");
  const int code = sqlite3_step(statement);
  const std::int64_t value = code == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : 0;
  sqlite3_finalize(statement);
  if (code != SQLITE_ROW && code != SQLITE_DONE) fail(code, "running a query");
  return value;
}

void Database::execute(const std::string& sql) {
  if (int code = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr); code != SQLITE_OK)
    fail(code, fmt::format("running `{}`", abbreviate(sql)));
}

void Database::close() {
  if (!db_) return;
  if (int code = sqlite3_close(db_); code != SQLITE_OK) fail(code, "closing the database");
  db_ = nullptr;
}

void Database::fail(int code, std::string_view doing) const {
  // errmsg describes the connection's latest failure; errstr is the fallback for codes that
  // did not come from a call on this connection.
  fail_with(db_ && sqlite3_extended_errcode(db_) == code ? sqlite3_errmsg(db_) : sqlite3_errstr(code), doing);
}

void Database::fail_with(std::string_view message, std::string_view doing) const {
  throw sdk::Error::input(fmt::format("SQLite error while {}: {}", doing, message), sdk::Location::in_file(name_));
}

Statement::Statement(Database& db, std::string_view sql) : db_(&db) {
  int code = sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                &statement_, nullptr);
  if (code != SQLITE_OK) db.fail(code, fmt::format("preparing `{}`", abbreviate(sql)));
}

Statement::Statement(Statement&& other) noexcept : db_(other.db_), statement_(other.statement_) {
  other.statement_ = nullptr;
}

Statement::~Statement() { sqlite3_finalize(statement_); }

void Statement::check_bind(int code) {
  if (code != SQLITE_OK) db_->fail(code, "binding a value");
}

void Statement::bind_null(int index) { check_bind(sqlite3_bind_null(statement_, index)); }

void Statement::bind_int(int index, std::int64_t value) { check_bind(sqlite3_bind_int64(statement_, index, value)); }

void Statement::bind_u64(int index, std::uint64_t value) {
  if (value <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    bind_int(index, static_cast<std::int64_t>(value));
    return;
  }
  bind_text(index, std::to_string(value), true);
}

void Statement::bind_double(int index, double value) { check_bind(sqlite3_bind_double(statement_, index, value)); }

void Statement::bind_text(int index, std::string_view text, bool copy) {
  check_bind(sqlite3_bind_text64(statement_, index, text.data(), text.size(), copy ? SQLITE_TRANSIENT : SQLITE_STATIC,
                                 SQLITE_UTF8));
}

int Statement::run() {
  int code = sqlite3_step(statement_);
  if (code != SQLITE_DONE) error_ = sqlite3_errmsg(db_->handle());
  // reset repeats step's error code; the code that matters is step's.
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
  return code;
}

void Statement::insert() {
  if (run() != SQLITE_DONE) db_->fail_with(error_, "inserting a row");
}

bool Statement::try_insert() {
  int code = run();
  if (code == SQLITE_DONE) return true;
  if ((code & 0xFF) == SQLITE_CONSTRAINT || (code & 0xFF) == SQLITE_MISMATCH) return false;
  db_->fail_with(error_, "inserting a row");
}

}  // namespace interstice::sqlite_export
