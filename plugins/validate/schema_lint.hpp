// `validate PATH`: lints one module schema file and turns the findings into the command's result
// (is_valid, issues, warnings, findings, error_count, warning_count).
#pragma once

#include "interstice/sdk/report.hpp"

#include <string>

namespace interstice::validate {

/// Every rule of schema_rules.hpp on the file at `path`. A syntax error is a MALFORMED_JSON
/// finding; a missing or unreadable file throws `Error` (kind input).
sdk::Report lint_schema_file(const std::string& path);

}  // namespace interstice::validate
