// Block reading for LogInput: each block is a memory map of the stretch of the file it covers,
// starting at the offset asked for, so a record that straddles two blocks is simply in the next
// one; or, for small blocks, files that cannot be mapped and inputs that read without mapping,
// pread into one reusable buffer, keeping the tail of the previous block for the same reason.
#include "interstice/sdk/log_input.hpp"

#include "interstice/sdk/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace interstice::sdk {

namespace {

std::uint64_t file_size(int fd, const std::filesystem::path& path) {
  struct stat info {};
  if (::fstat(fd, &info) != 0)
    throw Error::input(std::strerror(errno), Location::in_file(path.string()));
  if (S_ISDIR(info.st_mode)) throw Error::input("is a directory, not a log file", Location::in_file(path.string()));
  return static_cast<std::uint64_t>(info.st_size);
}

// `-` names standard input. Logs are read with pread at absolute offsets (and probed more than
// once to detect their format), which a pipe cannot do, so standard input is copied once, the
// first time `-` is opened, into an unlinked temporary file in $TMPDIR (default /tmp); every
// LogInput of `-` reads a duplicate of that descriptor. The file is gone when the process ends.
int spooled_standard_input() {
  static std::mutex mutex;
  static int spool = -1;
  std::lock_guard lock(mutex);
  if (spool >= 0) return spool;
  const Location where = Location::in_file("-");
  const char* tmpdir = std::getenv("TMPDIR");
  const std::string dir = tmpdir && *tmpdir ? tmpdir : "/tmp";
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) {  // a file system without O_TMPFILE
    std::string name = dir + "/interstice-stdin-XXXXXX";
    fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0)
      throw Error::input(fmt::format("cannot spool standard input into {}: {}", dir, std::strerror(errno)), where);
    ::unlink(name.c_str());
  }
  std::vector<char> buffer(1 << 20);
  while (true) {
    const ssize_t got = ::read(STDIN_FILENO, buffer.data(), buffer.size());
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      throw Error::input(fmt::format("cannot read standard input: {}", std::strerror(error)), where);
    }
    for (ssize_t done = 0; done < got;) {
      const ssize_t wrote = ::write(fd, buffer.data() + done, static_cast<std::size_t>(got - done));
      if (wrote < 0 && errno == EINTR) continue;
      if (wrote < 0) {
        const int error = errno;
        ::close(fd);
        throw Error::input(fmt::format("cannot spool standard input into {}: {}", dir, std::strerror(error)), where);
      }
      done += wrote;
    }
  }
  spool = fd;
  return spool;
}

}  // namespace

LogInput::LogInput(std::filesystem::path path, std::size_t block_size, std::uint64_t size_limit)
    : path_(std::move(path)), size_limit_(size_limit), block_size_(block_size) {
  fd_ = path_ == "-" ? ::fcntl(spooled_standard_input(), F_DUPFD_CLOEXEC, 0) : ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw Error::input(std::strerror(errno), Location::in_file(path_.string()));
  try {
    size_ = std::min(file_size(fd_, path_), size_limit_);
  } catch (...) {
    ::close(fd_);
    throw;
  }
#ifdef POSIX_FADV_SEQUENTIAL
  ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
}

LogInput::~LogInput() {
  if (fd_ >= 0) ::close(fd_);
}

std::uint64_t LogInput::size_now() const { return file_size(fd_, path_); }

bool LogInput::refresh() {
  auto before = size_;
  size_ = std::min(file_size(fd_, path_), size_limit_);
  if (size_ < buffer_start_ + buffer_fill_) {  // truncated under us: drop stale bytes
    buffer_fill_ = 0;
    block_ = nullptr;
    mapped_ = detail::MappedBytes();
  }
  return size_ > before;
}

detail::MappedBytes LogInput::map(std::uint64_t offset, std::size_t size) const {
  if (!maps_ || offset >= size_) return {};
  return detail::MappedBytes(fd_, path_, offset, static_cast<std::size_t>(std::min<std::uint64_t>(size, size_ - offset)),
                             &cut_at_);
}

void LogInput::read_without_mapping() {
  maps_ = false;
  if (mapped_) {
    buffer_fill_ = 0;
    block_ = nullptr;
    mapped_ = detail::MappedBytes();
  }
}

ByteSpan LogInput::fill(std::uint64_t offset, std::size_t wanted) {
  if (offset >= size_) return {};
  const std::uint64_t left = size_ - offset;
  const std::size_t need = static_cast<std::size_t>(std::min<std::uint64_t>(wanted, left));
  const std::size_t target = static_cast<std::size_t>(std::min<std::uint64_t>(std::max(need, block_size_), left));

  // A map costs two system calls and a page table: worth it for whole blocks, not for the
  // small ones format detection and tests ask for (those stay on pread).
  if (maps_ && target >= kMinMappedBlock) {
    mapped_ = detail::MappedBytes();  // let go of the old block first (unmapped, unless export batches pin it)
    mapped_ = detail::MappedBytes(fd_, path_, offset, target, &cut_at_);
    if (mapped_) {
      block_ = mapped_.data();
      buffer_start_ = offset;
      buffer_fill_ = target;
      return {block_, buffer_fill_};
    }
    maps_ = false;  // a file system that cannot map this file: read it from now on
    buffer_fill_ = 0;
  }

  // Keep what we already hold from `offset` on; read only the rest.
  std::size_t kept = 0;
  if (block_ == buffer_.data() && offset >= buffer_start_ && offset < buffer_start_ + buffer_fill_) {
    kept = buffer_fill_ - static_cast<std::size_t>(offset - buffer_start_);
    std::memmove(buffer_.data(), buffer_.data() + (offset - buffer_start_), kept);
  }
  if (buffer_.size() < target) {
    std::vector<unsigned char> grown(target);
    if (kept) std::memcpy(grown.data(), buffer_.data(), kept);
    buffer_.swap(grown);
  }
  buffer_start_ = offset;
  buffer_fill_ = kept;
  while (buffer_fill_ < target) {
    auto got = ::pread(fd_, buffer_.data() + buffer_fill_, target - buffer_fill_,
                       static_cast<off_t>(offset + buffer_fill_));
    if (got < 0) {
      if (errno == EINTR) continue;
      throw Error::input(std::strerror(errno), Location::at_byte(path_.string(), offset + buffer_fill_));
    }
    if (got == 0) {  // the file shrank since we looked
      size_ = offset + buffer_fill_;
      break;
    }
    buffer_fill_ += static_cast<std::size_t>(got);
  }
  block_ = buffer_.data();
  return {block_, buffer_fill_};
}

std::size_t LogInput::read_at(std::uint64_t offset, unsigned char* out, std::size_t size) const {
  if (offset >= size_) return 0;
  size = static_cast<std::size_t>(std::min<std::uint64_t>(size, size_ - offset));
  std::size_t done = 0;
  while (done < size) {
    auto got = ::pread(fd_, out + done, size - done, static_cast<off_t>(offset + done));
    if (got < 0) {
      if (errno == EINTR) continue;
      throw Error::input(std::strerror(errno), Location::at_byte(path_.string(), offset + done));
    }
    if (got == 0) break;  // the file shrank since we looked
    done += static_cast<std::size_t>(got);
  }
  return done;
}

}  // namespace interstice::sdk
