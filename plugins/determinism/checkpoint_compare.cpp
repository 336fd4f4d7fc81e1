// The comparison of checkpoint_compare.hpp.
#include "checkpoint_compare.hpp"

#include "prefetched.hpp"

#include "interstice/sdk/log_report.hpp"
#include "interstice/sdk/replay.hpp"
#include "interstice/sdk/util/state_hash.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <optional>
#include <vector>

namespace json = boost::json;

namespace interstice::determinism {

namespace {

/// The first window that differs: records [from, to) of the log, and what each side had there.
struct Window {
  std::uint64_t from_records = 0;  ///< the last checkpoint that agreed (0: the start)
  std::uint64_t from_offset = 0;
  std::uint64_t to_records = 0;    ///< the first checkpoint that did not, or where a side ended
  std::optional<std::uint64_t> to_offset;         ///< in this log
  std::optional<std::uint64_t> stream_to_offset;  ///< in the stream's log
  std::optional<std::uint64_t> expected;  ///< the stream's hash there
  std::optional<std::uint64_t> actual;    ///< this log's
  std::string reason;
};

constexpr std::size_t kPending = 256;  // digests applied per batch

json::value optional_json(const std::optional<std::uint64_t>& value) {
  return value ? json::value(*value) : json::value(nullptr);
}
json::value optional_hash(const std::optional<std::uint64_t>& value) {
  return value ? json::value(sdk::hash_hex(*value)) : json::value(nullptr);
}

}  // namespace

sdk::Report compare_checkpoints(LogWalk& walk, CheckpointReader& stream) {
  sdk::RecordDigester digester;
  sdk::LogReplay replay(sdk::LogReplay::Options{.rows = sdk::LogReplay::Rows::hash_only, .digester = &digester});
  std::optional<Checkpoint> expect = stream.next();
  Checkpoint agreed;  // the start: 0 records, offset 0
  std::optional<Window> differs;
  std::uint64_t compared = 0;
  auto window = [&](std::string reason) {
    return Window{agreed.records, agreed.next_offset, agreed.records, std::nullopt, std::nullopt,
                  std::nullopt, std::nullopt, std::move(reason)};
  };

  // Called after each record, in order: compares at the stream's next checkpoint.
  auto after = [&](const sdk::RecordDigest& digest) {
    if (!expect) {
      differs = window(fmt::format("the stream ends after {} records, this log goes on", agreed.records));
      differs->to_records = replay.applied();
      differs->to_offset = digest.offset + digest.size;
      return;
    }
    if (replay.applied() != expect->records) return;
    ++compared;
    const std::uint64_t actual = replay.state_hash();
    if (actual != expect->state_hash) {
      differs = window(fmt::format("state hashes differ after {} records", expect->records));
      differs->to_records = expect->records;
      differs->to_offset = digest.offset + digest.size;
      differs->stream_to_offset = expect->next_offset;
      differs->expected = expect->state_hash;
      differs->actual = actual;
      return;
    }
    agreed = *expect;
    expect = expect->end ? std::nullopt : stream.next();
    if (expect && expect->end && expect->records == agreed.records) {  // the end line repeats the last checkpoint
      if (expect->state_hash != agreed.state_hash)
        throw sdk::Error::input("the end line contradicts the last checkpoint", sdk::Location::in_file(stream.path()));
      expect.reset();
    }
    if (expect && expect->records <= agreed.records)
      throw sdk::Error::input("checkpoints are not in record order", sdk::Location::in_file(stream.path()));
  };
  std::vector<sdk::RecordDigest> pending;  // applied a batch at a time (prefetched.hpp)
  auto flush = [&] {
    apply_prefetched(std::span(pending), [&](const sdk::RecordDigest& d) { replay.prefetch(d); },
                     [&](const sdk::RecordDigest& d) {
                       if (differs) return;
                       replay.apply(d);
                       after(d);
                     });
    pending.clear();
  };
  while (!differs) {
    const sdk::ScannedRecord* record = walk.next();
    if (!record) break;
    pending.push_back(digester.digest(*record));
    if (pending.size() == kPending) flush();
  }
  flush();
  if (!differs && expect && expect->end && expect->records == 0 && replay.applied() == 0) {
    // Both are empty: only the end line's hash (of no rows) to compare.
    ++compared;
    if (replay.state_hash() != expect->state_hash) {
      differs = window("state hashes of the empty state differ");
      differs->expected = expect->state_hash;
      differs->actual = replay.state_hash();
    }
    expect.reset();
  }
  if (!differs && expect) {
    // The log ended before the stream's next checkpoint (or its end line).
    differs = window(fmt::format("this log ends after {} records, the stream goes on to {}", replay.applied(),
                                 expect->records));
    differs->to_records = replay.applied();
    differs->to_offset = walk.position();
    differs->stream_to_offset = expect->next_offset;
    differs->expected = expect->state_hash;
  }

  json::value window_json = nullptr;
  if (differs)
    window_json = json::object{{"from_index", differs->from_records},
                               {"to_index", differs->to_records == 0 ? json::value(nullptr)
                                                                     : json::value(differs->to_records - 1)},
                               {"from_offset", differs->from_offset},
                               {"to_offset", optional_json(differs->to_offset)},
                               {"stream_to_offset", optional_json(differs->stream_to_offset)},
                               {"expected_state_hash", optional_hash(differs->expected)},
                               {"actual_state_hash", optional_hash(differs->actual)},
                               {"reason", differs->reason}};
  sdk::Report report;
  report.data = json::object{
      {"file_path", walk.path()},
      {"format", sdk::format_json(walk.log())},
      {"checkpoints", stream.path()},
      {"stream_log", stream.log()},
      {"interval", stream.interval()},
      {"checkpoints_compared", compared},
      {"transaction_count", replay.applied()},
      {"final_state_hash", sdk::hash_hex(replay.state_hash())},
      {"matches", !differs},
      {"first_differing_window", std::move(window_json)},
      {"error_message", differs ? json::value(differs->reason) : json::value(nullptr)},
      {"next_step", differs ? json::value(fmt::format("with both logs at hand: interstice determinism {} --against "
                                                      "<the other log> finds the record",
                                                      walk.path()))
                            : json::value(nullptr)}};
  report.presentation.title = "Checkpoints " + stream.path() + " against " + walk.path();
  report.presentation.summary =
      differs ? fmt::format("differ in records {}..{}: {}", differs->from_records,
                            differs->to_records == 0 ? 0 : differs->to_records - 1, differs->reason)
              : fmt::format("match: {} checkpoints, final state hash {}", compared, sdk::hash_hex(replay.state_hash()));
  report.outcome = differs ? sdk::Outcome::problems_found : sdk::Outcome::ok;
  return report;
}

}  // namespace interstice::determinism
