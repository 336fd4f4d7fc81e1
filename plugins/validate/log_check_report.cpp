// The `validate --log` result document and its text presentation.
#include "log_check_report.hpp"

#include "interstice/sdk/finding.hpp"
#include "interstice/sdk/log_report.hpp"
#include "interstice/sdk/wording.hpp"

#include <fmt/format.h>

namespace json = boost::json;

namespace interstice::validate {
namespace {

json::array strings(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& item : items) out.push_back(json::string(item));
  return out;
}

// The same keys as a schema-lint finding (rule ... location), so check formats need nothing new,
// then the record it points at (index, offset) and what the record holds.
json::object finding_json(const LogFinding& finding, const std::string& file) {
  sdk::Finding out;
  out.rule = finding.rule;
  out.severity = sdk::Severity::error;
  out.pointer = "";
  out.message = finding.message;
  out.file = file;
  out.location = fmt::format("record {} at byte {}", finding.index, finding.offset);
  out.record = sdk::RecordRef{file, finding.index, finding.offset};
  out.details["where"] = finding.where;
  if (finding.module) out.details["module_id"] = *finding.module;
  if (finding.table) out.details["table_name"] = *finding.table;
  if (finding.operation) out.details["operation"] = sdk::to_string(*finding.operation);
  return sdk::to_json(out);
}

std::string summary(const LogCheckResult& result, const LogCheckFacts& facts) {
  const auto checked = sdk::plural(result.records_checked, "record");
  if (result.finding_count() == 0)
    return fmt::format("{}: valid, {} checked against {}", facts.log_path, checked,
                       sdk::plural(facts.module_names.size(), "module schema"));
  // Damage findings are counted apart: they belong to no record that was checked.
  const auto row_errors = result.finding_count() - result.damaged_records;
  std::string text = row_errors == 0 ? fmt::format("{}: invalid, {} checked", facts.log_path, checked)
                                     : fmt::format("{}: invalid, {} in {} of {} checked", facts.log_path,
                                                   sdk::plural(row_errors, "error"), result.records_with_problems,
                                                   checked);
  if (result.damaged_records != 0)
    text += fmt::format(", {}", sdk::plural(result.damaged_records, "damaged record"));
  if (!result.read_to_end) text += "; reading stopped at the damage";
  if (result.findings_omitted != 0)
    text += fmt::format("; {} not listed (at most {} per rule)", sdk::plural(result.findings_omitted, "finding"),
                        facts.findings_per_rule);
  return text;
}

}  // namespace

sdk::Report log_check_report(const LogCheckResult& result, const LogCheckFacts& facts) {
  json::array findings, issues;
  for (const auto& finding : result.findings) {
    findings.push_back(finding_json(finding, facts.log_path));
    issues.push_back(json::string(finding.message));
  }
  json::object counts, ignored;
  for (const auto& [rule, count] : result.counts_by_rule) counts[rule] = count;
  for (const auto& [rule, count] : result.ignored_by_rule) ignored[rule] = count;
  const bool nothing_counted = counts.empty();
  const bool nothing_ignored = ignored.empty();
  const auto errors = result.finding_count();

  json::object data{
      {"file_path", facts.log_path},
      {"format", sdk::format_json(*facts.log)},
      {"schemas", strings(facts.schema_paths)},
      {"modules", strings(facts.module_names)},
      {"is_valid", errors == 0},
      {"records_checked", result.records_checked},
      {"records_with_problems", result.records_with_problems},
      {"damaged_records", result.damaged_records},
      {"read_to_end", result.read_to_end},
      {"counts_by_rule", std::move(counts)},
      {"ignored_by_rule", std::move(ignored)},
      {"issues", std::move(issues)},
      {"warnings", json::array{}},
      {"findings", std::move(findings)},
      {"findings_omitted", result.findings_omitted},
      {"max_findings_per_rule", facts.findings_per_rule},
      {"error_count", errors},
      {"warning_count", 0},
  };

  sdk::Report report;
  report.data = std::move(data);
  report.outcome = errors ? sdk::Outcome::problems_found : sdk::Outcome::ok;
  // The message already names the record and its place, which the check formats need too.
  report.presentation.lines.push_back({"/findings", "{/file_path}: {/severity|severity}: {/rule} {/message}"});
  report.presentation.fields = {{"/file_path", "file"}};
  report.presentation.hidden = {"/issues", "/warnings", "/error_count", "/warning_count", "/max_findings_per_rule"};
  // An empty section reads like something is missing; the JSON keeps both objects regardless.
  if (nothing_counted) report.presentation.hidden.push_back("/counts_by_rule");
  if (nothing_ignored) report.presentation.hidden.push_back("/ignored_by_rule");
  report.presentation.summary = summary(result, facts);
  return report;
}

}  // namespace interstice::validate
