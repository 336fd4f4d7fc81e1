// The plugin registry cache: what the scanner found out about each plugin file, keyed by the
// file's path and identity (FileIdentity), so a warm start probes nothing and loads nothing it
// does not use. One JSON file, by default $XDG_CACHE_HOME/interstice/registry
// (~/.cache/interstice/registry); it belongs to one build of the host and is thrown away by any
// other. It is only a cache: a missing, foreign or unreadable file means probing again, and a
// file that cannot be written is not an error.
#pragma once

#include "file_identity.hpp"
#include "plugin_record.hpp"

#include <boost/json/object.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace interstice::host {

/// $XDG_CACHE_HOME/interstice/registry, else $HOME/.cache/interstice/registry; nullopt when
/// neither variable holds an absolute path.
std::optional<std::filesystem::path> default_registry_cache();

class RegistryCache {
 public:
  /// Reads `file` if it is there, ours, not writable by others and written by `host_key`.
  RegistryCache(std::optional<std::filesystem::path> file, std::string host_key);

  /// The probed fields of `path`'s record, if the cache holds them for this identity.
  bool lookup(const std::filesystem::path& path, const FileIdentity& identity, PluginRecord& record) const;
  void store(const std::filesystem::path& path, const FileIdentity& identity, const PluginRecord& record);

  /// Writes the file if anything was stored, keeping the entries of files that are still there
  /// unchanged. Returns why it could not, or an empty string.
  std::string save();

 private:
  std::optional<std::filesystem::path> file_;
  std::string host_key_;
  boost::json::object entries_;  ///< path -> {"identity": [...], "probe": {...}}
  bool dirty_ = false;
};

}  // namespace interstice::host
