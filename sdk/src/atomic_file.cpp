// AtomicFile: mkstemp next to the target, fsync, rename; the temp file never outlives a failure.
#include "interstice/sdk/atomic_file.hpp"
#include "interstice/sdk/error.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

namespace interstice::sdk {

namespace {
std::string errno_text() { return std::strerror(errno); }
}

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
  // A device or pipe (/dev/stdout, a FIFO) cannot be replaced by a rename: write to it directly.
  std::error_code ec;
  auto status = std::filesystem::status(target_, ec);
  if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    if (std::filesystem::is_directory(status)) throw Error::input("is a directory, not an output file", Location::in_file(target_.string()));
    stream_.open(target_, std::ios::binary);
    if (!stream_) throw Error::input("cannot open output for writing", Location::in_file(target_.string()));
    direct_ = true;
    return;
  }
  std::string pattern = target_.string() + ".tmp-XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = ::mkstemp(name.data());
  if (fd < 0) throw Error::input("cannot create output file: " + errno_text(), Location::in_file(target_.string()));
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  ::close(fd);
  temp_ = name.data();
  stream_.open(temp_, std::ios::binary | std::ios::trunc);
  if (!stream_) {
    std::filesystem::remove(temp_);
    throw Error::input("cannot open output file for writing", Location::in_file(target_.string()));
  }
}

AtomicFile::~AtomicFile() {
  if (committed_ || direct_) return;
  stream_.close();
  std::error_code ignored;
  std::filesystem::remove(temp_, ignored);
}

void AtomicFile::commit() {
  stream_.flush();
  if (!stream_) throw Error::input("writing the output failed (disk full?)", Location::in_file(target_.string()));
  if (direct_) {
    committed_ = true;
    return;
  }
  stream_.close();
  if (int fd = ::open(temp_.c_str(), O_RDONLY); fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  if (::rename(temp_.c_str(), target_.c_str()) != 0)
    throw Error::input("cannot move the finished output into place: " + errno_text(), Location::in_file(target_.string()));
  committed_ = true;
}

}  // namespace interstice::sdk
