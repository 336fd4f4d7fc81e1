// What every command returns: machine-readable data plus hints for rendering it to people.
//
// The data is plain JSON (field names are each command's documented contract); output formats
// turn it into text, JSON, YAML or anything else without knowing which command made it. The
// presentation hints let the `text` format draw a good table or title for any command.
#pragma once

#include "interstice/sdk/abi.hpp"

#include <boost/json/value.hpp>

#include <string>
#include <vector>

namespace interstice::sdk {

/// How the run went; the host turns it into the exit code.
enum class Outcome {
  ok = 0,              ///< exit 0
  problems_found = 1,  ///< the check found problems (invalid, breaking, corrupt): exit 1
};

/// One column of a table: its header and an RFC 6901 pointer into each row object ("/name").
struct TableColumn {
  std::string header;
  std::string pointer;
};

/// Draw the array at `array` (a JSON pointer into the data; "" for a top-level array) as a table
/// with these columns, in this order. Without a hint, arrays of flat objects become tables with
/// every key as a column.
struct TableHint {
  std::string array;
  std::vector<TableColumn> columns;
};

/// One line a people-facing format prints for each element of an array, in place of a table:
/// `template_text` uses `{/pointer}` placeholders, e.g. "{/file}: {/rule} {/message}".
struct LineHint {
  std::string array;
  std::string template_text;
};

struct Presentation {
  std::string title;                 ///< a heading, e.g. "Module chat 1.4.0"
  std::vector<TableHint> tables;
  std::vector<LineHint> lines;
  std::vector<std::string> hidden;   ///< pointers of fields people don't need to see in text
  std::string summary;               ///< one closing line, e.g. "3 errors, 1 warning"
};

struct Report {
  boost::json::value data;
  Presentation presentation;
  Outcome outcome = Outcome::ok;
  /// The command already wrote its result to `CommandContext::out()` (it streamed records in the
  /// chosen output format); the host renders nothing and only uses `outcome`.
  bool written = false;
};

}  // namespace interstice::sdk
