// Validates bincode-encoded rows without building them. `next()` runs this over every record,
// so it allocates nothing, makes no virtual calls, and checks every length against the bytes
// left before it moves past them. A failure is recorded as a small struct; the words for it are
// produced only when a record is actually reported as damaged.
#pragma once

#include "v1_format.hpp"

#include "interstice/sdk/util/utf8.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace interstice::v1_codec {

enum class BincodeFailure : std::uint8_t {
  none,
  end_of_input,      ///< a fixed-size read (tag, integer, length) ran past the bytes
  string_past_end,   ///< a string's length is larger than the bytes left
  bad_variant,       ///< `detail` = the value tag, >= 12
  bad_bool,          ///< `detail` = the byte, not 0 or 1
  bad_option_tag,    ///< `detail` = the Option tag, not 0 or 1
  bad_utf8,          ///< `utf8` says where
  too_deep,          ///< nesting past kMaxNesting
};

struct BincodeProblem {
  BincodeFailure failure = BincodeFailure::none;
  std::uint64_t detail = 0;
  sdk::Utf8Error utf8;
};

/// bincode's own message for the failure (what the reference reader prints after
/// "row bincode decode failed: "), e.g. "tag for enum is not valid, found 2".
std::string describe(const BincodeProblem& problem);

/// Checks that `data[0, size)` starts with a valid `Row`; trailing bytes are accepted, as
/// `bincode::deserialize` accepts them. `used` (if given) gets the Row's own size, `key_used`
/// (if given) its primary key's.
bool walk_row(const unsigned char* data, std::size_t size, BincodeProblem& problem, std::size_t* used = nullptr,
              std::size_t* key_used = nullptr);

/// Where the parts of a Row that `walk_row` accepted end: its primary key, and the Row itself
/// (bytes after it are trailing bytes bincode ignores). The Row's bytes up to `row_size` are its
/// canonical encoding (sdk/util/canonical_value.hpp). `row_size`, when the caller knows it
/// (`walk_row`'s `used`), saves walking the whole row again. Nullopt for bytes that are not a Row.
/// Callers that kept `walk_row`'s `key_used` as well need not call it at all.
struct RowExtent {
  std::size_t key_size = 0;
  std::size_t row_size = 0;
};
std::optional<RowExtent> row_extent(const unsigned char* data, std::size_t size,
                                    std::optional<std::size_t> row_size = std::nullopt);

/// Checks that `data[0, size)` starts with a valid `Option<Row>`; `has_row` tells which. `used`
/// and `key_used` (when given and there is a row) get the Row's own bytes, after the tag, and its
/// primary key's.
bool walk_option_row(const unsigned char* data, std::size_t size, bool& has_row, BincodeProblem& problem,
                     std::size_t* used = nullptr, std::size_t* key_used = nullptr);

}  // namespace interstice::v1_codec
