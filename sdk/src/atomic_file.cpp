// AtomicFile: resolve where the output goes (output_path.hpp), then either write it in place or
// mkstemp next to it with the replaced file's mode and owner, fsync, rename. The temp file never
// outlives a failure of this process, and one left by a killed process is removed by the next
// write of the same output.
#include "interstice/sdk/atomic_file.hpp"
#include "interstice/sdk/error.hpp"

#include "output_path.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

namespace interstice::sdk {

namespace {

std::atomic<std::uint64_t> stdout_taken{0};

std::string errno_text(int error) { return error ? std::strerror(error) : "the write failed"; }

[[noreturn]] void fail(const std::string& what, int error, const std::filesystem::path& target) {
  throw Error::input(what + ": " + errno_text(error), Location::in_file(target.string()));
}

bool is_write_errno(int error) {
  return error == ENOSPC || error == EDQUOT || error == EIO || error == EFBIG || error == EROFS || error == EPIPE;
}

// Why the stream failed some writes ago: it does not keep errno, and other calls may have changed
// it since. Unless errno still says so, ask the system again with one byte appended to the temp
// file (thrown away anyway); a direct target is never written to for this.
int stream_error(const std::filesystem::path& temp) {
  const int last = errno;
  if (is_write_errno(last) || temp.empty()) return last;
  int fd = ::open(temp.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) return errno;
  const int error = ::write(fd, "", 1) < 0 ? errno : 0;
  ::close(fd);
  return error;
}

}  // namespace

std::string write_failure_reason() { return errno_text(errno); }

std::uint64_t standard_output_taken() { return stdout_taken.load(); }

AtomicFile::AtomicFile(std::filesystem::path target) {
  const detail::OutputPath out = detail::resolve_output(target.string());
  target_ = out.path;
  if (out.direct) {
    errno = 0;
    stream_.open(target_, out.append ? std::ios::binary | std::ios::app : std::ios::binary);
    if (!stream_) fail("cannot open output for writing", errno, target_);
    direct_ = true;
    if (out.standard_output) ++stdout_taken;
    return;
  }
  detail::remove_stale_temp_files(target_);
  std::string pattern = detail::temp_pattern(target_);
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = ::mkstemp(name.data());
  if (fd < 0) fail("cannot create output file", errno, target_);
  if (out.existing) {
    // The replacement keeps the replaced file's owner (where we may give it) and mode.
    if (::fchown(fd, out.existing->st_uid, out.existing->st_gid) != 0) {
      // Not permitted: the new file is ours, as any file we create would be.
    }
    ::fchmod(fd, out.existing->st_mode & 07777);
  } else {
    mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
  }
  ::close(fd);
  temp_ = name.data();
  errno = 0;
  stream_.open(temp_, std::ios::binary | std::ios::trunc);
  if (!stream_) {
    int error = errno;
    std::filesystem::remove(temp_);
    fail("cannot open output file for writing", error, target_);
  }
}

AtomicFile::~AtomicFile() {
  if (committed_ || direct_) return;
  stream_.close();
  std::error_code ignored;
  std::filesystem::remove(temp_, ignored);
}

void AtomicFile::commit() { finish(true); }

void AtomicFile::commit_unsynced() { finish(false); }

void AtomicFile::finish(bool sync) {
  stream_.flush();
  if (!stream_) fail("cannot write the output", stream_error(temp_), target_);
  if (direct_) {
    committed_ = true;
    return;
  }
  stream_.close();
  if (stream_.fail()) fail("cannot write the output", stream_error(temp_), target_);
  if (int fd = sync ? ::open(temp_.c_str(), O_RDONLY | O_CLOEXEC) : -1; fd >= 0) {
    int synced = ::fsync(fd);
    int error = errno;
    ::close(fd);
    if (synced != 0) fail("cannot write the output", error, target_);
  }
  if (::rename(temp_.c_str(), target_.c_str()) != 0) fail("cannot move the finished output into place", errno, target_);
  committed_ = true;
}

}  // namespace interstice::sdk
