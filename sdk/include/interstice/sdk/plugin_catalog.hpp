// How a plugin finds other loaded plugins by kind and id (a command asking for an exporter, a log
// codec or an output format).
#pragma once

#include "interstice/sdk/plugin.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace interstice::sdk {

struct PluginInfo {
  std::string id;
  std::string kind;
  std::string version;
  std::string description;
  std::string path;
};

class BOOST_SYMBOL_VISIBLE PluginCatalog {
 public:
  virtual ~PluginCatalog() = default;
  /// The loaded plugin of that kind and id, or nullptr.
  virtual Plugin* find(std::string_view kind, std::string_view id) const = 0;
  /// Every loaded plugin of that kind, sorted by id.
  virtual std::vector<PluginInfo> list(std::string_view kind) const = 0;

  /// `find` with the interface type: `catalog.find<OutputFormat>("json")`.
  template <typename Interface>
  Interface* find(std::string_view id) const {
    return dynamic_cast<Interface*>(find(Interface::kind, id));
  }
};

}  // namespace interstice::sdk
