// Which plugin files the host may run code from, decided with stat(2) alone (nothing is opened):
// ssh's StrictModes rule. The file must be a regular file; the file and the directory it really
// lives in must be owned by you or root and writable by nobody else; so must every directory
// above them up to /, except that a sticky directory such as /tmp may be writable by others
// (they cannot rename what they do not own in it). Symlinks are followed: the rule applies to
// the real path, and to the directory the plugin was found in.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace interstice::host {

class PluginTrust {
 public:
  /// Why nothing may be loaded from the plugin directory `dir`, or nullopt.
  std::optional<std::string> directory(const std::filesystem::path& dir);
  /// Why the plugin file `file` may not be loaded, or nullopt.
  std::optional<std::string> file(const std::filesystem::path& file);

 private:
  /// The real directory `dir`, held to the strict rule, and every directory above it.
  std::optional<std::string> real_directory(const std::filesystem::path& dir, const std::string& what);

  /// `file`'s real path (fs::canonical's), its directory resolved once per directory.
  std::filesystem::path real_file_path(const std::filesystem::path& file, std::string& error);

  std::map<std::filesystem::path, std::optional<std::string>> checked_;  ///< ancestors already looked at
  std::map<std::filesystem::path, std::filesystem::path> real_directories_;  ///< directory -> its real path
};

}  // namespace interstice::host
