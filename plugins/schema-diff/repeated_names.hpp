// schema-diff matches tables, columns, reducers and arguments by name, so a schema that declares
// one of them twice cannot be compared: which of the two versions would the other schema's be
// matched with? Such a schema is refused before comparing (fuzz/README.md, finding 1).
#pragma once

#include "interstice/sdk/schema.hpp"

#include <string>

namespace interstice::schema_diff {

/// Throws `sdk::Error` (kind input) naming `file` and the JSON pointer of the first repeated
/// table, column, reducer or argument name, with where it was first declared. `schema` must have
/// been read strictly (every element kept), so that its indexes are the file's.
void refuse_repeated_names(const sdk::ModuleSchema& schema, const std::string& file);

}  // namespace interstice::schema_diff
