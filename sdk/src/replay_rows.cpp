// One table's live rows (replay_rows.hpp).
#include "replay_rows.hpp"

#include "canonical_decode.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/util/canonical_value.hpp"

namespace interstice::sdk {

ReplayRows::ReplayRows(bool keep_rows, std::uint64_t bucket_seed)
    : keep_rows_(keep_rows),
      hashes_(bucket_seed),
      index_(0, SaltedFingerprintHash{bucket_seed}) {}

ReplayRows::ReplayRows(const ReplayRows& other)
    : keep_rows_(other.keep_rows_), hashes_(other.hashes_), rows_(other.rows_), index_(0, other.index_.hash_function()) {
  index_.reserve(rows_.size());
  for (auto it = rows_.begin(); it != rows_.end(); ++it) index_.emplace(it->key, it);
}

std::optional<std::uint64_t> ReplayRows::put(const KeyFingerprint& key, std::uint64_t hash, Row* row) {
  if (!keep_rows_) return hashes_.put(key, hash);
  thread_local std::string scratch;  // encoded here, then copied at its exact size
  scratch.clear();
  const Row empty;
  const Row& kept = row ? *row : empty;
  const std::size_t key_size = append_canonical(scratch, kept);
  if (auto found = index_.find(key); found != index_.end()) {
    LiveRow& live = *found->second;
    // Fingerprints are 128 bits: two live keys sharing one would be a first. Say so rather than
    // merge two rows. (The encoding is self-delimiting: equal key prefixes are equal keys.)
    if (!std::string_view(live.bytes).starts_with(std::string_view(scratch).substr(0, key_size)))
      throw Error::internal("replay: two different primary keys have the same 128-bit fingerprint");
    live.bytes.assign(scratch);
    live.bytes.shrink_to_fit();
    live.key_only = kept.key_only;
    return std::exchange(live.hash, hash);
  }
  rows_.push_back({key, hash, kept.key_only, std::string(scratch)});
  index_.emplace(key, std::prev(rows_.end()));
  return std::nullopt;
}

std::optional<std::uint64_t> ReplayRows::erase(const KeyFingerprint& key) {
  if (!keep_rows_) return hashes_.erase(key);
  auto found = index_.find(key);
  if (found == index_.end()) return std::nullopt;
  const std::uint64_t hash = found->second->hash;
  rows_.erase(found->second);
  index_.erase(found);
  return hash;
}

void ReplayRows::for_each_hash(const std::function<void(std::uint64_t)>& visit) const {
  if (!keep_rows_) {
    hashes_.for_each(visit);
    return;
  }
  for (const auto& [key, node] : index_) visit(node->hash);
}

Row ReplayRows::decoded(const LiveRow& live) {
  Row row = decode_canonical_row(live.bytes);
  row.key_only = live.key_only;
  return row;
}

void ReplayRows::for_each_row(const std::function<void(const Row&)>& visit) const {
  for (const auto& live : rows_) visit(decoded(live));
}

std::optional<Row> ReplayRows::find(const KeyFingerprint& key) const {
  auto found = index_.find(key);
  if (found == index_.end()) return std::nullopt;
  return decoded(*found->second);
}

}  // namespace interstice::sdk
