// Reading whole logs in tests: run a codec's reader over a file (or over bytes written to a temp
// file) and collect what it produced, so codec and command tests share one way of doing it.
#pragma once

#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/log_input.hpp"
#include "interstice/sdk/transaction.hpp"

#include <filesystem>
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

}  // namespace interstice::test
