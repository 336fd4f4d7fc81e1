// The plugin kind that writes a command's result: text, json, yaml, junit, ... A result arrives
// as a stream: `begin(header)`, `item` for each element of its main sequence (records, findings,
// rows), `end(summary)`; a whole Report is `begin(report)`, then `end`. Formats that need the
// whole document at once (junit) derive from `DocumentFormat` (document_format.hpp) instead.
#pragma once

#include "interstice/sdk/plugin.hpp"
#include "interstice/sdk/report.hpp"

#include <memory>
#include <ostream>
#include <string>
#include <string_view>

namespace interstice::sdk {

struct RenderOptions {
  bool color = false;   ///< the host decided colour is wanted (a TTY, --color, NO_COLOR)
  std::string command;  ///< the command that made the report, e.g. "schema"
  bool local_time = false;  ///< `--tz local`: times in the local zone; else UTC
};

/// Writes one result. The output must be the document `assemble_report(header, items, summary)`
/// stands for; throw `Error` (error.hpp) if the result cannot be represented.
class BOOST_SYMBOL_VISIBLE ResultWriter {
 public:
  virtual ~ResultWriter() = default;
  /// The fields known before the items; `header.items` names their key (empty: no items follow).
  virtual void begin(const Report& header) = 0;
  virtual void item(const boost::json::value& item) = 0;
  /// An item as compact JSON text (records come so from codecs): parsed for `item` by default.
  virtual void item_json(std::string_view compact_json);
  /// The fields known after the items (counts, where it stopped) and the outcome.
  virtual void end(const Report& summary) = 0;
};

class BOOST_SYMBOL_VISIBLE OutputFormat : public Plugin {
 public:
  static constexpr const char* kind = "output-format";
  /// A writer for one result, writing everything it holds to `out` (which outlives it).
  virtual std::unique_ptr<ResultWriter> open(std::ostream& out, const RenderOptions& options) const = 0;
};

}  // namespace interstice::sdk
