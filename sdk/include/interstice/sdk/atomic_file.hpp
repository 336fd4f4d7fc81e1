// Writing an output file so that readers never see it half-written: data goes to a temp file next
// to the target and is renamed over it on `commit`. Without `commit` (an error, an interrupt) the
// temp file is removed and the target is left as it was. A target that is a device or a pipe
// (/dev/stdout, a FIFO) is written directly, since it cannot be renamed over.
#pragma once

#include "interstice/sdk/abi.hpp"

#include <filesystem>
#include <fstream>

namespace interstice::sdk {

class INTERSTICE_SDK_API AtomicFile {
 public:
  /// Creates `<target>.tmp-XXXXXX` in the target's directory; throws `Error` if it cannot.
  explicit AtomicFile(std::filesystem::path target);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ostream& stream() { return stream_; }
  const std::filesystem::path& temp_path() const { return temp_; }
  const std::filesystem::path& target() const { return target_; }

  /// Flushes, syncs and renames the temp file to the target. Throws `Error` on failure.
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  std::ofstream stream_;
  bool committed_ = false;
  bool direct_ = false;  ///< the target is a device or pipe, written in place
};

}  // namespace interstice::sdk
