// bincode encoding of rows (see bincode_encode.hpp): fixed-width little-endian integers, u64
// lengths and counts, u32 variant tags, one-byte Option tags.
#include "bincode_encode.hpp"

#include "v1_format.hpp"

#include <bit>
#include <span>
#include <string_view>

namespace interstice::v1_codec {

namespace {

class Encoder {
 public:
  explicit Encoder(std::vector<unsigned char>& out) : out_(out) {}

  /// A Row value's bytes; the first value that has no v1 encoding, or nullptr.
  const sdk::Value* row(const sdk::Value& key, std::span<const sdk::Value> entries) {
    if (auto* bad = value(key)) return bad;
    count(entries.size());
    for (const auto& entry : entries)
      if (auto* bad = value(entry)) return bad;
    return nullptr;
  }

  /// A Vec's or a Row's element count.
  void count(std::uint64_t n) { u64(n); }

  /// One tagged value; the first value that has no v1 encoding, or nullptr.
  const sdk::Value* value(const sdk::Value& v) {
    using sdk::ValueKind;
    switch (v.kind) {
      case ValueKind::Void: tag(Tag::void_); return nullptr;
      case ValueKind::U32: tag(Tag::u32); u32(static_cast<std::uint32_t>(v.unsigned_value)); return nullptr;
      case ValueKind::U64: tag(Tag::u64); u64(v.unsigned_value); return nullptr;
      case ValueKind::I32: tag(Tag::i32); u32(static_cast<std::uint32_t>(v.signed_value)); return nullptr;
      case ValueKind::I64: tag(Tag::i64); u64(static_cast<std::uint64_t>(v.signed_value)); return nullptr;
      case ValueKind::F32:  // held widened; narrowing back is exact
        tag(Tag::f32);
        u32(std::bit_cast<std::uint32_t>(static_cast<float>(v.float_value)));
        return nullptr;
      case ValueKind::F64: tag(Tag::f64); u64(std::bit_cast<std::uint64_t>(v.float_value)); return nullptr;
      case ValueKind::Bool: tag(Tag::boolean); out_.push_back(v.unsigned_value != 0 ? 1 : 0); return nullptr;
      case ValueKind::String:
        tag(Tag::string);
        u64(v.text.size());
        out_.insert(out_.end(), v.text.begin(), v.text.end());
        return nullptr;
      case ValueKind::Row:
        if (v.items.empty()) return &v;  // a Row value always holds its key first
        tag(Tag::row);
        return row(v.items.front(), std::span(v.items).subspan(1));
      case ValueKind::Vec:
        tag(Tag::vec);
        count(v.items.size());
        for (const auto& item : v.items)
          if (auto* bad = value(item)) return bad;
        return nullptr;
      case ValueKind::Option:
        tag(Tag::option);
        out_.push_back(v.items.empty() ? 0 : 1);
        return v.items.empty() ? nullptr : value(v.items.front());
      case ValueKind::U8:
      case ValueKind::Tuple:
      case ValueKind::Struct:
      case ValueKind::Enum: return &v;
    }
    return &v;
  }

 private:
  void tag(Tag t) { u32(static_cast<std::uint32_t>(t)); }
  void u32(std::uint32_t v) { little_endian(v, 4); }
  void u64(std::uint64_t v) { little_endian(v, 8); }
  void little_endian(std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out_.push_back(static_cast<unsigned char>(v >> (8 * i)));
  }

  std::vector<unsigned char>& out_;
};

}  // namespace

std::optional<UnencodableValue> append_row(std::vector<unsigned char>& out, const sdk::Row& row) {
  // A key-only row (a framed-log delete) is written with no entries: v1 has no other way to
  // say "key only", and the key is what identifies the deleted row.
  Encoder encoder(out);
  if (auto* bad = encoder.value(row.primary_key)) return UnencodableValue{bad->kind, "primary_key"};
  encoder.count(row.entries.size());
  for (std::size_t i = 0; i < row.entries.size(); ++i)
    if (auto* bad = encoder.value(row.entries[i]))
      return UnencodableValue{bad->kind, "entries[" + std::to_string(i) + "]"};
  return std::nullopt;
}

}  // namespace interstice::v1_codec
