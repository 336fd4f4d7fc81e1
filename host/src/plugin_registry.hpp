// Every plugin the host found, which ones are in use, and lookup by kind and id for the host and
// for plugins (it is the SDK's PluginCatalog). Plugins are probed in the plugin scanner (or known
// from the registry cache) and only loaded into this process when first looked up.
#pragma once

#include "plugin_record.hpp"
#include "plugin_search_path.hpp"

#include "interstice/sdk/host_services.hpp"
#include "interstice/sdk/plugin_catalog.hpp"

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace interstice::host {

class PluginTrust;

struct RegistryOptions {
  std::filesystem::path scanner;                ///< the plugin scanner executable
  std::optional<std::filesystem::path> cache;   ///< the registry cache file, or none
  std::chrono::milliseconds probe_timeout = std::chrono::seconds(10);

  /// The scanner next to the running executable and the user's cache (registry_cache.hpp).
  static RegistryOptions defaults();
};

class PluginRegistry final : public sdk::PluginCatalog {
 public:
  /// Finds, checks and probes every plugin in `dirs`. Each rejected or shadowed plugin gets one
  /// warning line naming the file and the reason; loading never stops at a bad plugin.
  /// Plugin objects are made on first use, attached to `host`, which must outlive the registry.
  void load(const std::vector<PluginDirectory>& dirs, sdk::HostServices& host,
            const RegistryOptions& options = RegistryOptions::defaults());

  /// Every plugin file found (and every refused directory), in search order.
  const std::vector<PluginRecord>& records() const { return records_; }

  /// The plugin of that kind and id, loaded into this process now if it was not yet; nullptr if
  /// there is none or it failed to load here (then it is rejected, with a warning).
  sdk::Plugin* find(std::string_view kind, std::string_view id) const override;
  /// The plugins of one kind in use, from what the probe found: nothing is loaded.
  std::vector<sdk::PluginInfo> list(std::string_view kind) const override;
  using sdk::PluginCatalog::find;

  /// The ids of the plugins of one kind in use, sorted.
  std::vector<std::string> ids(std::string_view kind) const;

 private:
  void add_directory(const PluginDirectory& dir, PluginTrust& trust, std::vector<std::size_t>& to_probe);
  void resolve_shadowing();

  mutable std::vector<PluginRecord> records_;
  mutable std::map<std::pair<std::string, std::string>, std::size_t, std::less<>> active_;
  mutable std::recursive_mutex loading_;  ///< a factory that looks up another plugin re-enters
  sdk::HostServices* host_ = nullptr;
};

}  // namespace interstice::host
