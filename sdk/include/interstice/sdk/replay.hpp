// Replaying a transaction log into the rows that are live at its end.
//
// More than one tool needs "the current state" rather than the history: the sqlite exporter
// writes one table per module table holding the state after replay, and `schema --log` replays
// to see what the log leaves behind. This is the one implementation of the rules, so every tool
// agrees with the reference encoder's `*.expected.json` (`live_rows`, `replay_anomalies`):
//
// - rows are keyed by (module, table, primary key); the key is the primary key's serde JSON
//   text (`to_json_text(Value)`), which is as injective as the encoder's bincode bytes: values
//   of different kinds or different bits (-0.0 vs 0.0) give different keys. (NaN keys are the
//   exception: every NaN prints as `null`; logs do not contain them.)
// - Insert adds the row (replacing it, and counting `insert_existing_key`, if the key is live);
// - Update replaces the row (adding it, and counting `update_missing_key`, if the key is not
//   live); `update_without_old_row` / `update_key_mismatch` count an old row that is absent or
//   has another key, and the old key is left alone;
// - Delete removes the key (`delete_missing_key` if it is not live). A framed-log delete carries
//   only the key (`Row::key_only`), which is all replay needs;
// - an old row on an Insert or Delete counts `old_row_on_insert_or_delete`.
// Formats without old-row images (every framed generation) therefore count each Update as
// `update_without_old_row`; judge that counter by the format.
//
// Anomalies and operation counts are kept per table and in total. Memory is proportional to the
// live rows: each keeps its decoded values (about 2 KB for a typical row, since a `Value` is
// large), or only its key with `Rows::keys_only`; deleted rows are freed at once.
#pragma once

#include "interstice/sdk/abi.hpp"
#include "interstice/sdk/transaction.hpp"

#include <compare>
#include <cstdint>
#include <list>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>

namespace interstice::sdk {

/// What replay found odd; the members are named as in the fixtures' `replay_anomalies`.
struct ReplayAnomalies {
  std::uint64_t delete_missing_key = 0;
  std::uint64_t insert_existing_key = 0;
  std::uint64_t old_row_on_insert_or_delete = 0;
  std::uint64_t update_key_mismatch = 0;
  std::uint64_t update_missing_key = 0;
  std::uint64_t update_without_old_row = 0;

  std::uint64_t total() const noexcept {
    return delete_missing_key + insert_existing_key + old_row_on_insert_or_delete + update_key_mismatch +
           update_missing_key + update_without_old_row;
  }
  friend bool operator==(const ReplayAnomalies&, const ReplayAnomalies&) = default;
  ReplayAnomalies& operator+=(const ReplayAnomalies& other) noexcept {
    delete_missing_key += other.delete_missing_key;
    insert_existing_key += other.insert_existing_key;
    old_row_on_insert_or_delete += other.old_row_on_insert_or_delete;
    update_key_mismatch += other.update_key_mismatch;
    update_missing_key += other.update_missing_key;
    update_without_old_row += other.update_without_old_row;
    return *this;
  }
};

/// The live rows of one table, in insertion order: a row keeps the place it got when its key
/// became live (an Update replaces it in place); a key deleted and inserted again goes last.
/// Insertion order rather than key order, because it is the order the rows appeared in the log
/// and it costs no sorting.
class INTERSTICE_SDK_API TableReplay {
 public:
  struct LiveRow {
    std::string key;  ///< the primary key's serde JSON text
    Row row;          ///< empty under `LogReplay::Rows::keys_only`
  };
  using const_iterator = std::list<LiveRow>::const_iterator;

  TableReplay() = default;
  TableReplay(const TableReplay&) = delete;  // the index points into the list's nodes
  TableReplay& operator=(const TableReplay&) = delete;
  TableReplay(TableReplay&&) noexcept = default;
  TableReplay& operator=(TableReplay&&) noexcept = default;

  /// Adds the row, or replaces the live row with this key in place. True when the key was new.
  bool put(std::string key, Row row);
  /// Removes the key. True when it was live.
  bool erase(std::string_view key);
  /// The live row with this key, or nullptr.
  const Row* find(std::string_view key) const;

  std::size_t size() const noexcept { return rows_.size(); }
  bool empty() const noexcept { return rows_.empty(); }
  const_iterator begin() const noexcept { return rows_.begin(); }
  const_iterator end() const noexcept { return rows_.end(); }

  /// What `LogReplay` applied to this table, and what it found odd here.
  std::uint64_t inserts() const noexcept { return inserts_; }
  std::uint64_t updates() const noexcept { return updates_; }
  std::uint64_t deletes() const noexcept { return deletes_; }
  const ReplayAnomalies& anomalies() const noexcept { return anomalies_; }

 private:
  friend class LogReplay;

  std::list<LiveRow> rows_;  // stable nodes: the index's views point at their keys
  std::unordered_map<std::string_view, std::list<LiveRow>::iterator> index_;
  std::uint64_t inserts_ = 0;
  std::uint64_t updates_ = 0;
  std::uint64_t deletes_ = 0;
  ReplayAnomalies anomalies_;
};

/// A module's table, as replay names it.
struct TableId {
  std::string module;
  std::string table;
  friend auto operator<=>(const TableId&, const TableId&) = default;
};

/// Applies decoded transactions, in log order, and keeps the state they leave.
class INTERSTICE_SDK_API LogReplay {
 public:
  enum class Rows {
    keep,       ///< keep every live row's values (what a state dump needs)
    keys_only,  ///< keep only keys: counts and anomalies at a fraction of the memory
  };
  struct TableIdLess {
    using is_transparent = void;
    bool operator()(const TableId& a, const TableId& b) const { return a < b; }
    bool operator()(const TableId& a, std::pair<std::string_view, std::string_view> b) const {
      return std::pair<std::string_view, std::string_view>(a.module, a.table) < b;
    }
    bool operator()(std::pair<std::string_view, std::string_view> a, const TableId& b) const {
      return a < std::pair<std::string_view, std::string_view>(b.module, b.table);
    }
  };
  /// Every table a record touched, sorted by (module, table); tables whose rows were all deleted
  /// stay, with no rows (the fixtures' `live_rows` lists them with 0).
  using Tables = std::map<TableId, TableReplay, TableIdLess>;

  explicit LogReplay(Rows rows = Rows::keep) : keep_rows_(rows == Rows::keep) {}

  void apply(const Transaction& record);
  /// The same, moving the row out of `record` instead of copying it.
  void apply(Transaction&& record);

  /// Over all tables (each table has its own in `TableReplay::anomalies`).
  const ReplayAnomalies& anomalies() const noexcept { return anomalies_; }
  const Tables& tables() const noexcept { return tables_; }
  /// The table's replay, or nullptr when no record touched it.
  const TableReplay* find(std::string_view module, std::string_view table) const;
  std::uint64_t live_rows_total() const noexcept;
  /// Transactions applied so far.
  std::uint64_t applied() const noexcept { return applied_; }

 private:
  template <typename Record>
  void apply_record(Record&& record);
  TableReplay& table_of(const std::string& module, const std::string& table);
  /// Counts one anomaly in the table and in the total.
  void count(TableReplay& table, std::uint64_t ReplayAnomalies::*anomaly);

  bool keep_rows_;
  Tables tables_;
  ReplayAnomalies anomalies_;
  std::uint64_t applied_ = 0;
};

}  // namespace interstice::sdk
