// `validate PATH`: the schema-lint result. Findings are sorted errors first; each carries its rule,
// severity, JSON pointer and a human location (the pointer, or line:column for a syntax error).
#include "schema_lint.hpp"
#include "schema_rules.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/finding.hpp"
#include "interstice/sdk/json_text.hpp"
#include "interstice/sdk/schema_json.hpp"
#include "interstice/sdk/util/schema_stream.hpp"
#include "interstice/sdk/wording.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace json = boost::json;

namespace interstice::validate {
namespace {

void add_unique(std::vector<std::string>& to, std::string name) {
  if (std::find(to.begin(), to.end(), name) == to.end()) to.push_back(std::move(name));
}

// The file's findings in the rules' order: for each schema (the document itself, or each element
// of an array of them, pointers then prefixed "/1"), the structural problems then the rules'.
// The file is read once by read_schema_file: each list element goes through the rules as it is
// parsed and is dropped, so a large schema never exists whole as a DOM (bench/README.md). A
// syntax error is a finding (the file was read, it is just not JSON) and nothing else is
// reported; a missing or unreadable file is an input error.
void lint_schemas(const std::string& path, SchemaLint& lint, std::vector<Finding>& findings, std::string& syntax_where,
                  json::value& abi_version) {
  std::vector<ModuleRules> rules;
  sdk::SchemaFileOptions options;
  options.keep_lists = false;
  options.on_element = [&rules](const sdk::SchemaListElement& element) {
    if (rules.size() <= element.module) rules.resize(element.module + 1);
    rules[element.module].element(element.list, element.index, element.value);
  };
  std::vector<sdk::StreamedModule> modules;
  try {
    modules = sdk::read_schema_file(path, options);
  } catch (const sdk::Error& e) {
    if (!e.location().line) throw;
    syntax_where = fmt::format("line {}, column {}", *e.location().line, e.location().column.value_or(0));
    findings.push_back({"MALFORMED_JSON", Severity::error, "", e.message()});
    return;
  }
  rules.resize(std::max(rules.size(), modules.size()));
  for (std::size_t i = 0; i < modules.size(); ++i) {
    const auto& module = modules[i];
    for (const auto& problem : module.problems)
      findings.push_back({problem.rule, problem.fatal ? Severity::error : Severity::warning, module.prefix + problem.pointer,
                          problem.message});
    std::vector<Finding> rule_findings;
    rules[i].finish(module.skeleton, rule_findings);
    for (auto& finding : rule_findings) {
      finding.pointer = module.prefix + finding.pointer;
      findings.push_back(std::move(finding));
    }
    const auto* object = module.skeleton.if_object();
    if (!object) continue;
    if (const auto* name = object->if_contains("name"); name && name->is_string())
      add_unique(lint.declared, std::string(name->get_string()));
    if (const auto* abi = object->if_contains("abi_version"); abi && abi->is_number() && abi_version.is_null())
      abi_version = *abi;
    for (const auto& subscription : rules[i].subscriptions())
      if (subscription.module_name) add_unique(lint.subscribed, *subscription.module_name);
    rules[i] = {};  // its names and subscriptions are no longer needed
  }
}

}  // namespace

SchemaLint lint_schema_file(const std::string& path) {
  SchemaLint lint;
  std::vector<Finding> findings;
  std::string syntax_where;
  json::value abi_version = nullptr;
  lint_schemas(path, lint, findings, syntax_where, abi_version);
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

  sdk::Report& report = lint.report;
  json::array schema_errors = issues;
  report.data = json::object{{"file_path", path},
                             {"is_valid", errors == 0},
                             {"issues", std::move(issues)},
                             {"warnings", std::move(warnings)},
                             {"findings", std::move(all)},
                             {"error_count", errors},
                             {"warning_count", warning_count},
                             // The seed's DryRunResult: missing_dependencies and is_loadable are
                             // settled by add_dependencies, once every given schema is known.
                             {"is_loadable", errors == 0},
                             {"abi_version", abi_version},
                             {"missing_dependencies", json::array()},
                             {"schema_errors", std::move(schema_errors)}};
  report.outcome = errors ? sdk::Outcome::problems_found : sdk::Outcome::ok;
  report.presentation.lines.push_back({"/findings", "{/file_path}: {/severity|severity}: {/rule} {/message} ({/location})"});
  report.presentation.fields = {{"/file_path", "file"}, {"/is_valid", "valid"}, {"/abi_version", "ABI version"},
                                {"/missing_dependencies", "missing dependencies"}};
  report.presentation.hidden = {"/issues", "/warnings", "/error_count", "/warning_count", "/schema_errors", "/is_loadable",
                                "/abi_version"};
  report.presentation.summary = errors ? fmt::format("{}: invalid, {}, {}", path, sdk::plural(errors, "error"),
                                                     sdk::plural(warning_count, "warning"))
                                       : fmt::format("{}: valid, {}", path, sdk::plural(warning_count, "warning"));
  return lint;
}

void add_dependencies(SchemaLint& lint, const std::vector<std::string>& provided) {
  auto& data = lint.report.data.as_object();
  json::array missing;
  for (const auto& module : lint.subscribed)
    if (std::find(provided.begin(), provided.end(), module) == provided.end()) missing.push_back(json::string(module));
  data["is_loadable"] = data["is_valid"].as_bool() && missing.empty();
  if (missing.empty()) lint.report.presentation.hidden.push_back("/missing_dependencies");  // text shows only some
  data["missing_dependencies"] = std::move(missing);
}

}  // namespace interstice::validate
