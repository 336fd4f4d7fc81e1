// `validate PATH`: lints one module schema file and turns the findings into the command's result
// (is_valid, issues, warnings, findings, error_count, warning_count).
#pragma once

#include "interstice/sdk/report.hpp"

#include <string>
#include <vector>

namespace interstice::validate {

/// A linted file: its result and the modules it declares and its subscriptions name.
struct SchemaLint {
  sdk::Report report;
  std::vector<std::string> declared;
  std::vector<std::string> subscribed;
};

/// Every rule of schema_rules.hpp on the file at `path` (`-`: standard input), which holds one
/// module schema or a JSON array of them (pointers then start at the element, "/1/tables/0"). A
/// syntax error is a MALFORMED_JSON finding; a missing or unreadable file throws `Error` (kind
/// input). The result also has the seed's DryRunResult keys: is_loadable, abi_version,
/// missing_dependencies, schema_errors.
SchemaLint lint_schema_file(const std::string& path);

/// Settles missing_dependencies (modules the subscriptions name that no module in `provided`
/// is) and is_loadable (valid and nothing missing).
void add_dependencies(SchemaLint& lint, const std::vector<std::string>& provided);

}  // namespace interstice::validate
