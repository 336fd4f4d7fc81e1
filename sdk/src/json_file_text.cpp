// Reading a JSON input file's text within the size limit, and parsing it strictly with errors
// that name the file, the line and the column (see json_file_text.hpp).
#include "json_file_text.hpp"

#include "json_duplicate_keys.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/util/open_error.hpp"
#include "interstice/sdk/util/utf8.hpp"

#include <boost/json/error.hpp>
#include <fmt/format.h>

#include <cerrno>
#include <fstream>
#include <iostream>
#include <utility>

namespace interstice::sdk::detail {

namespace {

// Schemas are written by people and tools, not grown without end: a bound keeps `schema
// /dev/zero`-like mistakes from eating all memory.
constexpr std::uintmax_t kMaxJsonFileBytes = std::uintmax_t{256} << 20;

// `-`: standard input (a schema from a pipe), within the same bound.
std::string read_standard_input() {
  std::string text;
  char buffer[1 << 16];
  while (std::cin.read(buffer, sizeof buffer) || std::cin.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(std::cin.gcount()));
    if (text.size() > kMaxJsonFileBytes)
      throw Error::input(fmt::format("is larger than {} MiB, the limit for a schema file", kMaxJsonFileBytes >> 20),
                         Location::in_file("-"));
  }
  if (std::cin.bad()) throw Error::input("cannot read standard input", Location::in_file("-"));
  return text;
}

std::pair<std::uint64_t, std::uint64_t> line_and_column(std::string_view text, std::size_t offset) {
  std::uint64_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;  // count characters, not UTF-8 continuation bytes
    }
  }
  return {line, column};
}

}  // namespace

// The whole file, refusing what is not a regular file (a FIFO would block, /dev/zero never ends)
// and anything larger than kMaxJsonFileBytes, before reading a byte of it.
std::string read_bounded(const std::filesystem::path& path) {
  if (path == "-") return read_standard_input();
  const Location where = Location::in_file(path.string());
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (std::filesystem::is_directory(status)) throw Error::input("is a directory, not a JSON file", where);
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
    throw Error::input("is not a regular file (a device, FIFO or socket); a schema is read from a file", where);
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxJsonFileBytes)
    throw Error::input(fmt::format("is {} bytes; a schema file may have at most {} ({} MiB)", size, kMaxJsonFileBytes,
                                   kMaxJsonFileBytes >> 20),
                       where);
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error::input(cannot_open_message(errno), where);
  std::string text;
  text.reserve(static_cast<std::size_t>(ec ? 0 : size) + 1);
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxJsonFileBytes)  // it grew since it was measured
      throw Error::input(fmt::format("is larger than {} MiB, the limit for a schema file", kMaxJsonFileBytes >> 20), where);
  }
  if (in.bad()) throw Error::input("cannot read file", where);
  return text;
}

// As stream_parser's write_some then finish: the document, then nothing but whitespace.
void parse_whole_text(std::string_view text, const std::filesystem::path& path, const JsonWrite& write) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a UTF-8 byte order mark, as some editors write
  boost::system::error_code error;
  std::size_t consumed = write(true, text.data(), text.size(), error);
  if (!error && consumed < text.size()) error = boost::json::error::extra_data;
  if (!error) write(false, nullptr, 0, error);
  if (error) {
    std::string message = "malformed JSON: " + error.message();
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    if (auto bad = find_utf8_error(bytes, text.size()); bad && bad->valid_up_to <= consumed) {
      consumed = bad->valid_up_to;
      message = fmt::format("invalid UTF-8 (byte 0x{:02X}); JSON text must be UTF-8", bytes[consumed]);
    }
    auto [line, column] = line_and_column(text, consumed);
    throw Error::input(message, Location::at_line(path.string(), line, column));
  }
  if (auto duplicate = find_duplicate_key(text)) {
    auto [line, column] = line_and_column(text, duplicate->offset);
    throw Error::input(fmt::format("malformed JSON: duplicate key \"{}\" in one object", duplicate->key),
                       Location::at_line(path.string(), line, column));
  }
}

}  // namespace interstice::sdk::detail
