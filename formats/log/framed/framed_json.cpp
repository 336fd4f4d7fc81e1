// append_row_json (framed_json.hpp). It follows the decoder's walk over the bytes
// (framed_decode.cpp) and value_json.cpp's layout for each kind, value for value.
//
// Export and query spend most of their row time here, so the text goes into a raw buffer (on the
// stack for ordinary rows) and reaches `out` with one append per row. Every piece is written only
// after `room` made space for it: postcard's one-byte tags and lengths make the text of hostile
// bytes grow by up to ~20 characters per byte, so no fixed bound is assumed.
#include "framed_json.hpp"

#include "framed_walk.hpp"
#include "postcard_cursor.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/value.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string_view>
#include <type_traits>

namespace interstice::framed {

namespace {

using K = sdk::ValueKind;
using sdk::JsonLiteral;
using sdk::JsonQuoting;

/// Room for any literal piece or number written between two `room` calls.
constexpr std::size_t kPieceRoom = 64;

/// A growable character buffer written through a raw pointer: on the stack up to its first
/// size, on the heap (doubling) past it.
class TextBuffer {
 public:
  TextBuffer() : begin_(stack_), w_(stack_), limit_(stack_ + sizeof stack_) {}
  TextBuffer(const TextBuffer&) = delete;
  TextBuffer& operator=(const TextBuffer&) = delete;

  /// Makes sure `n` more characters fit.
  void room(std::size_t n) {
    if (static_cast<std::size_t>(limit_ - w_) < n) [[unlikely]] grow(n);
  }
  char*& at() { return w_; }
  std::string_view text() const { return {begin_, static_cast<std::size_t>(w_ - begin_)}; }

 private:
  void grow(std::size_t n) {
    const std::size_t used = static_cast<std::size_t>(w_ - begin_);
    const std::size_t size = std::max<std::size_t>(2 * static_cast<std::size_t>(limit_ - begin_), used + n);
    auto bigger = std::make_unique_for_overwrite<char[]>(size);
    std::memcpy(bigger.get(), begin_, used);
    heap_ = std::move(bigger);
    begin_ = heap_.get();
    w_ = begin_ + used;
    limit_ = begin_ + size;
  }

  char stack_[4096];
  std::unique_ptr<char[]> heap_;
  char* begin_;
  char* w_;
  char* limit_;
};

template <JsonQuoting kQuoting>
class Transcoder {
 public:
  Transcoder(std::span<const unsigned char> bytes, TextBuffer& out)
      : c_(bytes), end_(reinterpret_cast<const char*>(bytes.data() + bytes.size())), out_(out) {}

  void value(const KindTable& table, int depth) {
    if (depth > kMaxDepth) need(c_.fail({c_.offset(), Problem::too_deep, 0, kMaxDepth, table.name}));
    std::uint32_t disc = 0;
    need(c_.discriminant(disc, table.kinds.size(), table.name));
    payload_of(table.kinds[disc], table, depth);
  }

  /// `{"primary_key":...,"entries":[...]}`
  void row(const KindTable& table, int depth) {
    put<JsonLiteral("{\"primary_key\":", kQuoting)>();
    value(table, depth);
    entries(table, depth);
  }

  /// `,"entries":[...]}`: the rest of a Row after its key.
  void entries(const KindTable& table, int depth) {
    put<JsonLiteral(",\"entries\":[", kQuoting)>();
    list_items(table, depth, "Row entries count");
    put<JsonLiteral("]}", kQuoting)>();
  }

  /// After the key's text was written from offset `key` on: `between`, then `{"primary_key":`
  /// and a copy of that text (the row's own key, already read).
  void between_and_key_copy(std::size_t key, std::string_view between) {
    const std::size_t key_size = out_.text().size() - key;
    constexpr JsonLiteral kOpen("{\"primary_key\":", kQuoting);
    out_.room(between.size() + kOpen.size + key_size);  // may move the text: offsets, not pointers
    out_.at() = std::copy(between.begin(), between.end(), out_.at());
    out_.at() = kOpen.write(out_.at());
    std::memcpy(out_.at(), out_.text().data() + key, key_size);  // ends before at(): no overlap
    out_.at() += key_size;
  }

