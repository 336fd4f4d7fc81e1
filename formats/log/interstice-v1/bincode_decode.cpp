// The allocating counterpart of bincode_walk.cpp: same rules, but it builds sdk::Values. It
// still checks every length against the bytes left (a view may come from anywhere), and it
// never reserves more elements than the remaining bytes could hold.
#include "bincode_decode.hpp"

#include "bincode_cursor.hpp"

#include "interstice/sdk/error.hpp"

#include <algorithm>
#include <bit>
#include <fmt/format.h>

namespace interstice::v1_codec {

namespace {

class Decoder : BincodeCursor {
 public:
  using BincodeCursor::BincodeCursor;

  sdk::Row row(unsigned depth) {
    sdk::Row row;
    row.primary_key = value(depth);
    const std::uint64_t count = u64();
    row.entries.reserve(plausible_count(count));
    for (std::uint64_t i = 0; i < count; ++i) row.entries.push_back(value(depth));
    return row;
  }

 private:
  /// Every value takes at least its 4-byte tag: never reserve room for more than could follow.
  std::size_t plausible_count(std::uint64_t count) const {
    return static_cast<std::size_t>(std::min<std::uint64_t>(count, left() / 4));
  }

  sdk::Value value(unsigned depth) {
    const std::uint32_t tag = u32();
    switch (static_cast<Tag>(tag)) {
      case Tag::void_: return sdk::Value::make_void();
      case Tag::u32: return sdk::Value::u32(u32());
      case Tag::u64: return sdk::Value::u64(u64());
      case Tag::i32: return sdk::Value::i32(static_cast<std::int32_t>(u32()));
      case Tag::i64: return sdk::Value::i64(static_cast<std::int64_t>(u64()));
      case Tag::f32: return sdk::Value::f32(std::bit_cast<float>(u32()));  // widened exactly
      case Tag::f64: return sdk::Value::f64(std::bit_cast<double>(u64()));
      case Tag::boolean: {
        const unsigned char b = byte();
        if (b > 1) fail(BincodeFailure::bad_bool, b);
        return sdk::Value::boolean(b == 1);
      }
      case Tag::string: return string();
      case Tag::row: check_depth(depth); return sdk::Value::row(row(depth + 1));
      case Tag::vec: {
        const std::uint64_t count = u64();
        std::vector<sdk::Value> items;
        if (count != 0) check_depth(depth);
        items.reserve(plausible_count(count));
        for (std::uint64_t i = 0; i < count; ++i) items.push_back(value(depth + 1));
        return sdk::Value::vec(std::move(items));
      }
      case Tag::option: {
        const unsigned char some = byte();
        if (some > 1) fail(BincodeFailure::bad_option_tag, some);
        if (some == 0) return sdk::Value::option(std::nullopt);
        check_depth(depth);
        return sdk::Value::option(value(depth + 1));
      }
    }
    fail(BincodeFailure::bad_variant, tag);
  }

  sdk::Value string() {
    const std::uint64_t length = u64();
    if (length > left()) fail(BincodeFailure::string_past_end, length);
    const auto size = static_cast<std::size_t>(length);
    if (!sdk::utf8_valid(at_, size)) {
      BincodeProblem problem;
      problem.failure = BincodeFailure::bad_utf8;
      problem.utf8 = sdk::find_utf8_error(at_, size).value_or(sdk::Utf8Error{});
      fail(problem);
    }
    std::string text(reinterpret_cast<const char*>(at_), size);
    at_ += size;
    return sdk::Value::string(std::move(text));
  }

};

}  // namespace

sdk::Row decode_row(sdk::ByteSpan bytes, std::string_view what) { return Decoder(bytes, what).row(0); }

}  // namespace interstice::v1_codec
