// The shared record loop (see record_cursor.hpp). `next` is written so that an intact record
// costs the reader's `next` plus a handful of stores; damage, waiting and ending live in
// `stop_or_wait`, which runs once per damage or poll.
#include "interstice/sdk/record_cursor.hpp"
#include "interstice/sdk/util/log_cut.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/progress.hpp"
#include "interstice/sdk/scanned_record.hpp"
#include "interstice/sdk/tracer.hpp"
#include "interstice/sdk/util/json_transcoder.hpp"

#include <fmt/format.h>

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace interstice::sdk {

namespace {

// How often `follow` looks for growth: short enough to feel live, long enough to cost nothing.
constexpr auto kPollInterval = std::chrono::milliseconds(200);

}  // namespace

struct RecordCursor::State {
  State(LogReader& reader, LogInput* input, CursorOptions&& options)
      : reader(reader), input(input), options(std::move(options)), throttle(this->options.progress),
        record(view, reader, nullptr, json_transcoder_of(reader)), span(Tracer::active(), "read records") {
    struct stat file {};
    if (input && this->options.damage == DamagePolicy::follow) {
      // A followed file may be truncated or rewritten while it is read: a mapped page past its
      // new end would fault, where pread just returns less (and the shrink is reported).
      input->read_without_mapping();
      if (::stat(input->path().c_str(), &file) == 0) followed_file.emplace(file.st_dev, file.st_ino);
    }
    // Last: once the reader selects, only the destructor (of a whole State) puts it back.
    if (this->options.select.wants) {
      const auto first = reader.select(this->options.select);
      selecting = first.has_value();
      next_index = first.value_or(0);
    }
  }

  [[noreturn]] void cut_under_the_reader(std::uint64_t at) const { throw log_cut_error(*input, at); }
  // After each read: a mapped read past the end of a file cut under the reader found zeros
  // (mapped_bytes.cpp): whatever the reader made of them, the file is no longer the one being read.
  void check_not_cut_under() const {
    if (input && input->cut_at() != UINT64_MAX) [[unlikely]]
      cut_under_the_reader(input->cut_at());
  }
  bool cancelled() const { return options.cancel.cancelled && options.cancel.cancelled(options.cancel.state); }
  // Selecting: the reader passed over the intact records from `next_index` to `index` (the next
  // record handed out, or a damage); the last of them ends at `end` (record_selection.hpp).
  void count_passed_over(std::uint64_t index, std::uint64_t end) {
    if (index <= next_index) return;
    summary.records += index - next_index;
    last_end = end;
    next_index = index;
  }
  // At damage, when not following: a file now shorter than when it was opened was cut under the
  // reader, and that is what is reported (the part of a mapped page past the new end reads as
  // zeros without a fault; pread comes back short), at the new end.
  // Asked of the descriptor, without changing the size the reader reads to: a pread of the last
  // byte it had comes back empty.
  void check_not_cut() const {
    if (!input || options.damage == DamagePolicy::follow || input->size() == 0) return;
    unsigned char last;
    if (input->read_at(input->size() - 1, &last, 1) != 0) return;
    input->refresh();
    cut_under_the_reader(input->size());
  }

  // A reader that selected for this cursor hands out every record again (also when the
  // cursor's constructor throws after this was made: the selection's state may be gone then).
  ~State() {
    if (!selecting) return;
    try {
      reader.select(RecordSelection{});
    } catch (...) {  // only stopping its worker can fail, and the reader is not read again then
    }
  }
  State(const State&) = delete;
  State& operator=(const State&) = delete;

  enum class Step { again, end };

  // After `reader.next` returned false: wait, resynchronise or end, as the policy says.
  Step stop_or_wait();
  // Records a damage met (not one waited for) and tells the caller.
  void note(const LogDamage& damage);
  // Following, at a record cut short by the end of the file: true (and the damage noted) when
  // the file has since grown and an intact record follows the cut one, so it is a torn write
  // (a writer that crashed mid-record and restarted), not a record still being written.
  bool torn_write_proven(const LogDamage& damage);
  // Following: true when the path no longer names the file being read (log rotation by rename,
  // or removal). Compared by device and inode, taken when the cursor was made.
  bool replaced() const {
    struct stat now {};
    return followed_file && (::stat(input->path().c_str(), &now) != 0 || now.st_dev != followed_file->first ||
                             now.st_ino != followed_file->second);
  }
  void end() {
    if (ended) return;
    ended = true;
    if (!read_to_fixed) {  // else set where the reading stopped (the reader may have moved on)
      const auto& damage = reader.damage();
      summary.read_to = damage ? damage->offset : reader.position();
    }
    if (damages.empty()) {
      summary.records_before_damage = summary.records;
      summary.valid_prefix_end = last_end;
    }
    throttle.finish();
    span.attribute("records", summary.records).attribute("bytes", summary.read_to);
    span.end();
  }

  LogReader& reader;
  LogInput* input;  // null for a bare reader
  CursorOptions options;
  ThrottledProgress throttle;
  TransactionView view;
  // On `view`, handed out for every record (see forget_decoded), with the reader's JSON fast
  // path looked up once.
  ScannedRecord record;
  std::vector<LogDamage> damages;
  CursorSummary summary;
  std::uint64_t last_end = 0;    // where the last intact record ends
  std::uint64_t next_index = 0;  // the index the next record will get (a shrink report; selecting)
  bool selecting = false;        // the reader passes over records options.select does not want
  bool ended = false;
  bool read_to_fixed = false;      // a shrink or a torn write set summary.read_to itself
  std::uint64_t probed_size = 0;   // the file's size at the last torn-write probe
  std::optional<std::pair<dev_t, ino_t>> followed_file;  // --follow: the file the path named
  // --follow: the last bytes read before waiting, to tell damage from a rewrite in place.
  std::vector<unsigned char> tail;
  std::uint64_t tail_end = 0;

  void remember_tail(std::uint64_t end) {
    if (end == tail_end && !tail.empty()) return;
    tail.assign(std::min<std::uint64_t>(end, 64), 0);
    tail.resize(input->read_at(end - tail.size(), tail.data(), tail.size()));
    tail_end = end;
  }
  bool tail_changed() const {
    if (tail.empty()) return false;
    std::vector<unsigned char> now(tail.size());
    return input->read_at(tail_end - tail.size(), now.data(), now.size()) != now.size() || now != tail;
  }
  ScopedSpan span;  // from the cursor's making to the end of the records
};

void RecordCursor::State::note(const LogDamage& damage) {
  if (damages.empty()) {
    summary.records_before_damage = summary.records;
    summary.valid_prefix_end = last_end;
  }
  damages.push_back(damage);
  if (options.on_damage) options.on_damage(damages.back());
}

bool RecordCursor::State::torn_write_proven(const LogDamage& damage) {
  const std::uint64_t size = input->size();
  if (size <= probed_size) return false;  // nothing new since the last look
  probed_size = size;
  const LogDamage torn = damage;  // the reader forgets it when it resynchronises
  // A codec's resynchronisation accepts a start only where a whole record verifies (v1: its
  // CRC); when none is found the reader is left as it was, still at the cut record.
  if (!reader.resynchronize()) return false;
  read_to_fixed = true;
  summary.read_to = torn.offset;
  summary.stopped_by_damage = true;
  note(LogDamage{torn.index, torn.offset,
                 fmt::format("{}; an intact record follows it at byte {}, so this is a torn write, not a record "
                             "still being written",
                             torn.reason, reader.position()),
                 false});
  return true;
}

RecordCursor::State::Step RecordCursor::State::stop_or_wait() {
  const auto& damage = reader.damage();
  if (selecting && damage) count_passed_over(damage->index, damage->offset);
  // Damage right after the bytes read before a wait, which have changed since: not damage at
  // that offset but another file's bytes (rewritten in place; one that shrank is caught below).
  if (options.damage == DamagePolicy::follow && damage && tail_changed()) {
    read_to_fixed = true;
    summary.read_to = tail_end;
    summary.stopped_by_damage = true;
    note(LogDamage{damage->index, tail_end,
                   "the file was rewritten in place while it was being followed (bytes already read changed)", false});
    return Step::end;
  }
  if (options.damage == DamagePolicy::follow && (!damage || damage->incomplete)) {
    if (damage && torn_write_proven(*damage)) return Step::end;
    remember_tail(damage ? damage->offset : reader.position());
    std::this_thread::sleep_for(kPollInterval);
    const bool grew = input->refresh();
    if (!grew && replaced()) {  // everything the old file holds has been read
      const std::uint64_t at = damage ? damage->offset : reader.position();
      read_to_fixed = true;
      summary.read_to = at;
      summary.stopped_by_damage = true;
      note(LogDamage{damage ? damage->index : next_index, at,
                     "the file was replaced while it was being followed (renamed or removed, e.g. by log rotation); "
                     "everything it held was read: follow the new file with another run",
                     false});
      return Step::end;
    }
    // Shrunk below what was already read: truncated or rewritten in place. Reading on from the
    // old position would decode the new bytes from the middle of a record. (A half-written
    // record is re-read from its start, so only the bytes before it count.)
    const std::uint64_t read_to = damage ? damage->offset : reader.position();
    if (input->size() < read_to) {
      read_to_fixed = true;
      summary.read_to = read_to;
      summary.stopped_by_damage = true;
      note(LogDamage{damage ? damage->index : next_index, read_to,
                     fmt::format("the file shrank to {} bytes while it was being followed (truncated or rewritten)",
                                 input->size()),
                     false});
      return Step::end;
    }
    if (damage) reader.retry();
    return Step::again;
  }
  if (!damage) return Step::end;  // the end of the file
  check_not_cut();
  note(*damage);
  if (options.damage == DamagePolicy::keep_going && reader.resynchronize()) {
    next_index = damages.back().index + 1;  // the damaged record is not one passed over
    return Step::again;
  }
  summary.stopped_by_damage = true;
  return Step::end;
}

RecordCursor::RecordCursor(OpenedLog& log, CursorOptions options)
    : state_(std::make_unique<State>(*log.reader, log.input.get(), std::move(options))) {}

RecordCursor::RecordCursor(LogReader& reader, CursorOptions options)
    : state_(std::make_unique<State>(reader, nullptr, std::move(options))) {
  if (state_->options.damage == DamagePolicy::follow)
    throw Error::internal("RecordCursor: DamagePolicy::follow needs an OpenedLog (its input is refreshed)");
}

// A caller that stops early (--limit) still gets its progress line cleared.
RecordCursor::~RecordCursor() {
  if (!state_->ended) state_->throttle.finish();
}

// The previous record's decoded rows, if its `transaction()` was called, belong to it alone.
// Cheaper than building a ScannedRecord per record: one test when nothing was decoded.
void RecordCursor::forget_decoded(const ScannedRecord& record) {
  if (record.decoded_) [[unlikely]] {
    record.decoded_ = nullptr;
    record.cache_.reset();
  }
}

std::uint64_t LogReader::tally(RecordTally&) { return 0; }

std::optional<std::uint64_t> LogReader::select(const RecordSelection&) { return std::nullopt; }

void RecordCursor::tally(RecordTally& tally) {
  State& s = *state_;
  if (s.options.select.wants) throw Error::internal("RecordCursor::tally: the cursor was made with a selection");
  // Following reads one record at a time: at the end it waits, and a pipeline would only start
  // and stop around each record the writer adds.
  const bool threads = s.options.damage != DamagePolicy::follow;
  while (!s.ended) {
    if (threads && !s.cancelled()) {
      const std::uint64_t counted = s.reader.tally(tally);
      s.check_not_cut_under();
      if (counted != 0) {
        s.summary.records += counted;
        s.last_end = s.reader.position();
        s.throttle.at(s.last_end);
        continue;
      }
    }
    const ScannedRecord* record = next();
    if (!record) return;
    tally.add(record->view());
  }
}

const ScannedRecord* RecordCursor::next() {
  State& s = *state_;
  if (s.ended) return nullptr;
  forget_decoded(s.record);
  for (;;) {
    if (s.cancelled()) [[unlikely]] {
      s.summary.interrupted = true;
      s.end();
      return nullptr;
    }
    const bool got = s.reader.next(s.view);
    s.check_not_cut_under();
    if (got) [[likely]] {
      if (s.selecting) s.count_passed_over(s.view.index, s.view.offset);
      ++s.summary.records;
      s.last_end = s.view.offset + s.view.size;
      s.next_index = s.view.index + 1;
      s.throttle.at(s.view.offset);
      return &s.record;
    }
    if (s.stop_or_wait() == State::Step::end) {
      s.end();
      return nullptr;
    }
  }
}

bool RecordCursor::resynchronize() {
  State& s = *state_;
  if (!s.ended || !s.summary.stopped_by_damage || s.read_to_fixed || !s.reader.resynchronize()) return false;
  s.next_index = s.damages.back().index + 1;
  s.ended = false;
  s.summary.stopped_by_damage = false;
  return true;
}

const std::vector<LogDamage>& RecordCursor::damages() const { return state_->damages; }

const CursorSummary& RecordCursor::summary() const { return state_->summary; }

}  // namespace interstice::sdk
