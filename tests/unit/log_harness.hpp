// Reading whole logs in tests: run a codec's reader over a file (or over bytes written to a temp
// file) and collect what it produced, so codec and command tests share one way of doing it.
#pragma once

#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/log_input.hpp"
#include "interstice/sdk/record_selection.hpp"
#include "interstice/sdk/record_tally.hpp"
#include "interstice/sdk/transaction.hpp"
#include "interstice/sdk/util/concurrency.hpp"

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

namespace interstice::test {

struct ReadResult {
  std::vector<sdk::Transaction> records;        ///< decoded, in order
  std::vector<std::uint64_t> sizes;             ///< each record's size in bytes
  std::optional<sdk::LogDamage> damage;         ///< where reading stopped, if not at the end
  std::uint64_t position = 0;                   ///< reader position at the end
};

/// Reads `file` with `codec`'s `variant` until the end or the first damage.
inline ReadResult read_log(const sdk::LogCodec& codec, const std::filesystem::path& file, std::string_view variant,
                           std::size_t block_size = sdk::LogInput::kDefaultBlock) {
  sdk::LogInput input(file, block_size);
  auto reader = codec.open(input, variant);
  ReadResult result;
  sdk::TransactionView view;
  while (reader->next(view)) {
    result.records.push_back(reader->decode(view));
    result.sizes.push_back(view.size);
  }
  result.damage = reader->damage();
  result.position = reader->position();
  return result;
}

/// One line per record with everything its view says (the bytes as a hash, the parts as offsets
/// into them): what `next` handed out and what `tally` counted must give the same lines.
inline std::string view_line(const sdk::TransactionView& v) {
  const auto at = [&](sdk::ByteSpan part) {
    return part.empty() ? std::string("-") : fmt::format("{}+{}", part.data() - v.raw.data(), part.size());
  };
  const std::string_view raw(reinterpret_cast<const char*>(v.raw.data()), v.raw.size());
  return fmt::format("{}@{}+{} {} {}.{} row {} old {}{} ts {} crc {} bytes {:x}", v.index, v.offset, v.size,
                     sdk::to_string(v.operation), v.module, v.table, at(v.row), at(v.old_row),
                     v.has_old_row ? "" : " (none)", v.timestamp ? std::to_string(*v.timestamp) : "-",
                     static_cast<int>(v.checksum), std::hash<std::string_view>{}(raw));
}

/// A tally that keeps each record's `view_line` by index, whatever order the threads added them
/// in, and notes a record counted twice.
class LineTally final : public sdk::RecordTally {
 public:
  void add(const sdk::TransactionView& record) override { keep(record.index, view_line(record)); }
  std::unique_ptr<sdk::RecordTally> fresh() const override { return std::make_unique<LineTally>(); }
  void merge(const sdk::RecordTally& other) override {
    for (const auto& [index, line] : dynamic_cast<const LineTally&>(other).lines) keep(index, line);
  }
  void keep(std::uint64_t index, std::string line) {
    if (!lines.emplace(index, std::move(line)).second) ++twice;
  }
  std::map<std::uint64_t, std::string> lines;
  std::size_t twice = 0;
};

/// The ways `read_lines` reads: record by record from `next`; as `RecordCursor::tally` reads
/// (records counted by `LogReader::tally` where it can, `next` for the rest); or from `next`
/// after `LogReader::select(every_third)`, counting the records passed over from the gaps in the
/// indices as `RecordCursor` does (record_selection.hpp).
enum class ReadWay { next, tally, select };

/// The selection `ReadWay::select` makes: every third record of the first thousand of every two
/// thousand (by index), so the runs of records passed over are short and long.
inline bool every_third(const sdk::TransactionView& record, const void*) {
  return record.index % 3 == 0 && record.index % 2000 < 1000;
}

/// What reading `reader` to its end the `way` given gives: each record's `view_line` (with
/// `third_only`, only those `every_third` wants) and each damage, by record index; then how many
/// intact records were read and the end position. `apart` gets how many records were counted
/// by `LogReader::tally`, or passed over after `select`.
inline std::string read_lines(sdk::LogReader& reader, bool keep_going, ReadWay way, bool third_only,
                              std::uint64_t* apart = nullptr) {
  LineTally counted;
  sdk::TransactionView view;
  std::uint64_t intact = 0, next_index = 0;
  const auto passed_over_before = [&](std::uint64_t index) {
    if (index <= next_index) return;
    intact += index - next_index;
    if (apart) *apart += index - next_index;
  };
  if (way == ReadWay::select) BOOST_REQUIRE(reader.select({every_third, nullptr}) == std::optional<std::uint64_t>(0));
  for (;;) {
    if (way == ReadWay::tally) {
      if (const auto n = reader.tally(counted)) {
        intact += n;
        next_index += n;
        if (apart) *apart += n;
        continue;
      }
    }
    if (reader.next(view)) {
      passed_over_before(view.index);
      ++intact;
      next_index = view.index + 1;
      if (!third_only || every_third(view, nullptr)) counted.add(view);
      continue;
    }
    const auto& damage = reader.damage();
    if (!damage) break;
    passed_over_before(damage->index);
    const std::uint64_t damaged = damage->index;
    counted.keep(damage->index, fmt::format("damage {}@{} {}{}", damage->index, damage->offset,
                                            damage->incomplete ? "incomplete " : "", damage->reason));
    if (!keep_going || !reader.resynchronize()) break;
    next_index = damaged + 1;
  }
  std::string out;
  for (const auto& [index, line] : counted.lines) out += line + '\n';
  if (counted.twice) out += fmt::format("{} counted twice\n", counted.twice);
  return out + fmt::format("intact {}, position {}", intact, reader.position());
}

/// `read_lines` of `file` read by a fresh reader of `codec`'s `variant`.
inline std::string read_lines(const sdk::LogCodec& codec, std::string_view variant, const std::filesystem::path& file,
                              bool keep_going, ReadWay way, bool third_only, std::uint64_t* apart = nullptr) {
  sdk::LogInput input(file);
  auto reader = codec.open(input, variant);
  return read_lines(*reader, keep_going, way, third_only, apart);
}

/// `read_lines` of `bytes` (in a temp file) three ways: record by record with every CPU claimed
/// (so no pipeline: the reference, of every record and of every third), as `RecordCursor::tally`
/// reads, and with the reader passing over all but every third record.
struct LinesThreeWays {
  std::string sequential, sequential_thirds, tallied, selected;
};
inline LinesThreeWays read_lines_three_ways(const sdk::LogCodec& codec, std::string_view variant,
                                            const std::vector<unsigned char>& bytes, bool keep_going,
                                            std::uint64_t* tallied = nullptr, std::uint64_t* passed_over = nullptr);

/// The records a RecordPipeline's chunks of `chunk_bytes` start with on an intact log whose
/// records start at `starts` (a file of `size` bytes): each chunk starts at the first record that
/// did not fit wholly in the chunk before.
inline std::vector<std::size_t> chunk_first_records(const std::vector<std::uint64_t>& starts, std::uint64_t size,
                                                    std::uint64_t chunk_bytes) {
  std::vector<std::size_t> firsts{0};
  for (std::size_t i = 0; i < starts.size(); ++i) {
    const std::uint64_t end = i + 1 < starts.size() ? starts[i + 1] : size;
    if (end - starts[firsts.back()] > chunk_bytes) firsts.push_back(i);
  }
  return firsts;
}

inline std::vector<unsigned char> read_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Bytes in a unique temp file, removed when the object goes away.
class TempBytes {
 public:
  explicit TempBytes(const std::vector<unsigned char>& bytes, const std::string& name = "log") {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("interstice-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" + name);
    std::ofstream out(path_, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  }
  ~TempBytes() { std::filesystem::remove(path_); }
  TempBytes(const TempBytes&) = delete;
  TempBytes& operator=(const TempBytes&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline LinesThreeWays read_lines_three_ways(const sdk::LogCodec& codec, std::string_view variant,
                                            const std::vector<unsigned char>& bytes, bool keep_going,
                                            std::uint64_t* tallied, std::uint64_t* passed_over) {
  TempBytes file(bytes);
  LinesThreeWays lines;
  {
    const sdk::CpuClaim claim(sdk::usable_cpus());
    lines.sequential = read_lines(codec, variant, file.path(), keep_going, ReadWay::next, false);
    lines.sequential_thirds = read_lines(codec, variant, file.path(), keep_going, ReadWay::next, true);
  }
  lines.tallied = read_lines(codec, variant, file.path(), keep_going, ReadWay::tally, false, tallied);
  lines.selected = read_lines(codec, variant, file.path(), keep_going, ReadWay::select, true, passed_over);
  return lines;
}

}  // namespace interstice::test
