// Logs made in tests for replay and determinism checks: records built by hand, written as an
// interstice-v1 log by the v1 codec's own writer or as a framed-g1 log by a small postcard encoder
// (spec: shared/spec/interstice-framed-log.md), and read back through the real codec plugins as
// the commands read them (ScannedRecord, so the codecs' fast paths are used).
#pragma once

#include "log_harness.hpp"
#include "plugin_harness.hpp"

#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/scanned_record.hpp"
#include "interstice/sdk/log_input.hpp"
#include "interstice/sdk/schema_json.hpp"

#include <boost/json/object.hpp>

#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace interstice::test {

using Operation = sdk::Operation;
using Value = sdk::Value;

/// A log of the shared v1 fixtures ("small.log"), and the facts its reference encoder wrote.
inline std::filesystem::path fixture_log(const std::string& name) { return shared_fixtures() / "v1" / "logs" / name; }
inline boost::json::object expected_facts(const std::filesystem::path& log) {
  return sdk::read_json_file(log.string() + ".expected.json").as_object();
}

inline const sdk::LogCodec& codec_for(std::string_view variant) {
  const char* id = variant.starts_with("framed") ? "framed" : "interstice-v1";
  const auto* codec = dynamic_cast<const sdk::LogCodec*>(log_codecs().find(sdk::LogCodec::kind, id));
  BOOST_REQUIRE(codec);
  return *codec;
}

/// Every record of `file` read as `variant`, handed out as the record loop hands them out.
inline void for_each_scanned(const std::filesystem::path& file, std::string_view variant,
                             const std::function<void(const sdk::ScannedRecord&)>& visit) {
  sdk::LogInput input(file);
  auto reader = codec_for(variant).open(input, variant);
  sdk::TransactionView view;
  while (reader->next(view)) visit(sdk::ScannedRecord(view, *reader));
  BOOST_REQUIRE_MESSAGE(!reader->damage(), reader->damage()->reason);
}

/// A record of table `module.table` with key `key` and the given entries.
inline sdk::Transaction make_record(sdk::Operation operation, std::string module, std::string table, sdk::Value key,
                                    std::vector<sdk::Value> entries = {}, std::optional<sdk::Value> old_key = {}) {
  sdk::Transaction tx;
  tx.operation = operation;
  tx.module = std::move(module);
  tx.table = std::move(table);
  tx.row.primary_key = std::move(key);
  tx.row.entries = std::move(entries);
  if (old_key) tx.old_row = sdk::Row{std::move(*old_key), tx.row.entries, false};
  return tx;
}

/// `records` as an interstice-v1 log, written by the codec's writer; timestamps and indexes are
/// the writer's business.
inline std::unique_ptr<TempBytes> v1_log(const std::vector<sdk::Transaction>& records) {
  std::ostringstream out;
  auto writer = codec_for("interstice-v1").writer(out, "interstice-v1");
  BOOST_REQUIRE(writer);
  for (const auto& record : records) writer->write(record);
  writer->finish();
  const auto text = out.str();
  return std::make_unique<TempBytes>(std::vector<unsigned char>(text.begin(), text.end()), "v1.log");
}

namespace postcard {

inline void varint(std::vector<unsigned char>& out, std::uint64_t value) {
  do {
    unsigned char byte = value & 0x7F;
    value >>= 7;
    out.push_back(static_cast<unsigned char>(byte | (value ? 0x80 : 0)));
  } while (value);
}

inline void text(std::vector<unsigned char>& out, const std::string& s) {
  varint(out, s.size());
  out.insert(out.end(), s.begin(), s.end());
}

template <typename T>
void raw(std::vector<unsigned char>& out, T value) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(&value);
  out.insert(out.end(), bytes, bytes + sizeof(T));
}

/// A g1 IntersticeValue (spec §3, §4.4).
inline void value(std::vector<unsigned char>& out, const sdk::Value& v) {
  using K = sdk::ValueKind;
  static const std::map<K, std::uint32_t> kG1 = {{K::Void, 0}, {K::U32, 1}, {K::U64, 2},  {K::I32, 3},
                                                 {K::I64, 4},  {K::F32, 5}, {K::F64, 6},  {K::Bool, 7},
                                                 {K::String, 8}, {K::Row, 9}, {K::Vec, 10}, {K::Option, 11}};
  BOOST_REQUIRE_MESSAGE(kG1.contains(v.kind), "framed g1 has no " << sdk::kind_name(v.kind));
  varint(out, kG1.at(v.kind));
  auto zigzag = [](std::int64_t n) { return (static_cast<std::uint64_t>(n) << 1) ^ static_cast<std::uint64_t>(n >> 63); };
  switch (v.kind) {
    case K::U32: case K::U64: varint(out, v.unsigned_value); break;
    case K::I32: case K::I64: varint(out, zigzag(v.signed_value)); break;
    case K::F32: raw(out, static_cast<float>(v.float_value)); break;
    case K::F64: raw(out, v.float_value); break;
    case K::Bool: out.push_back(v.unsigned_value ? 1 : 0); break;
    case K::String: text(out, v.text); break;
    case K::Row:
      value(out, v.items.at(0));
      varint(out, v.items.size() - 1);
      for (std::size_t i = 1; i < v.items.size(); ++i) value(out, v.items[i]);
      break;
    case K::Vec:
      varint(out, v.items.size());
      for (const auto& item : v.items) value(out, item);
      break;
    case K::Option:
      out.push_back(v.items.empty() ? 0 : 1);
      if (!v.items.empty()) value(out, v.items[0]);
      break;
    default: break;
  }
}

}  // namespace postcard

/// `records` as a framed-g1 log: no old rows, deletes carry only the key. Values of kinds g1
/// lacks (U8, Tuple, Struct, Enum) are a test error.
inline std::unique_ptr<TempBytes> framed_g1_log(const std::vector<sdk::Transaction>& records) {
  std::vector<unsigned char> file;
  for (const auto& record : records) {
    std::vector<unsigned char> payload;
    postcard::varint(payload, static_cast<std::uint64_t>(record.operation));  // Insert 0, Update 1, Delete 2
    postcard::text(payload, record.module);
    postcard::text(payload, record.table);
    postcard::value(payload, record.row.primary_key);
    if (record.operation != sdk::Operation::Delete) {
      postcard::varint(payload, record.row.entries.size());
      for (const auto& entry : record.row.entries) postcard::value(payload, entry);
    }
    postcard::raw(file, static_cast<std::uint32_t>(payload.size()));
    file.insert(file.end(), payload.begin(), payload.end());
  }
  return std::make_unique<TempBytes>(file, "framed.log");
}

}  // namespace interstice::test
