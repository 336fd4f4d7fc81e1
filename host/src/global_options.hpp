// The options that come before the command name, and the split of argv into the two halves.
#pragma once

#include "log_rendering.hpp"

#include "interstice/sdk/logger.hpp"

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>

#include <optional>
#include <string>
#include <vector>

namespace interstice::host {

/// The command-line style of every parse: program_options' Unix style without abbreviation
/// guessing, so `--modul` is an unknown option with a "did you mean '--module'?" hint instead of
/// silently meaning `--module` (and a later option starting the same way can break no script).
int command_line_style();

/// Options that shape how a result is written; accepted before and after the command name.
boost::program_options::options_description output_options();
/// Every option accepted before the command name (output options plus loading and --version).
boost::program_options::options_description global_options();

/// The level INTERSTICE_LOG names (e.g. `INTERSTICE_LOG=debug`), else warning; --log-level wins.
sdk::LogLevel default_log_level();

/// The output options: given before the command name, then overridden by those given after it.
struct OutputSettings {
  std::optional<std::string> format;
  std::optional<std::string> output;
  std::string color = "auto";
  bool local_time = false;  // --tz local
  sdk::LogLevel log_level = default_log_level();  ///< INTERSTICE_LOG, else warning
  LogStyle log_style = LogStyle::text;
  bool quiet = false;  ///< only errors on stderr, no progress bars
};

struct GlobalOptions : OutputSettings {
  bool help = false;
  bool version = false;
  std::vector<std::string> plugin_dirs;
  bool no_user_plugins = false;  ///< --no-user-plugins (the environment variable is read with the path)
  std::optional<std::string> trace_file;  ///< --trace FILE
  std::string trace_format = "native";    ///< --trace-format ID
};

struct SplitArguments {
  std::vector<std::string> global;   ///< everything before the command name
  std::optional<std::string> command;
  std::vector<std::string> command_args;
};

/// The command is the first argument that is neither an option nor an option's value.
SplitArguments split_arguments(const std::vector<std::string>& args,
                               const boost::program_options::options_description& global);

/// Parses the global half; a usage `sdk::Error` for unknown options or bad values.
GlobalOptions parse_global_options(const std::vector<std::string>& args,
                                   const boost::program_options::options_description& global);

/// Copies the output options in `vm` over `settings` and checks them: a usage `sdk::Error` for a
/// bad --color or --log-level. The one place those options are read, before and after the command.
void apply_output_overrides(OutputSettings& settings, const boost::program_options::variables_map& vm);

/// Turns a program_options error into a usage error, with "did you mean" for unknown options.
[[noreturn]] void throw_usage_error(const std::exception& e, const std::string& context,
                                    const std::vector<const boost::program_options::options_description*>& known);

}  // namespace interstice::host
