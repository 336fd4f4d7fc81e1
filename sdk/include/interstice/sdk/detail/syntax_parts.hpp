// What a CommandSyntax holds, read back by the host to parse a command line and write `--help`.
// Positionals are also hidden named options, as Boost.Program_options requires. Part of the ABI;
// command authors only call CommandSyntax's builders (command_syntax.hpp).
#pragma once

#include "interstice/sdk/abi.hpp"

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/positional_options.hpp>

#include <string>
#include <vector>

namespace interstice::sdk {

struct PositionalSpec {
  std::string name;         ///< the variables_map key
  std::string value_name;   ///< shown in usage: PATH, OLD, NEW
  std::string help;
  bool required = true;
  bool repeatable = false;  ///< takes every remaining argument (a vector<string>)
};

namespace detail {

struct SyntaxParts {
  boost::program_options::options_description named{"Options"};
  boost::program_options::options_description hidden{"Positionals"};  ///< the positionals' options
  boost::program_options::positional_options_description order;
  std::vector<PositionalSpec> positionals;
};

}  // namespace detail
}  // namespace interstice::sdk
