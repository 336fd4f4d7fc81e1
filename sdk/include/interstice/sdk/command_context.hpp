// Everything the host hands a command while it runs: parsed options, the output stream, the
// run's logger and progress, the other loaded plugins, and the way to stream a result.
#pragma once

#include "interstice/sdk/error.hpp"
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

class Logger; class Progress; class PluginCatalog;  // logger.hpp, progress.hpp, plugin_catalog.hpp

class BOOST_SYMBOL_VISIBLE CommandContext {
 public:
  virtual ~CommandContext() = default;
  /// The command's options and positionals, parsed against its CommandSyntax.
  virtual const boost::program_options::variables_map& options() const = 0;
  /// Where the rendered result goes (stdout or `--output`). Commands hand their result to the
  /// output format (a returned Report, or begin/item below) rather than write here.
  virtual std::ostream& out() = 0;
  virtual Logger& log() = 0;
  virtual bool color() const = 0;  ///< whether people-facing output should use colour
  virtual const PluginCatalog& plugins() const = 0;
  /// A progress indicator for `total` units (bytes, records); never null. The host decides
  /// whether it draws: silent off a terminal and for work too small to need one (< 8 MiB).
  virtual std::unique_ptr<Progress> progress(std::string label, std::uint64_t total) = 0;

  /// Streams the result instead of returning it whole, so memory stays flat: `begin` once with
  /// the header (the fields known before the items, `items` naming their key), then `item` for
  /// each element; `run` then returns the summary (the fields known after, and the outcome).
  virtual void begin(const Report& header) = 0;
  virtual void item(const boost::json::value& item) = 0;
  /// An item as compact JSON text the command already has; formats that write JSON copy it.
  virtual void item_json(std::string_view compact_json) = 0;

  bool has(const std::string& name) const { return options().count(name) > 0; }
  /// The option's value, or nullopt when it was not given and has no default.
  template <typename T> std::optional<T> get(const std::string& name) const;
  /// The option's value; a usage error naming the option when it is missing.
  template <typename T> T require(const std::string& name) const;
  /// Every value of a repeatable option (empty when not given).
  std::vector<std::string> all(const std::string& name) const {
    return get<std::vector<std::string>>(name).value_or(std::vector<std::string>{});
  }
};

}  // namespace interstice::sdk

#include "interstice/sdk/detail/command_options.hpp"  // get, require
