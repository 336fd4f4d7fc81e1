// A JSON input file's text, private to the SDK: read whole within the schema size limit, and
// parsed with the same strict rules and one-line errors whichever parser builds the result (a
// DOM for read_json_file, a streaming handler for the schema reader).
#pragma once

#include <boost/system/error_code.hpp>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace interstice::sdk::detail {

/// The whole file (`-`: standard input). Refuses a directory, a device, FIFO or socket, and
/// anything larger than 256 MiB, before reading a byte of it where it can.
std::string read_bounded(const std::filesystem::path& path);

/// A parser's write_some: `more` false once the text is all given (then data is null).
using JsonWrite = std::function<std::size_t(bool more, const char* data, std::size_t size, boost::system::error_code&)>;

/// Feeds `text` (a UTF-8 byte order mark skipped) to `write` as one document. A syntax error,
/// invalid UTF-8 or a key repeated within one object throws Error (input) naming `path` and the
/// line and column.
void parse_whole_text(std::string_view text, const std::filesystem::path& path, const JsonWrite& write);

}  // namespace interstice::sdk::detail
