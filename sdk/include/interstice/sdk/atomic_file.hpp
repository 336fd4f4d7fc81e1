// Writing an output file so that readers never see it half-written: data goes to a temp file next
// to the target and is renamed over it on `commit`. Without `commit` (an error, an interrupt) the
// temp file is removed and the target is left as it was; the temp file's name,
// `<target>.tmp-<pid>-XXXXXX`, lets a later AtomicFile for the same target remove one left by a
// process that was killed outright. A replaced file keeps its mode (and its owner, where the
// process may give it). A symlink is followed and the file it names is replaced, not the link.
// `-`, a device, a pipe, or this process's own stdout or stderr (however named: /dev/stdout,
// /proc/self/fd/1) is written directly, since it cannot be renamed over. An empty name is a usage
// error, raised before any work is done.
#pragma once

#include "interstice/sdk/abi.hpp"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace interstice::sdk {

class INTERSTICE_SDK_API AtomicFile {
 public:
  /// Creates `<target>.tmp-<pid>-XXXXXX` in the real target's directory (or opens a direct
  /// target); throws `Error` if it cannot. `target()` is then the real path.
  explicit AtomicFile(std::filesystem::path target);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ostream& stream() { return stream_; }
  const std::filesystem::path& temp_path() const { return temp_; }
  const std::filesystem::path& target() const { return target_; }

  /// Flushes, syncs and renames the temp file to the target. Throws `Error` on failure, with the
  /// system's reason ("cannot write the output: No space left on device").
  void commit();
  /// `commit` without the sync: still all or nothing for readers, but a power cut may lose it.
  /// For diagnostics (a `--trace` file), where the sync would be most of the cost.
  void commit_unsynced();

 private:
  void finish(bool sync);

  std::filesystem::path target_;
  std::filesystem::path temp_;
  std::ofstream stream_;
  bool committed_ = false;
  bool direct_ = false;  ///< the target is a device or pipe, written in place
};

/// Why the write that just failed failed, from errno ("No space left on device"), for messages
/// such as "could not write the export: <reason>". Call it right after the failed write.
INTERSTICE_SDK_API std::string write_failure_reason();

/// How many AtomicFiles of this process have written to its stdout (`--out -`) so far: when a
/// command adds one, the host shows the command's report on stderr, so the data is alone on stdout.
INTERSTICE_SDK_API std::uint64_t standard_output_taken();

}  // namespace interstice::sdk
