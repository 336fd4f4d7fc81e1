// Where plugins are looked for, in order.
#pragma once

#include "interstice/sdk/logger.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace interstice::host {

struct PluginDirectory {
  std::filesystem::path path;
  std::string origin;    ///< "--plugin-dir", "INTERSTICE_PLUGIN_PATH", "user", "built-in"
  bool builtin = false;
  bool explicit_ = false;  ///< named by the user: a missing directory is worth a warning
};

/// --plugin-dir dirs, then INTERSTICE_PLUGIN_PATH (colon-separated; empty and relative entries
/// ignored, the latter with a warning on `log`: never the working directory), then $XDG_DATA_HOME/interstice/plugins (default
/// ~/.local/share/interstice/plugins), then the built-in dir next to the executable. With
/// `no_user_plugins` or INTERSTICE_NO_USER_PLUGINS set (and not "0"), only the first and last.
std::vector<PluginDirectory> plugin_search_path(const std::vector<std::string>& plugin_dirs, bool no_user_plugins,
                                                sdk::Logger& log);

/// Whether INTERSTICE_NO_USER_PLUGINS asks to skip the user's and the environment's plugins.
bool user_plugins_disabled_by_environment();

/// <prefix>/lib/interstice/plugins for the running executable <prefix>/bin/interstice.
std::filesystem::path builtin_plugin_dir();

/// The `*.so` files directly inside `dir`, sorted by name.
std::vector<std::filesystem::path> plugin_files(const std::filesystem::path& dir);

}  // namespace interstice::host
