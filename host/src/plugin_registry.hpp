// Every plugin the host found, which ones are in use, and lookup by kind and id for the host and
// for plugins (it is the SDK's PluginCatalog).
#pragma once

#include "plugin_record.hpp"
#include "plugin_search_path.hpp"

#include "interstice/sdk/host_services.hpp"
#include "interstice/sdk/plugin_catalog.hpp"

#include <map>
#include <utility>
#include <vector>

namespace interstice::host {

class PluginRegistry final : public sdk::PluginCatalog {
 public:
  /// Finds, checks and loads every plugin in `dirs`. Each rejected or shadowed plugin gets one
  /// warning line naming the file and the reason; loading never stops at a bad plugin.
  /// Every plugin object is attached to `host`, which must outlive the registry's plugins.
  void load(const std::vector<PluginDirectory>& dirs, sdk::HostServices& host);

  /// Every plugin file found (and every refused directory), in search order.
  const std::vector<PluginRecord>& records() const { return records_; }

  sdk::Plugin* find(std::string_view kind, std::string_view id) const override;
  std::vector<sdk::PluginInfo> list(std::string_view kind) const override;
  using sdk::PluginCatalog::find;

  /// The ids of the loaded plugins of one kind, sorted.
  std::vector<std::string> ids(std::string_view kind) const;
  /// The record of a loaded plugin, or nullptr.
  const PluginRecord* record(std::string_view kind, std::string_view id) const;

 private:
  std::vector<PluginRecord> records_;
  std::map<std::pair<std::string, std::string>, std::size_t, std::less<>> active_;
};

}  // namespace interstice::host
