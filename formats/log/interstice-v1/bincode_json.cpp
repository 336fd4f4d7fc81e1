// The bincode→JSON transcoder (see bincode_json.hpp). It walks the bytes by the rules of
// bincode_decode.cpp and writes what value_json.cpp writes for each value kind.
//
// Export spends most of its time here, so the text goes into a raw buffer sized once per row:
// no value prints more than 6.5 characters per byte read so far, even when the bytes are cut
// short (a string byte may become a `\u00XX` escape; a Row's 4-byte tag prints 26 characters,
// `{""Row"":{""primary_key"":` with quotes doubled, before the next read can fail), so 7 per
// byte plus a margin for the top row's braces and the string writer's 16-byte overrun always
// fits, for any bytes.
#include "bincode_json.hpp"

#include "bincode_cursor.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/util/json_chars.hpp"
#include "interstice/sdk/util/json_transcoder.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

namespace interstice::v1_codec {

namespace {

using sdk::JsonLiteral;
using sdk::JsonQuoting;

constexpr std::size_t room_for(std::size_t bytes) { return 7 * bytes + 64; }

template <JsonQuoting kQuoting>
class JsonTranscoder : BincodeCursor {
 public:
  JsonTranscoder(sdk::ByteSpan bytes, std::string_view what, char* out) : BincodeCursor(bytes, what), w_(out) {}

  char* end() const { return w_; }

  /// `{"primary_key":…,"entries":[…]}`, the body of a Row.
  void row(unsigned depth) {
    put<JsonLiteral("{\"primary_key\":", kQuoting)>();
    value(depth);
    entries(depth);
  }

  /// `,"entries":[…]}`: the rest of a Row after its key.
  void entries(unsigned depth) {
    put<JsonLiteral(",\"entries\":[", kQuoting)>();
    const std::uint64_t count = u64();
    for (std::uint64_t i = 0; i < count; ++i) {
      if (i) *w_++ = ',';
      value(depth);
    }
    put<JsonLiteral("]}", kQuoting)>();
  }

  /// After `value(0)` wrote the key's text at [key, end()): `between`, then the Row as `row(0)`
  /// writes it, with that text copied in for the key (the bytes are read on from the key's end).
  void between_and_row(const char* key, std::string_view between) {
    const auto key_size = static_cast<std::size_t>(w_ - key);
    w_ = std::copy(between.begin(), between.end(), w_);
    put<JsonLiteral("{\"primary_key\":", kQuoting)>();
    std::memcpy(w_, key, key_size);  // w_ is past the key's text: no overlap
    w_ += key_size;
    entries(0);
  }

  [[gnu::always_inline]] void value(unsigned depth) {
    const std::uint32_t tag = u32();
    switch (static_cast<Tag>(tag)) {
      case Tag::void_: put<JsonLiteral("\"Void\"", kQuoting)>(); return;
      case Tag::u32:
        put<JsonLiteral("{\"U32\":", kQuoting)>();
        w_ = sdk::write_integer(w_, std::uint64_t{u32()});
        break;
      case Tag::u64:
        put<JsonLiteral("{\"U64\":", kQuoting)>();
        w_ = sdk::write_integer(w_, u64());
        break;
      case Tag::i32:
        put<JsonLiteral("{\"I32\":", kQuoting)>();
        w_ = sdk::write_integer(w_, std::int64_t{static_cast<std::int32_t>(u32())});
        break;
      case Tag::i64:
        put<JsonLiteral("{\"I64\":", kQuoting)>();
        w_ = sdk::write_integer(w_, static_cast<std::int64_t>(u64()));
        break;
      case Tag::f32:
        put<JsonLiteral("{\"F32\":", kQuoting)>();
        w_ = sdk::write_f32_json(w_, std::bit_cast<float>(u32()));
        break;
      case Tag::f64:
        put<JsonLiteral("{\"F64\":", kQuoting)>();
        w_ = sdk::write_f64_json(w_, std::bit_cast<double>(u64()));
        break;
      case Tag::boolean: {
        const unsigned char b = byte();
        if (b > 1) fail(BincodeFailure::bad_bool, b);
        if (b)
          put<JsonLiteral("{\"Bool\":true", kQuoting)>();
        else
          put<JsonLiteral("{\"Bool\":false", kQuoting)>();
        break;
      }
      case Tag::string: {
        put<JsonLiteral("{\"String\":", kQuoting)>();
        const std::uint64_t length = u64();
        if (length > left()) fail(BincodeFailure::string_past_end, length);
        const auto size = static_cast<std::size_t>(length);
        // The row's later bytes may be read past the string (never used): a short string
        // then takes one 16-byte load.
        w_ = sdk::write_json_string(w_, {reinterpret_cast<const char*>(at_), size}, kQuoting,
                                    reinterpret_cast<const char*>(end_));
        at_ += size;
        break;
      }
      default:
        nested(tag, depth);
        break;
    }
    *w_++ = '}';
  }

