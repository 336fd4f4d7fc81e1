// ReplicaWorker and ReplicaStates (replica_states.hpp).
#include "replica_states.hpp"

#include "prefetched.hpp"

#include <span>

namespace interstice::determinism {

namespace {

constexpr std::uint32_t kUnset = ~0u;

sdk::LogReplay::Options hash_only(sdk::RecordDigester& digester) {
  return {.rows = sdk::LogReplay::Rows::hash_only, .digester = &digester};
}

}  // namespace

ReplicaWorker::ReplicaWorker(LogWalk& walk, const sdk::RecordDigester& digester, const sdk::LogReplay& replay)
    : walk_(walk), replay_(fork(digester_, digester, replay)), thread_([this] { run(); }) {}

sdk::LogReplay ReplicaWorker::fork(sdk::RecordDigester& digester, const sdk::RecordDigester& from,
                                   const sdk::LogReplay& replay) {
  digester.copy_tables_from(from);
  return replay.clone(digester);
}

ReplicaWorker::~ReplicaWorker() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void ReplicaWorker::run() {
  for (bool last = false; !last;) {
    // Digests first, then the replay a batch at a time with the slots fetched ahead. A damaged
    // record ends the log here: the records before it are replayed and handed over with the error.
    Batch batch = spare();
    batch.steps.reserve(kBatch);
    batch.copies.reserve(kBatch);
    try {
      while (batch.steps.size() < kBatch) {
        const sdk::ScannedRecord* record = walk_.next();
        if (!record) break;
        batch.steps.push_back({digester_.digest(*record), 0, 0});
        copy(batch, record->view());
      }
    } catch (...) {
      batch.error = std::current_exception();
    }
    last = batch.steps.size() < kBatch || batch.error;
    apply_prefetched(
        std::span(batch.steps), [&](const ReplicaStep& s) { replay_.prefetch(s.digest); },
        [&](ReplicaStep& s) {
          replay_.apply(s.digest);
          const auto state = replay_.find(*s.digest.table).value_or(sdk::TableState{});
          s.row_hash_sum = state.row_hash_sum;
          s.live_rows = state.live_rows;
        });
    if (!push(std::move(batch))) break;
  }
  std::lock_guard lock(mutex_);
  finished_ = true;
  changed_.notify_all();
}

bool ReplicaWorker::push(Batch batch) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return stop_ || queue_.size() < kQueued; });
  if (stop_) return false;
  queue_.push_back(std::move(batch));
  changed_.notify_all();
  return true;
}

// Called with the lock held.
void ReplicaWorker::recycle(Batch batch) {
  if (spare_.size() >= 2 || batch.steps.capacity() == 0) return;
  batch.steps.clear();
  batch.bytes.clear();
  batch.copies.clear();
  batch.error = nullptr;
  spare_.push_back(std::move(batch));
}

ReplicaWorker::Batch ReplicaWorker::spare() {
  std::lock_guard lock(mutex_);
  if (spare_.empty()) return {};
  Batch batch = std::move(spare_.back());
  spare_.pop_back();
  return batch;
}

void ReplicaWorker::copy(Batch& batch, const sdk::TransactionView& view) {
  auto append = [&batch](const void* data, std::size_t size) {
    const std::size_t at = batch.bytes.size();
    if (size) batch.bytes.append(static_cast<const char*>(data), size);
    return at;
  };
  CopiedView copied{view};
  copied.raw = append(view.raw.data(), view.raw.size());
  copied.row = append(view.row.data(), view.row.size());
  copied.old_row = append(view.old_row.data(), view.old_row.size());
  copied.module = append(view.module.data(), view.module.size());
  copied.table = append(view.table.data(), view.table.size());
  batch.copies.push_back(copied);
}

