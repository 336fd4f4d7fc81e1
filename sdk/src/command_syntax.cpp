// CommandSyntax: positionals are stored as hidden named options, as program_options requires.
#include "interstice/sdk/command_syntax.hpp"
#include "interstice/sdk/detail/syntax_parts.hpp"

#include <boost/program_options/value_semantic.hpp>

#include <stdexcept>

namespace po = boost::program_options;

namespace interstice::sdk {

namespace {

// Records one positional: a hidden named option (unless the host declares it) and its position.
void add(detail::SyntaxParts& parts, PositionalSpec spec, bool declare_option = true) {
  auto& positionals_ = parts.positionals;
  // The trailing FORMAT may follow a repeated positional (`log-inspect A.log B.log json`): it is
  // left out of the positional order, which would give it the first position, and the host takes
  // the repeated values' last one as the format when it names one.
  const bool format_after_repeated = !positionals_.empty() && positionals_.back().repeatable && spec.name == kFormatPositional;
  if (!positionals_.empty() && positionals_.back().repeatable && !format_after_repeated)
    throw std::logic_error("a repeated positional must be the last one");
  if (declare_option) {
    po::value_semantic* semantic = nullptr;
    if (spec.repeatable) {
      auto* values = po::value<std::vector<std::string>>();
      if (spec.required) values->required();
      semantic = values;
    } else {
      auto* value = po::value<std::string>();
      if (spec.required) value->required();
      semantic = value;
    }
    parts.hidden.add_options()(spec.name.c_str(), semantic, spec.help.c_str());
  }
  if (!format_after_repeated) parts.order.add(spec.name.c_str(), spec.repeatable ? -1 : 1);
  positionals_.push_back(std::move(spec));
}

}  // namespace

CommandSyntax::CommandSyntax() : parts_(std::make_unique<detail::SyntaxParts>()) {}
CommandSyntax::~CommandSyntax() = default;

po::options_description_easy_init CommandSyntax::options() { return parts_->named.add_options(); }

CommandSyntax& CommandSyntax::positional(std::string name, std::string value_name, std::string help) {
  add(*parts_, {std::move(name), std::move(value_name), std::move(help), true, false});
  return *this;
}

CommandSyntax& CommandSyntax::optional_positional(std::string name, std::string value_name, std::string help) {
  add(*parts_, {std::move(name), std::move(value_name), std::move(help), false, false});
  return *this;
}

CommandSyntax& CommandSyntax::repeated_positional(std::string name, std::string value_name, std::string help,
                                                  bool required) {
  add(*parts_, {std::move(name), std::move(value_name), std::move(help), required, true});
  return *this;
}

CommandSyntax& CommandSyntax::trailing_format() {
  // The host declares --format/-f once for every command; this only puts that option's key at the
  // end of the positional order, so both spellings fill the same value.
  add(*parts_, {kFormatPositional, "FORMAT", "output format (text, json, yaml, ...), the same as --format", false, false},
      false);
  return *this;
}

std::string CommandSyntax::usage() const {
  std::string text;
  for (const auto& p : parts_->positionals) {
    if (!text.empty()) text += ' ';
    std::string shown = p.required ? "<" + p.value_name + ">" : "[" + p.value_name + "]";
    text += shown;
    if (p.repeatable) text += "...";
  }
  // Required named options belong in the usage line too: `<PATH> [FORMAT] --out FILE`.
  for (const auto& option : parts_->named.options()) {
    if (!option->semantic()->is_required()) continue;
    if (!text.empty()) text += ' ';
    text += "--" + option->long_name();
    if (option->semantic()->max_tokens() > 0) text += ' ' + option->format_parameter();
  }
  return text;
}

}  // namespace interstice::sdk