  /// Row, Vec, Option and unknown tags: out of line, so that the scalars above are written where
  /// the value starts.
  void nested(std::uint32_t tag, unsigned depth) {
    switch (static_cast<Tag>(tag)) {
      case Tag::row:
        check_depth(depth);
        put<JsonLiteral("{\"Row\":", kQuoting)>();
        row(depth + 1);
        break;
      case Tag::vec: {
        put<JsonLiteral("{\"Vec\":[", kQuoting)>();
        const std::uint64_t count = u64();
        if (count != 0) check_depth(depth);
        for (std::uint64_t i = 0; i < count; ++i) {
          if (i) *w_++ = ',';
          value(depth + 1);
        }
        *w_++ = ']';
        break;
      }
      case Tag::option: {
        const unsigned char some = byte();
        if (some > 1) fail(BincodeFailure::bad_option_tag, some);
        put<JsonLiteral("{\"Option\":", kQuoting)>();
        if (some == 0) {
          put<JsonLiteral("null", kQuoting)>();
        } else {
          check_depth(depth);
          value(depth + 1);
        }
        break;
      }
      default: fail(BincodeFailure::bad_variant, tag);
    }
  }

 private:
  template <JsonLiteral kText>
  void put() {
    w_ = kText.write(w_);
  }

  char* w_;
};

/// What `transcode` writes: the key, the row, or the key, a separator and the row.
enum class Text { key, row, key_and_row };

/// The Row at the start of `bytes`, its key alone, or the key, `between` and the Row (whose key
/// text is then copied, not transcoded again).
template <JsonQuoting kQuoting>
char* transcode(sdk::ByteSpan bytes, Text text, std::string_view between, std::string_view what, char* out) {
  JsonTranscoder<kQuoting> transcoder(bytes, what, out);
  if (text == Text::row) {
    transcoder.row(0);
  } else {
    transcoder.value(0);
    if (text == Text::key_and_row) transcoder.between_and_row(out, between);
  }
  return transcoder.end();
}

/// `transcode` into a raw buffer sized for any bytes, then one append. The key and the row take
/// at most twice a row's room (the key's text once more), so the stack buffer is twice as large
/// there: rows that print from the stack alone do with their key too.
template <std::size_t kStack>
void append_text(sdk::ByteSpan bytes, Text text, std::string_view between, std::string_view what, std::string& out,
                 JsonQuoting quoting) {
  const std::size_t rows = text == Text::key_and_row ? 2 : 1;
  sdk::ScratchBuffer<kStack> scratch(rows * room_for(bytes.size()) + between.size());
  char* const buffer = scratch.data();
  char* const end = quoting == JsonQuoting::plain
                        ? transcode<JsonQuoting::plain>(bytes, text, between, what, buffer)
                        : transcode<JsonQuoting::csv_doubled>(bytes, text, between, what, buffer);
  out.append(buffer, end);
}

}  // namespace

void append_key_and_row_json(sdk::ByteSpan bytes, std::string_view between, std::string_view what, std::string& out,
                             JsonQuoting quoting) {
  append_text<2 * 8192 + 64>(bytes, Text::key_and_row, between, what, out, quoting);
}

void append_row_json(sdk::ByteSpan bytes, bool key_only, std::string_view what, std::string& out,
                     JsonQuoting quoting) {
  append_text<8192>(bytes, key_only ? Text::key : Text::row, {}, what, out, quoting);
}

}  // namespace interstice::v1_codec
