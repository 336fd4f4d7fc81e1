// V1Writer (see v1_writer.hpp): framing, length fields, and the CRC-32 (libdeflate) over every
// byte from the version through the timestamp.
#include "v1_writer.hpp"

#include "bincode_encode.hpp"
#include "v1_format.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/transaction.hpp"

#include <fmt/format.h>
#include <libdeflate.h>

#include <limits>

namespace interstice::v1_codec {

namespace {

void append_le(std::vector<unsigned char>& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<unsigned char>(value >> (8 * i)));
}

void store_u32(std::vector<unsigned char>& out, std::size_t at, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out[at + static_cast<std::size_t>(i)] = static_cast<unsigned char>(value >> (8 * i));
}

TypeByte type_of(sdk::Operation operation) {
  switch (operation) {
    case sdk::Operation::Insert: return TypeByte::insert;
    case sdk::Operation::Update: return TypeByte::update;
    case sdk::Operation::Delete: return TypeByte::remove;
  }
  return TypeByte::insert;
}

sdk::Error record_error(const sdk::Transaction& record, const std::string& message) {
  sdk::Location location;
  location.record_index = record.index;
  return sdk::Error::input(message, std::move(location));
}

/// Reserves the u32 length field, runs `body` to write the bytes it counts, then stores their length.
template <typename Body>
void length_prefixed(std::vector<unsigned char>& out, const sdk::Transaction& record, std::string_view field,
                     Body&& body) {
  const std::size_t length_at = out.size();
  append_le(out, 0, 4);
  body();
  const std::size_t length = out.size() - length_at - 4;
  if (length > std::numeric_limits<std::uint32_t>::max())
    throw record_error(record, fmt::format("{} is {} bytes, more than interstice-v1 can store", field, length));
  store_u32(out, length_at, static_cast<std::uint32_t>(length));
}

void append_row_or_throw(std::vector<unsigned char>& out, const sdk::Transaction& record, const sdk::Row& row,
                         std::string_view field) {
  if (auto bad = append_row(out, row))
    throw record_error(record, fmt::format("{}.{} is a {} value, which interstice-v1 cannot store", field,
                                           bad->where, sdk::kind_name(bad->kind)));
}

}  // namespace

void V1Writer::write(const sdk::Transaction& record) {
  auto& out = record_;
  out.clear();
  out.push_back(kVersion);
  out.push_back(static_cast<unsigned char>(type_of(record.operation)));
  auto append_text = [&](const std::string& text) { out.insert(out.end(), text.begin(), text.end()); };
  length_prefixed(out, record, "module_name", [&] { append_text(record.module); });
  length_prefixed(out, record, "table_name", [&] { append_text(record.table); });
  length_prefixed(out, record, "row", [&] { append_row_or_throw(out, record, record.row, "row"); });
  // Only an Update carries its previous row; the runtime writes None for the others.
  const bool has_old_row = record.operation == sdk::Operation::Update && record.old_row.has_value();
  length_prefixed(out, record, "old_row", [&] {
    out.push_back(has_old_row ? 1 : 0);
    if (has_old_row) append_row_or_throw(out, record, *record.old_row, "old_row");
  });
  append_le(out, record.timestamp.value_or(0), 8);
  append_le(out, libdeflate_crc32(0, out.data(), out.size()), 4);
  out_.write(reinterpret_cast<const char*>(out.data()), static_cast<std::streamsize>(out.size()));
  if (!out_) throw record_error(record, "could not write the record");
}

void V1Writer::finish() {
  out_.flush();
  if (!out_) throw sdk::Error::input("could not finish writing the interstice-v1 log");
}

}  // namespace interstice::v1_codec
