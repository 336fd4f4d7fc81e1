// The bincode→JSON transcoder (see bincode_json.hpp). It walks the bytes by the rules of
// bincode_decode.cpp and writes what value_json.cpp writes for each value kind.
#include "bincode_json.hpp"

#include "bincode_cursor.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/value_json.hpp"

#include <bit>
#include <charconv>
#include <fmt/format.h>

namespace interstice::v1_codec {

namespace {

class JsonTranscoder : BincodeCursor {
 public:
  JsonTranscoder(sdk::ByteSpan bytes, std::string_view what, std::string& out) : BincodeCursor(bytes, what), out_(out) {}

  /// `{"primary_key":…,"entries":[…]}`, the body of a Row.
  void row(unsigned depth) {
    out_ += "{\"primary_key\":";
    value(depth);
    out_ += ",\"entries\":[";
    const std::uint64_t count = u64();
    for (std::uint64_t i = 0; i < count; ++i) {
      if (i) out_ += ',';
      value(depth);
    }
    out_ += "]}";
  }

  void value(unsigned depth) {
    const std::uint32_t tag = u32();
    switch (static_cast<Tag>(tag)) {
      case Tag::void_: out_ += "\"Void\""; return;
      case Tag::u32: out_ += "{\"U32\":"; sdk::append_integer(out_, std::uint64_t{u32()}); break;
      case Tag::u64: out_ += "{\"U64\":"; sdk::append_integer(out_, u64()); break;
      case Tag::i32: out_ += "{\"I32\":"; sdk::append_integer(out_, std::int64_t{static_cast<std::int32_t>(u32())}); break;
      case Tag::i64: out_ += "{\"I64\":"; sdk::append_integer(out_, static_cast<std::int64_t>(u64())); break;
      case Tag::f32: out_ += "{\"F32\":"; sdk::append_f32_json(out_, std::bit_cast<float>(u32())); break;
      case Tag::f64: out_ += "{\"F64\":"; sdk::append_f64_json(out_, std::bit_cast<double>(u64())); break;
      case Tag::boolean: {
        const unsigned char b = byte();
        if (b > 1) fail(BincodeFailure::bad_bool, b);
        out_ += b ? "{\"Bool\":true" : "{\"Bool\":false";
        break;
      }
      case Tag::string: {
        out_ += "{\"String\":";
        const std::uint64_t length = u64();
        if (length > left()) fail(BincodeFailure::string_past_end, length);
        const auto size = static_cast<std::size_t>(length);
        sdk::append_json_string(out_, {reinterpret_cast<const char*>(at_), size});
        at_ += size;
        break;
      }
      case Tag::row:
        check_depth(depth);
        out_ += "{\"Row\":";
        row(depth + 1);
        break;
      case Tag::vec: {
        out_ += "{\"Vec\":[";
        const std::uint64_t count = u64();
        if (count != 0) check_depth(depth);
        for (std::uint64_t i = 0; i < count; ++i) {
          if (i) out_ += ',';
          value(depth + 1);
        }
        out_ += ']';
        break;
      }
      case Tag::option: {
        const unsigned char some = byte();
        if (some > 1) fail(BincodeFailure::bad_option_tag, some);
        out_ += "{\"Option\":";
        if (some == 0) {
          out_ += "null";
        } else {
          check_depth(depth);
          value(depth + 1);
        }
        break;
      }
      default: fail(BincodeFailure::bad_variant, tag);
    }
    out_ += '}';
  }

 private:
  std::string& out_;
};

}  // namespace

void append_row_json(sdk::ByteSpan bytes, bool key_only, std::string_view what, std::string& out) {
  JsonTranscoder transcoder(bytes, what, out);
  if (key_only)
    transcoder.value(0);
  else
    transcoder.row(0);
}

}  // namespace interstice::v1_codec
