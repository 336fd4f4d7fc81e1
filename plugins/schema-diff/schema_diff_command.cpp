// `interstice schema-diff <OLD> <NEW> [FORMAT]`: breaking-change detection for a module upgrade.
// Exit 0 when nothing reaches the --fail-on level, 1 otherwise, 2 when an input is unreadable or
// repeats a name (repeated_names.hpp).
#include "repeated_names.hpp"
#include "schema_changes.hpp"

#include "interstice/sdk/command.hpp"
#include "interstice/sdk/finding.hpp"
#include "interstice/sdk/schema.hpp"
#include "interstice/sdk/schema_json.hpp"
#include "interstice/sdk/util/concurrency.hpp"
#include "interstice/sdk/wording.hpp"

#include <boost/program_options/value_semantic.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <future>

namespace json = boost::json;
namespace po = boost::program_options;

namespace interstice::schema_diff {
namespace {

// The seed's serde-style tag for a change: COLUMN_TYPE_CHANGED -> "FieldTypeChanged".
std::string legacy_tag(const std::string& rule) {
  std::string tag;
  bool upper = true;
  std::string_view text = rule;
  if (text.rfind("COLUMN_", 0) == 0) {
    tag = "Field";
    text.remove_prefix(7);
  }
  for (char c : text) {
    if (c == '_') {
      upper = true;
      continue;
    }
    tag += upper ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    upper = false;
  }
  return tag;
}

// {"TableRemoved":"users"} for single-name changes, else {"FieldTypeChanged":{table, field, from, to}}.
json::object legacy_change(const Change& change) {
  json::object body;
  for (const auto& [key, value] : change.target) body[key == "column" ? "field" : key] = value;
  if (!change.from.is_null()) body["from"] = change.from;
  if (!change.to.is_null()) body["to"] = change.to;
  if (body.size() == 1 && body.begin()->value().is_string()) return json::object{{legacy_tag(change.rule), body.begin()->value()}};
  return json::object{{legacy_tag(change.rule), std::move(body)}};
}

int severity_rank(ChangeClass c) {
  switch (c) {
    case ChangeClass::breaking: return 2;
    case ChangeClass::data_breaking: return 1;
    case ChangeClass::compatible: return 0;
  }
  return 0;
}

class SchemaDiffCommand final : public sdk::Command {
 public:
  void declare(sdk::CommandSyntax& syntax) const override {
    syntax.positional("old", "OLD", "the schema clients and logs were built against")
        .positional("new", "NEW", "the schema about to replace it")
        .trailing_format();
    syntax.options()
        ("ignore", po::value<std::vector<std::string>>()->value_name("RULE"), "drop findings of this rule (repeatable)")
        ("fail-on", po::value<std::string>()->value_name("LEVEL")->default_value("data_breaking"),
         "exit 1 when a finding is at or above LEVEL: breaking, data_breaking (default) or none");
  }

  sdk::Report run(sdk::CommandContext& context) override {
    auto old_path = context.require<std::string>("old");
    auto new_path = context.require<std::string>("new");
    int fail_rank = fail_level(context.require<std::string>("fail-on"));
    std::vector<std::string> ignored = context.all("ignore");
    for (const auto& rule : ignored)
      if (std::find(all_rules().begin(), all_rules().end(), rule) == all_rules().end())
        throw sdk::Error::usage(fmt::format("--ignore {}: no such rule; rules are {}", rule, fmt::join(all_rules(), ", ")));

    // The two files are read at once when a CPU is spare (reading dominates a large diff); errors
    // still come in argument order. If OLD fails, the future's destructor waits for NEW's thread.
    auto new_future = std::async(sdk::spare_cpus() > 0 ? std::launch::async : std::launch::deferred,
                                 [&new_path] { return sdk::load_module_schema(new_path); });
    auto old_schema = sdk::load_module_schema(old_path);
    refuse_repeated_names(old_schema, old_path);
    auto new_schema = new_future.get();
    refuse_repeated_names(new_schema, new_path);
    auto changes = compare_schemas(old_schema, new_schema);
    std::erase_if(changes, [&](const Change& c) { return std::find(ignored.begin(), ignored.end(), c.rule) != ignored.end(); });
    return report(changes, old_schema, new_schema, new_path, fail_rank);
  }

