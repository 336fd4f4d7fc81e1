// CommandSyntax: positionals are stored as hidden named options, as program_options requires.
#include "interstice/sdk/command_syntax.hpp"

#include <boost/program_options/value_semantic.hpp>

#include <stdexcept>

namespace po = boost::program_options;

namespace interstice::sdk {

CommandSyntax::CommandSyntax() : named_("Options"), hidden_("Positionals") {}

po::options_description_easy_init CommandSyntax::options() { return named_.add_options(); }

CommandSyntax& CommandSyntax::add(PositionalSpec spec, std::string option_names) {
  if (option_names.empty()) option_names = spec.name;
  if (!positionals_.empty() && positionals_.back().repeatable)
    throw std::logic_error("a repeated positional must be the last one");
  if (spec.repeatable) {
    auto* semantic = po::value<std::vector<std::string>>();
    if (spec.required) semantic->required();
    hidden_.add_options()(option_names.c_str(), semantic, spec.help.c_str());
    order_.add(spec.name.c_str(), -1);
  } else {
    auto* semantic = po::value<std::string>();
    if (spec.required) semantic->required();
    hidden_.add_options()(option_names.c_str(), semantic, spec.help.c_str());
    order_.add(spec.name.c_str(), 1);
  }
  positionals_.push_back(std::move(spec));
  return *this;
}

CommandSyntax& CommandSyntax::positional(std::string name, std::string value_name, std::string help) {
  return add({std::move(name), std::move(value_name), std::move(help), true, false});
}

CommandSyntax& CommandSyntax::optional_positional(std::string name, std::string value_name, std::string help) {
  return add({std::move(name), std::move(value_name), std::move(help), false, false});
}

CommandSyntax& CommandSyntax::repeated_positional(std::string name, std::string value_name, std::string help,
                                                  bool required) {
  return add({std::move(name), std::move(value_name), std::move(help), required, true});
}

CommandSyntax& CommandSyntax::trailing_format() {
  // Also reachable as --format/-f after the command name, so the two spellings share one key.
  return add({kFormatPositional, "FORMAT", "output format (text, json, yaml, ...), the same as --format", false, false},
             std::string(kFormatPositional) + ",f");
}

std::string CommandSyntax::usage() const {
  std::string text;
  for (const auto& p : positionals_) {
    if (!text.empty()) text += ' ';
    std::string shown = p.required ? "<" + p.value_name + ">" : "[" + p.value_name + "]";
    text += shown;
    if (p.repeatable) text += "...";
  }
  return text;
}

}  // namespace interstice::sdk
