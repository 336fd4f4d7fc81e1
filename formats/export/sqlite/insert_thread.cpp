// InsertThread (see insert_thread.hpp).
#include "insert_thread.hpp"

namespace interstice::sqlite_export {

bool InsertThread::worth_it() { return sdk::spare_cpus() > 0; }

InsertThread::InsertThread(TransactionsTable& table) : table_(table) {
  for (std::size_t i = 1; i < kBatches; ++i) free_.push_back(i);
  thread_ = std::thread([this] { run(); });
}

InsertThread::~InsertThread() { stop(true); }

void InsertThread::queue_filling() {
  std::unique_lock lock(mutex_);
  batches_[filling_].count = filled_;
  full_.push_back(filling_);
  wake_inserter_.notify_one();
  wake_filler_.wait(lock, [&] { return !free_.empty() || error_; });
  if (error_) std::rethrow_exception(error_);
  filling_ = free_.front();
  free_.pop_front();
  filled_ = 0;
  filled_bytes_ = 0;
}

void InsertThread::finish() {
  if (filled_ != 0) {
    std::lock_guard lock(mutex_);
    batches_[filling_].count = filled_;
    full_.push_back(filling_);
    filled_ = 0;
    filled_bytes_ = 0;
  }
  stop(false);
  if (error_) std::rethrow_exception(error_);
}

void InsertThread::stop(bool abandon) {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
    abandon_ = abandon;
  }
  wake_inserter_.notify_one();
  thread_.join();
}

void InsertThread::run() {
  try {
    for (;;) {
      std::size_t batch;
      {
        std::unique_lock lock(mutex_);
        wake_inserter_.wait(lock, [&] { return !full_.empty() || closing_; });
        if (abandon_ || full_.empty()) return;
        batch = full_.front();
        full_.pop_front();
      }
      Batch& rows = batches_[batch];
      for (std::size_t i = 0; i < rows.count; ++i) {
        TransactionRow& row = rows.rows[i];
        table_.insert(row);
        for (std::string* text : {&row.primary_key, &row.row, &row.old_row})
          if (text->capacity() > kKeptCapacity) std::string().swap(*text);
      }
      std::lock_guard lock(mutex_);
      free_.push_back(batch);
      wake_filler_.notify_one();
    }
  } catch (...) {  // SQLite's error (or memory): the record loop throws it at its next hand-over
    std::lock_guard lock(mutex_);
    error_ = std::current_exception();
    wake_filler_.notify_one();
  }
}

}  // namespace interstice::sqlite_export
