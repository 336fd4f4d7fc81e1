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

void TransactionsTable::write(const sdk::ExportRecord& record) {
  fill(row_, record);
  insert(row_);
}

// The JSON columns come from the record's bytes where its codec can print them without decoding
// (the scanned record's JSON transcoder), as the text exporters do.
void TransactionsTable::fill(TransactionRow& row, const sdk::ExportRecord& record) {
  const sdk::TransactionView& view = record.view;
  const sdk::ScannedRecord& scanned = record.scanned();
  row.index = view.index;
  row.offset = view.offset;
  row.timestamp = view.timestamp;
  row.operation = sdk::to_lower_string(view.operation);
  row.module.assign(view.module);
  row.table.assign(view.table);
  row.data_hash.assign(record.data_hash());
  row.primary_key.clear();
  scanned.append_json(sdk::RowPart::primary_key, row.primary_key);
  row.row.clear();
  scanned.append_json(sdk::RowPart::row, row.row);
  row.has_old_row = view.has_old_row;
  row.old_row.clear();
  if (view.has_old_row) scanned.append_json(sdk::RowPart::old_row, row.old_row);
}

// Bound without copying: `row` outlives the step.
void TransactionsTable::insert(const TransactionRow& row) {
  insert_.bind_u64(1, row.index);
  insert_.bind_u64(2, row.offset);
  insert_.bind_text(3, row.module);
  insert_.bind_text(4, row.table);
  insert_.bind_text(5, row.operation);
  if (row.timestamp) insert_.bind_u64(6, *row.timestamp);  // unbound parameters are NULL (run() clears them)
  insert_.bind_text(7, row.data_hash);
  insert_.bind_text(8, row.primary_key);
  insert_.bind_text(9, row.row);
  if (row.has_old_row) insert_.bind_text(10, row.old_row);
  insert_.insert();
}

}  // namespace interstice::sqlite_export
