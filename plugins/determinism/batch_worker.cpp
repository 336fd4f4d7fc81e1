// BatchWorker (batch_worker.hpp): a bounded queue in front of a replay on its own thread.
#include "batch_worker.hpp"

#include "prefetched.hpp"

#include <chrono>

namespace interstice::determinism {

BatchWorker::BatchWorker(sdk::RecordDigester& digester, std::uint64_t bucket_seed, std::size_t run, unsigned part,
                         unsigned parts, AfterRecord after, BatchDone done)
    : replay_(sdk::LogReplay::Options{.rows = sdk::LogReplay::Rows::hash_only, .bucket_seed = bucket_seed,
                                      .digester = &digester}),
      run_(run),
      part_(part),
      parts_(parts),
      after_(std::move(after)),
      done_(std::move(done)),
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

void BatchWorker::push(std::shared_ptr<DigestBatch> batch) {
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
      std::shared_ptr<DigestBatch> batch;
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
      if (batch->unfinished.fetch_sub(1, std::memory_order_acq_rel) == 1) done_(*batch);
    }
  } catch (...) {
    std::lock_guard lock(mutex_);
    failure_ = std::current_exception();
    changed_.notify_all();
  }
}

void BatchWorker::apply(DigestBatch& batch) {
  std::vector<std::uint64_t>& trace = batch.traces[run_];  // sized by the reading thread; ours are disjoint
  std::size_t i = 0;
  apply_prefetched(
      std::span(batch.digests),
      [&](const sdk::RecordDigest& digest) {
        if (mine(digest)) replay_.prefetch(digest);
      },
      [&](const sdk::RecordDigest& digest) {
        const std::size_t at = i++;
        if (!mine(digest)) return;
        const sdk::AnomalySet found = replay_.apply(digest);
        trace[at] = trace_of(*replay_.find(*digest.table));
        if (after_) after_(digest, found, replay_);
      });
}

}  // namespace interstice::determinism
