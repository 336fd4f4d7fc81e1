// SQLite's own cost for the `transactions` table that `log-export --to sqlite` writes: every row of
// an export, read back into memory first, inserted again into a new database with the export's
// own table and index definitions and the exporter's pragmas, connection flags and statement. No log is read and no JSON is made: what is left is the least any exporter built on SQLite
// can spend on these rows (bench/sqlite-floor.sh compares it with the reference reader).
//
//   sqlite-floor EXPORT.db OUT.db RUNS    prints the fastest of RUNS: "insert S index S total S rows N"
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

struct Row {
  sqlite3_int64 index = 0, offset = 0, timestamp = 0;
  bool has_timestamp = false, has_old_row = false;
  std::string module, table, operation, data_hash, primary_key, row, old_row;
};

[[noreturn]] void fail(sqlite3* db, const char* what) {
  std::fprintf(stderr, "sqlite-floor: %s: %s\n", what, db ? sqlite3_errmsg(db) : "cannot open");
  std::exit(2);
}

void execute(sqlite3* db, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(db, sql);
}

std::string text(sqlite3_stmt* statement, int column) {
  const auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
  return bytes ? std::string(bytes, static_cast<std::size_t>(sqlite3_column_bytes(statement, column))) : std::string();
}

/// The export's rows, and the SQL that made its `transactions` table and that table's indexes
/// (taken from the export itself, so the floor cannot drift from the exporter).
struct Export {
  std::vector<Row> rows;
  std::string table_sql;
  std::vector<std::string> index_sql;
};

Export read_export(const char* path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) fail(db, path);
  Export out;
  sqlite3_stmt* schema = nullptr;
  if (sqlite3_prepare_v2(db,
                         "SELECT type, sql FROM sqlite_master WHERE tbl_name = 'transactions' AND sql IS NOT NULL "
                         "ORDER BY type = 'index', rowid",
                         -1, &schema, nullptr) != SQLITE_OK)
    fail(db, "sqlite_master");
  while (sqlite3_step(schema) == SQLITE_ROW)
    (text(schema, 0) == "table" ? out.table_sql : out.index_sql.emplace_back()) = text(schema, 1);
  sqlite3_finalize(schema);
  if (out.table_sql.empty()) fail(db, "no transactions table in the export");
  sqlite3_stmt* select = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT * FROM transactions ORDER BY \"index\"", -1, &select, nullptr) != SQLITE_OK)
    fail(db, "SELECT");
  while (sqlite3_step(select) == SQLITE_ROW) {
    Row r;
    r.index = sqlite3_column_int64(select, 0);
    r.offset = sqlite3_column_int64(select, 1);
    r.module = text(select, 2);
    r.table = text(select, 3);
    r.operation = text(select, 4);
    r.has_timestamp = sqlite3_column_type(select, 5) != SQLITE_NULL;
    r.timestamp = sqlite3_column_int64(select, 5);
    r.data_hash = text(select, 6);
    r.primary_key = text(select, 7);
    r.row = text(select, 8);
    r.has_old_row = sqlite3_column_type(select, 9) != SQLITE_NULL;
    r.old_row = text(select, 9);
    out.rows.push_back(std::move(r));
  }
  sqlite3_finalize(select);
  sqlite3_close(db);
  return out;
}

void bind(sqlite3_stmt* insert, int at, const std::string& value) {
  sqlite3_bind_text(insert, at, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
}

struct Times {
  double insert = 0, index = 0;
};

// The table and indexes as the export has them; the connection's pragmas and flags (which a
// database file does not keep) as formats/export/sqlite: sqlite_exporter.cpp, sqlite_handle.cpp.
Times write_rows(const Export& source, const char* path) {
  using Clock = std::chrono::steady_clock;
  std::remove(path);
  const auto start = Clock::now();
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
    fail(db, path);
  for (const char* pragma : {"PRAGMA page_size = 16384", "PRAGMA cache_size = -8192", "PRAGMA journal_mode = OFF",
                             "PRAGMA synchronous = OFF", "PRAGMA locking_mode = EXCLUSIVE", "BEGIN"})
    execute(db, pragma);
  execute(db, source.table_sql.c_str());
  sqlite3_stmt* insert = nullptr;
  if (sqlite3_prepare_v2(db, "INSERT INTO transactions VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", -1, &insert,
                         nullptr) != SQLITE_OK)
    fail(db, "INSERT");
  for (const Row& r : source.rows) {
    sqlite3_bind_int64(insert, 1, r.index);
    sqlite3_bind_int64(insert, 2, r.offset);
    bind(insert, 3, r.module);
    bind(insert, 4, r.table);
    bind(insert, 5, r.operation);
    if (r.has_timestamp) sqlite3_bind_int64(insert, 6, r.timestamp);
    bind(insert, 7, r.data_hash);
    bind(insert, 8, r.primary_key);
    bind(insert, 9, r.row);
    if (r.has_old_row) bind(insert, 10, r.old_row);
    if (sqlite3_step(insert) != SQLITE_DONE) fail(db, "insert");
    sqlite3_reset(insert);
    sqlite3_clear_bindings(insert);
  }
  sqlite3_finalize(insert);
  const auto inserted = Clock::now();
  for (const std::string& index : source.index_sql) execute(db, index.c_str());
  execute(db, "COMMIT");
  sqlite3_close(db);
  const auto end = Clock::now();
  return {std::chrono::duration<double>(inserted - start).count(), std::chrono::duration<double>(end - inserted).count()};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: sqlite-floor EXPORT.db OUT.db RUNS\n");
    return 2;
  }
  const Export source = read_export(argv[1]);
  Times best{1e9, 1e9};
  for (int run = 0; run < std::atoi(argv[3]); ++run) {
    const Times t = write_rows(source, argv[2]);
    if (t.insert + t.index < best.insert + best.index) best = t;
  }
  std::printf("insert %.6f index %.6f total %.6f rows %zu\n", best.insert, best.index, best.insert + best.index,
              source.rows.size());
}
