// SQL identifiers for names that can hold anything: module, table and column names come from
// schemas and logs, so they may contain quotes, spaces, `__`, NUL bytes or differ only in case.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>

namespace interstice::sqlite_export {

/// `"name"` with every `"` doubled: SQLite's quoting, valid for any name without a NUL.
std::string quote_identifier(std::string_view name);
/// `'text'` with every `'` doubled: an SQL string literal, for text without a NUL.
std::string quote_literal(std::string_view text);

/// Hands out names that cannot clash within one namespace (the database's tables, or one
/// table's columns). SQLite compares identifiers ASCII-case-insensitively, reserves the
/// `sqlite_` prefix for itself and reads SQL text only up to a NUL, so `claim` returns the
/// wanted name, or, when it would break one of those rules, a close variant: NUL bytes become
/// `_`, a reserved name gets a `_` in front, and a name already taken gets `_2`, `_3`, ...
class NameSet {
 public:
  /// Reserves a name that nothing else may get (e.g. `transactions`).
  void reserve(std::string_view name);
  std::string claim(std::string_view wanted);

 private:
  bool taken(std::string_view name) const;
  std::unordered_set<std::string> taken_;  // ASCII-lower-cased
};

}  // namespace interstice::sqlite_export
