// Turns a ModuleSchema into the `schema` command's documented JSON result.
#pragma once

#include "interstice/sdk/report.hpp"
#include "interstice/sdk/schema.hpp"

namespace interstice::schema_command {

/// module_name, abi_version, version, table/reducer/subscription counts, tables, reducers and
/// subscriptions, with types as text ("Vec<String>").
sdk::Report describe_schema(const sdk::ModuleSchema& schema);

}  // namespace interstice::schema_command
