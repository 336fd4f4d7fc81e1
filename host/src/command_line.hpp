// Parsing one command's arguments: its own syntax plus the options the host adds to every command
// (--format, --output, --color, --log-level, --help), declared once in global_options.cpp.
// Separate from the runner so `--help` text and test harnesses see the same option set.
#pragma once

#include "command_table.hpp"

#include "interstice/sdk/command_syntax.hpp"

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>

#include <functional>
#include <string>
#include <vector>

namespace interstice::host {

/// The command's options and positionals plus the host's common options it did not declare itself.
boost::program_options::options_description command_line_options(const sdk::CommandSyntax& syntax);

/// The host's common options the command did not declare, as `--help` lists them.
boost::program_options::options_description visible_common_options(const sdk::CommandSyntax& syntax);

struct CommandLine {
  boost::program_options::variables_map options;
  bool wants_help = false;  ///< --help was given; `options` is not checked then
  bool wants_version = false;  ///< --version was given after the command name (and not --help)
};

/// Whether a word names a loaded output format (for `<PATH>... [FORMAT]` syntaxes).
using IsFormat = std::function<bool(const std::string&)>;

/// Parses `args` (without the command name); usage `sdk::Error`s name the command. With
/// `is_format`, a repeated positional's last value that names an output format (and no file)
/// is the trailing FORMAT.
CommandLine parse_command_line(const CommandEntry& entry, const sdk::CommandSyntax& syntax,
                               const std::vector<std::string>& args, const IsFormat& is_format = {});

/// `--output` replaces its target by rename, so it must never name a file the command reads or
/// writes itself; a usage `sdk::Error` when a string argument names the same file, existing or
/// not (symlinks followed).
void refuse_output_over_input(const boost::program_options::variables_map& vm, const std::string& output);

}  // namespace interstice::host
