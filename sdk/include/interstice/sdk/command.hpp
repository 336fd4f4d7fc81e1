// The plugin kind that adds a subcommand, `interstice <id> [options]`; the host adds `--format`,
// `--output` and `--help` to it. Derive from `Command`, override `declare` and `run`, export it:
//     struct Count final : interstice::sdk::Command {
//       void declare(CommandSyntax& syntax) const override { syntax.positional("path", "PATH", "a file"); }
//       Report run(CommandContext& context) override {
//         return Report{boost::json::object{{"bytes", file_size(context.require<std::string>("path"))}}};
//       }
//     };
//     INTERSTICE_PLUGIN(Count, "count", "1.0.0", "Count the bytes in a file")
#pragma once

#include "interstice/sdk/command_context.hpp"
#include "interstice/sdk/command_syntax.hpp"
#include "interstice/sdk/error.hpp"
#include "interstice/sdk/plugin.hpp"
#include "interstice/sdk/report.hpp"

namespace interstice::sdk {

class BOOST_SYMBOL_VISIBLE Command : public Plugin {
 public:
  static constexpr const char* kind = "command";

  /// Declares the options and positionals; called before parsing and for `--help`: no work here.
  virtual void declare(CommandSyntax& syntax) const = 0;
  /// Does the work and returns the result. Throw `Error` for bad usage, unreadable input or an
  /// internal failure; a check that found problems returns `Outcome::problems_found` instead.
  virtual Report run(CommandContext& context) = 0;
};

}  // namespace interstice::sdk
