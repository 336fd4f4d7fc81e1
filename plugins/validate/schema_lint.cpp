// `validate PATH`: the schema-lint result. Findings are sorted errors first; each carries its rule,
// severity, JSON pointer and a human location (the pointer, or line:column for a syntax error).
#include "schema_lint.hpp"
#include "schema_rules.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/finding.hpp"
#include "interstice/sdk/schema_json.hpp"
#include "interstice/sdk/wording.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace json = boost::json;

namespace interstice::validate {
namespace {

// A syntax error is a finding (the file was read, it is just not JSON); a missing or unreadable
// file is an input error.
std::optional<json::value> read_document(const std::string& path, std::vector<Finding>& findings, std::string& where) {
  try {
    return sdk::read_json_file(path);
  } catch (const sdk::Error& e) {
    if (!e.location().line) throw;
    where = fmt::format("line {}, column {}", *e.location().line, e.location().column.value_or(0));
    findings.push_back({"MALFORMED_JSON", Severity::error, "", e.message()});
    return std::nullopt;
  }
}

}  // namespace

sdk::Report lint_schema_file(const std::string& path) {
  std::vector<Finding> findings;
  std::string syntax_where;
  if (auto document = read_document(path, findings, syntax_where)) findings = check_schema(*document, path);
  std::stable_sort(findings.begin(), findings.end(),
                   [](const Finding& a, const Finding& b) { return a.severity < b.severity; });

  json::array all, issues, warnings;
  std::size_t errors = 0;
  for (const auto& f : findings) {
    bool is_error = f.severity == Severity::error;
    errors += is_error;
    (is_error ? issues : warnings).push_back(json::string(f.message));
    std::string location = f.rule == "MALFORMED_JSON" ? syntax_where : f.pointer.empty() ? "document root" : f.pointer;
    sdk::Finding finding;
    finding.rule = f.rule;
    finding.severity = is_error ? sdk::Severity::error : sdk::Severity::warning;
    finding.pointer = f.pointer;
    finding.message = f.message;
    finding.file = path;
    finding.location = location;
    all.push_back(sdk::to_json(finding));
  }
  std::size_t warning_count = findings.size() - errors;

  sdk::Report report;
  report.data = json::object{{"file", path},
                             {"is_valid", errors == 0},
                             {"issues", std::move(issues)},
                             {"warnings", std::move(warnings)},
                             {"findings", std::move(all)},
                             {"error_count", errors},
                             {"warning_count", warning_count}};
  report.outcome = errors ? sdk::Outcome::problems_found : sdk::Outcome::ok;
  report.presentation.lines.push_back({"/findings", "{/file}: {/rule} {/message} ({/location})"});
  report.presentation.hidden = {"/issues", "/warnings", "/error_count", "/warning_count"};
  report.presentation.summary = errors ? fmt::format("{}: invalid, {}, {}", path, sdk::plural(errors, "error"),
                                                     sdk::plural(warning_count, "warning"))
                                       : fmt::format("{}: valid, {}", path, sdk::plural(warning_count, "warning"));
  return report;
}

}  // namespace interstice::validate
