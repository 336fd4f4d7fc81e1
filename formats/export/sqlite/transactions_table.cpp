// Writing the history table.
#include "transactions_table.hpp"

#include "interstice/sdk/scanned_record.hpp"
#include "interstice/sdk/transaction.hpp"

namespace interstice::sqlite_export {

namespace {

Statement create(Database& db) {
  db.execute(
      "CREATE TABLE transactions ("
      "\"index\" INTEGER PRIMARY KEY, "
      "\"offset\" INTEGER NOT NULL, "
      "module_id TEXT NOT NULL, "
      "table_name TEXT NOT NULL, "
      "operation TEXT NOT NULL, "
      "timestamp INTEGER, "
      "data_hash TEXT NOT NULL, "
      "primary_key TEXT NOT NULL, "
      "\"row\" TEXT NOT NULL, "
      "old_row TEXT)");
  return Statement(db, "INSERT INTO transactions VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
}

}  // namespace

TransactionsTable::TransactionsTable(Database& db) : insert_(create(db)) {}

// Built once the rows are in (faster than keeping them up to date row by row): what queries of
// the history filter on, the way log-query's options do.
void TransactionsTable::index(Database& db) {
  db.execute("CREATE INDEX transactions_by_table ON transactions (module_id, table_name, operation, timestamp)");
  db.execute("CREATE INDEX transactions_by_operation ON transactions (operation)");
  db.execute("CREATE INDEX transactions_by_timestamp ON transactions (timestamp)");
}

// The JSON columns come from the record's bytes where its codec can print them without decoding
// (the scanned record's JSON transcoder), as the text exporters do.
void TransactionsTable::write(const sdk::ExportRecord& record) {
  const sdk::TransactionView& view = record.view;
  const sdk::ScannedRecord& scanned = record.scanned();
  primary_key_.clear();
  scanned.append_json(sdk::RowPart::primary_key, primary_key_);
  row_.clear();
  scanned.append_json(sdk::RowPart::row, row_);

  insert_.bind_u64(1, view.index);
  insert_.bind_u64(2, view.offset);
  insert_.bind_text(3, view.module);
  insert_.bind_text(4, view.table);
  insert_.bind_text(5, sdk::to_lower_string(view.operation));
  if (view.timestamp) insert_.bind_u64(6, *view.timestamp);  // unbound parameters are NULL
  insert_.bind_text(7, record.data_hash());
  insert_.bind_text(8, primary_key_);
  insert_.bind_text(9, row_);
  if (view.has_old_row) {
    old_row_.clear();
    scanned.append_json(sdk::RowPart::old_row, old_row_);
    insert_.bind_text(10, old_row_);
  }
  insert_.insert();
}

}  // namespace interstice::sqlite_export
