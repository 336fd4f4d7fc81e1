// Plugin directories and the trust checks that keep the host from loading code anyone could have
// dropped in place.
#include "plugin_search_path.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>

namespace fs = std::filesystem;

namespace interstice::host {

fs::path builtin_plugin_dir() {
  std::error_code ec;
  fs::path exe = fs::canonical("/proc/self/exe", ec);
  if (ec) return {};
  return exe.parent_path().parent_path() / "lib" / "interstice" / "plugins";
}

std::vector<PluginDirectory> plugin_search_path(const std::vector<std::string>& plugin_dirs) {
  std::vector<PluginDirectory> dirs;
  auto absolute = [](const std::string& p) {
    std::error_code ec;
    fs::path a = fs::absolute(p, ec);
    return ec ? fs::path(p) : a.lexically_normal();
  };
  for (const auto& dir : plugin_dirs)
    if (!dir.empty()) dirs.push_back({absolute(dir), "--plugin-dir", false, true});

  if (const char* env = std::getenv("INTERSTICE_PLUGIN_PATH")) {
    std::string list = env;
    std::size_t start = 0;
    while (start <= list.size()) {
      std::size_t end = list.find(':', start);
      if (end == std::string::npos) end = list.size();
      std::string entry = list.substr(start, end - start);
      if (!entry.empty()) dirs.push_back({absolute(entry), "INTERSTICE_PLUGIN_PATH", false, true});
      start = end + 1;
    }
  }

  fs::path user;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg == '/')
    user = fs::path(xdg) / "interstice" / "plugins";
  else if (const char* home = std::getenv("HOME"); home && *home == '/')
    user = fs::path(home) / ".local" / "share" / "interstice" / "plugins";
  if (!user.empty()) dirs.push_back({user, "user", false, false});

  if (fs::path builtin = builtin_plugin_dir(); !builtin.empty()) dirs.push_back({builtin, "built-in", true, false});

  // The same directory twice would only shadow itself.
  std::vector<PluginDirectory> unique;
  for (auto& d : dirs) {
    bool seen = std::any_of(unique.begin(), unique.end(), [&](const PluginDirectory& u) {
      std::error_code ec;
      return u.path == d.path || fs::equivalent(u.path, d.path, ec);
    });
    if (!seen) unique.push_back(std::move(d));
  }
  return unique;
}

std::optional<std::string> untrusted_reason(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::string("cannot be examined");
  if (st.st_mode & (S_IWGRP | S_IWOTH)) {
    return fmt::format("{} is writable by {} (mode {:o}); run chmod go-w on it", fs::is_directory(path) ? "directory" : "file",
                       (st.st_mode & S_IWOTH) ? "everyone" : "its group", st.st_mode & 07777);
  }
  if (st.st_uid != 0 && st.st_uid != ::geteuid())
    return fmt::format("owned by another user (uid {}), not by you or root", st.st_uid);
  return std::nullopt;
}

std::vector<fs::path> plugin_files(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() != ".so") continue;
    std::error_code type_ec;
    if (it->is_directory(type_ec)) continue;
    files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace interstice::host
