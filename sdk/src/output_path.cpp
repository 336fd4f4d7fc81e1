// resolve_output and the stale temp file sweep, with stat(2) and kill(pid, 0).
#include "output_path.hpp"

#include "interstice/sdk/error.hpp"

#include <dirent.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

namespace fs = std::filesystem;

namespace interstice::sdk::detail {

namespace {

bool same_file(const struct stat& a, const struct stat& b) { return a.st_dev == b.st_dev && a.st_ino == b.st_ino; }

bool is_stream_of_this_process(const struct stat& target, int fd) {
  struct stat stream {};
  return ::fstat(fd, &stream) == 0 && same_file(target, stream);
}

// The last component's symlinks, followed (a dangling one names the file to create).
fs::path follow_links(fs::path path, const std::string& name) {
  for (int hops = 0; hops < 40; ++hops) {
    std::error_code ec;
    if (!fs::is_symlink(path, ec)) return path;
    fs::path next = fs::read_symlink(path, ec);
    if (ec) return path;
    path = next.is_absolute() ? next : path.parent_path() / next;
  }
  throw Error::input("too many levels of symbolic links", Location::in_file(name));
}

}  // namespace

OutputPath resolve_output(const std::string& name) {
  if (name.empty()) throw Error::usage("the output file name is empty");
  OutputPath out;
  if (name == "-") {
    out.path = "/dev/stdout";
    out.direct = out.append = out.standard_output = true;
    return out;
  }
  struct stat st {};
  if (::stat(name.c_str(), &st) == 0) {
    // /dev/stdout, /proc/self/fd/1 or the very file stdout was redirected to: never replaced.
    const bool to_stdout = is_stream_of_this_process(st, STDOUT_FILENO);
    if (to_stdout || is_stream_of_this_process(st, STDERR_FILENO)) {
      out.path = name;
      out.direct = out.append = true;
      out.standard_output = to_stdout;
      return out;
    }
    if (S_ISDIR(st.st_mode)) throw Error::input("is a directory, not an output file", Location::in_file(name));
    if (!S_ISREG(st.st_mode)) {
      out.path = name;
      out.direct = true;
      return out;
    }
  }
  out.path = follow_links(name, name);
  if (::stat(out.path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) out.existing = st;
  return out;
}

std::string temp_pattern(const fs::path& target) {
  return target.string() + ".tmp-" + std::to_string(::getpid()) + "-XXXXXX";
}

// readdir, not fs::directory_iterator: a shared directory such as /tmp holds thousands of
// entries, and building a path object for each cost milliseconds on every write.
void remove_stale_temp_files(const fs::path& target) {
  const std::string prefix = target.filename().string() + ".tmp-";
  fs::path dir = target.parent_path();
  if (dir.empty()) dir = ".";
  DIR* listing = ::opendir(dir.c_str());
  if (!listing) return;
  while (const dirent* entry = ::readdir(listing)) {
    const std::string_view file(entry->d_name);
    if (file.size() <= prefix.size() || file.compare(0, prefix.size(), prefix) != 0) continue;
    const char* digits = file.data() + prefix.size();
    const char* stop = file.data() + file.size();
    pid_t pid = 0;
    auto [after, error] = std::from_chars(digits, stop, pid);
    if (error != std::errc() || pid <= 0 || after == stop || *after != '-') continue;
    if (::kill(pid, 0) == 0 || errno != ESRCH) continue;  // alive, or not ours to ask about
    const fs::path stale = dir / std::string(file);
    struct stat st {};
    if (::lstat(stale.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid()) continue;
    std::error_code ignored;
    fs::remove(stale, ignored);
  }
  ::closedir(listing);
}

}  // namespace interstice::sdk::detail
