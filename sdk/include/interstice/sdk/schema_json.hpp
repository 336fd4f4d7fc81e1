// Reading module schemas and other JSON inputs, with errors that name the file and the place.
#pragma once

#include "interstice/sdk/schema.hpp"

#include <boost/json/value.hpp>

#include <filesystem>
#include <functional>
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

/// Builds a ModuleSchema from parsed JSON. Wrong types, missing fields, out-of-range numbers and
/// unknown type or enum names throw `Error` (kind input) with the JSON pointer of the offending
/// node; unknown members are ignored, as the runtime ignores them. Semantic checks
/// (duplicates, dangling subscriptions) are `validate`'s job, not this function's.
INTERSTICE_SDK_API ModuleSchema parse_module_schema(const boost::json::value& json, const std::string& file);

/// A problem in a schema's structure, found while reading it.
struct SchemaProblem {
  /// Stable id: WRONG_JSON_TYPE, MISSING_MEMBER, VALUE_OUT_OF_RANGE, UNKNOWN_TYPE,
  /// UNKNOWN_VISIBILITY, UNKNOWN_EVENT (the node cannot be read), or UNKNOWN_MEMBER (a member
  /// the runtime would ignore; not fatal).
  std::string rule;
  std::string pointer;  ///< RFC 6901; for a missing member, its parent object
  std::string message;
  bool fatal = true;    ///< the node could not be read and was skipped
};

/// Reads as much of a schema as it can, calling `report` for every problem instead of stopping at
/// the first; elements that cannot be read are left out of the result. What `validate` builds on.
INTERSTICE_SDK_API ModuleSchema read_module_schema(const boost::json::value& json, const std::string& file,
                                                   const std::function<void(const SchemaProblem&)>& report);

/// `read_json_file` then `parse_module_schema`.
INTERSTICE_SDK_API ModuleSchema load_module_schema(const std::filesystem::path& path);

/// Every schema in the files: each file holds one module schema or a JSON array of them (as the
/// reference encoder's `*.schemas.json` do). Errors point into the right array element.
INTERSTICE_SDK_API std::vector<ModuleSchema> load_module_schemas(const std::vector<std::string>& paths);

/// The schema as the runtime serialises it (serde field order), for tools that write schemas.
INTERSTICE_SDK_API boost::json::value value_type_to_json(const ValueType& type);

}  // namespace interstice::sdk
