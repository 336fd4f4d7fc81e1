// The canonical value encoding of util/canonical_value.hpp: interstice-v1's bincode, extended
// with tags 12-15 for the kinds v1 cannot hold.
#include "interstice/sdk/util/canonical_value.hpp"

#include <bit>
#include <cstring>

namespace interstice::sdk {

namespace {

static_assert(std::endian::native == std::endian::little, "the canonical encoding is written little-endian");

template <typename T>
void put(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

void put_text(std::string& out, const std::string& text) {
  put<std::uint64_t>(out, text.size());
  out += text;
}

void put_list(std::string& out, const std::vector<Value>& items) {
  put<std::uint64_t>(out, items.size());
  for (const auto& item : items) append_canonical(out, item);
}

}  // namespace

std::uint32_t canonical_tag(ValueKind kind) {
  switch (kind) {
    case ValueKind::Void: return 0;
    case ValueKind::U32: return 1;
    case ValueKind::U64: return 2;
    case ValueKind::I32: return 3;
    case ValueKind::I64: return 4;
    case ValueKind::F32: return 5;
    case ValueKind::F64: return 6;
    case ValueKind::Bool: return 7;
    case ValueKind::String: return 8;
    case ValueKind::Row: return 9;
    case ValueKind::Vec: return 10;
    case ValueKind::Option: return 11;
    case ValueKind::U8: return 12;
    case ValueKind::Tuple: return 13;
    case ValueKind::Struct: return 14;
    case ValueKind::Enum: return 15;
  }
  return 0;  // unreachable: every kind is listed
}

void append_canonical(std::string& out, const Value& value) {
  put<std::uint32_t>(out, canonical_tag(value.kind));
  switch (value.kind) {
    case ValueKind::Void: break;
    case ValueKind::U8: put<std::uint8_t>(out, static_cast<std::uint8_t>(value.unsigned_value)); break;
    case ValueKind::U32: put<std::uint32_t>(out, static_cast<std::uint32_t>(value.unsigned_value)); break;
    case ValueKind::U64: put<std::uint64_t>(out, value.unsigned_value); break;
    case ValueKind::I32: put<std::int32_t>(out, static_cast<std::int32_t>(value.signed_value)); break;
    case ValueKind::I64: put<std::int64_t>(out, value.signed_value); break;
    // An F32 is held widened to double, exactly; narrowing gives back its bits.
    case ValueKind::F32: put<float>(out, static_cast<float>(value.float_value)); break;
    case ValueKind::F64: put<double>(out, value.float_value); break;
    case ValueKind::Bool: put<std::uint8_t>(out, value.unsigned_value != 0); break;
    case ValueKind::String: put_text(out, value.text); break;
    case ValueKind::Row:  // items = the key, then the entries
      if (value.items.empty()) {
        append_canonical(out, Value{});
        put<std::uint64_t>(out, 0);
        break;
      }
      append_canonical(out, value.items.front());
      put<std::uint64_t>(out, value.items.size() - 1);
      for (std::size_t i = 1; i < value.items.size(); ++i) append_canonical(out, value.items[i]);
      break;
    case ValueKind::Vec:
    case ValueKind::Tuple: put_list(out, value.items); break;
    case ValueKind::Option:
      put<std::uint8_t>(out, value.items.empty() ? 0 : 1);
      if (!value.items.empty()) append_canonical(out, value.items.front());
      break;
    case ValueKind::Struct:
      put_text(out, value.text);
      put<std::uint64_t>(out, value.items.size());
      for (std::size_t i = 0; i < value.items.size(); ++i) {
        put_text(out, i < value.names.size() ? value.names[i] : std::string());
        append_canonical(out, value.items[i]);
      }
      break;
    case ValueKind::Enum:
      put_text(out, value.text);
      put_text(out, value.variant);
      append_canonical(out, value.items.empty() ? Value{} : value.items.front());
      break;
  }
}

std::size_t append_canonical(std::string& out, const Row& row) {
  const std::size_t start = out.size();
  append_canonical(out, row.primary_key);
  const std::size_t key_size = out.size() - start;
  put_list(out, row.entries);
  return key_size;
}

std::string canonical_bytes(const Value& value) {
  std::string out;
  append_canonical(out, value);
  return out;
}

}  // namespace interstice::sdk
