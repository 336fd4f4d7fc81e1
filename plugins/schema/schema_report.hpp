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

}  // namespace interstice::schema_command
