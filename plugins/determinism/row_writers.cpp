// RowWriters (row_writers.hpp).
#include "row_writers.hpp"

namespace interstice::determinism {

void RowWriters::applied(const sdk::RecordDigest& digest, std::uint64_t offset) {
  const Key key{digest.table->id, digest.key};
  if (digest.operation == sdk::Operation::Delete) {
    if (auto it = index_.find(key); it != index_.end()) {
      order_[it->second] = kDead;
      index_.erase(it);
      if (order_.size() > 2 * index_.size() + 1024) compact();
    }
    return;
  }
  // Insert and Update both make the key live with this record's row (replay.hpp).
  const auto [it, added] = index_.try_emplace(key, order_.size());
  if (added)
    order_.push_back(offset);
  else
    order_[it->second] = offset;
}

std::vector<std::uint64_t> RowWriters::offsets() const {
  std::vector<std::uint64_t> live;
  live.reserve(index_.size());
  for (const std::uint64_t offset : order_)
    if (offset != kDead) live.push_back(offset);
  return live;
}

void RowWriters::compact() {
  std::vector<std::size_t> moved(order_.size());
  std::size_t kept = 0;
  for (std::size_t i = 0; i < order_.size(); ++i) {
    moved[i] = kept;
    if (order_[i] != kDead) order_[kept++] = order_[i];
  }
  order_.resize(kept);
  for (auto& [key, place] : index_) place = moved[place];
}

}  // namespace interstice::determinism