 private:
  static int fail_level(const std::string& level) {
    if (level == "breaking") return 2;
    if (level == "data_breaking") return 1;
    if (level == "none") return 3;
    throw sdk::Error::usage(fmt::format("--fail-on must be breaking, data_breaking or none, not '{}'", level));
  }

  static sdk::Report report(const std::vector<Change>& changes, const sdk::ModuleSchema& old_schema,
                            const sdk::ModuleSchema& new_schema, const std::string& new_path, int fail_rank) {
    json::array findings, breaking_changes, compatible_additions;
    std::size_t counts[3] = {0, 0, 0};  // compatible, data_breaking, breaking
    bool fails = false;
    for (const auto& c : changes) {
      int rank = severity_rank(c.change_class);
      ++counts[rank];
      fails |= rank >= fail_rank;
      sdk::Finding finding;
      finding.rule = c.rule;
      finding.change_class = to_sdk(c.change_class);
      finding.subject = c.target;
      if (!c.from.is_null()) finding.subject["from"] = c.from;
      if (!c.to.is_null()) finding.subject["to"] = c.to;
      finding.message = c.message;
      finding.file = new_path;
      findings.push_back(sdk::to_json(finding));
      (c.change_class == ChangeClass::compatible ? compatible_additions : breaking_changes).push_back(legacy_change(c));
    }

    sdk::SchemaVersion suggested = old_schema.version;
    if (counts[2] || counts[1]) suggested = {static_cast<std::uint16_t>(suggested.major + 1), 0, 0};
    else if (counts[0]) suggested = {suggested.major, static_cast<std::uint16_t>(suggested.minor + 1), 0};
    else suggested.patch = static_cast<std::uint16_t>(suggested.patch + 1);
    bool version_ok = new_schema.version >= suggested;

    sdk::Report report;
    report.data = json::object{
        {"old_module", old_schema.name},
        {"new_module", new_schema.name},
        {"old_version", old_schema.version.to_string()},
        {"new_version", new_schema.version.to_string()},
        {"is_compatible", counts[2] == 0 && counts[1] == 0},
        {"breaking_changes", std::move(breaking_changes)},
        {"compatible_additions", std::move(compatible_additions)},
        {"findings", std::move(findings)},
        {"summary", json::object{{"breaking", counts[2]}, {"data_breaking", counts[1]}, {"compatible", counts[0]}}},
        {"suggested_version", suggested.to_string()},
        {"version_ok", version_ok},
    };
    report.outcome = fails ? sdk::Outcome::problems_found : sdk::Outcome::ok;
    report.presentation.lines.push_back({"/findings", "{/file_path}: {/rule} {/message} [{/class}]"});
    report.presentation.hidden = {"/breaking_changes", "/compatible_additions", "/summary"};
    report.presentation.fields = {{"/old_module", "old module"},     {"/new_module", "new module"},
                                  {"/old_version", "old version"},   {"/new_version", "new version"},
                                  {"/is_compatible", "compatible"},  {"/suggested_version", "suggested version"},
                                  {"/version_ok", "new version enough"}};
    report.presentation.summary =
        fmt::format("{}: {} breaking, {} data-breaking, {} compatible; version {} {} (suggested {})",
                    sdk::plural(changes.size(), "change"), counts[2], counts[1], counts[0], new_schema.version.to_string(),
                    version_ok ? "is enough" : "is NOT enough", suggested.to_string());
    return report;
  }
};

}  // namespace
}  // namespace interstice::schema_diff

INTERSTICE_PLUGIN(interstice::schema_diff::SchemaDiffCommand, "schema-diff", INTERSTICE_PLUGIN_VERSION,
                  "Find breaking changes between two versions of a module schema and suggest the version bump")
