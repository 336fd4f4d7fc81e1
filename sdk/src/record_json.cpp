// The shared record object and its row hash.
#include "interstice/sdk/record_json.hpp"

#include "interstice/sdk/value_json.hpp"

#include <xxhash.h>

#include <charconv>

namespace interstice::sdk {

std::string data_hash(ByteSpan row_bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t hash = XXH64(row_bytes.data(), row_bytes.size(), 0);
  std::string text(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) text[static_cast<std::size_t>(i)] = kHex[hash & 0xF];
  return text;
}

void append_record_json(std::string& out, const Transaction& record, std::string_view hash) {
  auto number = [&out](std::uint64_t value) {
    char buffer[24];
    out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, value).ptr);
  };
  out += "{\"index\":";
  number(record.index);
  out += ",\"offset\":";
  number(record.offset);
  out += ",\"module_id\":";
  append_json_string(out, record.module);
  out += ",\"table_name\":";
  append_json_string(out, record.table);
  out += ",\"operation\":\"";
  out += to_lower_string(record.operation);
  out += "\",\"timestamp\":";
  if (record.timestamp)
    number(*record.timestamp);
  else
    out += "null";
  out += ",\"data_hash\":\"";
  out += hash;
  out += "\",\"primary_key\":";
  append_value_json(out, record.row.primary_key);
  out += ",\"row\":";
  append_row_json(out, record.row);
  out += ",\"old_row\":";
  if (record.old_row)
    append_row_json(out, *record.old_row);
  else
    out += "null";
  out += '}';
}

}  // namespace interstice::sdk
