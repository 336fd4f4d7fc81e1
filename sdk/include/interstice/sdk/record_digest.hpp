// A record reduced to what replay and replica comparison need: its table, its operation, a
// fingerprint of its primary key and the hash of its row (docs/determinism.md).
//
// Replay, `determinism --against` and hash streams all need the same few hashes per record, and
// a determinism check replays one log several ways: computing them once per record and sharing
// the digest keeps every extra replay to a hash-table update. Digests come from the reader's
// canonical row bytes when it offers them (util/canonical_rows.hpp: interstice-v1 rows are hashed
// without decoding), else from the decoded rows; both give the same digest for the same rows.
#pragma once

#include "interstice/sdk/abi.hpp"
#include "interstice/sdk/transaction.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace interstice::sdk {

class ScannedRecord;

/// XXH3-128 of a primary key's canonical bytes: how hash-only replay tells keys apart.
struct KeyFingerprint {
  std::uint64_t low = 0;
  std::uint64_t high = 0;
  friend bool operator==(const KeyFingerprint&, const KeyFingerprint&) = default;
};

/// A module's table, interned once per digester; its address never changes.
struct ReplayTable {
  std::uint32_t id = 0;  ///< 0, 1, 2, ... in the order the digester first met the tables
  std::string module;
  std::string table;
  std::uint64_t seed = 0;  ///< the key its row hashes use (`table_seed(module, table)`)
};

struct RecordDigest {
  std::uint64_t index = 0;
  std::uint64_t offset = 0;
  std::uint64_t size = 0;  ///< the record's bytes: the next record starts at offset + size
  std::optional<std::uint64_t> timestamp;
  Operation operation = Operation::Insert;
  const ReplayTable* table = nullptr;
  KeyFingerprint key;
  std::uint64_t row_hash = 0;  ///< of the whole row; 0 for a key-only row (a framed-log delete)
  bool key_only = false;
  bool has_old_row = false;
  KeyFingerprint old_key;  ///< the old row's key, when there is an old row

  /// The two records do the same to the state and carry the same row: same table, operation,
  /// key and row (a key-only delete matches any delete of its key). Old rows and timestamps
  /// are not compared: they do not change the state.
  bool same_content(const RecordDigest& other) const {
    if (table != other.table || operation != other.operation || !(key == other.key)) return false;
    return key_only || other.key_only || row_hash == other.row_hash;
  }
};

class INTERSTICE_SDK_API RecordDigester {
 public:
  RecordDigester();
  ~RecordDigester();
  RecordDigester(const RecordDigester&) = delete;
  RecordDigester& operator=(const RecordDigester&) = delete;

  /// The digest of a scanned record, from the reader's canonical bytes when it has them,
  /// else from `record.transaction()`. Valid until the next call. The digester remembers each
  /// reader it meets, by address: a reader must outlive the digester.
  const RecordDigest& digest(const ScannedRecord& record);
  /// The digest of a decoded record. Valid until the next call.
  const RecordDigest& digest(const Transaction& record);

  /// Makes this digester know `other`'s tables under the same ids, so a replay cloned onto it
  /// (`LogReplay::clone(RecordDigester&)`) goes on on another thread. Only on a digester that has
  /// met no table yet (`std::logic_error` otherwise); readers are not copied (each is met anew).
  void copy_tables_from(const RecordDigester& other);

  /// The tables met so far, by id.
  std::uint32_t table_count() const;
  const ReplayTable& table(std::uint32_t id) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace interstice::sdk
