// The `schema` result: counts first, then every table, reducer, subscription and user-defined type.
#include "schema_report.hpp"
#include "schema_log_report.hpp"

#include "interstice/sdk/schema.hpp"
#include "interstice/sdk/wording.hpp"

#include <fmt/format.h>

namespace json = boost::json;

namespace interstice::schema_command {

namespace {

json::object typed(const std::string& name, const sdk::ValueType& type) {
  return json::object{{"name", name}, {"type", type.to_string()}};
}

json::array typed_list(const std::vector<sdk::Column>& columns) {
  json::array out;
  for (const auto& c : columns) out.push_back(typed(c.name, c.type));
  return out;
}

}  // namespace

// Everything but the three lists: the fields known before the tables, and the presentation.
sdk::Report describe_schema_header(const sdk::ModuleSchema& schema, const SchemaLogFacts* log) {
  json::object data;
  data["module_name"] = schema.name;
  data["abi_version"] = schema.abi_version;
  data["version"] = schema.version.to_string();
  data["table_count"] = schema.tables.size();
  data["reducer_count"] = schema.reducers.size();
  data["subscription_count"] = schema.subscriptions.size();

  sdk::Report report;
  report.data = std::move(data);
  report.items = "tables";
  report.presentation.title = fmt::format("Module {} {} (ABI {})", schema.name, schema.version.to_string(), schema.abi_version);
  report.presentation.fields = {{"/module_name", "module"},         {"/abi_version", "ABI version"},
                                {"/table_count", "table count"},    {"/reducer_count", "reducer count"},
                                {"/subscription_count", "subscription count"}};
  report.presentation.summary = fmt::format("{}, {}, {}", sdk::plural(schema.tables.size(), "table"),
                                            sdk::plural(schema.reducers.size(), "reducer"),
                                            sdk::plural(schema.subscriptions.size(), "subscription"));
  if (log) {
    report.presentation.summary += "\n" + log_summary(*log, schema);
    // Empty sections read like something is missing; the JSON keeps the empty objects.
    if (log->other_modules.empty()) report.presentation.hidden.push_back("/log/other_modules");
    if (log->unknown_tables.empty()) report.presentation.hidden.push_back("/log/unknown_tables");
  }
  std::vector<sdk::TableColumn> table_columns{
      {"TABLE", "/name"}, {"VISIBILITY", "/visibility"}, {"PRIMARY KEY", "/primary_key/name"}, {"KEY TYPE", "/primary_key/type"}};
  if (log) {
    // The row counts sit next to each table; COLUMNS stays last because it is the widest.
    table_columns.push_back({"RECORDS", "/log/records"});
    table_columns.push_back({"LIVE ROWS", "/log/live_rows"});
  }
  table_columns.push_back({"COLUMNS", "/columns"});
  report.presentation.tables.push_back({"/tables", std::move(table_columns)});
  report.presentation.tables.push_back({"/reducers", {{"REDUCER", "/name"}, {"ARGUMENTS", "/arguments"}, {"RETURNS", "/return_type"}}});
  report.presentation.tables.push_back({"/subscriptions",
                                        {{"MODULE", "/module_name"},
                                         {"TABLE", "/table_name"},
                                         {"REDUCER", "/reducer_name"},
                                         {"EVENT", "/event"}}});
  report.presentation.tables.push_back({"/type_definitions", {{"TYPE", "/name"}, {"KIND", "/kind"}, {"FIELDS OR VARIANTS", "/members"}}});
  if (schema.type_definitions.empty()) report.presentation.hidden.push_back("/type_definitions");
  return report;
}

json::object describe_table(const sdk::ModuleSchema& schema, const sdk::TableSchema& t, const SchemaLogFacts* log) {
  json::object table{{"name", t.name},
                     {"visibility", sdk::to_string(t.visibility)},
                     {"primary_key", typed(t.primary_key.name, t.primary_key.type)},
                     {"columns", typed_list(t.entries)}};
  if (log) table["log"] = table_log_json(*log, schema.name, t.name);
  return table;
}

// The fields after the tables: reducers, subscriptions and, with a log, its facts.
sdk::Report describe_schema_summary(const sdk::ModuleSchema& schema, const SchemaLogFacts* log) {
  json::object data;
  json::array reducers;
  for (const auto& r : schema.reducers) {
    reducers.push_back(json::object{
        {"name", r.name}, {"arguments", typed_list(r.arguments)}, {"return_type", r.return_type.to_string()}});
  }
  data["reducers"] = std::move(reducers);

  json::array subscriptions;
  for (const auto& s : schema.subscriptions) {
    subscriptions.push_back(json::object{{"module_name", s.module_name},
                                         {"table_name", s.table_name},
                                         {"reducer_name", s.reducer_name},
                                         {"event", sdk::to_string(s.event)}});
  }
  data["subscriptions"] = std::move(subscriptions);

  json::array types;
  for (const auto& d : schema.type_definitions)
    types.push_back(json::object{{"name", d.name},
                                 {"kind", d.kind == sdk::TypeDefinition::Kind::Struct ? "Struct" : "Enum"},
                                 {"members", typed_list(d.members)}});
  data["type_definitions"] = std::move(types);
  if (log) data["log"] = log_facts_json(*log, schema);
  sdk::Report report;
  report.data = std::move(data);
  return report;
}

sdk::Report describe_schema(const sdk::ModuleSchema& schema, const SchemaLogFacts* log) {
  json::array tables;
  for (const auto& t : schema.tables) tables.push_back(describe_table(schema, t, log));
  return sdk::assemble_report(describe_schema_header(schema, log), std::move(tables), describe_schema_summary(schema, log));
}

}  // namespace interstice::schema_command
