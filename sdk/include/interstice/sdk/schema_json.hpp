// Reading module schemas and other JSON inputs, with errors that name the file and the place.
#pragma once

#include "interstice/sdk/schema.hpp"

#include <boost/json/value.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace interstice::sdk {

/// Reads and parses a JSON file. A missing file or a syntax error throws `Error` (kind input)
/// naming the file and line:column.
INTERSTICE_SDK_API boost::json::value read_json_file(const std::filesystem::path& path);

/// Reads a serde-style type (`"U64"`, `{"Vec":"String"}`, `{"Option":{"Vec":"U32"}}`) found at
/// JSON pointer `pointer` of `file`. Throws `Error` (kind input) pointing at the offending node.
INTERSTICE_SDK_API ValueType parse_value_type(const boost::json::value& json, const std::string& pointer,
                                              const std::string& file);

/// Builds a ModuleSchema from parsed JSON. Wrong types, missing fields and unknown type or enum
/// names throw `Error` (kind input) with the JSON pointer of the offending node. Semantic checks
/// (duplicates, dangling subscriptions) are `validate`'s job, not this function's.
INTERSTICE_SDK_API ModuleSchema parse_module_schema(const boost::json::value& json, const std::string& file);

/// `read_json_file` then `parse_module_schema`.
INTERSTICE_SDK_API ModuleSchema load_module_schema(const std::filesystem::path& path);

/// The schema as the runtime serialises it (serde field order), for tools that write schemas.
INTERSTICE_SDK_API boost::json::value value_type_to_json(const ValueType& type);

}  // namespace interstice::sdk
