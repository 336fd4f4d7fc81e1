// Inserting the transactions table's rows on a thread of their own. Without a schema, SQLite's
// inserts are ~80% of an export's CPU and the rest (reading, checking, the JSON columns) ran
// before each insert on the same thread; here the record loop makes each row (`fill`) and this
// thread inserts it, so the two overlap on two CPUs. Rows go over in batches through a few
// reused buffers (a few MiB at most, no allocation once their strings have grown); the first
// SQLite error stops the thread and is thrown to the record loop at its next hand-over.
#pragma once

#include "transactions_table.hpp"

#include "interstice/sdk/util/concurrency.hpp"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace interstice::sqlite_export {

class InsertThread {
 public:
  /// True when a second CPU is free for it (otherwise insert on the record loop's thread).
  static bool worth_it();

  /// Starts the thread; it alone uses `table` (and its database) until `finish` returns.
  explicit InsertThread(TransactionsTable& table);
  /// Stops the thread without waiting for the rows still queued (an export that failed).
  ~InsertThread();
  InsertThread(const InsertThread&) = delete;
  InsertThread& operator=(const InsertThread&) = delete;

  /// The row to fill for the next record; `hand_over` passes it on.
  TransactionRow& next_row() { return batches_[filling_].rows[filled_]; }
  /// Throws the thread's SQLite error, if it met one.
  void hand_over() {
    const TransactionRow& row = next_row();
    filled_bytes_ += row.primary_key.size() + row.row.size() + row.old_row.size();
    if (++filled_ == kBatchRows || filled_bytes_ >= kBatchBytes) queue_filling();
  }
  /// Waits until every row handed over is inserted; throws the thread's error.
  void finish();

 private:
  static constexpr std::size_t kBatchRows = 256;
  /// A batch of big rows goes over early, so that rows in flight stay a few MiB whatever their size.
  static constexpr std::size_t kBatchBytes = std::size_t{2} << 20;
  /// A row's strings keep their capacity for the next record up to this; bigger ones are freed
  /// once inserted (one huge row must not keep every slot that held one huge).
  static constexpr std::size_t kKeptCapacity = std::size_t{64} << 10;
  static constexpr std::size_t kBatches = 4;
  struct Batch {
    std::vector<TransactionRow> rows = std::vector<TransactionRow>(kBatchRows);
    std::size_t count = 0;
  };

  void queue_filling();
  void run();
  void stop(bool abandon);

  TransactionsTable& table_;
  sdk::CpuClaim claim_{1};  // the reader's checking thread stands aside for this one
  std::vector<Batch> batches_ = std::vector<Batch>(kBatches);
  std::size_t filling_ = 0;  // the batch the record loop fills
  std::size_t filled_ = 0;
  std::size_t filled_bytes_ = 0;
  std::mutex mutex_;
  std::condition_variable wake_inserter_, wake_filler_;
  std::deque<std::size_t> full_, free_;  // under mutex_
  bool closing_ = false, abandon_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace interstice::sqlite_export
