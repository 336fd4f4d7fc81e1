// The items of a streamed result the text format must lay out whole (a table's column widths
// depend on every row), kept as the compact JSON text they came as instead of as a DOM: a
// schema's 250,000 tables are ~35 MB of text but ~200 MB of Boost.JSON values. Each is parsed
// when its row is laid out, exactly as ResultWriter::item_json would have parsed it.
#pragma once

#include <boost/json/value.hpp>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace interstice::text_format {

class ItemTexts {
 public:
  void add(std::string_view compact_json);
  std::size_t size() const { return spans_.size(); }
  bool empty() const { return spans_.empty(); }
  /// Whether every item is a scalar (then the array is shown inline, and laid out as a DOM).
  bool all_scalars() const;
  /// Parses each item in order; throws Error (internal) for one that is not JSON.
  void for_each(const std::function<void(const boost::json::value&)>& use) const;
  void clear();

 private:
  struct Span {
    std::size_t chunk, begin, end;
  };
  // Chunks of about 1 MiB, never reallocated: one growing string would copy itself (twice its
  // size at once) every time it doubles.
  std::vector<std::string> chunks_;
  std::vector<Span> spans_;
};

}  // namespace interstice::text_format
