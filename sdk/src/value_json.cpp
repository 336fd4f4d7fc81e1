// serde_json's text for Interstice values. Float digits come from std::to_chars (shortest
// round-trip); the layout follows ryu's rules, which serde_json uses: plain decimals for
// moderate exponents, `d.ddde±x` outside them, and always a `.0` on integral values.
#include "interstice/sdk/value_json.hpp"

#include <boost/json.hpp>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

namespace interstice::sdk {

namespace {

// `max_integer_digits` and `min_decimal_exponent` are ryu's bounds: 16 and -5 for f64,
// 13 and -6 for f32 (see ryu's pretty::format64 / format32).
template <typename Float>
void append_ryu(std::string& out, Float value, int max_integer_digits, int min_decimal_exponent) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  std::string_view text(buffer, static_cast<std::size_t>(result.ptr - buffer));
  if (text.front() == '-') {
    out += '-';
    text.remove_prefix(1);
  }
  auto e = text.find('e');
  int exponent = std::atoi(std::string(text.substr(e + 1)).c_str());
  std::string digits;
  for (char c : text.substr(0, e))
    if (c != '.') digits += c;
  if (digits == "0") {
    out += "0.0";
    return;
  }
  const int length = static_cast<int>(digits.size());
  const int kk = exponent + 1;  // position of the decimal point relative to the digits
  const int k = kk - length;
  if (k >= 0 && kk <= max_integer_digits) {
    out += digits;
    out.append(static_cast<std::size_t>(k), '0');
    out += ".0";
  } else if (kk > 0 && kk <= max_integer_digits) {
    out.append(digits, 0, static_cast<std::size_t>(kk));
    out += '.';
    out.append(digits, static_cast<std::size_t>(kk));
  } else if (kk > min_decimal_exponent && kk <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-kk), '0');
    out += digits;
  } else {
    out += digits[0];
    if (length > 1) {
      out += '.';
      out.append(digits, 1);
    }
    out += 'e';
    out += std::to_string(kk - 1);
  }
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
  char buffer[24];
  out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, value).ptr);
}

void append_integer(std::string& out, std::int64_t value) {
  char buffer[24];
  out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, value).ptr);
}

void append_f32_json(std::string& out, float value) { append_ryu(out, value, 13, -6); }
void append_f64_json(std::string& out, double value) { append_ryu(out, value, 16, -5); }

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.reserve(out.size() + text.size() + 2);
  out += '"';
  const char* data = text.data();
  const std::size_t size = text.size();
  std::size_t plain_from = 0;
  std::size_t i = 0;
  while (i < size) {
    // Most text needs no escape: skip 8 bytes at a time while none is '"', '\\' or a control byte.
    while (i + 8 <= size) {
      std::uint64_t word;
      std::memcpy(&word, data + i, sizeof word);
      constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
      const std::uint64_t quote = word ^ (kOnes * '"');
      const std::uint64_t slash = word ^ (kOnes * '\\');
      // A byte is "interesting" when it is zero after the xor (quote/backslash) or below 0x20.
      const std::uint64_t hits = ((quote - kOnes) & ~quote) | ((slash - kOnes) & ~slash) | ((word - kOnes * 0x20) & ~word);
      if (hits & kHigh) break;
      i += 8;
    }
    if (i >= size) break;
    const auto byte = static_cast<unsigned char>(data[i]);
    if (byte >= 0x20 && byte != '"' && byte != '\\') {
      ++i;
      continue;
    }
    out.append(data + plain_from, i - plain_from);
    plain_from = i + 1;
    switch (byte) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out += kHex[byte >> 4];
        out += kHex[byte & 0xF];
    }
    ++i;
  }
  out.append(data + plain_from, size - plain_from);
  out += '"';
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
