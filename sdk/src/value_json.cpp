// serde_json's text for Interstice values. Float digits come from Dragonbox (shortest
// round-trip, as ryu); the layout follows ryu's rules, which serde_json uses: plain decimals for
// moderate exponents, `d.ddde±x` outside them, and always a `.0` on integral values.
#include "interstice/sdk/value_json.hpp"

#include "interstice/sdk/util/json_chars.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

namespace interstice::sdk {

namespace {

// `max_integer_digits` and `min_decimal_exponent` are ryu's bounds: 16 and -5 for f64,
// 13 and -6 for f32 (see ryu's pretty::format64 / format32).
template <typename Float>
char* write_ryu(char* out, Float value, int max_integer_digits, int min_decimal_exponent) {
  if (!std::isfinite(value)) return write_literal(out, "null");
  if (std::signbit(value)) {
    *out++ = '-';
    value = -value;
  }
  if (value == 0) return write_literal(out, "0.0");
  // The shortest round-trip digits, closest to the value, as an integer and a power of ten:
  // the digits std::to_chars and ryu give, from fmt's Dragonbox in about half of to_chars' time
  // and without printing and re-reading text (floats are a tenth of a CSV export's CPU time).
  // fmt::detail is not fmt's public API, but to_decimal is exported from libfmt for fmt's own
  // headers; the unit test `float_text_has_the_shortest_round_trip_digits` holds it to
  // std::to_chars should a later fmt change it.
  const auto decimal = fmt::detail::dragonbox::to_decimal(value);
  char digits[24];
  const int length = static_cast<int>(write_integer(digits, std::uint64_t{decimal.significand}) - digits);
  const int exponent = decimal.exponent + length - 1;  // as in d.ddde±x
  const int kk = exponent + 1;  // position of the decimal point relative to the digits
  const int k = kk - length;
  const auto put = [&out](const char* from, int count) {
    std::memcpy(out, from, static_cast<std::size_t>(count));
    out += count;
  };
  if (k >= 0 && kk <= max_integer_digits) {
    put(digits, length);
    std::memset(out, '0', static_cast<std::size_t>(k));
    out += k;
    return write_literal(out, ".0");
  }
  if (kk > 0 && kk <= max_integer_digits) {
    put(digits, kk);
    *out++ = '.';
    put(digits + kk, length - kk);
    return out;
  }
  if (kk > min_decimal_exponent && kk <= 0) {
    out = write_literal(out, "0.");
    std::memset(out, '0', static_cast<std::size_t>(-kk));
    out += -kk;
    put(digits, length);
    return out;
  }
  *out++ = digits[0];
  if (length > 1) {
    *out++ = '.';
    put(digits + 1, length - 1);
  }
  *out++ = 'e';
  return write_integer(out, std::int64_t{kk - 1});
}

void append_list(std::string& out, const std::vector<Value>& items, std::size_t from = 0) {
  out += '[';
  for (std::size_t i = from; i < items.size(); ++i) {
    if (i > from) out += ',';
    append_value_json(out, items[i]);
  }
  out += ']';
}

}  // namespace

void append_integer(std::string& out, std::uint64_t value) {
  char buffer[kJsonNumberRoom];
  out.append(buffer, write_integer(buffer, value));
}

void append_integer(std::string& out, std::int64_t value) {
  char buffer[kJsonNumberRoom];
  out.append(buffer, write_integer(buffer, value));
}

void append_f32_json(std::string& out, float value) {
  char buffer[kJsonNumberRoom];
  out.append(buffer, write_f32_json(buffer, value));
}

void append_f64_json(std::string& out, double value) {
  char buffer[kJsonNumberRoom];
  out.append(buffer, write_f64_json(buffer, value));
}

char* write_f32_json(char* out, float value) { return write_ryu(out, value, 13, -6); }
char* write_f64_json(char* out, double value) { return write_ryu(out, value, 16, -5); }

void append_json_string(std::string& out, std::string_view text) {
  ScratchBuffer<2048> buffer(json_string_room(text.size()));
  out.append(buffer.data(), write_json_string(buffer.data(), text));
}

void append_value_json(std::string& out, const Value& value) {
  if (value.kind == ValueKind::Void) {
    out += "\"Void\"";
    return;
  }
  out += "{\"";
  out += kind_name(value.kind);
  out += "\":";
  switch (value.kind) {
    case ValueKind::U8:
    case ValueKind::U32:
    case ValueKind::U64: append_integer(out, value.unsigned_value); break;
    case ValueKind::Bool: out += value.unsigned_value ? "true" : "false"; break;
    case ValueKind::I32:
    case ValueKind::I64: append_integer(out, value.signed_value); break;
    case ValueKind::F32: append_f32_json(out, static_cast<float>(value.float_value)); break;
    case ValueKind::F64: append_f64_json(out, value.float_value); break;
    case ValueKind::String: append_json_string(out, value.text); break;
    case ValueKind::Vec:
    case ValueKind::Tuple: append_list(out, value.items); break;
    case ValueKind::Option:
      if (value.items.empty())
        out += "null";
      else
        append_value_json(out, value.items.front());
      break;
    case ValueKind::Row:
      out += "{\"primary_key\":";
      if (value.items.empty())
        out += "\"Void\"";
      else
        append_value_json(out, value.items.front());
      out += ",\"entries\":";
      append_list(out, value.items, 1);
      out += '}';
      break;
    case ValueKind::Struct:
      out += "{\"name\":";
      append_json_string(out, value.text);
      out += ",\"fields\":[";
      for (std::size_t i = 0; i < value.items.size(); ++i) {
        if (i) out += ',';
        out += "{\"name\":";
        append_json_string(out, i < value.names.size() ? value.names[i] : std::string());
        out += ",\"value\":";
        append_value_json(out, value.items[i]);
        out += '}';
      }
      out += "]}";
      break;
    case ValueKind::Enum:
      out += "{\"name\":";
      append_json_string(out, value.text);
      out += ",\"variant\":";
      append_json_string(out, value.variant);
      out += ",\"value\":";
      if (value.items.empty())
        out += "\"Void\"";
      else
        append_value_json(out, value.items.front());
      out += '}';
      break;
    case ValueKind::Void: break;
  }
  out += '}';
}

void append_row_json(std::string& out, const Row& row) {
  out += "{\"primary_key\":";
  append_value_json(out, row.primary_key);
  if (!row.key_only) {
    out += ",\"entries\":";
    append_list(out, row.entries);
  }
  out += '}';
}

std::string to_json_text(const Value& value) {
  std::string out;
  append_value_json(out, value);
  return out;
}

std::string to_json_text(const Row& row) {
  std::string out;
  append_row_json(out, row);
  return out;
}

boost::json::value to_json(const Value& value) { return boost::json::parse(to_json_text(value)); }
boost::json::value to_json(const Row& row) { return boost::json::parse(to_json_text(row)); }

}  // namespace interstice::sdk
