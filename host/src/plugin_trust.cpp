// PluginTrust: one stat per path component, each ancestor looked at once per run.
#include "plugin_trust.hpp"

#include <fmt/format.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace fs = std::filesystem;

namespace interstice::host {

namespace {

enum class Writable { never, unless_sticky };

const char* file_type(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file";
}

std::optional<std::string> unsafe(const fs::path& path, const std::string& what, Writable writable) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return fmt::format("{} cannot be examined: {}", what, std::strerror(errno));
  const bool others_write = st.st_mode & (S_IWGRP | S_IWOTH);
  if (others_write && !(writable == Writable::unless_sticky && (st.st_mode & S_ISVTX)))
    return fmt::format("{} is writable by {} (mode {:o}){}; run chmod go-w on it", what,
                       (st.st_mode & S_IWOTH) ? "everyone" : "its group", st.st_mode & 07777,
                       writable == Writable::unless_sticky ? " and not sticky" : "");
  if (st.st_uid != 0 && st.st_uid != ::geteuid())
    return fmt::format("{} is owned by another user (uid {}), not by you or root", what, st.st_uid);
  return std::nullopt;
}

fs::path real_path(const fs::path& path, std::string& error) {
  std::error_code ec;
  fs::path real = fs::canonical(path, ec);
  if (ec) error = fmt::format("cannot be resolved: {}", ec.message());
  return real;
}

}  // namespace

std::optional<std::string> PluginTrust::real_directory(const fs::path& dir, const std::string& what) {
  if (auto why = unsafe(dir, what, Writable::never)) return why;
  for (fs::path up = dir.parent_path(); !up.empty(); up = up.parent_path()) {
    auto [at, fresh] = checked_.try_emplace(up);
    if (fresh) at->second = unsafe(up, fmt::format("the directory {} above it", up.string()), Writable::unless_sticky);
    if (at->second) return at->second;
    if (up == up.root_path()) break;
  }
  return std::nullopt;
}

std::optional<std::string> PluginTrust::directory(const fs::path& dir) {
  std::string error;
  fs::path real = real_path(dir, error);
  if (!error.empty()) return "directory " + error;
  if (real == dir) return real_directory(real, "directory");
  // A symlink (or a path through one): whoever may change the link chooses the directory.
  struct stat link {};
  if (::lstat(dir.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
    if (link.st_uid != 0 && link.st_uid != ::geteuid())
      return fmt::format("directory is a symlink owned by another user (uid {}), not by you or root", link.st_uid);
    std::string parent_error;
    fs::path parent = real_path(dir.parent_path(), parent_error);
    if (parent_error.empty())
      if (auto why = unsafe(parent, fmt::format("the directory {} holding the symlink", parent.string()), Writable::unless_sticky))
        return why;
  }
  return real_directory(real, fmt::format("directory (really {})", real.string()));
}

fs::path PluginTrust::real_file_path(const fs::path& file, std::string& error) {
  // A plugin that is not a symlink itself is really in its directory's real path: resolving the
  // directory once for all its plugins saves a readlink per component per plugin.
  struct stat link {};
  const fs::path name = file.filename();
  if (name.empty() || name == "." || name == ".." || ::lstat(file.c_str(), &link) != 0 || S_ISLNK(link.st_mode))
    return real_path(file, error);
  auto [at, fresh] = real_directories_.try_emplace(file.parent_path());
  if (fresh) {
    std::string directory_error;
    at->second = real_path(file.parent_path().empty() ? fs::path(".") : file.parent_path(), directory_error);
  }
  if (at->second.empty()) return real_path(file, error);  // the directory did not resolve: say why for the file
  return at->second / name;
}

std::optional<std::string> PluginTrust::file(const fs::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return fmt::format("file cannot be examined: {}", std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return fmt::format("{} is {}, not a plugin file; it was not opened", file.filename().string(), file_type(st.st_mode));
  std::string error;
  fs::path real = real_file_path(file, error);
  if (!error.empty()) return "file " + error;
  const bool linked = real != file;
  if (auto why = unsafe(real, linked ? fmt::format("its target {}", real.string()) : "file", Writable::never)) return why;
  if (!linked || real.parent_path() == fs::path(file).parent_path()) return std::nullopt;  // the directory was checked
  return real_directory(real.parent_path(), fmt::format("the directory {} of its target", real.parent_path().string()));
}

}  // namespace interstice::host