sdk::ScannedRecord ReplicaWorker::last_record() const {
  const CopiedView& copied = current_.copies.at(position_ - 1);
  const auto* bytes = reinterpret_cast<const unsigned char*>(current_.bytes.data());
  last_view_ = copied.view;
  last_view_.raw = {bytes + copied.raw, copied.view.raw.size()};
  last_view_.row = {bytes + copied.row, copied.view.row.size()};
  last_view_.old_row = {bytes + copied.old_row, copied.view.old_row.size()};
  last_view_.module = {current_.bytes.data() + copied.module, copied.view.module.size()};
  last_view_.table = {current_.bytes.data() + copied.table, copied.view.table.size()};
  return sdk::ScannedRecord(last_view_, *walk_.log().reader);  // decode() reads only the view's bytes
}

const ReplicaStep* ReplicaWorker::next() {
  while (position_ == current_.steps.size()) {
    if (current_.error) std::rethrow_exception(current_.error);
    if (ended_) return nullptr;
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !queue_.empty() || finished_; });
    if (queue_.empty()) {
      ended_ = true;
      recycle(std::move(current_));
      current_ = {};
    } else {
      recycle(std::move(current_));
      current_ = std::move(queue_.front());
      queue_.pop_front();
      changed_.notify_all();
    }
    position_ = 0;
  }
  return &current_.steps[position_++];
}

ReplicaStates::ReplicaStates() : a_(hash_only(digester_)) {}

std::uint32_t ReplicaStates::pair_of(const sdk::ReplayTable& table, std::vector<std::uint32_t>& by_id) {
  if (table.id >= by_id.size()) by_id.resize(table.id + 1, kUnset);
  std::uint32_t& pair = by_id[table.id];
  if (pair == kUnset) {
    auto [it, added] = pairs_.try_emplace({table.module, table.table}, static_cast<std::uint32_t>(pairs_.size()));
    pair = it->second;
    if (added) {
      side_a_.emplace_back();
      side_b_.emplace_back();
      differs_.push_back(false);
    }
  }
  return pair;
}

bool ReplicaStates::same_content(const sdk::RecordDigest& a, const sdk::RecordDigest& b) {
  // RecordDigest::same_content's rule, with B's table (from B's digester) matched to A's by name.
  if (a.table->module != b.table->module || a.table->table != b.table->table) return false;
  sdk::RecordDigest in_a = b;
  in_a.table = a.table;
  return a.same_content(in_a);
}

void ReplicaStates::add(std::uint64_t index, const std::optional<sdk::RecordDigest>& a, const ReplicaStep* b) {
  pending_.push_back({index, a, b ? std::optional<ReplicaStep>(*b) : std::nullopt});
  if (pending_.size() == kPending) flush();
}

void ReplicaStates::add_shared(std::uint64_t index, const sdk::RecordDigest& a) {
  pending_.push_back({index, a, std::nullopt, true});
  if (pending_.size() == kPending) flush();
}

void ReplicaStates::flush() {
  apply_prefetched(
      std::span(pending_),
      [&](const Pending& p) {
        if (p.a) a_.prefetch(*p.a);
      },
      [&](const Pending& p) {
        if (p.a) {
          a_.apply(*p.a);
          const auto state = a_.find(*p.a->table).value_or(sdk::TableState{});
          const std::uint32_t pair = pair_of(*p.a->table, pair_of_a_);
          side_a_[pair] = {state.row_hash_sum, state.live_rows};
          if (p.shared) side_b_[pair] = side_a_[pair];  // B's tables get the same pair once forked
          check(pair);
        }
        if (p.b) {
          const std::uint32_t pair = pair_of(*p.b->digest.table, pair_of_b_);
          side_b_[pair] = {p.b->row_hash_sum, p.b->live_rows};
          check(pair);
        }
        if (!first_difference_ && differing_ != 0) first_difference_ = p.index;
      });
  pending_.clear();
}

void ReplicaStates::check(std::uint32_t pair) {
  const bool differs = !(side_a_[pair] == side_b_[pair]);
  if (differs != differs_[pair]) differing_ += differs ? 1 : -1;
  differs_[pair] = differs;
}

}  // namespace interstice::determinism
