// Reading a JSON document too big to hold as a DOM (a trace of a million spans, a Chrome trace of
// ten million events) in bounded memory. Boost.JSON's SAX parser (basic_parser) reads the input in
// chunks; the elements of the arrays you name are built one at a time and handed to you, the rest
// of the document is built as a small DOM. Limits on elements, values, strings and depth turn a
// hostile file into an `Error` with the JSON pointer of the place, never a huge allocation. JSON
// Lines (one document per line) come out one document at a time.
#pragma once

#include "interstice/sdk/error.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace interstice::sdk {

struct JsonStreamLimits {
  std::uint64_t max_elements = 10'000'000;  ///< streamed elements in one document
  std::uint64_t max_values = 1'000'000;     ///< JSON values in one element, and in the rest of a document
  std::size_t max_string = 16u << 20;       ///< bytes in one string or key
  std::size_t max_depth = 64;               ///< nesting of arrays and objects
  std::string element_noun = "elements";    ///< for the messages: "more than 1000000 spans"
};

/// One streamed element: its RFC 6901 pointer in the document ("/spans/3") and its value.
using JsonElementFn = std::function<void(const std::string& pointer, boost::json::value&& element)>;

class INTERSTICE_SDK_API JsonStream {
 public:
  /// `streamed`: pointers of the arrays whose elements are streamed; a `*` token matches any key
  /// or index ("/resourceSpans/*/scopeSpans/*/spans"), and "" is a top-level array. `skipped`:
  /// pointers of values read but not kept, whatever their size (they come back as null). `file`
  /// names the input in errors.
  JsonStream(std::istream& in, std::string file, std::vector<std::string> streamed, JsonStreamLimits limits = {},
             std::vector<std::string> skipped = {});
  ~JsonStream();
  JsonStream(const JsonStream&) = delete;
  JsonStream& operator=(const JsonStream&) = delete;

  /// The next document (a JSON Lines input holds several, separated by whitespace), or nullopt
  /// at the end of the input. Each element of a streamed array goes to `on_element` as soon as it
  /// is complete, and its array is left empty in the document returned. Throws `Error` (input)
  /// for malformed JSON and broken limits, naming the pointer (and line and column) of the place;
  /// an exception from `on_element` passes through.
  std::optional<boost::json::value> next(const JsonElementFn& on_element);

  /// Where `pointer` of the current document is: `file`, the document's index when it is not
  /// the first of a JSON Lines input (as a record index), and the pointer.
  Location location(std::string pointer) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace interstice::sdk
