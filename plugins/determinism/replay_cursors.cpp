// ReplayCursors (replay_cursors.hpp).
#include "replay_cursors.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/util/record_seek.hpp"

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

namespace {

/// Blocks of the reader that reads the live rows' records back: one record each, mostly.
constexpr std::size_t kRowReadBlock = 2 << 10;

/// The state at `from`, brought back into `cursor` (whose replay is empty): the walk seeks to the
/// checkpoint and each live row is read again from the record that wrote it. False when this
/// log's reader cannot seek.
bool restore(ReplayCursor& cursor, const StateCheckpoint& from) {
  sdk::OpenedLog& log = cursor.walk->log();
  sdk::LogInput input(log.input->path(), kRowReadBlock);
  const std::unique_ptr<sdk::LogReader> reader = log.codec->open(input, log.variant);
  sdk::RecordSeek* seek = sdk::record_seek_of(*reader);
  if (!seek || !cursor.walk->seek(from.offset, from.records)) return false;
  sdk::TransactionView view;
  for (const std::uint64_t offset : from.writers) {
    seek->seek(offset, 0);
    if (!reader->next(view))  // the cache key (size, mtime) says the file is the one replayed
      throw sdk::Error::input("no intact record where the replay read one: the file changed",
                              sdk::Location::at_byte(cursor.walk->path(), offset));
    sdk::Transaction transaction = reader->decode(view);
    const sdk::RecordDigest& digest = cursor.digester->digest(transaction);
    cursor.applied(digest, offset);
    cursor.replay.apply(digest, &transaction.row);
  }
  cursor.last = from.last;
  return true;
}

}  // namespace

ReplayCursor ReplayCursors::take(const std::string& key, std::uint64_t records,
                                 const std::function<std::unique_ptr<LogWalk>()>& open) {
  ReplayCursor cursor;
  if (!key.empty()) {
    std::lock_guard lock(mutex_);
    auto it = std::find_if(entries_.begin(), entries_.end(), [&](const auto& e) { return e.first == key; });
    if (it != entries_.end()) {
      cursor = std::move(it->second);
      entries_.erase(it);
    }
  }
  if (!cursor.digester) cursor.digester = std::make_unique<sdk::RecordDigester>();
  const StateCheckpoint* from = nullptr;
  for (const auto& checkpoint : cursor.checkpoints)
    if (checkpoint.records <= records) from = &checkpoint;
  // Goes on from where the replay is, unless a checkpoint is nearer.
  if (cursor.walk && cursor.walk->records() <= records && (!from || from->records <= cursor.walk->records()))
    return cursor;
  cursor.replay = keeping_rows(*cursor.digester);
  cursor.writers = RowWriters();
  cursor.last = RecordPlace();
  cursor.part_checked = ~0u;
  if (from) {
    if (!cursor.walk) cursor.walk = open();
    if (restore(cursor, *from)) return cursor;
    cursor.replay = keeping_rows(*cursor.digester);  // the reader cannot seek: from the start
    cursor.writers = RowWriters();
  }
  cursor.walk = open();
  return cursor;
}

void ReplayCursors::give_back(const std::string& key, ReplayCursor cursor) {
  if (key.empty()) return;
  if (cursor.replay.live_rows_total() > kKeptRowBudget) {  // keep the checkpoints only
    cursor.walk.reset();
    cursor.replay = keeping_rows(*cursor.digester);
    cursor.writers = RowWriters();
  }
  std::lock_guard lock(mutex_);
  // Another request of the same log may have given one back meanwhile: the later one stays.
  std::erase_if(entries_, [&](const auto& e) { return e.first == key; });
  entries_.emplace_back(key, std::move(cursor));
  if (entries_.size() > kLogs) entries_.erase(entries_.begin());
}

void ReplayCursors::maybe_checkpoint(ReplayCursor& cursor, std::uint64_t next_offset) {
  const unsigned part = part_of(next_offset, cursor.walk->size());
  if (part == 0 || part == cursor.part_checked) return;  // the start needs no checkpoint
  cursor.part_checked = part;
  const std::uint64_t records = cursor.walk->records();
  std::uint64_t noted = cursor.writers.live();
  auto at = cursor.checkpoints.begin();
  for (; at != cursor.checkpoints.end() && at->records <= records; ++at) {
    if (part_of(at->offset, cursor.walk->size()) == part) return;  // this part has one
    noted += at->writers.size();
  }
  for (auto it = at; it != cursor.checkpoints.end(); ++it) {
    if (part_of(it->offset, cursor.walk->size()) == part) return;
    noted += it->writers.size();
  }
  if (noted > kCheckpointWriterBudget) return;
  cursor.checkpoints.insert(at, {records, next_offset, cursor.last, cursor.writers.offsets()});
}

}  // namespace interstice::determinism