  template <JsonLiteral kText>
  void put() {
    static_assert(kText.size <= kPieceRoom);
    out_.room(kPieceRoom);
    out_.at() = kText.write(out_.at());
  }

 private:
  [[noreturn]] void raise() { throw sdk::Error::input(describe(c_.error())); }
  void need(bool ok) {
    if (!ok) [[unlikely]] raise();
  }

  void one(char c) {
    out_.room(1);
    *out_.at()++ = c;
  }

  // The walk that handed these bytes out checked the strings' UTF-8; they are copied as they are.
  [[gnu::always_inline]] void text(const char* what) {
    std::string_view view;
    need(c_.bytes(view, what));
    out_.room(sdk::json_string_room(view.size()));
    // The row's later bytes may be read past the string (never used): a short string then takes
    // one 16-byte load.
    out_.at() = sdk::write_json_string(out_.at(), view, kQuoting, end_);
  }

  template <typename Number>
  void integer(Number value) {
    out_.room(sdk::kJsonNumberRoom);
    out_.at() = sdk::write_integer(out_.at(), value);
  }

  /// The elements of a counted list, comma-separated (the caller writes the brackets).
  void list_items(const KindTable& table, int depth, const char* what) {
    std::uint64_t n = 0;
    need(c_.count(n, what));
    for (std::uint64_t i = 0; i < n; ++i) {
      if (i) one(',');
      value(table, depth);
    }
  }

  void payload_of(K kind, const KindTable& table, int depth) {
    switch (kind) {
      case K::Void: put<JsonLiteral("\"Void\"", kQuoting)>(); return;
      case K::U8: {
        std::uint8_t v = 0;
        need(c_.byte(v, "U8"));
        put<JsonLiteral("{\"U8\":", kQuoting)>();
        integer(std::uint64_t{v});
        break;
      }
      case K::U32: {
        std::uint32_t v = 0;
        need(c_.varint_u32(v, "U32"));
        put<JsonLiteral("{\"U32\":", kQuoting)>();
        integer(std::uint64_t{v});
        break;
      }
      case K::U64: {
        std::uint64_t v = 0;
        need(c_.varint_u64(v, "U64"));
        put<JsonLiteral("{\"U64\":", kQuoting)>();
        integer(v);
        break;
      }
      case K::I32: {
        std::int32_t v = 0;
        need(c_.zigzag_i32(v));
        put<JsonLiteral("{\"I32\":", kQuoting)>();
        integer(std::int64_t{v});
        break;
      }
      case K::I64: {
        std::int64_t v = 0;
        need(c_.zigzag_i64(v));
        put<JsonLiteral("{\"I64\":", kQuoting)>();
        integer(v);
        break;
      }
      case K::F32: {
        float v = 0;
        need(c_.f32(v));
        put<JsonLiteral("{\"F32\":", kQuoting)>();
        out_.room(sdk::kJsonNumberRoom);
        out_.at() = sdk::write_f32_json(out_.at(), v);
        break;
      }
      case K::F64: {
        double v = 0;
        need(c_.f64(v));
        put<JsonLiteral("{\"F64\":", kQuoting)>();
        out_.room(sdk::kJsonNumberRoom);
        out_.at() = sdk::write_f64_json(out_.at(), v);
        break;
      }
      case K::Bool: {
        bool v = false;
        need(c_.boolean(v));
        if (v)
          put<JsonLiteral("{\"Bool\":true", kQuoting)>();
        else
          put<JsonLiteral("{\"Bool\":false", kQuoting)>();
        break;
      }
      case K::String:
        put<JsonLiteral("{\"String\":", kQuoting)>();
        text("String value");
        break;
      case K::Row:
        put<JsonLiteral("{\"Row\":", kQuoting)>();
        row(table, depth + 1);
        break;
      case K::Vec:
        put<JsonLiteral("{\"Vec\":[", kQuoting)>();
        list_items(table, depth + 1, "Vec count");
        one(']');
        break;
      case K::Tuple:
        put<JsonLiteral("{\"Tuple\":[", kQuoting)>();
        list_items(table, depth + 1, "Tuple count");
        one(']');
        break;
      case K::Option: {
        bool some = false;
        need(c_.option_tag(some));
        put<JsonLiteral("{\"Option\":", kQuoting)>();
        if (some)
          value(table, depth + 1);
        else
          put<JsonLiteral("null", kQuoting)>();
        break;
      }
      case K::Struct: {
        put<JsonLiteral("{\"Struct\":{\"name\":", kQuoting)>();
        text("Struct name");
        put<JsonLiteral(",\"fields\":[", kQuoting)>();
        std::uint64_t n = 0;
        need(c_.count(n, "Struct fields count"));
        for (std::uint64_t i = 0; i < n; ++i) {
          if (i) one(',');
          put<JsonLiteral("{\"name\":", kQuoting)>();
          text("Field name");
          put<JsonLiteral(",\"value\":", kQuoting)>();
          value(table, depth + 1);
          one('}');
        }
        put<JsonLiteral("]}", kQuoting)>();
        break;
      }
      case K::Enum:
        put<JsonLiteral("{\"Enum\":{\"name\":", kQuoting)>();
        text("Enum name");
        put<JsonLiteral(",\"variant\":", kQuoting)>();
        text("Enum variant");
        put<JsonLiteral(",\"value\":", kQuoting)>();
        value(table, depth + 1);
        one('}');
        break;
    }
    one('}');
  }

