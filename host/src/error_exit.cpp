// The error line in each logging style (see error_exit.hpp).
#include "error_exit.hpp"

#include "interstice/sdk/util/terminal_text.hpp"

#include <fmt/format.h>

#include <chrono>
#include <vector>

namespace interstice::host {

namespace {

void write_line(std::ostream& err, LogStyle style, std::string_view prefix, const std::string& message,
                const sdk::Location* location, int exit_code) {
  if (style == LogStyle::text) {
    err << fmt::format("interstice: {}: {}\n", prefix, sdk::escape_controls(message)) << std::flush;
    return;
  }
  std::vector<sdk::LogField> fields{{"exit_code", std::int64_t{exit_code}}};
  if (location) {
    if (!location->file.empty()) fields.push_back({"file", std::string_view(location->file)});
    if (location->record_index) fields.push_back({"record_index", *location->record_index});
    if (location->byte_offset) fields.push_back({"byte_offset", *location->byte_offset});
    if (location->json_pointer) fields.push_back({"json_pointer", std::string_view(*location->json_pointer)});
    if (location->line) fields.push_back({"line", *location->line});
    if (location->column) fields.push_back({"column", *location->column});
  }
  sdk::LogEvent event;
  event.level = sdk::LogLevel::error;
  event.message = message;
  event.fields = fields;
  err << render_event(style, event, std::chrono::system_clock::now()) << std::flush;
}

}  // namespace

int report_error(const sdk::Error& e, std::ostream& out, std::ostream& err, LogStyle style, std::string* message_out) {
  std::string message = e.what();  // copied while every plugin is still loaded
  out.flush();
  write_line(err, style, "error", message, &e.location(), e.exit_code());
  if (message_out) *message_out = std::move(message);
  return e.exit_code();
}

int report_internal_error(const std::exception& e, std::ostream& err, LogStyle style, std::string* message_out) {
  std::string message = e.what();
  write_line(err, style, "internal error", message, nullptr, 2);
  if (message_out) *message_out = std::move(message);
  return 2;
}

}  // namespace interstice::host
