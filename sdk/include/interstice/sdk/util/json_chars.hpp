// JSON scalars written straight into a caller's character buffer, for code that prints a lot of
// JSON from bytes (a codec's row transcoder, the record writer): no std::string bookkeeping per
// character, no allocation. The caller reserves room first; every writer returns the new end.
// The `append_*` functions of value_json.hpp are these, appended to a std::string.
//
// `JsonQuoting::csv_doubled` writes the same text with every `"` doubled, so it can sit inside
// a quoted CSV field (RFC 4180 §2.7) without a second pass over it.
#pragma once

#include "interstice/sdk/abi.hpp"
#include "interstice/sdk/util/integer_text.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

namespace interstice::sdk {

enum class JsonQuoting : std::uint8_t {
  plain,        ///< JSON as is
  csv_doubled,  ///< every `"` written twice: the inside of a quoted CSV field
};

/// Room `write_json_string` needs for a text of `size` bytes: each byte may become a 6-byte
/// `\u00XX` escape, plus the (doubled) quotes, plus 16 bytes it may write past the end of what
/// it returns (it copies in 16-byte blocks). It reads only the text's own bytes.
constexpr std::size_t json_string_room(std::size_t size) { return 6 * size + 4 + 16; }

/// Room a number writer needs (the longest f64 is 24 characters, an i64 20).
inline constexpr std::size_t kJsonNumberRoom = 32;

/// A JSON string literal with serde_json's escapes (`\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`,
/// `\u00XX` for other control bytes; everything else, UTF-8 included, as is).
///
/// `readable_end`, when given, says that the bytes from the end of `text` up to it may be read
/// (they belong to the same buffer, e.g. the rest of a row): the writer then finishes a short
/// text with one 16-byte load instead of smaller ones. Their values never matter.
INTERSTICE_SDK_API char* write_json_string(char* out, std::string_view text, JsonQuoting quoting = JsonQuoting::plain,
                                           const char* readable_end = nullptr);

/// Rust's `{}` for f32 / f64 (ryu): shortest round-trip digits, `.0` on integral values,
/// exponent form outside ryu's decimal range. NaN and infinities print as `null`.
INTERSTICE_SDK_API char* write_f32_json(char* out, float value);
INTERSTICE_SDK_API char* write_f64_json(char* out, double value);

// write_integer (integer_text.hpp) is the integer writer here.

/// A buffer of at least `room` bytes for the writers here: on the stack when `room` fits in
/// `N` (the usual case, no allocation), on the heap otherwise.
template <std::size_t N>
class ScratchBuffer {
 public:
  explicit ScratchBuffer(std::size_t room) : heap_(room > N ? std::make_unique_for_overwrite<char[]>(room) : nullptr) {}
  char* data() { return heap_ ? heap_.get() : stack_; }

 private:
  char stack_[N];
  std::unique_ptr<char[]> heap_;
};

/// Copies `text` (a string literal's characters) to `out`.
template <std::size_t N>
char* write_literal(char* out, const char (&text)[N]) {
  std::memcpy(out, text, N - 1);
  return out + (N - 1);
}

/// A string literal as `quoting` writes it, built at compile time:
/// `static constexpr JsonLiteral key("{\"U64\":", JsonQuoting::csv_doubled);` holds `{""U64"":`.
template <std::size_t N>
struct JsonLiteral {
  char text[2 * N] = {};
  std::size_t size = 0;
  constexpr JsonLiteral(const char (&plain)[N], JsonQuoting quoting) {
    for (std::size_t i = 0; i + 1 < N; ++i) {
      text[size++] = plain[i];
      if (plain[i] == '"' && quoting == JsonQuoting::csv_doubled) text[size++] = '"';
    }
  }
  char* write(char* out) const {
    std::memcpy(out, text, size);
    return out + size;
  }
};

}  // namespace interstice::sdk
