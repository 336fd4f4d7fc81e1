// One table's live rows as replay keeps them: by key fingerprint, each with its row hash, and
// with `keep` the row as well, in the order the keys became live. Internal to the SDK:
// replay.hpp shows none of it. A kept row is held as its canonical bytes (canonical_value.hpp),
// a few hundred bytes where a decoded Row takes ~1.5 KB, and decoded when it is asked for.
#pragma once

#include "fingerprint_table.hpp"

#include "interstice/sdk/record_digest.hpp"

#include <boost/unordered/unordered_flat_map.hpp>

#include <cstdint>
#include <functional>
#include <list>
#include <optional>
#include <string>

namespace interstice::sdk {

/// Fingerprints are XXH3 output already: the bucket hash only salts them, so a seed moves every
/// key to another bucket (and changes the iteration order) at no cost. (`Rows::keep` only: the
/// hash-only rows are in a FingerprintTable.)
struct SaltedFingerprintHash {
  using is_avalanching = void;
  std::uint64_t salt = 0;
  std::size_t operator()(const KeyFingerprint& key) const noexcept { return key.low ^ salt; }
};

class ReplayRows {
 public:
  ReplayRows(bool keep_rows, std::uint64_t bucket_seed);
  /// A deep copy: the kept rows are copied and the index rebuilt to point at the copies.
  ReplayRows(const ReplayRows& other);
  ReplayRows& operator=(const ReplayRows&) = delete;

  /// Adds or replaces the row; the replaced row's hash, or nullopt when the key was new.
  /// `row` (moved from) is stored when rows are kept; it may be null otherwise.
  std::optional<std::uint64_t> put(const KeyFingerprint& key, std::uint64_t hash, Row* row);
  /// Removes the key; its row's hash, or nullopt when it was not live.
  std::optional<std::uint64_t> erase(const KeyFingerprint& key);

  /// Fetches the key's slot ahead of a `put` or `erase` (hash-only rows).
  void prefetch(const KeyFingerprint& key) const {
    if (!keep_rows_) hashes_.prefetch(key);
  }

  std::uint64_t size() const noexcept { return keep_rows_ ? index_.size() : hashes_.size(); }
  /// Every live row's hash, in the hash table's iteration order.
  void for_each_hash(const std::function<void(std::uint64_t)>& visit) const;
  /// Kept rows in the order their keys became live, each decoded for the call.
  void for_each_row(const std::function<void(const Row&)>& visit) const;
  std::optional<Row> find(const KeyFingerprint& key) const;

 private:
  struct LiveRow {
    KeyFingerprint key;
    std::uint64_t hash;
    bool key_only;
    std::string bytes;  // the row's canonical encoding, exactly sized
  };
  static Row decoded(const LiveRow& live);
  using Order = std::list<LiveRow>;  // stable nodes: the index points at them

  bool keep_rows_;
  FingerprintTable hashes_;                                                             // hash_only
  Order rows_;                                                                          // keep
  boost::unordered_flat_map<KeyFingerprint, Order::iterator, SaltedFingerprintHash> index_;  // keep
};

}  // namespace interstice::sdk
