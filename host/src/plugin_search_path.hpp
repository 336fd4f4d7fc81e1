// Where plugins are looked for, in order, and which files there may be trusted.
#pragma once

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

/// --plugin-dir dirs, then INTERSTICE_PLUGIN_PATH (colon-separated, empty entries ignored, never
/// the working directory), then $XDG_DATA_HOME/interstice/plugins (default
/// ~/.local/share/interstice/plugins), then the built-in dir next to the executable.
std::vector<PluginDirectory> plugin_search_path(const std::vector<std::string>& plugin_dirs);

/// <prefix>/lib/interstice/plugins for the running executable <prefix>/bin/interstice.
std::filesystem::path builtin_plugin_dir();

/// Why a file or directory may not be loaded from (writable by group or others, or owned by
/// another non-root user), or nullopt when it is fine.
std::optional<std::string> untrusted_reason(const std::filesystem::path& path);

/// The `*.so` files directly inside `dir`, sorted by name.
std::vector<std::filesystem::path> plugin_files(const std::filesystem::path& dir);

}  // namespace interstice::host
