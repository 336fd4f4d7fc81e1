// BatchWorker (batch_worker.hpp): a bounded queue in front of a replay on its own thread.
#include "batch_worker.hpp"

#include "prefetched.hpp"

#include <chrono>

namespace interstice::determinism {

BatchWorker::BatchWorker(sdk::RecordDigester& digester, std::uint64_t bucket_seed, unsigned part, unsigned parts)
    : replay_(sdk::LogReplay::Options{.rows = sdk::LogReplay::Rows::hash_only, .bucket_seed = bucket_seed,
                                      .digester = &digester}),
      part_(part),
      parts_(parts),
      thread_([this] { work(); }) {}

BatchWorker::~BatchWorker() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    queue_.clear();
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void BatchWorker::push(std::shared_ptr<const DigestBatch> batch) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return queue_.size() < kQueueDepth || failure_; });
  if (failure_) return;  // finish() reports it
  queue_.push_back(std::move(batch));
  changed_.notify_all();
}

void BatchWorker::finish() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (failure_) std::rethrow_exception(failure_);
}

void BatchWorker::work() {
  try {
    for (;;) {
      std::shared_ptr<const DigestBatch> batch;
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return !queue_.empty() || closed_; });
        if (queue_.empty()) return;
        batch = std::move(queue_.front());
        queue_.pop_front();
      }
      changed_.notify_all();
      const auto start = std::chrono::steady_clock::now();
      apply(*batch);
      busy_ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    }
  } catch (...) {
    std::lock_guard lock(mutex_);
    failure_ = std::current_exception();
    changed_.notify_all();
  }
}

void BatchWorker::apply(const DigestBatch& batch) {
  apply_prefetched(
      std::span(batch),
      [&](const DigestItem& item) {
        if (mine(item)) replay_.prefetch(item.digest);
      },
      [&](const DigestItem& item) {
        if (!mine(item)) return;
        replay_.apply(item.digest);
        if (divergence_) return;
        const auto state = replay_.find(*item.digest.table);
        if (state->row_hash_sum != item.expected_sum || state->live_rows != item.expected_live)
          divergence_ = item.digest.index;
      });
}

}  // namespace interstice::determinism
