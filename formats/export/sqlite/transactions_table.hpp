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

#include <string>

namespace interstice::sqlite_export {

class TransactionsTable {
 public:
  static constexpr const char* kName = "transactions";

  /// Creates the table in `db` and prepares the one INSERT every record reuses.
  explicit TransactionsTable(Database& db);
  void write(const sdk::ExportRecord& record);
  /// Creates the indexes; call once, after the last `write`.
  static void index(Database& db);

 private:
  Statement insert_;
  // Reused for every record; bound without copying, so they must outlive the step.
  std::string primary_key_;
  std::string row_;
  std::string old_row_;
};

}  // namespace interstice::sqlite_export
