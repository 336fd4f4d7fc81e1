// The files `interstice serve` was given, sorted into logs, schemas and traces by their content
// (a schema named with --schema is a schema whatever it holds). The server only ever opens these
// paths: URLs name a file by its kind and position (/log/0, /schema/1), never by a path.
#pragma once

#include "interstice/sdk/plugin_catalog.hpp"
#include "interstice/sdk/schema.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace interstice::serve {

struct ServedFiles {
  std::vector<std::string> logs;
  std::vector<std::string> schemas;
  std::vector<std::string> traces;
  /// The schemas named with --schema: the log views pass them on, as the log commands take them
  /// (they settle an ambiguous format, name a divergence's columns, type exports).
  std::vector<std::string> named_schemas;
  std::vector<sdk::ModuleSchema> named_schema_modules;  ///< the same, read
};

/// Throws `Error::input` for a file that cannot be read or is none of the three.
ServedFiles sort_files(const sdk::PluginCatalog& plugins, const std::vector<std::string>& files,
                       const std::vector<std::string>& schemas);

}  // namespace interstice::serve
