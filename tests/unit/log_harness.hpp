// Reading whole logs in tests: run a codec's reader over a file (or over bytes written to a temp
// file) and collect what it produced, so codec and command tests share one way of doing it.
#pragma once

#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/log_input.hpp"
#include "interstice/sdk/record_tally.hpp"
#include "interstice/sdk/transaction.hpp"
#include "interstice/sdk/util/concurrency.hpp"

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

/// What reading `reader` to its end gives: each record's `view_line` and each damage (by record
/// index), then the end position. With `tally`, as `RecordCursor::tally` reads (records counted
/// by `LogReader::tally` where it can, `next` for the rest); else record by record from `next`.
/// `tallied` gets how many records `LogReader::tally` counted.
inline std::string read_lines(sdk::LogReader& reader, bool keep_going, bool tally, std::uint64_t* tallied = nullptr) {
  LineTally counted;
  sdk::TransactionView view;
  for (;;) {
    if (tally) {
      if (const auto n = reader.tally(counted)) {
        if (tallied) *tallied += n;
        continue;
      }
    }
    if (reader.next(view)) {
      counted.add(view);
      continue;
    }
    const auto& damage = reader.damage();
    if (!damage) break;
    counted.keep(damage->index, fmt::format("damage {}@{} {}{}", damage->index, damage->offset,
                                            damage->incomplete ? "incomplete " : "", damage->reason));
    if (!keep_going || !reader.resynchronize()) break;
  }
  std::string out;
  for (const auto& [index, line] : counted.lines) out += line + '\n';
  if (counted.twice) out += fmt::format("{} counted twice\n", counted.twice);
  return out + fmt::format("position {}", reader.position());
}

/// `read_lines` of `file` read by a fresh reader of `codec`'s `variant`.
inline std::string read_lines(const sdk::LogCodec& codec, std::string_view variant, const std::filesystem::path& file,
                              bool keep_going, bool tally, std::uint64_t* tallied = nullptr) {
  sdk::LogInput input(file);
  auto reader = codec.open(input, variant);
  return read_lines(*reader, keep_going, tally, tallied);
}

/// `read_lines` of `bytes` (in a temp file) both ways: record by record with every CPU claimed (so
/// no pipeline: the reference), and as `RecordCursor::tally` reads.
struct LinesBothWays {
  std::string sequential, tallied;
};
inline LinesBothWays read_lines_both_ways(const sdk::LogCodec& codec, std::string_view variant,
                                          const std::vector<unsigned char>& bytes, bool keep_going,
                                          std::uint64_t* tallied = nullptr);

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

inline LinesBothWays read_lines_both_ways(const sdk::LogCodec& codec, std::string_view variant,
                                          const std::vector<unsigned char>& bytes, bool keep_going,
                                          std::uint64_t* tallied) {
  TempBytes file(bytes);
  LinesBothWays lines;
  {
    const sdk::CpuClaim claim(sdk::usable_cpus());
    lines.sequential = read_lines(codec, variant, file.path(), keep_going, false);
  }
  lines.tallied = read_lines(codec, variant, file.path(), keep_going, true, tallied);
  return lines;
}

}  // namespace interstice::test
