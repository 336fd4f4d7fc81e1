// Plugin directories, in search order. Which files in them may be trusted is plugin_trust.hpp's.
#include "plugin_search_path.hpp"

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>
#include <string_view>

namespace fs = std::filesystem;

namespace interstice::host {

fs::path builtin_plugin_dir() {
  std::error_code ec;
  fs::path exe = fs::canonical("/proc/self/exe", ec);
  if (ec) return {};
  return exe.parent_path().parent_path() / "lib" / "interstice" / "plugins";
}

bool user_plugins_disabled_by_environment() {
  const char* value = std::getenv("INTERSTICE_NO_USER_PLUGINS");
  return value && *value && std::string_view(value) != "0";
}

std::vector<PluginDirectory> plugin_search_path(const std::vector<std::string>& plugin_dirs, bool no_user_plugins,
                                                sdk::Logger& log) {
  no_user_plugins = no_user_plugins || user_plugins_disabled_by_environment();
  std::vector<PluginDirectory> dirs;
  auto absolute = [](const std::string& p) {
    std::error_code ec;
    fs::path a = fs::absolute(p, ec);
    return ec ? fs::path(p) : a.lexically_normal();
  };
  for (const auto& dir : plugin_dirs)
    if (!dir.empty()) dirs.push_back({absolute(dir), "--plugin-dir", false, true});

  const char* env = no_user_plugins ? nullptr : std::getenv("INTERSTICE_PLUGIN_PATH");
  if (env) {
    std::string list = env;
    std::size_t start = 0;
    while (start <= list.size()) {
      std::size_t end = list.find(':', start);
      if (end == std::string::npos) end = list.size();
      std::string entry = list.substr(start, end - start);
      if (!entry.empty() && entry.front() != '/')
        log.warn("INTERSTICE_PLUGIN_PATH entry '{}' is ignored: it is relative, and plugins are never loaded from "
                 "wherever the command happens to run; use an absolute path",
                 entry);
      else if (!entry.empty())
        dirs.push_back({fs::path(entry).lexically_normal(), "INTERSTICE_PLUGIN_PATH", false, true});
      start = end + 1;
    }
  }

  fs::path user;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg == '/')
    user = fs::path(xdg) / "interstice" / "plugins";
  else if (const char* home = std::getenv("HOME"); home && *home == '/')
    user = fs::path(home) / ".local" / "share" / "interstice" / "plugins";
  if (!user.empty() && !no_user_plugins) dirs.push_back({user, "user", false, false});

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
