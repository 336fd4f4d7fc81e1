// The inverse of canonical_value.cpp's encoder, for the kept rows of replay (canonical_decode.hpp).
// Every read is bounds-checked: a short or unknown encoding is reported, never read past.
#include "canonical_decode.hpp"

#include "interstice/sdk/error.hpp"

#include <cstdint>
#include <cstring>

namespace interstice::sdk {
namespace {

class CanonicalReader {
 public:
  explicit CanonicalReader(std::string_view bytes) : bytes_(bytes) {}

  Value value() {
    Value out;
    switch (get<std::uint32_t>()) {
      case 0: out.kind = ValueKind::Void; break;
      case 1: out = Value::u32(get<std::uint32_t>()); break;
      case 2: out = Value::u64(get<std::uint64_t>()); break;
      case 3: out = Value::i32(get<std::int32_t>()); break;
      case 4: out = Value::i64(get<std::int64_t>()); break;
      case 5: out = Value::f32(get<float>()); break;
      case 6: out = Value::f64(get<double>()); break;
      case 7: out = Value::boolean(get<std::uint8_t>() != 0); break;
      case 8: out = Value::string(text()); break;
      case 9: {
        out.kind = ValueKind::Row;
        out.items.push_back(value());
        list(out.items);
        break;
      }
      case 10: out.kind = ValueKind::Vec; list(out.items); break;
      case 11:
        out.kind = ValueKind::Option;
        if (get<std::uint8_t>() != 0) out.items.push_back(value());
        break;
      case 12: out = Value::u8(get<std::uint8_t>()); break;
      case 13: out.kind = ValueKind::Tuple; list(out.items); break;
      case 14: {
        out.kind = ValueKind::Struct;
        out.text = text();
        const std::uint64_t fields = count();
        for (std::uint64_t i = 0; i < fields; ++i) {
          out.names.push_back(text());
          out.items.push_back(value());
        }
        break;
      }
      case 15:
        out.kind = ValueKind::Enum;
        out.text = text();
        out.variant = text();
        out.items.push_back(value());
        break;
      default: fail();
    }
    return out;
  }

  void list(std::vector<Value>& items) {
    const std::uint64_t size = count();
    items.reserve(items.size() + size);
    for (std::uint64_t i = 0; i < size; ++i) items.push_back(value());
  }

  bool at_end() const { return bytes_.empty(); }

 private:
  template <typename T>
  T get() {
    if (bytes_.size() < sizeof(T)) fail();
    T value;
    std::memcpy(&value, bytes_.data(), sizeof(T));
    bytes_.remove_prefix(sizeof(T));
    return value;
  }

  // Every item takes at least its 4-byte tag: a count beyond that is corrupt, not a reason to
  // reserve memory.
  std::uint64_t count() {
    const auto size = get<std::uint64_t>();
    if (size > bytes_.size() / 4) fail();
    return size;
  }

  std::string text() {
    const auto size = get<std::uint64_t>();
    if (size > bytes_.size()) fail();
    std::string out(bytes_.substr(0, size));
    bytes_.remove_prefix(size);
    return out;
  }

  [[noreturn]] static void fail() { throw Error::internal("replay: a kept row's canonical bytes do not decode"); }

  std::string_view bytes_;
};

}  // namespace

Row decode_canonical_row(std::string_view bytes) {
  CanonicalReader reader(bytes);
  Row row;
  row.primary_key = reader.value();
  reader.list(row.entries);
  if (!reader.at_end()) throw Error::internal("replay: a kept row's canonical bytes have bytes left over");
  return row;
}

}  // namespace interstice::sdk
