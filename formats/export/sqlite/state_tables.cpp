// Creating, replaying into and filling the typed state tables.
#include "state_tables.hpp"

#include "interstice/sdk/logger.hpp"
#include "interstice/sdk/row_check.hpp"
#include "interstice/sdk/schema.hpp"
#include "interstice/sdk/transaction.hpp"
#include "interstice/sdk/value_json.hpp"
#include "interstice/sdk/wording.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

namespace interstice::sqlite_export {

namespace {

/// `"name" TYPE /* Interstice type */`: the comment stays in the stored CREATE TABLE text, so
/// `.schema` in the sqlite3 shell shows each column's Interstice type.
std::string column_definition(const std::string& name, const ColumnPlan& plan, const sdk::ValueType& type) {
  std::string definition = quote_identifier(name);
  if (!plan.declared_type.empty()) definition += " " + plan.declared_type;
  definition += " /* " + type.to_string() + " */";
  return definition;
}

// A U64 (or Some(U64)) that SQLite's INTEGER cannot hold.
bool is_wide_u64(const sdk::Value& value) {
  if (value.kind == sdk::ValueKind::Option && value.items.size() == 1) return is_wide_u64(value.items.front());
  return value.kind == sdk::ValueKind::U64 && value.unsigned_value > static_cast<std::uint64_t>(INT64_MAX);
}

std::string parameters(std::size_t count) {
  std::string text;
  for (std::size_t i = 1; i <= count; ++i) text += fmt::format("{}?{}", i == 1 ? "" : ", ", i);
  return text;
}

}  // namespace

StateTables::StateTables(Database& db, NameSet& names, const std::vector<sdk::ModuleSchema>& schemas,
                         sdk::Logger* log)
    : log_(log) {
  for (const auto& module : schemas) {
    auto types = std::make_shared<sdk::ModuleSchema>();
    types->name = module.name;
    types->type_definitions = module.type_definitions;
    for (const auto& table : module.tables) create(db, names, module, table, types);
  }
}

void StateTables::create(Database& db, NameSet& names, const sdk::ModuleSchema& module,
                         const sdk::TableSchema& table, const std::shared_ptr<const sdk::ModuleSchema>& types) {
  TableName id{module.name, table.name};
  if (tables_.contains(id)) {
    warn("sqlite: table {}.{} is described by more than one --schema; the first description is used", module.name,
         table.name);
    return;
  }
  const std::string wanted = module.name + "__" + table.name;
  const std::string name = names.claim(wanted);
  if (name != wanted)
    warn("sqlite: the state of {}.{} is in table \"{}\" (\"{}\" clashes with another table or is reserved)",
         module.name, table.name, name, wanted);

  Table state{quote_identifier(name), table, types, {}, {}, {}, {}, {}, {}};
  NameSet columns;
  std::vector<std::string> column_names;
  std::string sql = "CREATE TABLE " + state.quoted_name + " (";
  auto add_column = [&](const sdk::Column& column, bool primary_key) {
    const std::string column_name = columns.claim(column.name);
    if (column_name != column.name)
      warn("sqlite: column \"{}\" of {}.{} is named \"{}\" in its state table", column.name, module.name, table.name,
           column_name);
    state.columns.push_back(plan_column(column.type, primary_key));
    column_names.push_back(quote_identifier(column_name));
    if (!primary_key) sql += ", ";
    sql += column_definition(column_name, state.columns.back(), column.type);
    if (primary_key) sql += " PRIMARY KEY";
  };
  add_column(table.primary_key, true);
  for (const auto& entry : table.entries) add_column(entry, false);
  state.column_names = column_names;
  state.wide_u64.assign(column_names.size(), false);
  // The key as the JSON text `transactions.primary_key` holds, so a join is an exact text match
  // whatever the key's type (json_extract reads a U64 above 2^63 as a lossy REAL).
  const std::string key_column = quote_identifier(columns.claim(kKeyColumn));
  sql += ", " + key_column + " TEXT NOT NULL /* the primary key's JSON, as in transactions */)";
  db.execute(sql);
  // `excluded` is the row the upsert offered: an existing key keeps its place (its rowid).
  column_names.push_back(key_column);
  std::string updates;
  for (std::size_t i = 1; i < column_names.size(); ++i)
    updates += fmt::format("{}{} = excluded.{}", i > 1 ? ", " : "", column_names[i], column_names[i]);
  state.upsert.emplace(db, "INSERT INTO " + state.quoted_name + " VALUES (" + parameters(column_names.size()) +
                               ") ON CONFLICT (" + column_names[0] + ") DO UPDATE SET " + updates);
  state.remove.emplace(db, "DELETE FROM " + state.quoted_name + " WHERE " + column_names[0] + " = ?1");
  // Each live row with the records of its key: the history of the current state. (SQL text
  // ends at a NUL, so a name holding one gets no view.)
  const bool sql_safe = module.name.find('\0') == std::string::npos && table.name.find('\0') == std::string::npos;
  const std::string history = sql_safe ? names.claim(name + "__history") : std::string();
  if (sql_safe)
    db.execute(fmt::format("CREATE VIEW {} AS SELECT s.*, t.\"index\" AS record_index, t.operation AS record_operation, "
                         "t.timestamp AS record_timestamp FROM {} s JOIN transactions t ON t.module_id = {} AND "
                         "t.table_name = {} AND t.primary_key = s.{}",
                         quote_identifier(history), state.quoted_name, quote_literal(module.name),
                         quote_literal(table.name), key_column));
  tables_.emplace(std::move(id), std::move(state));
}

void StateTables::apply(const sdk::Transaction& record) {
  const std::pair<std::string_view, std::string_view> name(record.module, record.table);
  if (auto found = tables_.find(name); found != tables_.end()) {
    any_old_row_ = any_old_row_ || record.old_row.has_value();
    replay_.apply(record);
    store(found->second, record);
    return;
  }
  if (unknown_.find(name) != unknown_.end()) return;
  unknown_.insert(TableName{record.module, record.table});
  warn("sqlite: no --schema describes {}.{}; its records are in `transactions` but it has no state table",
       record.module, record.table);
}

// The replay's rules in SQL: Insert and Update store the record's row under its key (replacing
// a live one in place), Delete removes the key. Where SQLite cannot tell two of the log's keys
// apart (-0.0 and 0.0) or refuses a key, the table ends up with fewer rows than the replay
// counts, which `finish` reports.
void StateTables::store(Table& table, const sdk::Transaction& record) {
  const sdk::Row& row = record.row;
  key_json_.clear();
  sdk::append_value_json(key_json_, row.primary_key);
  std::string key = key_json_;
  if (record.operation == sdk::Operation::Delete) {
    bind_value(*table.remove, 1, row.primary_key, table.columns[0]);
    table.remove->try_insert();
    table.misfits.erase(key);
    return;
  }
  if (sdk::check_row(row, table.schema, "row", table.types.get()).empty())
    table.misfits.erase(key);
  else
    table.misfits.insert(std::move(key));
  bind_value(*table.upsert, 1, row.primary_key, table.columns[0]);
  if (is_wide_u64(row.primary_key)) table.wide_u64[0] = true;
  // Entries beyond the schema's columns have nowhere to go; missing ones stay NULL.
  const std::size_t count = std::min(row.entries.size(), table.columns.size() - 1);
  for (std::size_t i = 0; i < count; ++i) {
    bind_value(*table.upsert, static_cast<int>(i + 2), row.entries[i], table.columns[i + 1]);
    if (is_wide_u64(row.entries[i])) table.wide_u64[i + 1] = true;
  }
  table.upsert->bind_text(static_cast<int>(table.columns.size() + 1), key_json_);
  table.upsert->try_insert();
}

void StateTables::finish(Database& db) {
  warn_about_replay();
  for (auto& [id, table] : tables_) {
    make_wide_columns_text(db, id, table);
    warn_about_rows(db, id, table);
    table.upsert.reset();  // statements go before the connection closes
    table.remove.reset();
  }
}

// One storage class per U64 column: INTEGER while every value fits SQLite's signed 64 bits (so
// SUM and comparisons are exact integer arithmetic), exact decimal TEXT for the whole column as
// soon as one value does not (column_types.hpp says why not REAL). Deleted rows may have left
// no wide value behind; the column is converted anyway, which keeps it one class either way.
void StateTables::make_wide_columns_text(Database& db, const TableName& id, Table& table) const {
  for (std::size_t i = 0; i < table.wide_u64.size(); ++i) {
    if (!table.wide_u64[i]) continue;
    const std::string& column = table.column_names[i];
    db.execute(fmt::format("UPDATE {} SET {} = CAST({} AS TEXT) WHERE typeof({}) = 'integer'", table.quoted_name, column, column,
                           column));
    if (log_)
      log_->info("sqlite: column {} of {}.{} holds U64 values above 2^63-1, so the whole column is exact decimal TEXT "
                 "(order with `ORDER BY length(c), c`; CAST(c AS REAL) for approximate arithmetic)",
                 column, id.module, id.table);
  }
}

void StateTables::warn_about_rows(Database& db, const TableName& id, const Table& table) const {
  const std::uint64_t misfits = table.misfits.size();
  const auto replayed = replay_.find(id.module, id.table);
  const std::uint64_t live = replayed ? replayed->live_rows : 0;
  const auto stored = static_cast<std::uint64_t>(db.integer("SELECT count(*) FROM " + table.quoted_name));
  const std::uint64_t left_out = live > stored ? live - stored : 0;
  if (misfits)
    warn("sqlite: {} of {}.{} {} not fit its schema (`validate --log` says how); values are stored as they are, "
         "entries beyond the schema's columns are left out",
         sdk::plural(misfits, "live row"), id.module, id.table, misfits == 1 ? "does" : "do");
  if (left_out)
    warn("sqlite: {} of {}.{} {} left out of its state table: keys that differ in the log but not in SQLite "
         "(-0.0 and 0.0), or a key that does not fit its column",
         sdk::plural(left_out, "live row"), id.module, id.table, left_out == 1 ? "was" : "were");
}

void StateTables::warn_about_replay() const {
  auto a = replay_.anomalies();
  // A format without old-row images (framed logs) "lacks" one on every update: not news.
  if (!any_old_row_) a.update_without_old_row = 0;
  if (a.total() == 0) return;
  std::string counts;
  auto add = [&counts](const char* name, std::uint64_t count) {
    if (count) counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", count, name);
  };
  add("delete_missing_key", a.delete_missing_key);
  add("insert_existing_key", a.insert_existing_key);
  add("old_row_on_insert_or_delete", a.old_row_on_insert_or_delete);
  add("update_key_mismatch", a.update_key_mismatch);
  add("update_missing_key", a.update_missing_key);
  add("update_without_old_row", a.update_without_old_row);
  warn("sqlite: replaying the exported records found {}; the state tables show the result anyway", counts);
}

}  // namespace interstice::sqlite_export
