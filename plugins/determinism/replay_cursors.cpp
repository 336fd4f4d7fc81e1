// ReplayCursors (replay_cursors.hpp).
#include "replay_cursors.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>

namespace interstice::determinism {

namespace {

unsigned part_of(std::uint64_t offset, std::uint64_t size) {
  return size == 0 ? 0 : static_cast<unsigned>(offset * ReplayCursors::kCheckpointsPerLog / size);
}

}  // namespace

ReplayCursors& ReplayCursors::process() {
  static ReplayCursors cursors;
  return cursors;
}

std::string cursor_key(const std::string& path, const std::string& options) {
  struct stat info {};
  if (path == "-" || ::stat(path.c_str(), &info) != 0) return {};  // never cached
  return fmt::format("{}\n{}:{}:{}:{}.{}\n{}", path, info.st_dev, info.st_ino, info.st_size, info.st_mtim.tv_sec,
                     info.st_mtim.tv_nsec, options);
}

ReplayCursor ReplayCursors::take(const std::string& key, std::uint64_t records,
                                 const std::function<std::unique_ptr<LogWalk>()>& open) {
  std::optional<ReplayCursor> found;
  if (!key.empty()) {
    std::lock_guard lock(mutex_);
    auto it = std::find_if(entries_.begin(), entries_.end(), [&](const auto& e) { return e.first == key; });
    if (it != entries_.end()) {
      found = std::move(it->second);
      entries_.erase(it);
    }
  }
  if (!found) {
    ReplayCursor cursor;
    cursor.digester = std::make_unique<sdk::RecordDigester>();
    cursor.walk = open();
    cursor.replay = keeping_rows(*cursor.digester);
    return cursor;
  }
  ReplayCursor cursor = std::move(*found);
  cursor.interactive = true;
  if (cursor.walk->records() <= records) return cursor;
  // Backwards: from the nearest checkpoint at or before `records`, or from the start.
  const ReplayCursor::Checkpoint* from = nullptr;
  for (const auto& checkpoint : cursor.checkpoints)
    if (checkpoint.records <= records) from = &checkpoint;
  cursor.walk = open();
  cursor.part_checked = ~0u;
  cursor.replay = from ? from->replay.clone() : keeping_rows(*cursor.digester);
  const std::uint64_t skip = from ? from->records : 0;
  while (cursor.walk->records() < skip) {
    const sdk::ScannedRecord* record = cursor.walk->next();
    if (!record) break;  // the file is the one the checkpoint was made from (the key says so)
    cursor.last.set(record->view());
  }
  return cursor;
}

void ReplayCursors::give_back(const std::string& key, ReplayCursor cursor) {
  if (key.empty() || cursor.replay.live_rows_total() > kKeptRowBudget) return;
  std::lock_guard lock(mutex_);
  // Another request of the same log may have given one back meanwhile: the later one stays.
  std::erase_if(entries_, [&](const auto& e) { return e.first == key; });
  entries_.emplace_back(key, std::move(cursor));
  if (entries_.size() > kLogs) entries_.erase(entries_.begin());
}

void ReplayCursors::maybe_checkpoint(ReplayCursor& cursor) {
  if (!cursor.interactive) return;
  const std::uint64_t offset = cursor.walk->position();
  const unsigned part = part_of(offset, cursor.walk->size());
  if (part == 0 || part == cursor.part_checked) return;  // the start needs no checkpoint
  cursor.part_checked = part;
  std::uint64_t rows = cursor.replay.live_rows_total();
  auto at = cursor.checkpoints.begin();
  for (; at != cursor.checkpoints.end() && at->records <= cursor.walk->records(); ++at) {
    if (part_of(at->offset, cursor.walk->size()) == part) return;  // this part has one
    rows += at->replay.live_rows_total();
  }
  for (auto it = at; it != cursor.checkpoints.end(); ++it) {
    if (part_of(it->offset, cursor.walk->size()) == part) return;
    rows += it->replay.live_rows_total();
  }
  if (rows > kKeptRowBudget) return;
  cursor.checkpoints.insert(at, {cursor.walk->records(), offset, cursor.replay.clone()});
}

}  // namespace interstice::determinism
