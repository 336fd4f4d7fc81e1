// How a failure reaches people: one "interstice: error: ..." line on the error stream and the
// exit code (2 usage or input error, 1 problems found). Shared by the program's setup (global
// options, plugin loading) and the command runner, so both fail the same way.
#pragma once

#include "interstice/sdk/error.hpp"

#include <fmt/format.h>

#include <exception>
#include <ostream>
#include <string>

namespace interstice::host {

/// Writes the one line for an error; `out` is flushed first so the line comes after any result.
inline int report_error(const sdk::Error& e, std::ostream& out, std::ostream& err, std::string* message_out = nullptr) {
  std::string message = e.what();  // copied while every plugin is still loaded
  out.flush();
  err << fmt::format("interstice: error: {}\n", message) << std::flush;
  if (message_out) *message_out = std::move(message);
  return e.exit_code();
}

inline int report_internal_error(const std::exception& e, std::ostream& err, std::string* message_out = nullptr) {
  std::string message = e.what();
  err << fmt::format("interstice: internal error: {}\n", message) << std::flush;
  if (message_out) *message_out = std::move(message);
  return 2;
}

}  // namespace interstice::host
