// Everything the host hands a command while it runs: parsed options, the output stream, the
// logger, progress, and the other loaded plugins.
#pragma once

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/logger.hpp"
#include "interstice/sdk/plugin_catalog.hpp"
#include "interstice/sdk/progress.hpp"

#include <boost/program_options/variables_map.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace interstice::sdk {

class BOOST_SYMBOL_VISIBLE CommandContext {
 public:
  virtual ~CommandContext() = default;

  /// The command's options and positionals, parsed against its CommandSyntax.
  virtual const boost::program_options::variables_map& options() const = 0;
  /// Where the rendered result goes (stdout or the `--output` file). Commands that stream records
  /// write through an output format or exporter; most commands just return a Report.
  virtual std::ostream& out() = 0;
  virtual Logger& log() = 0;
  /// The output format the user chose ("text", "json", ...). Commands that stream records
  /// write those formats themselves and set `Report::written`.
  virtual const std::string& output_format() const = 0;
  /// Whether people-facing output should use colour.
  virtual bool color() const = 0;
  virtual const PluginCatalog& plugins() const = 0;
  /// A progress indicator for `total` units (bytes, records); never null. The host decides
  /// whether it draws: silent off a terminal and for work too small to need one (< 8 MiB).
  virtual std::unique_ptr<Progress> progress(std::string label, std::uint64_t total) = 0;

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
