// See parallel_formatter.hpp.
#include "parallel_formatter.hpp"

#include "helper_thread.hpp"

#include <algorithm>
#include <system_error>

namespace interstice::sdk {

namespace {

// ~0.5 MB of records formats to ~0.8 MB of CSV or JSON: large enough that the queue's locking
// is noise, small enough that the pipeline fills and drains quickly.
constexpr std::size_t kBatchBytes = std::size_t{512} << 10;
constexpr std::size_t kMaxInFlight = 6;

}  // namespace

std::unique_ptr<ParallelFormatter> ParallelFormatter::start(Format format, Write write, std::string separator) {
  // More workers than batches that can wait for one would only sit idle.
  const unsigned workers = std::min<unsigned>(spare_cpus(), kMaxInFlight - 1);
  if (workers == 0) return nullptr;
  auto formatter = std::make_unique<ParallelFormatter>(std::move(format), std::move(write), std::move(separator));
  try {
    for (unsigned i = 0; i < workers; ++i) formatter->workers_.push_back(detail::helper_thread([raw = formatter.get()] { raw->work(); }));
  } catch (const std::system_error&) {
    if (formatter->workers_.empty()) return nullptr;  // no thread at all: the caller formats inline
  }
  formatter->claim_.emplace(static_cast<unsigned>(formatter->workers_.size()));
  return formatter;
}

ParallelFormatter::ParallelFormatter(Format format, Write write, std::string separator)
    : format_(std::move(format)), write_(std::move(write)), separator_(std::move(separator)) {}

ParallelFormatter::~ParallelFormatter() { stop(); }

void ParallelFormatter::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  queued_.notify_all();
  for (auto& worker : workers_) worker.join();
  workers_.clear();
}

void ParallelFormatter::add(const ScannedRecord& record) {
  try {
    add_record(record);
  } catch (...) {
    stop();  // before the caller unwinds and perhaps destroys the reader the workers use
    throw;
  }
}

void ParallelFormatter::add_record(const ScannedRecord& record) {
  if (filling_ && filling_->reader == record.reader() && filling_->records.add(record.view())) return;
  if (filling_) submit();
  {
    std::lock_guard lock(mutex_);
    if (!spare_.empty()) {
      filling_ = std::move(spare_.back());
      spare_.pop_back();
    }
  }
  if (!filling_) filling_ = std::make_unique<Batch>(kBatchBytes);
  filling_->reader = record.reader();
  filling_->transcoder = record.transcoder();
  filling_->records.add(record.view());  // an empty batch takes any record
}

void ParallelFormatter::submit() {
  std::unique_lock lock(mutex_);
  filling_->state = State::queued;
  in_flight_.push_back(std::move(filling_));
  queued_.notify_one();
  write_finished(lock);
  // Full: help with the formatting until the oldest batch can be written.
  while (in_flight_.size() >= kMaxInFlight) {
    if (!help(lock)) wait_for_front(lock);
    write_finished(lock);
  }
}

void ParallelFormatter::wait_for_front(std::unique_lock<std::mutex>& lock) {
  // The predicate, not a bare wait: the batch may have finished before this thread got the
  // lock, and then its notification is long gone.
  finished_.wait(lock, [this] { return in_flight_.front()->state == State::done; });
}

void ParallelFormatter::finish() {
  try {
    if (filling_ && !filling_->records.empty()) submit();
    std::unique_lock lock(mutex_);
    for (write_finished(lock); !in_flight_.empty(); write_finished(lock))
      if (!help(lock)) wait_for_front(lock);
  } catch (...) {
    stop();
    throw;
  }
}

void ParallelFormatter::write_finished(std::unique_lock<std::mutex>& lock) {
  while (!in_flight_.empty() && in_flight_.front()->state == State::done) {
    auto batch = std::move(in_flight_.front());
    in_flight_.pop_front();
    lock.unlock();
    if (batch->error) std::rethrow_exception(batch->error);  // unlocked: the caller unwinds from here
    {
      ScopedSpan span(tracer_, "write batch");
      span.attribute("bytes", batch->text.size());
      write_(batch->text, batch->records.size());
    }
    batch->text.clear();
    batch->records.clear();
    batch->reader = nullptr;
    lock.lock();
    spare_.push_back(std::move(batch));
  }
}

bool ParallelFormatter::help(std::unique_lock<std::mutex>& lock) {
  const auto waiting = std::find_if(in_flight_.begin(), in_flight_.end(),
                                    [](const auto& batch) { return batch->state == State::queued; });
  if (waiting == in_flight_.end()) return false;
  Batch& batch = **waiting;
  batch.state = State::formatting;
  lock.unlock();
  format(batch);
  lock.lock();
  batch.state = State::done;
  return true;
}

void ParallelFormatter::work() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (help(lock))
      finished_.notify_all();
    else
      queued_.wait(lock);
  }
}

void ParallelFormatter::format(Batch& batch) const {
  ScopedSpan span(tracer_, "format batch", parent_);
  span.attribute("records", batch.records.size());
  try {
    for (std::size_t i = 0; i < batch.records.size(); ++i) {
      if (i > 0) batch.text += separator_;
      const ScannedRecord scanned(batch.records[i], *batch.reader, nullptr, batch.transcoder);
      format_(ExportRecord(scanned), batch.text);
    }
  } catch (...) {
    batch.error = std::current_exception();
  }
}

}  // namespace interstice::sdk
