// The harness registry, checks and scratch file of harness.hpp.
#include "harness.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>
#include <sys/mman.h>
#include <unistd.h>

namespace interstice::fuzz {

namespace {

std::map<std::string, Target, std::less<>>& targets() {
  static std::map<std::string, Target, std::less<>> all;
  return all;
}

}  // namespace

bool register_target(const char* name, Target run) {
  targets().emplace(name, run);
  return true;
}

Target find_target(std::string_view name) {
  auto found = targets().find(name);
  return found == targets().end() ? nullptr : found->second;
}

std::vector<std::string> target_names() {
  std::vector<std::string> names;
  for (const auto& [name, run] : targets()) names.push_back(name);
  return names;
}

void fail(const char* file, int line, const char* condition, const std::string& detail) {
  std::fprintf(stderr, "\n%s:%d: fuzz property failed: %s\n  %s\n", file, line, condition, detail.c_str());
  std::fflush(stderr);
  std::abort();
}

std::vector<std::string> split_at_nul(Input input, std::size_t max_pieces) {
  std::vector<std::string> pieces;
  std::string_view text = as_text(input);
  while (!text.empty() && pieces.size() < max_pieces) {
    const auto end = std::min(text.find('\0'), text.size());
    pieces.emplace_back(text.substr(0, end));
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  return pieces;
}

ScratchFile::ScratchFile(const char* name) {
  fd_ = ::memfd_create(name, MFD_CLOEXEC);
  if (fd_ < 0) throw std::runtime_error(std::string("memfd_create: ") + std::strerror(errno));
  path_ = "/proc/self/fd/" + std::to_string(fd_);
}

ScratchFile::~ScratchFile() { ::close(fd_); }

void ScratchFile::write(Input bytes) {
  if (::ftruncate(fd_, 0) != 0) throw std::runtime_error(std::string("ftruncate: ") + std::strerror(errno));
  std::size_t done = 0;
  while (done < bytes.size()) {
    const auto wrote = ::pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) throw std::runtime_error(std::string("pwrite: ") + std::strerror(errno));
    done += static_cast<std::size_t>(wrote);
  }
}

}  // namespace interstice::fuzz
