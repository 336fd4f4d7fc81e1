// JsonStream: Boost.JSON's SAX parser with a handler that builds streamed array elements one at a
// time (a value_stack of their own) and the rest of the document as a DOM, tracking the JSON
// pointer of the value being read so every error names its place.
#include "interstice/sdk/util/json_stream.hpp"

#include "json_split_builder.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <fmt/format.h>

#include <array>

namespace json = boost::json;

namespace interstice::sdk {

namespace {

using detail::Builder;
using detail::Handler;
using detail::pointer_tokens;

json::parse_options parse_options_for(const JsonStreamLimits& limits) {
  json::parse_options options;
  options.max_depth = limits.max_depth + 1;  // the builder's own check comes first, with a pointer
  return options;
}

}  // namespace

struct JsonStream::Impl {
  Impl(std::istream& in, std::string file, const std::vector<std::string>& streamed, JsonStreamLimits limits,
       const std::vector<std::string>& skipped)
      : in(in),
        file(std::move(file)),
        limits(std::move(limits)),
        builder(patterns(streamed), patterns(skipped), this->limits,
                [this](std::string pointer) { return locate(std::move(pointer)); }),
        parser(parse_options_for(this->limits), builder) {}

  static std::vector<std::vector<std::string>> patterns(const std::vector<std::string>& pointers) {
    std::vector<std::vector<std::string>> out;
    for (const auto& p : pointers) out.push_back(pointer_tokens(p));
    return out;
  }

  Location locate(std::string pointer) const {
    Location where = Location::at_pointer(file, std::move(pointer));
    if (document > 0) where.record_index = document;
    return where;
  }

  // Refills the buffer; false at the end of the input.
  bool fill() {
    if (eof) return false;
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    size = static_cast<std::size_t>(in.gcount());
    at = 0;
    if (in.bad()) throw Error::input("cannot read the file", Location::in_file(file));
    if (size == 0) eof = true;
    return size > 0;
  }

  void advance(std::size_t n) {
    for (std::size_t i = at; i < at + n; ++i) {
      if (buffer[i] == '\n') {
        ++line;
        column = 0;
      } else {
        ++column;
      }
    }
    at += n;
  }

  // Skips whitespace up to the next document; false at the end of the input.
  bool skip_whitespace() {
    while (true) {
      if (at == size && !fill()) return false;
      while (at < size) {
        char c = buffer[at];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return true;
        advance(1);
      }
    }
  }

  std::istream& in;
  std::string file;
  JsonStreamLimits limits;
  Builder builder;
  json::basic_parser<Handler> parser;
  std::array<char, 1 << 16> buffer{};
  std::size_t size = 0, at = 0;
  bool eof = false;
  std::uint64_t documents = 0;  ///< documents begun
  std::uint64_t document = 0;   ///< the index of the one being read, or the last one returned
  std::uint64_t line = 1, column = 0;
};

JsonStream::JsonStream(std::istream& in, std::string file, std::vector<std::string> streamed, JsonStreamLimits limits,
                       std::vector<std::string> skipped)
    : impl_(std::make_unique<Impl>(in, std::move(file), streamed, std::move(limits), skipped)) {}

JsonStream::~JsonStream() = default;

Location JsonStream::location(std::string pointer) const { return impl_->locate(std::move(pointer)); }

std::optional<json::value> JsonStream::next(const JsonElementFn& on_element) {
  Impl& s = *impl_;
  if (!s.skip_whitespace()) return std::nullopt;
  s.document = s.documents++;
  s.parser.reset();
  s.builder.start(on_element);
  while (!s.parser.done()) {
    if (s.at == s.size) s.fill();
    bool more = s.at < s.size;
    json::error_code error;
    std::size_t used = s.parser.write_some(more, s.buffer.data() + s.at, s.size - s.at, error);
    s.advance(used);
    if (error) {
      s.builder.fail(fmt::format("malformed JSON (line {}, column {}): {}", s.line, s.column + 1, error.message()));
    }
    if (!more && !s.parser.done()) s.builder.fail("malformed JSON: the input ends inside a value");
  }
  return s.builder.take();
}

}  // namespace interstice::sdk
