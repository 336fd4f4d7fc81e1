// Formats records into text on the spare CPUs (at most 5 workers) while the caller's thread
// goes on reading, and hands the text back in record order. TextExporter uses it for exporters
// whose records format independently (csv, ndjson, json): reading and validating a log takes one
// core, turning rows into text takes more, and the output must still come out in log order.
//
// How: the caller's records are kept in batches of about kBatchBytes (RecordBatch, since a view
// dies with the next `next`: a record in a mapped block of the log stays there, the batch keeping
// the map alive; any other is copied); each full batch goes to a queue; worker threads take the
// oldest waiting batch and format it into the batch's own string; the caller writes finished
// batches from the front of the queue, in order. At most kMaxInFlight batches exist at a time,
// so memory stays flat; when the queue is full the caller formats a waiting batch itself
// rather than sit idle. A worker's exception is kept with its batch and rethrown on the
// caller's thread when that batch's turn to be written comes, so errors surface in order too.
#pragma once

#include "record_batch.hpp"

#include "interstice/sdk/exporter.hpp"
#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/scanned_record.hpp"
#include "interstice/sdk/util/concurrency.hpp"
#include "interstice/sdk/util/json_transcoder.hpp"

#include "interstice/sdk/tracer.hpp"

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace interstice::sdk {

class ParallelFormatter {
 public:
  using Format = std::function<void(const ExportRecord&, std::string&)>;
  /// Gets the text of `records` records (one batch), in order.
  using Write = std::function<void(std::string_view text, std::size_t records)>;

  /// A formatter with a worker thread on each spare CPU, up to 5 (concurrency.hpp), which it claims
  /// while it lives; null when there is no spare CPU or no thread can be started. `separator`
  /// goes between two records of a batch (the caller puts it between batches).
  static std::unique_ptr<ParallelFormatter> start(Format format, Write write, std::string separator);

  ParallelFormatter(Format format, Write write, std::string separator);
  ~ParallelFormatter();  // stops the workers; unwritten text is dropped
  ParallelFormatter(const ParallelFormatter&) = delete;
  ParallelFormatter& operator=(const ParallelFormatter&) = delete;

  /// Keeps `record` (which must have a reader; RecordBatch) for formatting later. The reader must
  /// outlive this object (batches format through it on the workers).
  void add(const ScannedRecord& record);
  /// Formats and writes everything added so far, in order; rethrows the first failure.
  /// After a failure in either call the workers are already stopped and nothing else runs.
  void finish();

 private:
  enum class State { queued, formatting, done };
  struct Batch {
    explicit Batch(std::size_t capacity) : records(capacity) {}
    RecordBatch records;
    const LogReader* reader = nullptr;
    const JsonTranscoder* transcoder = nullptr;
    std::string text;
    std::exception_ptr error;
    State state = State::queued;
  };

  void add_record(const ScannedRecord& record);
  void submit();
  /// Stops and joins the workers (after the batches they are formatting); the rest is dropped.
  void stop();
  void format(Batch& batch) const;
  void work();
  /// With the lock held: writes the finished batches at the front (unlocking around each write).
  void write_finished(std::unique_lock<std::mutex>& lock);
  /// With the lock held and a batch in flight: waits until the oldest one is formatted.
  void wait_for_front(std::unique_lock<std::mutex>& lock);
  /// With the lock held: formats the oldest queued batch on this thread; false when none waits.
  bool help(std::unique_lock<std::mutex>& lock);

  Format format_;
  Write write_;
  std::string separator_;
  Tracer* tracer_ = Tracer::active();
  SpanRef parent_ = tracer_ ? tracer_->current() : SpanRef{};  // the caller's span: the batches' parent
  std::unique_ptr<Batch> filling_;
  std::mutex mutex_;
  std::condition_variable queued_;    // a batch was queued, or the workers should stop
  std::condition_variable finished_;  // a batch was formatted
  std::deque<std::unique_ptr<Batch>> in_flight_;  // submission order
  std::vector<std::unique_ptr<Batch>> spare_;     // written batches, kept for their buffers
  bool stopping_ = false;
  std::vector<std::thread> workers_;
  std::optional<CpuClaim> claim_;
};

}  // namespace interstice::sdk
