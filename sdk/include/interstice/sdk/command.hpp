// The plugin kind that adds a subcommand: `interstice <id> [options]`.
//
// To add a command, derive from `Command`, override `declare` and `run`, and export it:
//
//     class Count final : public interstice::sdk::Command {
//      public:
//       void declare(CommandSyntax& syntax) const override {
//         syntax.positional("path", "PATH", "file to count").trailing_format();
//       }
//       Report run(CommandContext& context) override {
//         auto path = context.require<std::string>("path");
//         return Report{boost::json::object{{"path", path}, {"bytes", file_size(path)}}};
//       }
//     };
//     INTERSTICE_PLUGIN(Count, "count", "1.0.0", "Count the bytes in a file")
//
// The host adds `--format`, `--output` and `--help` to every command; don't declare them.
#pragma once

#include "interstice/sdk/command_context.hpp"
#include "interstice/sdk/command_syntax.hpp"
#include "interstice/sdk/plugin.hpp"
#include "interstice/sdk/report.hpp"

namespace interstice::sdk {

class BOOST_SYMBOL_VISIBLE Command : public Plugin {
 public:
  static constexpr const char* kind = "command";

  /// Override this to declare the command's options and positionals. Called before parsing and
  /// for `--help`; must not do any work.
  virtual void declare(CommandSyntax& syntax) const = 0;

  /// Override this to do the command's work and return its result. Throw `Error` for bad usage,
  /// unreadable input or an internal failure; return `Outcome::problems_found` in the Report when
  /// a check ran and found problems, so the result is still printed.
  virtual Report run(CommandContext& context) = 0;
};

}  // namespace interstice::sdk
