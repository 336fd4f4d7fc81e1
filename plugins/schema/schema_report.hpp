// Turns a ModuleSchema into the `schema` command's documented JSON result.
#pragma once

#include "schema_log.hpp"

#include "interstice/sdk/report.hpp"
#include "interstice/sdk/schema.hpp"

namespace interstice::schema_command {

/// module_name, abi_version, version, table/reducer/subscription counts, tables, reducers and
/// subscriptions, with types as text ("Vec<String>"). With `log` (`schema --log`), each table also
/// gets a "log" object and the result a top-level "log" with the log's facts.
sdk::Report describe_schema(const sdk::ModuleSchema& schema, const SchemaLogFacts* log = nullptr);

/// The same result in the three parts a streamed result has (CommandContext::begin/item), so a
/// schema of 250,000 tables is never one JSON document in memory: the header (counts and the
/// presentation, items "tables"), one item per table, and the summary (reducers, subscriptions,
/// log). `sdk::assemble_report` of the three is describe_schema's result.
sdk::Report describe_schema_header(const sdk::ModuleSchema& schema, const SchemaLogFacts* log = nullptr);
boost::json::object describe_table(const sdk::ModuleSchema& schema, const sdk::TableSchema& table,
                                   const SchemaLogFacts* log = nullptr);
sdk::Report describe_schema_summary(const sdk::ModuleSchema& schema, const SchemaLogFacts* log = nullptr);

}  // namespace interstice::schema_command
