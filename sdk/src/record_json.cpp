// The shared record object and its row hash.
#include "interstice/sdk/record_json.hpp"

#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/scanned_record.hpp"
#include "interstice/sdk/transaction.hpp"
#include "interstice/sdk/value_json.hpp"
#include "interstice/sdk/util/json_chars.hpp"
#include "interstice/sdk/util/json_transcoder.hpp"

#include <cstdint>
#include <cstring>

#include <xxhash.h>


namespace interstice::sdk {

namespace {

/// The 8 lowercase hex digits of `value`, the most significant in the lowest byte (so a
/// little-endian store writes them in reading order). Branch-free: one nibble to a byte by three
/// shift-and-mask steps, then '0' or 'a' - 10 added per byte. Exports print one hash per record,
/// and a digit-at-a-time loop was ~3% of a framed export's CPU.
std::uint64_t hex_digits(std::uint32_t value) {
  std::uint64_t x = value;
  x = ((x & 0xFFFF'0000ULL) << 16) | (x & 0xFFFFULL);
  x = ((x & 0x0000'FF00'0000'FF00ULL) << 8) | (x & 0x0000'00FF'0000'00FFULL);
  x = ((x & 0x00F0'00F0'00F0'00F0ULL) << 4) | (x & 0x000F'000F'000F'000FULL);
  // Each byte now holds one nibble, the most significant in the highest byte.
  const std::uint64_t letters = ((x + 0x0606'0606'0606'0606ULL) >> 4) & 0x0101'0101'0101'0101ULL;  // nibble >= 10
  x += 0x3030'3030'3030'3030ULL + letters * ('a' - '0' - 10);
  return __builtin_bswap64(x);
}

}  // namespace

void write_data_hash(ByteSpan row_bytes, char (&out)[16]) {
  const std::uint64_t hash = XXH64(row_bytes.data(), row_bytes.size(), 0);
  // Words in integer_text.hpp's layout (the first character in the lowest byte), stored as it does.
  integer_text_detail::store(out, hex_digits(static_cast<std::uint32_t>(hash >> 32)));
  integer_text_detail::store(out + 8, hex_digits(static_cast<std::uint32_t>(hash)));
}

std::string data_hash(ByteSpan row_bytes) {
  char text[16];
  write_data_hash(row_bytes, text);
  return {text, sizeof text};
}

namespace {

/// Everything up to and including `"primary_key":`; the fields are the view's and the
/// Transaction's alike.
/// Written into a raw buffer and appended once: it is most of a small record's text.
template <typename Record>
void append_record_head(std::string& out, const Record& record, std::string_view hash) {
  const std::size_t room = 192 + 3 * kJsonNumberRoom + json_string_room(record.module.size()) +
                           json_string_room(record.table.size()) + hash.size();
  ScratchBuffer<1024> buffer(room);
  char* const start = buffer.data();
  char* at = write_literal(start, "{\"index\":");
  at = write_integer(at, std::uint64_t{record.index});
  at = write_literal(at, ",\"offset\":");
  at = write_integer(at, std::uint64_t{record.offset});
  at = write_literal(at, ",\"module_id\":");
  at = write_json_string(at, record.module);
  at = write_literal(at, ",\"table_name\":");
  at = write_json_string(at, record.table);
  at = write_literal(at, ",\"operation\":\"");
  const std::string_view operation = to_lower_string(record.operation);
  at = std::copy(operation.begin(), operation.end(), at);
  at = write_literal(at, "\",\"timestamp\":");
  at = record.timestamp ? write_integer(at, std::uint64_t{*record.timestamp}) : write_literal(at, "null");
  at = write_literal(at, ",\"data_hash\":\"");
  at = std::copy(hash.begin(), hash.end(), at);
  at = write_literal(at, "\",\"primary_key\":");
  out.append(start, at);
}

template <typename Record>
void append_record_rows(std::string& out, const Record& record) {
  record.append_key_and_row(",\"row\":", out, JsonQuoting::plain);
  out += ",\"old_row\":";
  record.append_json(RowPart::old_row, out);
  out += '}';
}

struct DecodedParts {
  const Transaction& record;
  void append_json(RowPart part, std::string& out) const { sdk::append_json(record, part, out); }
  void append_key_and_row(std::string_view between, std::string& out, JsonQuoting) const {
    sdk::append_json(record, RowPart::primary_key, out);
    out += between;
    sdk::append_json(record, RowPart::row, out);
  }
};

void append_decoded_json(const Transaction& record, RowPart part, std::string& out, JsonQuoting quoting) {
  if (quoting == JsonQuoting::plain) {
    append_json(record, part, out);
    return;
  }
  // Rows' JSON can be long (byte arrays print as lists of numbers) with few quotes: copy the runs
  // between quotes (memchr, append) rather than character by character.
  thread_local std::string plain;
  plain.clear();
  append_json(record, part, plain);
  const char* at = plain.data();
  const char* const end = at + plain.size();
  while (const char* quote = static_cast<const char*>(std::memchr(at, '"', static_cast<std::size_t>(end - at)))) {
    out.append(at, static_cast<std::size_t>(quote + 1 - at));
    out += '"';
    at = quote + 1;
  }
  out.append(at, static_cast<std::size_t>(end - at));
}

}  // namespace

void append_json(const Transaction& record, RowPart part, std::string& out) {
  switch (part) {
    case RowPart::primary_key: append_value_json(out, record.row.primary_key); return;
    case RowPart::row: append_row_json(out, record.row); return;
    case RowPart::old_row:
      if (record.old_row)
        append_row_json(out, *record.old_row);
      else
        out += "null";
      return;
  }
}

void append_record_json(std::string& out, const Transaction& record, std::string_view hash) {
  append_record_head(out, record, hash);
  append_record_rows(out, DecodedParts{record});
}

void append_record_json(std::string& out, const ScannedRecord& record, std::string_view hash) {
  append_record_head(out, record.view(), hash);
  append_record_rows(out, record);
}

void ScannedRecord::append_json(RowPart part, std::string& out) const {
  append_json(part, out, JsonQuoting::plain);
}

void ScannedRecord::append_json(RowPart part, std::string& out, JsonQuoting quoting) const {
  if (decoded_ || !transcoder_)
    append_decoded_json(transaction(), part, out, quoting);
  else
    transcoder_->append_json(view_, part, out, quoting);
}

void ScannedRecord::append_key_and_row(std::string_view between, std::string& out, JsonQuoting quoting) const {
  if (decoded_ || !transcoder_) {
    append_decoded_json(transaction(), RowPart::primary_key, out, quoting);
    out += between;
    append_decoded_json(transaction(), RowPart::row, out, quoting);
  } else {
    transcoder_->append_key_and_row(view_, between, out, quoting);
  }
}

void LogReader::append_json(const TransactionView& record, RowPart part, std::string& out) const {
  sdk::append_json(decode(record), part, out);
}

const JsonTranscoder* json_transcoder_of(const LogReader& reader) {
  return dynamic_cast<const JsonTranscoder*>(&reader);
}

}  // namespace interstice::sdk
