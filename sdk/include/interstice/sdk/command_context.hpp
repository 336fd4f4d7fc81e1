// Everything the host hands a command while it runs: parsed options, the output stream, the
// logger, progress, the other loaded plugins, and the way to stream a result item by item.
#pragma once

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/logger.hpp"
#include "interstice/sdk/plugin_catalog.hpp"
#include "interstice/sdk/progress.hpp"
#include "interstice/sdk/report.hpp"

#include <boost/program_options/variables_map.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace interstice::sdk {

class BOOST_SYMBOL_VISIBLE CommandContext {
 public:
  virtual ~CommandContext() = default;

  /// The command's options and positionals, parsed against its CommandSyntax.
  virtual const boost::program_options::variables_map& options() const = 0;
  /// Where the rendered result goes (stdout or the `--output` file). Commands hand their result
  /// to the output format (a returned Report, or begin/item below) rather than write here.
  virtual std::ostream& out() = 0;
  virtual Logger& log() = 0;
  /// Whether people-facing output should use colour.
  virtual bool color() const = 0;
  virtual const PluginCatalog& plugins() const = 0;
  /// A progress indicator for `total` units (bytes, records); never null. The host decides
  /// whether it draws: silent off a terminal and for work too small to need one (< 8 MiB).
  virtual std::unique_ptr<Progress> progress(std::string label, std::uint64_t total) = 0;

  /// Streams the result instead of returning it whole, so memory stays flat however many items
  /// there are: `begin` once with the header (the fields known before the items, `items` naming
  /// their key, the presentation), then `item` for each element; `run` then returns the summary
  /// (the fields known after the items, and the outcome). The chosen output format writes each
  /// piece as it comes. Commands that return a whole Report never call these.
  virtual void begin(const Report& header) = 0;
  virtual void item(const boost::json::value& item) = 0;
  /// An item as compact JSON text the command already has; formats that write JSON copy it.
  virtual void item_json(std::string_view compact_json) = 0;

  bool has(const std::string& name) const { return options().count(name) > 0; }

  /// The option's value, or nullopt when it was not given and has no default.
  template <typename T>
  std::optional<T> get(const std::string& name) const {
    auto it = options().find(name);
    if (it == options().end() || it->second.empty()) return std::nullopt;
    return it->second.template as<T>();
  }

  /// The option's value; a usage error naming the option when it is missing.
  template <typename T>
  T require(const std::string& name) const {
    if (auto value = get<T>(name)) return *value;
    throw Error::usage("missing required argument '" + name + "'");
  }

  /// Every value of a repeatable option (empty when not given).
  std::vector<std::string> all(const std::string& name) const {
    return get<std::vector<std::string>>(name).value_or(std::vector<std::string>{});
  }
};

}  // namespace interstice::sdk
