// How a failure reaches people: one line on the error stream and the exit code (2 usage or
// input error, 1 problems found). In the text style the line is "interstice: error: ..."; with
// `--logging-format json` or `logfmt` it is an ERROR event like every other diagnostic, with
// the location as attributes, so a log collector never sees a line it cannot parse. Shared by
// the program's setup (global options, plugin loading) and the command runner.
#pragma once

#include "log_rendering.hpp"

#include "interstice/sdk/error.hpp"

#include <exception>
#include <ostream>
#include <string>

namespace interstice::host {

/// Writes the one line for an error; `out` is flushed first so the line comes after any result.
int report_error(const sdk::Error& e, std::ostream& out, std::ostream& err, LogStyle style,
                 std::string* message_out = nullptr);

int report_internal_error(const std::exception& e, std::ostream& err, LogStyle style,
                          std::string* message_out = nullptr);

}  // namespace interstice::host
