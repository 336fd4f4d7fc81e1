// The shared record object and its row hash.
#include "interstice/sdk/record_json.hpp"

#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/scanned_record.hpp"
#include "interstice/sdk/transaction.hpp"
#include "interstice/sdk/value_json.hpp"
#include "interstice/sdk/util/json_chars.hpp"
#include "interstice/sdk/util/json_transcoder.hpp"

#include <cstring>

#include <xxhash.h>


namespace interstice::sdk {

void write_data_hash(ByteSpan row_bytes, char (&out)[16]) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t hash = XXH64(row_bytes.data(), row_bytes.size(), 0);
  for (int i = 15; i >= 0; --i, hash >>= 4) out[i] = kHex[hash & 0xF];
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
  record.append_json(RowPart::primary_key, out);
  out += ",\"row\":";
  record.append_json(RowPart::row, out);
  out += ",\"old_row\":";
  record.append_json(RowPart::old_row, out);
  out += '}';
}

struct DecodedParts {
  const Transaction& record;
  void append_json(RowPart part, std::string& out) const { sdk::append_json(record, part, out); }
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

void LogReader::append_json(const TransactionView& record, RowPart part, std::string& out) const {
  sdk::append_json(decode(record), part, out);
}

const JsonTranscoder* json_transcoder_of(const LogReader& reader) {
  return dynamic_cast<const JsonTranscoder*>(&reader);
}

}  // namespace interstice::sdk