  PostcardCursor c_;
  const char* end_;  ///< the row's last byte + 1: write_json_string may read up to it
  TextBuffer& out_;
};

/// What `transcode` writes: the key, the row, or the key, a separator and the row.
enum class Text { key, row, key_and_row };

/// The row's JSON (`{"primary_key":KEY,"entries":[...]}`, a Delete's `{"primary_key":KEY}`), its
/// key's alone, or both with `between` after the key, whose text the row then copies.
template <JsonQuoting kQuoting>
void transcode(std::span<const unsigned char> row, sdk::Operation operation, const Generation& generation, Text what,
               std::string_view between, TextBuffer& out) {
  Transcoder<kQuoting> transcoder(row, out);
  const bool key_only = operation == sdk::Operation::Delete;
  const KindTable& keys = key_only ? *generation.delete_key : *generation.values;
  if (what == Text::row) transcoder.template put<JsonLiteral("{\"primary_key\":", kQuoting)>();
  transcoder.value(keys, 0);
  if (what == Text::key) return;
  if (what == Text::key_and_row) transcoder.between_and_key_copy(0, between);
  if (key_only)
    transcoder.template put<JsonLiteral("}", kQuoting)>();
  else
    transcoder.entries(keys, 0);
}

/// Runs `write(quoting, text)` with `quoting` as a compile-time constant, then appends the text.
template <typename Write>
void in_quoting(JsonQuoting quoting, std::string& out, Write write) {
  TextBuffer text;
  if (quoting == JsonQuoting::plain)
    write(std::integral_constant<JsonQuoting, JsonQuoting::plain>{}, text);
  else
    write(std::integral_constant<JsonQuoting, JsonQuoting::csv_doubled>{}, text);
  out += text.text();
}

}  // namespace

void append_key_and_row_json(std::span<const unsigned char> row, sdk::Operation operation,
                             const Generation& generation, std::string_view between, std::string& out,
                             sdk::JsonQuoting quoting) {
  in_quoting(quoting, out, [&](auto constant, TextBuffer& text) {
    transcode<decltype(constant)::value>(row, operation, generation, Text::key_and_row, between, text);
  });
}

void append_row_json(std::span<const unsigned char> row, sdk::Operation operation, const Generation& generation,
                     sdk::RowPart part, std::string& out, sdk::JsonQuoting quoting) {
  if (part == sdk::RowPart::old_row) {
    out += "null";
    return;
  }
  in_quoting(quoting, out, [&](auto constant, TextBuffer& text) {
    const Text what = part == sdk::RowPart::primary_key ? Text::key : Text::row;
    transcode<decltype(constant)::value>(row, operation, generation, what, {}, text);
  });
}

}  // namespace interstice::framed
