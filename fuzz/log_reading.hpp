// Reading a whole log through a codec's LogReader the way the commands do, checking the reader
// contract (log_codec.hpp) on every record: views lie inside the record, positions and indexes
// follow on, every record `next` accepted decodes, `append_json` (and the JSON transcoder, when
// the reader has one) prints exactly what decoding then printing gives, damage is reported where
// reading stopped, and resynchronisation only moves forward. Shared by the v1 and framed harnesses.
#pragma once

#include "harness.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/log_input.hpp"
#include "interstice/sdk/record_json.hpp"
#include "interstice/sdk/util/json_transcoder.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace interstice::fuzz {

/// What one pass over a log found, comparable between passes.
struct LogSummary {
  std::vector<std::string> events;         ///< "record 3 at 120+40", "damage 4 at 160: reason"
  std::vector<sdk::Transaction> decoded;   ///< every intact record, decoded
  bool operator==(const LogSummary& other) const { return events == other.events; }
};

using ReaderFactory = std::function<std::unique_ptr<sdk::LogReader>(sdk::LogInput&)>;

namespace detail {

inline bool inside(sdk::ByteSpan part, sdk::ByteSpan whole) {
  return part.empty() || (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}
inline sdk::ByteSpan bytes_of(std::string_view text) {
  return {reinterpret_cast<const unsigned char*>(text.data()), text.size()};
}

inline void check_json_parts(const sdk::LogReader& reader, const sdk::TransactionView& view,
                             const sdk::Transaction& decoded) {
  const auto* transcoder = sdk::json_transcoder_of(reader);
  for (auto part : {sdk::RowPart::primary_key, sdk::RowPart::row, sdk::RowPart::old_row}) {
    std::string expected, printed;
    sdk::append_json(decoded, part, expected);
    reader.append_json(view, part, printed);
    FUZZ_CHECK(printed == expected, "append_json printed " + printed + ", decoding gives " + expected);
    if (!transcoder) continue;
    std::string doubled;
    transcoder->append_json(view, part, doubled, sdk::JsonQuoting::csv_doubled);
    std::string expected_doubled;
    for (char c : expected) expected_doubled.append(c == '"' ? 2 : 1, c);
    FUZZ_CHECK(doubled == expected_doubled, "the csv_doubled transcoding differs: " + doubled);
  }
  if (!transcoder) return;
  // The key, a separator and the row in one call, the key transcoded once.
  for (auto quoting : {sdk::JsonQuoting::plain, sdk::JsonQuoting::csv_doubled}) {
    std::string key, row, both;
    transcoder->append_json(view, sdk::RowPart::primary_key, key, quoting);
    transcoder->append_json(view, sdk::RowPart::row, row, quoting);
    transcoder->append_key_and_row(view, "|", both, quoting);
    FUZZ_CHECK(both == key + "|" + row, "append_key_and_row wrote " + both);
  }
}

inline void check_record(const sdk::LogReader& reader, const sdk::TransactionView& view, std::uint64_t position,
                         LogSummary& summary) {
  FUZZ_CHECK(view.raw.size() == view.size, "raw holds " + std::to_string(view.raw.size()) + " bytes of a " +
                                               std::to_string(view.size) + "-byte record");
  FUZZ_CHECK(reader.position() == view.offset + view.size, "position is not just after the record returned");
  FUZZ_CHECK(view.offset >= position, "a record before the reading position");
  FUZZ_CHECK(inside(bytes_of(view.module), view.raw) && inside(bytes_of(view.table), view.raw) &&
                 inside(view.row, view.raw) && inside(view.old_row, view.raw),
             "a view's span lies outside its record");
  FUZZ_CHECK(view.has_old_row || view.old_row.empty(), "old_row bytes without an old row");
  sdk::Transaction decoded;
  try {
    decoded = reader.decode(view);
  } catch (const sdk::Error& error) {
    FUZZ_CHECK(false, std::string("next accepted a record that decode rejects: ") + error.what());
  }
  FUZZ_CHECK(decoded.index == view.index && decoded.offset == view.offset && decoded.size == view.size &&
                 decoded.operation == view.operation && decoded.module == view.module && decoded.table == view.table &&
                 decoded.timestamp == view.timestamp && decoded.checksum == view.checksum &&
                 decoded.old_row.has_value() == view.has_old_row,
             "decode changed the record's facts");
  check_json_parts(reader, view, decoded);
  summary.events.push_back(fmt::format("record {} at {}+{}", view.index, view.offset, view.size));
  summary.decoded.push_back(std::move(decoded));
}

}  // namespace detail

/// Reads `file` to its end with `make`'s reader through a LogInput of `block` bytes,
/// resynchronising after damage at most `max_resyncs` times.
inline LogSummary read_log(const std::filesystem::path& file, std::size_t block, const ReaderFactory& make,
                           int max_resyncs = 64) {
  sdk::LogInput input(file, block);
  auto reader = make(input);
  LogSummary summary;
  sdk::TransactionView view;
  std::uint64_t index = 0, position = 0;
  for (int resyncs = 0;; ++resyncs) {
    while (reader->next(view)) {
      FUZZ_CHECK(view.index == index, "record " + std::to_string(view.index) + " where " + std::to_string(index) +
                                          " was next");
      FUZZ_CHECK(!reader->damage(), "damage set after an intact record");
      detail::check_record(*reader, view, position, summary);
      index = view.index + 1;
      position = view.offset + view.size;
    }
    const auto& damage = reader->damage();
    if (!damage) {
      FUZZ_CHECK(reader->position() == input.size(), "reading ended at " + std::to_string(reader->position()) +
                                                         " without damage, before the end " + std::to_string(input.size()));
      break;
    }
    FUZZ_CHECK(damage->index == index && damage->offset == reader->position() && damage->offset >= position,
               fmt::format("damage at record {} byte {}, reading stopped at record {} byte {}", damage->index,
                           damage->offset, index, reader->position()));
    FUZZ_CHECK(!damage->reason.empty(), "damage without a reason");
    summary.events.push_back(fmt::format("damage {} at {}{}: {}", damage->index, damage->offset,
                                         damage->incomplete ? " (incomplete)" : "", damage->reason));
    const auto damaged_at = damage->offset;
    if (resyncs == max_resyncs || !reader->resynchronize()) break;
    FUZZ_CHECK(!reader->damage(), "resynchronize returned true and kept the damage");
    FUZZ_CHECK(reader->position() > damaged_at, "resynchronisation did not move past the damage");
    ++index;
    position = reader->position();
  }
  return summary;
}

/// `read_log` with LogInput's default block and with a tiny one: a record that straddles blocks
/// or outgrows the buffer must read exactly as one that does not.
inline LogSummary read_log_two_ways(const std::filesystem::path& file, const ReaderFactory& make) {
  auto whole = read_log(file, sdk::LogInput::kDefaultBlock, make);
  const auto small = read_log(file, 7, make);
  if (!(whole == small)) {
    std::string diff;
    for (std::size_t i = 0; i < std::max(whole.events.size(), small.events.size()); ++i)
      diff += fmt::format("\n  {} | {}", i < whole.events.size() ? whole.events[i] : "-",
                          i < small.events.size() ? small.events[i] : "-");
    FUZZ_CHECK(false, "the block size changed what was read (default | 7 bytes):" + diff);
  }
  return whole;
}

}  // namespace interstice::fuzz
