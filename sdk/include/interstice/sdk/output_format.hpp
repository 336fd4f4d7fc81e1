// The plugin kind that renders a command's Report: text, json, yaml, junit, ...
//
// To add an output format, derive from `OutputFormat`, override `render`, and export it with
// `INTERSTICE_PLUGIN`. The user picks it with `--format ID` (or a command's trailing FORMAT).
#pragma once

#include "interstice/sdk/plugin.hpp"
#include "interstice/sdk/report.hpp"

#include <ostream>
#include <string>

namespace interstice::sdk {

struct RenderOptions {
  bool color = false;   ///< the host decided colour is wanted (a TTY, --color, NO_COLOR)
  std::string command;  ///< the command that made the report, e.g. "schema"
};

class BOOST_SYMBOL_VISIBLE OutputFormat : public Plugin {
 public:
  static constexpr const char* kind = "output-format";

  /// Override this to write `report` to `out`. Write everything the report's data holds: people
  /// and programs both rely on formats being complete. Throw `Error` if it cannot be represented.
  virtual void render(const Report& report, std::ostream& out, const RenderOptions& options) const = 0;
};

}  // namespace interstice::sdk
