// append_row_json (framed_json.hpp). It follows the decoder's walk over the bytes
// (framed_decode.cpp) and value_json.cpp's layout for each kind, value for value.
#include "framed_json.hpp"

#include "framed_walk.hpp"
#include "postcard_cursor.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/value.hpp"

#include <array>
#include <string_view>

namespace interstice::framed {

namespace {

using K = sdk::ValueKind;
using sdk::JsonQuoting;

/// A piece of JSON punctuation in both quotings.
struct Literal {
  std::string_view plain;
  std::string_view doubled;
};

constexpr Literal kVoid{R"("Void")", R"(""Void"")"};
constexpr Literal kNull{"null", "null"};
constexpr Literal kTrue{"true", "true"};
constexpr Literal kFalse{"false", "false"};
constexpr Literal kRowHead{R"({"primary_key":)", R"({""primary_key"":)"};
constexpr Literal kEntries{R"(,"entries":[)", R"(,""entries"":[)"};
constexpr Literal kNameHead{R"({"name":)", R"({""name"":)"};
constexpr Literal kFields{R"(,"fields":[)", R"(,""fields"":[)"};
constexpr Literal kValue{R"(,"value":)", R"(,""value"":)"};
constexpr Literal kVariant{R"(,"variant":)", R"(,""variant"":)"};

/// `{"U64":` for each kind, in both quotings (kind_name gives serde's names).
struct KindHeads {
  std::array<std::string, 2> heads[static_cast<std::size_t>(K::Enum) + 1];
  KindHeads() {
    for (std::size_t k = 0; k < std::size(heads); ++k) {
      const std::string name(sdk::kind_name(static_cast<K>(k)));
      heads[k] = {"{\"" + name + "\":", "{\"\"" + name + "\"\":"};
    }
  }
};

class Transcoder {
 public:
  Transcoder(std::span<const unsigned char> bytes, std::string& out, JsonQuoting quoting)
      : c_(bytes), end_(reinterpret_cast<const char*>(bytes.data() + bytes.size())), out_(out),
        doubled_(quoting == JsonQuoting::csv_doubled) {}

  void value(const KindTable& table, int depth) {
    if (depth > kMaxDepth) need(c_.fail({c_.offset(), Problem::too_deep, 0, kMaxDepth, table.name}));
    std::uint32_t disc = 0;
    need(c_.discriminant(disc, table.kinds.size(), table.name));
    payload_of(table.kinds[disc], table, depth);
  }

  /// `{"primary_key":...,"entries":[...]}`
  void row(const KindTable& table, int depth) {
    put(kRowHead);
    value(table, depth);
    put(kEntries);
    list_items(table, depth, "Row entries count");
    out_ += "]}";
  }

  void put(const Literal& literal) { out_ += doubled_ ? literal.doubled : literal.plain; }

 private:
  [[noreturn]] void raise() { throw sdk::Error::input(describe(c_.error())); }
  void need(bool ok) {
    if (!ok) raise();
  }

  void text(const char* what) {
    std::string_view view;
    need(c_.string(view, what));
    sdk::ScratchBuffer<1024> buffer(sdk::json_string_room(view.size()));
    char* written = sdk::write_json_string(buffer.data(), view, doubled_ ? JsonQuoting::csv_doubled : JsonQuoting::plain,
                                           view.data() + view.size() <= end_ ? end_ : nullptr);
    out_.append(buffer.data(), written);
  }

  template <typename Number>
  void integer(Number value) {
    number(static_cast<char* (*)(char*, Number)>(sdk::write_integer), value);
  }
  template <typename Number>
  void number(char* (*write)(char*, Number), Number value) {
    char buffer[sdk::kJsonNumberRoom];
    out_.append(buffer, write(buffer, value));
  }

  /// The elements of a counted list, comma-separated (the caller writes the brackets).
  void list_items(const KindTable& table, int depth, const char* what) {
    std::uint64_t n = 0;
    need(c_.count(n, what));
    for (std::uint64_t i = 0; i < n; ++i) {
      if (i) out_ += ',';
      value(table, depth);
    }
  }

  void payload_of(K kind, const KindTable& table, int depth) {
    if (kind == K::Void) {
      put(kVoid);
      return;
    }
    static const KindHeads heads;
    out_ += heads.heads[static_cast<std::size_t>(kind)][doubled_ ? 1 : 0];
    switch (kind) {
      case K::Void: break;
      case K::U8: {
        std::uint8_t v = 0;
        need(c_.byte(v, "U8"));
        integer(std::uint64_t{v});
        break;
      }
      case K::U32: {
        std::uint32_t v = 0;
        need(c_.varint_u32(v, "U32"));
        integer(std::uint64_t{v});
        break;
      }
      case K::U64: {
        std::uint64_t v = 0;
        need(c_.varint_u64(v, "U64"));
        integer(v);
        break;
      }
      case K::I32: {
        std::int32_t v = 0;
        need(c_.zigzag_i32(v));
        integer(std::int64_t{v});
        break;
      }
      case K::I64: {
        std::int64_t v = 0;
        need(c_.zigzag_i64(v));
        integer(v);
        break;
      }
      case K::F32: {
        float v = 0;
        need(c_.f32(v));
        number(sdk::write_f32_json, v);
        break;
      }
      case K::F64: {
        double v = 0;
        need(c_.f64(v));
        number(sdk::write_f64_json, v);
        break;
      }
      case K::Bool: {
        bool v = false;
        need(c_.boolean(v));
        put(v ? kTrue : kFalse);
        break;
      }
      case K::String: text("String value"); break;
      case K::Row: row(table, depth + 1); break;
      case K::Vec:
      case K::Tuple:
        out_ += '[';
        list_items(table, depth + 1, kind == K::Vec ? "Vec count" : "Tuple count");
        out_ += ']';
        break;
      case K::Option: {
        bool some = false;
        need(c_.option_tag(some));
        if (some)
          value(table, depth + 1);
        else
          put(kNull);
        break;
      }
      case K::Struct: {
        put(kNameHead);
        text("Struct name");
        put(kFields);
        std::uint64_t n = 0;
        need(c_.count(n, "Struct fields count"));
        for (std::uint64_t i = 0; i < n; ++i) {
          if (i) out_ += ',';
          put(kNameHead);
          text("Field name");
          put(kValue);
          value(table, depth + 1);
          out_ += '}';
        }
        out_ += "]}";
        break;
      }
      case K::Enum:
        put(kNameHead);
        text("Enum name");
        put(kVariant);
        text("Enum variant");
        put(kValue);
        value(table, depth + 1);
        out_ += '}';
        break;
    }
    out_ += '}';
  }

  PostcardCursor c_;
  const char* end_;  ///< the row's last byte + 1: write_json_string may read up to it
  std::string& out_;
  bool doubled_;
};

}  // namespace

void append_row_json(std::span<const unsigned char> row, sdk::Operation operation, const Generation& generation,
                     sdk::RowPart part, std::string& out, sdk::JsonQuoting quoting) {
  if (part == sdk::RowPart::old_row) {
    out += "null";
    return;
  }
  Transcoder transcoder(row, out, quoting);
  const bool key_only = operation == sdk::Operation::Delete;
  const KindTable& keys = key_only ? *generation.delete_key : *generation.values;
  if (part == sdk::RowPart::primary_key) {
    transcoder.value(keys, 0);
    return;
  }
  if (!key_only) {
    transcoder.row(keys, 0);
    return;
  }
  transcoder.put(kRowHead);
  transcoder.value(keys, 0);
  out += '}';
}

}  // namespace interstice::framed
