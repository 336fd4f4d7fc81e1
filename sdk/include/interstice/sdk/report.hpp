// What every command returns: machine-readable data plus hints for rendering it to people.
//
// The data is plain JSON (field names are each command's documented contract); output formats
// turn it into text, JSON, YAML or anything else without knowing which command made it. The
// presentation hints let the `text` format draw a good table or title for any command.
#pragma once

#include "interstice/sdk/abi.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
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
  /// Pointers of values machine formats (json) write compactly: an object or a scalar on one
  /// line, an array with each element on its own line (one record per line, as `jq -c` does).
  std::vector<std::string> compact;
  /// Show only the `lines` hints' lines, unindented and without headings, then `summary` with no
  /// blank line before it: a listing (like `tail -f`) rather than a document.
  bool listing = false;
};

struct Report {
  boost::json::value data;
  Presentation presentation;
  Outcome outcome = Outcome::ok;
  /// Set on the header of a streamed result (CommandContext::begin): the key of `data` its items
  /// go under, e.g. "transactions". Empty for a whole report.
  std::string items;
  /// Set on the header of a streamed result someone watches live (`--follow`): formats flush
  /// their output after every item.
  bool flush_items = false;
};

/// The document a streamed result stands for: `header.data`'s members, then `items` under
/// `header.items`, then `summary.data`'s members; the header's presentation with the summary's
/// hints added (its title and summary line win when set), and the summary's outcome. For a whole
/// report (no items key, summary without data) it is the header itself.
INTERSTICE_SDK_API Report assemble_report(Report header, boost::json::array items, const Report& summary);

/// How bad a finding is. `none` for findings that are classified as changes instead.
enum class Severity { none, error, warning };

/// What a schema change does to clients and stored data; `none` for findings that are not changes.
enum class ChangeClass { none, breaking, data_breaking, compatible };

/// Where a finding points into a transaction log.
struct RecordRef {
  std::string file;  ///< the log
  std::uint64_t index = 0;
  std::uint64_t offset = 0;  ///< of the record's first byte
};

/// One problem or change a check command reports (validate, schema-diff), in the `findings` array
/// of its data. Check formats (junit, github) read findings only through this type.
struct Finding {
  std::string rule;                    ///< stable id, e.g. "DUPLICATE_TABLE", "COLUMN_REMOVED"
  Severity severity = Severity::none;  ///< "severity" in JSON (absent when none)
  ChangeClass change_class = ChangeClass::none;  ///< "class" in JSON (absent when none)
  std::optional<std::string> pointer;  ///< RFC 6901 pointer into `file` ("" is the root)
  std::string file;
  std::string message;                 ///< one line that stands alone
  /// What the finding is about, written between the class/pointer and the message (schema-diff's
  /// table, column, from, to).
  boost::json::object subject;
  std::optional<std::string> location;  ///< for people: "/tables/0", "line 3, column 14", ...
  std::optional<RecordRef> record;      ///< the log record it is about (`file` names the log)
  boost::json::object details;          ///< anything else, written last
};

/// The JSON object of a finding, members in this order: rule, severity, class, pointer, the
/// subject's members, message, file, location, index, offset, the details' members.
INTERSTICE_SDK_API boost::json::object to_json(const Finding& finding);
/// Reads one back; lenient like the formats that read it (a member of the wrong type is absent).
/// Members it does not know go to `details`.
INTERSTICE_SDK_API Finding finding_from_json(const boost::json::object& object);
/// The findings in `data["findings"]` (none when absent); non-object elements are skipped.
INTERSTICE_SDK_API std::vector<Finding> findings_of(const boost::json::value& data);

INTERSTICE_SDK_API std::string_view to_string(Severity severity);     ///< "error", "warning", ""
INTERSTICE_SDK_API std::string_view to_string(ChangeClass change);  ///< "breaking", ..., ""

}  // namespace interstice::sdk
