// Output formats that need the whole document before they can write (junit: counts come first),
// and `render_report`, which writes a whole Report with any output format.
#pragma once

#include "interstice/sdk/output_format.hpp"

namespace interstice::sdk {

/// `open` collects the header, the items and the summary into one Report (assemble_report) and
/// calls `render` once at the end.
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
