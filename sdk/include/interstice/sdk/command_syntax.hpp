// A command's command line: its named options and positional arguments, declared once and used
// by the host for parsing, `--help`, usage lines and "did you mean" suggestions.
#pragma once

#include "interstice/sdk/abi.hpp"

#include <boost/program_options/options_description.hpp>

#include <memory>
#include <string>

namespace interstice::sdk {

namespace detail { struct SyntaxParts; }  // detail/syntax_parts.hpp: what the host reads back

/// The key of the host's `--format`/`-f` option, which every command has; `trailing_format()`
/// only gives it a position, so `schema x json` equals `schema x --format json`.
inline constexpr const char* kFormatPositional = "format";

class INTERSTICE_SDK_API CommandSyntax {
 public:
  CommandSyntax();
  ~CommandSyntax();

  /// Named options, program_options style: `syntax.options()("limit", po::value<int>(), "...")`.
  boost::program_options::options_description_easy_init options();
  /// A required positional argument stored as a std::string.
  CommandSyntax& positional(std::string name, std::string value_name, std::string help);
  /// An optional one; absent from the variables_map when not given.
  CommandSyntax& optional_positional(std::string name, std::string value_name, std::string help);
  /// All remaining arguments (std::vector<std::string>). Must be last.
  CommandSyntax& repeated_positional(std::string name, std::string value_name, std::string help, bool required);
  /// The seed's trailing `[FORMAT]` (text, json, yaml, ...). Must be last.
  CommandSyntax& trailing_format();

  std::string usage() const;  ///< "<PATH> [FORMAT]"
  const detail::SyntaxParts& parts() const { return *parts_; }

 private:
  std::unique_ptr<detail::SyntaxParts> parts_;
};

}  // namespace interstice::sdk
