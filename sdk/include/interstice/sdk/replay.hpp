// Replaying a transaction log into the rows that are live, and the canonical state hash of them.
//
// More than one tool needs "the current state" rather than the history: the sqlite exporter
// writes the state after replay, `schema --log` counts live rows, `determinism` compares states
// and hashes them. This is the one implementation of the reference encoder's rules, so every
// tool agrees with its `*.expected.json` (`live_rows`, `replay_anomalies`):
//
// - rows are keyed by (module, table, primary key); keys are told apart by their canonical
//   encoding (util/canonical_value.hpp), so -0.0 and 0.0 are different keys;
// - Insert adds the row (replacing it, and counting `insert_existing_key`, if the key is live);
// - Update replaces the row (adding it, and counting `update_missing_key`, if the key is not
//   live); `update_without_old_row` / `update_key_mismatch` count an old row that is absent or
//   has another key, and the old key is left alone;
// - Delete removes the key (`delete_missing_key` if it is not live); an old row on an Insert or
//   Delete counts `old_row_on_insert_or_delete`.
// Formats without old-row images (every framed generation) count each Update as
// `update_without_old_row`; judge that counter by the format.
//
// After every record the state hash (docs/determinism.md) is up to date at O(1) cost: each table
// keeps the sum of its live rows' hashes. `Rows::hash_only` keeps per live row only its key's
// fingerprint and its row hash (about 30-50 bytes); `Rows::keep` keeps the rows too, as their
// canonical bytes (util/canonical_value.hpp), decoded again when they are visited or looked up.
// The state lives behind a pointer: no container of it is part of this header.
#pragma once

#include "interstice/sdk/record_digest.hpp"
#include "interstice/sdk/replay_anomalies.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace interstice::sdk {

/// One table's replay: what was applied to it, what it holds, what was odd.
struct TableState {
  const ReplayTable* table = nullptr;  ///< its names
  std::uint64_t inserts = 0;
  std::uint64_t updates = 0;
  std::uint64_t deletes = 0;
  std::uint64_t live_rows = 0;
  std::uint64_t row_hash_sum = 0;  ///< the live rows' row hashes summed mod 2^64
  ReplayAnomalies anomalies;
};

class INTERSTICE_SDK_API LogReplay {
 public:
  enum class Rows {
    keep,       ///< keep every live row's values (what a state dump needs)
    hash_only,  ///< keep key fingerprints and row hashes: counts, anomalies and the state hash
  };
  struct Options {
    Rows rows = Rows::keep;
    /// Salts the hash tables' bucket positions, so their iteration order changes; the state
    /// hash does not depend on it.
    std::uint64_t bucket_seed = 0;
    /// Digests for `apply(const RecordDigest&)` come from this digester (which must outlive
    /// the replay); null: the replay has its own.
    RecordDigester* digester = nullptr;
  };

  explicit LogReplay(Rows rows = Rows::keep);
  explicit LogReplay(const Options& options);
  ~LogReplay();
  LogReplay(LogReplay&&) noexcept;
  LogReplay& operator=(LogReplay&&) noexcept;
  /// An independent copy of the state so far (a checkpoint to replay on from). It shares the
  /// digester: use the two on one thread, and keep an external digester alive for both.
  LogReplay clone() const;
  /// The same copy bound to another digester that knows this replay's tables under the same ids
  /// (`RecordDigester::copy_tables_from`): the copy and the original can go on on two threads.
  /// `digester` must outlive the copy. The original must have been made with `Options::digester`
  /// (its tables must be reachable to copy them); `std::logic_error` when the ids do not match.
  LogReplay clone(RecordDigester& digester) const;

  /// Applies one record in log order; returns the anomalies it caused.
  AnomalySet apply(const Transaction& record);
  AnomalySet apply(Transaction&& record);  ///< moves the row out instead of copying it
  /// Decodes the record only when rows are kept or its reader has no canonical rows.
  AnomalySet apply(const ScannedRecord& record);
  /// A digest made by this replay's digester; `row` (moved from) is what `Rows::keep` stores.
  AnomalySet apply(const RecordDigest& digest, Row* row = nullptr);
  /// A hint that `digest` will be applied soon: its row's slot is fetched into the cache now.
  /// Replaying a batch with the digest a few records ahead prefetched hides memory latency.
  void prefetch(const RecordDigest& digest) const;

  std::uint64_t applied() const noexcept;  ///< records applied so far
  const ReplayAnomalies& anomalies() const noexcept;  ///< over all tables
  std::uint64_t live_rows_total() const noexcept;
  /// The canonical state hash of the live rows (O(tables)).
  std::uint64_t state_hash() const;
  /// The same, recomputed from every live row in the hash tables' iteration order: a check of
  /// the incremental sums (O(live rows)).
  std::uint64_t recomputed_state_hash() const;

  /// Every table a record touched, sorted by (module, table); tables whose rows were all
  /// deleted stay, with no rows (the fixtures' `live_rows` lists them with 0).
  std::vector<TableState> tables() const;
  std::optional<TableState> find(std::string_view module, std::string_view table) const;
  /// By the digester's table id, in O(1); nullopt when no record touched the table.
  std::optional<TableState> find(const ReplayTable& table) const;

  /// The live rows of a table in the order their keys became live (an Update keeps the place,
  /// a key deleted and inserted again goes last). `Rows::keep` only (else nothing is visited).
  void for_each_row(std::string_view module, std::string_view table,
                    const std::function<void(const Row&)>& visit) const;
  /// The live row with this key, or nullopt (`Rows::keep` only).
  std::optional<Row> find_row(std::string_view module, std::string_view table, const Value& key) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace interstice::sdk
