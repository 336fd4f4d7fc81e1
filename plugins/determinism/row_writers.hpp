// Which record last wrote each live row of a replay: the byte offset of the Insert or Update whose
// row is the one the replay holds. A state checkpoint is then just those offsets (8 bytes a row
// instead of the rows), and the state comes back by reading those records again
// (replay_cursors.hpp). The offsets are kept in the order the rows became live, the order
// `LogReplay::for_each_row` visits them in, so a state brought back lists its rows as the replay
// that made it did: the same rules as the replay's own (an Insert or Update of a live key keeps
// its place, a Delete drops it, a key that comes back goes last), by the same key fingerprints.
#pragma once

#include "interstice/sdk/record_digest.hpp"

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace interstice::determinism {

class RowWriters {
 public:
  /// Call for each record applied to the replay, in log order.
  void applied(const sdk::RecordDigest& digest, std::uint64_t offset);

  std::uint64_t live() const { return index_.size(); }
  /// The live rows' writers, in the order the rows became live.
  std::vector<std::uint64_t> offsets() const;

 private:
  struct Key {
    std::uint32_t table;
    sdk::KeyFingerprint fingerprint;
    friend bool operator==(const Key&, const Key&) = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& key) const noexcept {
      return static_cast<std::size_t>(key.fingerprint.low ^ (key.fingerprint.high * 0x9E3779B97F4A7C15ull) ^ key.table);
    }
  };
  static constexpr std::uint64_t kDead = UINT64_MAX;

  void compact();

  std::vector<std::uint64_t> order_;                    ///< writer offsets; kDead where a row went away
  std::unordered_map<Key, std::size_t, KeyHash> index_;  ///< live key -> its place in order_
};

}  // namespace interstice::determinism
