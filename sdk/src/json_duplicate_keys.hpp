// Boost.JSON 1.81 keeps only one member when an object repeats a key, so a schema that names
// "tables" twice would silently lose one of them. This finds the first repeated key with a
// second, handler-only pass of Boost.JSON's own parser (private to the SDK).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace interstice::sdk::detail {

struct DuplicateKey {
  std::string key;
  std::size_t offset = 0;  ///< just after the repeated key
};

/// The first key that repeats within one object of the JSON text `text` (which parses), or nullopt.
std::optional<DuplicateKey> find_duplicate_key(std::string_view text);

}  // namespace interstice::sdk::detail
