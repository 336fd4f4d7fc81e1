// The replay anomalies of a log one by one, for the report's `anomalies` array: which record,
// which kind, which table and key. Counting is the replay's job (sdk::ReplayAnomalies); this
// keeps the first few occurrences of each kind with the words a person needs to find them, and
// knows which kind a log's format makes normal: a format without old-row images (every framed
// generation) has `update_without_old_row` on every Update, which must not fail the check.
//
// Replay works on digests in batches, long after the record was read, so the keys are looked up
// afterwards: `fill_keys` reads the log again up to the last occurrence kept (only when there is
// one; a healthy log is read once).
#pragma once

#include "log_walk.hpp"

#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/record_digest.hpp"
#include "interstice/sdk/replay_anomalies.hpp"

#include <boost/json/array.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace interstice::determinism {

namespace sdk = interstice::sdk;

class AnomalyList {
 public:
  /// Keeps at most `per_kind` occurrences of each kind.
  explicit AnomalyList(std::size_t per_kind) : per_kind_(per_kind) {}

  /// Whether any record of the log carries an old row (the format has old-row images).
  void set_old_row_images(bool any) { any_old_row_ = any; }
  /// The anomalies the record of `digest` caused (records in log order).
  void add(const sdk::RecordDigest& digest, sdk::AnomalySet found);
  /// Whether an occurrence to be listed still lacks its key.
  bool needs_keys() const;
  /// Reads `walk` (the same log, from its start) up to the last occurrence and takes their keys.
  void fill_keys(LogWalk& walk);

  /// Whether any record carried an old row (false for every framed log).
  bool old_row_images() const { return any_old_row_; }
  /// The kinds the log's format makes normal: `update_without_old_row` when no record has an
  /// old row.
  bool expected(sdk::Anomaly kind) const { return kind == sdk::Anomaly::update_without_old_row && !any_old_row_; }
  /// The counts that fail the check: all but the expected kinds.
  std::uint64_t failing(const sdk::ReplayAnomalies& counts) const;

  /// `[{index, offset, kind, module, table, primary_key}]` in log order, expected kinds left out.
  boost::json::array to_json() const;

 private:
  struct Occurrence {
    std::uint64_t index;
    std::uint64_t offset;
    sdk::Anomaly kind;
    std::string module;
    std::string table;
    std::optional<sdk::Value> primary_key;  ///< filled in by fill_keys
  };

  std::size_t per_kind_;
  std::array<std::size_t, sdk::kAnomalyKinds> kept_{};
  std::vector<Occurrence> occurrences_;
  bool any_old_row_ = false;
};

}  // namespace interstice::determinism
