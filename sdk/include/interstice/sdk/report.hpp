// What every command returns: JSON data (each command's documented contract) plus hints for
// people-facing formats, so any output format renders any command's result without knowing it.
#pragma once

#include "interstice/sdk/abi.hpp"

#include <boost/json/value.hpp>

#include <string>
#include <vector>

namespace interstice::sdk {

/// How the run went; the host turns it into the exit code: 0, or 1 when a check found problems.
enum class Outcome { ok = 0, problems_found = 1 };

/// One column of a table: its header and an RFC 6901 pointer into each row object ("/name").
struct TableColumn { std::string header; std::string pointer; };

/// Draw the array at `array` (a JSON pointer into the data; "" for a top-level array) as a
/// table with these columns. Without a hint, arrays of flat objects get every key as a column.
struct TableHint { std::string array; std::vector<TableColumn> columns; };

/// One line per element of `array` instead of a table, e.g. "{/file}: {/rule} {/message}"; also
/// `{/row|json}` (compact JSON), `{/at|time}` (units below; table columns too), `{/x|severity}`.
struct LineHint { std::string array; std::string template_text; };

/// What a number means to people (text only; machine formats keep it): a time shown as ISO 8601
/// (`|time` ms, `|time_us` µs since 1970), a size (`|size` bytes), a duration (`|ms`, `|us`).
enum class ValueUnit { none, unix_millis, unix_micros, bytes, millis, micros };

/// A field's or section's words (empty: the key) and unit in text: `{"/log_size_bytes", "size", bytes}`.
struct FieldHint { std::string pointer; std::string label; ValueUnit unit = ValueUnit::none; };

struct Presentation {
  std::string title;  ///< a heading, e.g. "Module chat 1.4.0"
  std::vector<TableHint> tables;
  std::vector<LineHint> lines;
  std::vector<std::string> hidden;  ///< pointers of fields people don't need to see in text
  std::vector<FieldHint> fields;    ///< labels and units of single fields
  std::string summary;              ///< one closing line, e.g. "3 errors, 1 warning"
  /// Values machine formats write compactly: on one line; an array one element per line (`jq -c`).
  std::vector<std::string> compact;
  bool listing = false;  ///< only the `lines` hints' lines, then `summary`: like `tail -f`
};

struct Report {
  boost::json::value data;
  Presentation presentation;
  Outcome outcome = Outcome::ok;
  std::string items;         ///< a streamed result's header: the key of `data` its items go under
  bool flush_items = false;  ///< a streamed result watched live (`--follow`): flush each item
};

/// The document a streamed result stands for: `header.data`'s members, `items` under
/// `header.items`, then `summary.data`'s members; the header's presentation plus the summary's
/// hints (its title and summary line win when set), and the summary's outcome.
INTERSTICE_SDK_API Report assemble_report(Report header, boost::json::array items, const Report& summary);

}  // namespace interstice::sdk
