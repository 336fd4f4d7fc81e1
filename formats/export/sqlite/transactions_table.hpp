// The `transactions` table: the history, one row per exported record, with the csv exporter's
// columns (and the record's byte offset) so a CSV import and this table hold the same data:
//
//   index INTEGER PRIMARY KEY  the record's number in the log
//   offset INTEGER             the byte offset of its first byte in the log
//   module_id, table_name      TEXT
//   operation                  TEXT: insert, update or delete
//   timestamp                  INTEGER ms since the Unix epoch; NULL when the format has none
//   data_hash                  TEXT: 16 hex digits (record_json.hpp)
//   primary_key, row, old_row  TEXT: serde JSON as log-query prints it; old_row NULL when absent
//
// Indexed (once the rows are in) on (module_id, table_name, operation, timestamp), operation and
// timestamp, so SQL filters like log-query's options do not scan the whole history.
#pragma once

#include "sqlite_handle.hpp"

#include "interstice/sdk/exporter.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace interstice::sqlite_export {

/// One record's row, made from the record (`TransactionsTable::fill`) apart from inserting it,
/// so the two can run on different threads (insert_thread.hpp). Reused: its strings keep their
/// capacity from one record to the next.
struct TransactionRow {
  std::uint64_t index = 0;
  std::uint64_t offset = 0;
  std::optional<std::uint64_t> timestamp;
  std::string_view operation;  ///< static text: "insert", "update", "delete"
  std::string module, table, data_hash, primary_key, row, old_row;
  bool has_old_row = false;
};

class TransactionsTable {
 public:
  static constexpr const char* kName = "transactions";

  /// Creates the table in `db` and prepares the one INSERT every record reuses.
  explicit TransactionsTable(Database& db);
  /// `fill`, then `insert`.
  void write(const sdk::ExportRecord& record);
  /// The row of `record`: its columns, the JSON from the record's bytes. Touches no database.
  static void fill(TransactionRow& row, const sdk::ExportRecord& record);
  void insert(const TransactionRow& row);
  /// Creates the indexes; call once, after the last `write`.
  static void index(Database& db);

 private:
  Statement insert_;
  TransactionRow row_;  // `write`'s, reused
};

}  // namespace interstice::sqlite_export
