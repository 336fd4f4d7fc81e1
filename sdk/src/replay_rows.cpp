// One table's live rows (replay_rows.hpp).
#include "replay_rows.hpp"

#include "interstice/sdk/error.hpp"

namespace interstice::sdk {

ReplayRows::ReplayRows(bool keep_rows, std::uint64_t bucket_seed)
    : keep_rows_(keep_rows),
      hashes_(bucket_seed),
      index_(0, SaltedFingerprintHash{bucket_seed}) {}

std::optional<std::uint64_t> ReplayRows::put(const KeyFingerprint& key, std::uint64_t hash, Row* row) {
  if (!keep_rows_) return hashes_.put(key, hash);
  Row kept = row ? std::move(*row) : Row{};
  if (auto found = index_.find(key); found != index_.end()) {
    LiveRow& live = *found->second;
    // Fingerprints are 128 bits: two live keys sharing one would be a first. Say so rather than
    // merge two rows.
    if (!(live.row.primary_key == kept.primary_key))
      throw Error::internal("replay: two different primary keys have the same 128-bit fingerprint");
    live.row = std::move(kept);
    return std::exchange(live.hash, hash);
  }
  rows_.push_back({key, hash, std::move(kept)});
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

void ReplayRows::for_each_row(const std::function<void(const Row&)>& visit) const {
  for (const auto& live : rows_) visit(live.row);
}

const Row* ReplayRows::find(const KeyFingerprint& key) const {
  auto found = index_.find(key);
  return found == index_.end() ? nullptr : &found->second->row;
}

}  // namespace interstice::sdk
