// Reading a module schema file without ever holding its whole JSON DOM: a schema of 250,000
// tables is ~50 MB of text but ~250 MB as a Boost.JSON DOM. The elements of each module's
// reducers, tables and subscriptions are read one at a time as the text is parsed (and shown to
// the caller, e.g. `validate`'s rules), the rest of the document is a small DOM. Problems,
// errors and the schemas read are exactly those of read_json_file + read_module_schema.
#pragma once

#include "interstice/sdk/abi.hpp"
#include "interstice/sdk/schema.hpp"
#include "interstice/sdk/schema_json.hpp"

#include <boost/json/value.hpp>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace interstice::sdk {

/// One schema of a file, as read_module_schema reads it.
struct StreamedModule {
  std::string prefix;                   ///< "" for a file holding one schema, "/3" for the 4th of an array
  boost::json::value skeleton;          ///< its JSON with the reducers, tables and subscriptions arrays emptied
  ModuleSchema schema;                  ///< what could be read; the lists only when asked to keep them
  std::vector<SchemaProblem> problems;  ///< every problem, pointers relative to the schema, in reading order
};

/// An element of a schema's reducers, tables or subscriptions array, while it is parsed.
struct SchemaListElement {
  std::size_t module = 0;       ///< index into the file's schemas
  std::string_view list;        ///< "reducers", "tables" or "subscriptions"
  std::size_t index = 0;        ///< in that array
  std::string_view pointer;     ///< relative to the schema: "/tables/3"
  const boost::json::value& value;
};

struct SchemaFileOptions {
  bool keep_lists = true;  ///< false: only problems and the members outside the lists are kept
  std::function<void(const SchemaListElement&)> on_element;  ///< optional
};

/// The schemas of a file holding one module schema or a JSON array of them (`-`: standard
/// input). Throws Error (input) as read_json_file does: a missing or unreadable file, one over
/// the size limit, malformed JSON (with line and column), not enough memory.
INTERSTICE_SDK_API std::vector<StreamedModule> read_schema_file(const std::filesystem::path& path,
                                                                const SchemaFileOptions& options = {});

}  // namespace interstice::sdk
