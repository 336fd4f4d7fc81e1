// The plugin kind that writes a command's result: text, json, yaml, junit, ...
//
// A result reaches a format as a stream: `begin(header)`, `item(...)` for each element of its
// main sequence (records, findings, rows), `end(summary)`. A command that returns a whole Report
// arrives as `begin(report)` and `end` with no items. Formats that can write as they go (json,
// yaml, text) derive from `OutputFormat` and implement `open`; formats that need the whole
// document (junit) derive from `DocumentFormat` and override `render`. Export either with
// `INTERSTICE_PLUGIN`; the user picks one with `--format ID` (or a command's trailing FORMAT).
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
};

/// Writes one result: `begin` once, `item` or `item_json` zero or more times, `end` once. The
/// output must be exactly the document `assemble_report(header, items, summary)` renders to.
/// Throw `Error` if the result cannot be represented.
class BOOST_SYMBOL_VISIBLE ResultWriter {
 public:
  virtual ~ResultWriter() = default;
  /// The fields known before the items; `header.items` names their key (empty: no items follow).
  virtual void begin(const Report& header) = 0;
  virtual void item(const boost::json::value& item) = 0;
  /// The same as `item`, given as compact JSON text the command already has (log records come
  /// so from the codec). The default parses it and calls `item`; a JSON writer can copy it.
  virtual void item_json(std::string_view compact_json);
  /// The fields known after the items (counts, where it stopped) and the outcome.
  virtual void end(const Report& summary) = 0;
};

class BOOST_SYMBOL_VISIBLE OutputFormat : public Plugin {
 public:
  static constexpr const char* kind = "output-format";

  /// A writer for one result, writing to `out` (which outlives it). Write everything the result
  /// holds: people and programs both rely on formats being complete.
  virtual std::unique_ptr<ResultWriter> open(std::ostream& out, const RenderOptions& options) const = 0;
};

/// An output format that needs the whole document: `open` collects the header, the items and the
/// summary into one Report (assemble_report) and calls `render` once at the end.
class BOOST_SYMBOL_VISIBLE DocumentFormat : public OutputFormat {
 public:
  std::unique_ptr<ResultWriter> open(std::ostream& out, const RenderOptions& options) const override;
  /// Override this to write `report` to `out`.
  virtual void render(const Report& report, std::ostream& out, const RenderOptions& options) const = 0;
};

/// Writes a whole Report with any output format: `begin(report)`, then `end` with its outcome.
INTERSTICE_SDK_API void render_report(const OutputFormat& format, const Report& report, std::ostream& out,
                                      const RenderOptions& options);

}  // namespace interstice::sdk
