// What every fuzz harness shares: registration by name, property checks that crash loudly, an
// in-memory file for the APIs that read files, and splitting an input into arguments.
//
// A harness is one function over the input bytes, registered with INTERSTICE_FUZZ_TARGET. The
// libFuzzer build links one harness per executable (entry_libfuzzer.cpp picks it by name); the
// normal build links them all into `fuzz-replay` (replay_main.cpp), which runs a harness over
// saved inputs as a CTest test. A harness catches the errors its API promises for bad input
// (sdk::Error of kind input or usage) and lets everything else escape: an uncaught exception,
// a failed FUZZ_CHECK or a sanitizer report is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace interstice::fuzz {

using Input = std::span<const unsigned char>;
using Target = void (*)(Input);

/// Adds a harness to the program's list; returns true so it can initialise a static.
bool register_target(const char* name, Target run);
/// The harness called `name`, or nullptr.
Target find_target(std::string_view name);
/// Every registered harness name, sorted.
std::vector<std::string> target_names();

/// A property did not hold: prints where and why, then aborts (libFuzzer saves the input).
[[noreturn]] void fail(const char* file, int line, const char* condition, const std::string& detail);

/// The input as text (any bytes, NULs included).
inline std::string_view as_text(Input input) {
  return {reinterpret_cast<const char*>(input.data()), input.size()};
}

/// The input cut at NUL bytes: a command line, one argument per piece. At most `max_pieces`.
std::vector<std::string> split_at_nul(Input input, std::size_t max_pieces = 64);

/// One in-memory file (memfd) that each input rewrites, for APIs that open a path. Its path
/// (/proc/self/fd/N) opens the same file again, so readers see exactly the bytes written.
class ScratchFile {
 public:
  explicit ScratchFile(const char* name);
  ~ScratchFile();
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;

  /// Replaces the file's contents with `bytes`.
  void write(Input bytes);
  const std::filesystem::path& path() const { return path_; }

 private:
  int fd_ = -1;
  std::filesystem::path path_;
};

}  // namespace interstice::fuzz

/// Registers `function` (void(Input)) as the harness `name` (an identifier).
#define INTERSTICE_FUZZ_TARGET(name, function) \
  [[maybe_unused]] static const bool interstice_fuzz_target_##name = ::interstice::fuzz::register_target(#name, function)

/// Checks a property; on failure the message carries `detail` (anything convertible to std::string).
#define FUZZ_CHECK(condition, detail)                                                  \
  do {                                                                                 \
    if (!(condition)) ::interstice::fuzz::fail(__FILE__, __LINE__, #condition, detail); \
  } while (false)
