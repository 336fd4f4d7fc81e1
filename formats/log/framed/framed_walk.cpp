// The validating walk over a framed payload (spec §4): Transaction, Row, IntersticeValue/IndexKey
// and Field, dispatched through the generation's kind tables.
#include "framed_walk.hpp"

#include "postcard_cursor.hpp"

namespace interstice::framed {

namespace {

using K = sdk::ValueKind;

class Walker {
 public:
  explicit Walker(std::span<const unsigned char> payload) : c_(payload) {}

  PostcardCursor& cursor() { return c_; }

  [[gnu::always_inline]] bool value(const KindTable& table, int depth) {
    const std::size_t start = c_.offset();
    if (depth > kMaxDepth) return c_.fail({start, Problem::too_deep, 0, kMaxDepth, table.name});
    std::uint32_t disc = 0;
    if (!c_.discriminant(disc, table.kinds.size(), table.name)) return false;
    return payload_of(table.kinds[disc], table, depth);
  }

  /// A Row: one primary-key value, then a counted list of entries.
  bool row(const KindTable& table, int depth) {
    if (!value(table, depth)) return false;
    return list(table, depth, "Row entries count");
  }

 private:
  bool list(const KindTable& table, int depth, const char* what) {
    std::uint64_t n = 0;
    if (!c_.count(n, what)) return false;
    for (std::uint64_t i = 0; i < n; ++i)
      if (!value(table, depth)) return false;
    return true;
  }

  // Numbers, text and the like are read where the value starts (value() and this are inlined
  // into their callers); only containers make a call, into nested(), which bounds the
  // recursion as before (value() checks the depth). One out-of-line call per value cost framed
  // log-inspect ~2%.
  [[gnu::always_inline]] bool payload_of(K kind, const KindTable& table, int depth) {
    std::uint8_t byte = 0;
    std::uint32_t u32 = 0;
    std::uint64_t u64 = 0;
    std::int32_t i32 = 0;
    std::int64_t i64 = 0;
    float f32 = 0;
    double f64 = 0;
    bool flag = false;
    std::string_view text;
    switch (kind) {
      case K::Void: return true;
      case K::U8: return c_.byte(byte, "U8");
      case K::U32: return c_.varint_u32(u32, "U32");
      case K::U64: return c_.varint_u64(u64, "U64");
      case K::I32: return c_.zigzag_i32(i32);
      case K::I64: return c_.zigzag_i64(i64);
      case K::F32: return c_.f32(f32);
      case K::F64: return c_.f64(f64);
      case K::Bool: return c_.boolean(flag);
      case K::String: return c_.string(text, "String value");
      default: return nested(kind, table, depth);
    }
  }

  /// A container. Its switch names every kind, scalars too, so that -Wswitch still catches a new
  /// kind (payload_of's `default` keeps the dispatch as measured: naming the containers there
  /// cost 1%).

  bool nested(K kind, const KindTable& table, int depth) {
    bool flag = false;
    std::string_view text;
    switch (kind) {
      case K::Row: return row(table, depth + 1);
      case K::Vec: return list(table, depth + 1, "Vec count");
      case K::Tuple: return list(table, depth + 1, "Tuple count");
      case K::Option:
        if (!c_.option_tag(flag)) return false;
        return !flag || value(table, depth + 1);
      case K::Struct: {
        if (!c_.string(text, "Struct name")) return false;
        std::uint64_t n = 0;
        if (!c_.count(n, "Struct fields count")) return false;
        for (std::uint64_t i = 0; i < n; ++i)
          if (!c_.string(text, "Field name") || !value(table, depth + 1)) return false;
        return true;
      }
      case K::Enum:
        return c_.string(text, "Enum name") && c_.string(text, "Enum variant") && value(table, depth + 1);
      case K::Void:
      case K::U8:
      case K::U32:
      case K::U64:
      case K::I32:
      case K::I64:
      case K::F32:
      case K::F64:
      case K::Bool:
      case K::String: break;
    }
    return false;
  }

  PostcardCursor c_;
};

constexpr sdk::Operation kOperations[] = {sdk::Operation::Insert, sdk::Operation::Update, sdk::Operation::Delete};

}  // namespace

bool walk_transaction(std::span<const unsigned char> payload, const Generation& generation, WalkedTransaction& out,
                      DecodeError& error) {
  Walker walker(payload);
  auto& c = walker.cursor();
  c.note_ascii();
  std::uint32_t disc = 0;
  bool ok = c.discriminant(disc, std::size(kOperations), "Transaction") && c.string(out.module, "module_name") &&
            c.string(out.table, "table_name");
  if (ok) {
    out.operation = kOperations[disc];
    out.row_begin = c.offset();
    ok = out.operation == sdk::Operation::Delete ? walker.value(*generation.delete_key, 0)
                                                 : walker.row(*generation.values, 0);
    out.row_end = c.offset();
  }
  if (ok && c.left() != 0) ok = c.fail({c.offset(), Problem::unconsumed, c.left(), 0, "Transaction"});
  if (!ok) error = c.error();
  return ok;
}

}  // namespace interstice::framed
