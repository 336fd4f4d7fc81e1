// A command's command line: its named options and its positional arguments, declared once and
// used by the host for parsing, `--help`, usage lines and "did you mean" suggestions.
#pragma once

#include "interstice/sdk/abi.hpp"

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/positional_options.hpp>

#include <string>
#include <vector>

namespace interstice::sdk {

/// The key a command's trailing `[FORMAT]` positional is stored under: the key of the host's own
/// `--format`/`-f` option, which the host declares (once) for every command. `trailing_format()`
/// only gives that option a position, so `schema x json` and `schema x --format json` are the same
/// value, and giving both is a usage error.
inline constexpr const char* kFormatPositional = "format";

struct PositionalSpec {
  std::string name;        ///< the variables_map key
  std::string value_name;  ///< shown in usage: PATH, OLD, NEW
  std::string help;
  bool required = true;
  bool repeatable = false;  ///< takes every remaining argument (a vector<string>)
};

class INTERSTICE_SDK_API CommandSyntax {
 public:
  CommandSyntax();

  /// Named options, program_options style: `syntax.options()("limit", po::value<int>(), "...")`.
  boost::program_options::options_description_easy_init options();

  /// A required positional argument stored as a std::string.
  CommandSyntax& positional(std::string name, std::string value_name, std::string help);
  /// An optional one; absent from the variables_map when not given.
  CommandSyntax& optional_positional(std::string name, std::string value_name, std::string help);
  /// A positional that takes all remaining arguments (std::vector<std::string>). Must be last.
  CommandSyntax& repeated_positional(std::string name, std::string value_name, std::string help,
                                     bool required);
  /// The seed's trailing `[FORMAT]` (text, json, yaml, ...). Must be last. Only the position is
  /// declared here (see kFormatPositional): it is not in `positional_options()`, and parsing it
  /// needs the host's `--format` option next to this syntax's options.
  CommandSyntax& trailing_format();

  /// "<PATH> [FORMAT]"
  std::string usage() const;

  const boost::program_options::options_description& named() const { return named_; }
  const boost::program_options::options_description& positional_options() const { return hidden_; }
  const boost::program_options::positional_options_description& positional_order() const {
    return order_;
  }
  const std::vector<PositionalSpec>& positionals() const { return positionals_; }

 private:
  CommandSyntax& add(PositionalSpec spec, bool declare_option = true);

  boost::program_options::options_description named_;
  boost::program_options::options_description hidden_;
  boost::program_options::positional_options_description order_;
  std::vector<PositionalSpec> positionals_;
};

}  // namespace interstice::sdk
