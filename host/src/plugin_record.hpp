// What the host knows about one plugin file: where it is, what its descriptor says, whether it is
// in use, and the object it made.
#pragma once

#include "interstice/sdk/plugin.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace interstice::host {

enum class PluginStatus { loaded, shadowed, rejected };

struct PluginRecord {
  std::filesystem::path path;
  bool builtin = false;  ///< found in the host's own plugin directory
  std::optional<std::uint32_t> abi;
  std::string id;  ///< from the descriptor; the file stem when there is none
  std::string kind;
  std::string version;
  std::string description;
  PluginStatus status = PluginStatus::rejected;
  std::string reason;  ///< why it was rejected or shadowed
  /// Rejected for a reason that is not the file's (the plugin scanner could not be run): worth
  /// probing again next time, so not kept in the registry cache.
  bool probe_failed = false;
  /// Creates the plugin object; set once the descriptor passed every check.
  sdk::Plugin* (*factory)(sdk::HostServices&) = nullptr;
  /// Keeps the library mapped while the record (or anything it made) lives.
  std::shared_ptr<void> library;
  std::shared_ptr<sdk::Plugin> instance;

  /// "loaded", "shadowed" or "rejected: <reason>", as `interstice plugins` shows it.
  std::string status_text() const;
};

}  // namespace interstice::host
