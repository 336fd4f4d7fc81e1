// The typed state tables that `--schema` adds: one table per module table, named
// `<module>__<table>`, with a column for the primary key (PRIMARY KEY) and one per entry column
// (types as in column_types.hpp), holding the rows that are live after replaying the exported
// records (sdk/replay.hpp). So SQL can ask about the current state next to the history.
//
// The state is written into SQLite as the records are replayed (an upsert per Insert or Update,
// which keeps a key's row in place; a delete per Delete), so memory stays flat whatever the log:
// the replay beside it is hash-only (counts and anomalies, ~45 bytes a live row), and only the
// keys of live rows that do not fit their schema are remembered, for the warning.
//
// Only exported records are replayed: with a filter, a state table holds what the selected
// records leave (an `op=insert` export keeps deleted rows), which the session warns about.
// Records of tables that no schema describes are kept out of the state (one warning per table).
#pragma once

#include "column_types.hpp"
#include "sql_names.hpp"
#include "sqlite_handle.hpp"

#include "interstice/sdk/logger.hpp"
#include "interstice/sdk/replay.hpp"
#include "interstice/sdk/schema.hpp"
#include "interstice/sdk/transaction.hpp"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace interstice::sqlite_export {

/// A module's table; looked up by a pair of views, so a record's names need no copies.
struct TableName {
  std::string module;
  std::string table;
  friend auto operator<=>(const TableName&, const TableName&) = default;
};
struct TableNameLess {
  using is_transparent = void;
  using Views = std::pair<std::string_view, std::string_view>;
  static Views views(const TableName& name) { return {name.module, name.table}; }
  static Views views(const Views& name) { return name; }
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const { return views(a) < views(b); }
};

class StateTables {
 public:
  /// Creates one empty table per table of `schemas` in `db`; `names` holds the table names
  /// already taken. When two schemas describe the same module table, the first one counts.
  StateTables(Database& db, NameSet& names, const std::vector<sdk::ModuleSchema>& schemas, sdk::Logger* log);

  /// Replays `record` when its table has a state table.
  void apply(const sdk::Transaction& record);
  /// Warns about what replay or the rows got wrong (the rows are written already).
  void finish(Database& db);

 private:
  struct Table {
    std::string quoted_name;
    sdk::TableSchema schema;
    std::shared_ptr<const sdk::ModuleSchema> types;  ///< the module's type_definitions, for Named columns
    std::vector<ColumnPlan> columns;  ///< the primary key's, then the entries'
    std::optional<Statement> upsert, remove;
    std::set<std::string> misfits;  ///< JSON of the live keys whose rows do not fit the schema
    std::vector<std::string> column_names;  ///< quoted, the primary key's first
    std::vector<bool> wide_u64;  ///< per column: a U64 above 2^63-1 was stored (as TEXT)
  };
  void make_wide_columns_text(Database& db, const TableName& id, Table& table) const;

  void create(Database& db, NameSet& names, const sdk::ModuleSchema& module, const sdk::TableSchema& table,
              const std::shared_ptr<const sdk::ModuleSchema>& types);
  void store(Table& table, const sdk::Transaction& record);
  void warn_about_rows(Database& db, const TableName& id, const Table& table) const;
  void warn_about_replay() const;

  template <typename... Args>
  void warn(fmt::format_string<Args...> text, Args&&... args) const {
    if (log_) log_->warn(text, std::forward<Args>(args)...);
  }

  static constexpr const char* kKeyColumn = "_key";
  sdk::Logger* log_;
  std::string key_json_;  ///< the current record's key as JSON text, bound without a copy
  std::map<TableName, Table, TableNameLess> tables_;
  std::set<TableName, TableNameLess> unknown_;  ///< warned about once each
  sdk::LogReplay replay_{sdk::LogReplay::Rows::hash_only};
  bool any_old_row_ = false;  ///< whether the log has old-row images at all
};

}  // namespace interstice::sqlite_export
