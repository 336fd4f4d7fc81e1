// Identifier quoting and the clash-free name allocator.
#include "sql_names.hpp"

#include <algorithm>

namespace interstice::sqlite_export {

namespace {

/// SQLite's own case folding for identifiers: ASCII letters only.
std::string fold(std::string_view name) {
  std::string folded(name);
  for (char& c : folded)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return folded;
}

}  // namespace

std::string quote_literal(std::string_view text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') quoted += '\'';
    quoted += c;
  }
  return quoted + "'";
}

std::string quote_identifier(std::string_view name) {
  std::string quoted;
  quoted.reserve(name.size() + 2);
  quoted += '"';
  for (char c : name) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

void NameSet::reserve(std::string_view name) { taken_.insert(fold(name)); }

bool NameSet::taken(std::string_view name) const { return taken_.contains(fold(name)); }

std::string NameSet::claim(std::string_view wanted) {
  std::string base(wanted);
  std::replace(base.begin(), base.end(), '\0', '_');
  if (fold(base).starts_with("sqlite_")) base.insert(base.begin(), '_');
  std::string name = base;
  for (int suffix = 2; taken(name); ++suffix) name = base + "_" + std::to_string(suffix);
  reserve(name);
  return name;
}

}  // namespace interstice::sqlite_export
