// What the exporter tests share: exporting a fixture log (or hand-made records) through a real
// exporter plugin as the host would, and reading CSV/NDJSON back.
#pragma once

#include "log_harness.hpp"
#include "plugin_harness.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/exporter.hpp"
#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/plugin_catalog.hpp"
#include "interstice/sdk/record_json.hpp"
#include "interstice/sdk/scanned_record.hpp"
#include "interstice/sdk/schema.hpp"
#include "interstice/sdk/transaction.hpp"
#include "interstice/sdk/value_json.hpp"
#include "interstice/sdk/util/json_transcoder.hpp"

#include <boost/json.hpp>

#include <malloc.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace sdk = interstice::sdk;
namespace json = boost::json;
using namespace interstice::test;

namespace interstice::test::exporters {

inline std::filesystem::path small_log() { return shared_fixtures() / "v1" / "logs" / "small.log"; }
inline std::filesystem::path real_log(const std::string& name) { return shared_fixtures() / "interstice-real" / name; }

/// A built-in codec. Through the base class: TestCatalog's `find` override hides the template.
inline const sdk::LogCodec& codec(std::string_view id) {
  const auto* found = static_cast<const sdk::PluginCatalog&>(log_codecs()).find<sdk::LogCodec>(id);
  BOOST_REQUIRE(found != nullptr);
  return *found;
}

struct Source {
  std::filesystem::path log;
  std::string codec = "interstice-v1";
  std::string variant = "interstice-v1";
  std::map<std::string, std::string, std::less<>> options = {};  ///< the exporter's own options
};

using Keep = std::function<bool(const sdk::TransactionView&)>;

/// Exports the records of `source` that `keep` selects (all when empty) into a temp file, as the
/// host does, and returns the file's bytes. `plugins` is the catalog the exporter sees.
inline std::string export_log(sdk::Exporter& exporter, const Source& source, const Keep& keep = {},
                       const sdk::PluginCatalog& plugins = log_codecs()) {
  const auto& reader_codec = codec(source.codec);
  TempBytes file({}, "export");
  SilentLogger logger;
  {
    std::ofstream out(file.path(), std::ios::binary);
    sdk::ExportTarget target{.stream = out,
                             .temp_path = file.path(),
                             .final_path = file.path(),
                             .source_path = source.log.string(),
                             .source_format = source.variant,
                             .source_codec = &reader_codec,
                             .filter = {},
                             .schemas = nullptr,
                             .plugins = &plugins,
                             .options = source.options};
    // The reader before the session, as the host does: the session may still use it while
    // it is being destroyed (parallel formatting).
    sdk::LogInput input(source.log);
    auto reader = reader_codec.open(input, source.variant);
    auto session = exporter.begin(target);
    sdk::TransactionView view;
    while (reader->next(view)) {
      if (keep && !keep(view)) continue;
      session->write(sdk::ExportRecord(sdk::ScannedRecord(view, *reader, nullptr, sdk::json_transcoder_of(*reader))));
    }
    BOOST_REQUIRE(!reader->damage());
    session->end();
  }
  auto bytes = read_bytes(file.path());
  return {bytes.begin(), bytes.end()};
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    lines.push_back(text.substr(start, end - start));
  BOOST_TEST(start == text.size());  // the last line ends in a newline too
  return lines;
}

/// The fixture's own description of every record (written by the reference encoder).
inline std::vector<json::object> fixture_records() {
  std::ifstream in(small_log().string() + ".records.jsonl");
  std::vector<json::object> records;
  for (std::string line; std::getline(in, line);) records.push_back(json::parse(line).as_object());
  return records;
}

/// A strict RFC 4180 reader: CRLF between records, quoted fields with doubled quotes, bare
/// fields without quotes. Fails the test on anything else.
inline std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '"') {
      for (++i;; ++i) {
        BOOST_REQUIRE_MESSAGE(i < text.size(), "unterminated quoted field");
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            ++i;
          } else {
            ++i;
            break;
          }
        } else {
          field += text[i];
        }
      }
    } else {
      while (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
        BOOST_REQUIRE_MESSAGE(text[i] != '"', "quote inside a bare field at byte " << i);
        field += text[i++];
      }
    }
    row.push_back(std::move(field));
    field.clear();
    if (i < text.size() && text[i] == ',') {
      ++i;
      continue;
    }
    BOOST_REQUIRE_MESSAGE(text.compare(i, 2, "\r\n") == 0, "a record must end in CRLF at byte " << i);
    i += 2;
    rows.push_back(std::move(row));
    row.clear();
  }
  return rows;
}

const std::string kCsvHeaderLine =
    "index,offset,module_id,table_name,operation,timestamp,data_hash,primary_key,row,old_row\r\n";
const std::vector<std::string> kCsvHeader = {"index",     "offset",      "module_id", "table_name", "operation",
                                             "timestamp", "data_hash",   "primary_key", "row",      "old_row"};

inline std::string text_of(const json::value& value) {
  return value.is_null() ? std::string() : json::value_to<std::string>(value);
}

/// A hand-made record, for names and values the fixtures do not have.
struct HandRecord {
  sdk::Transaction tx;
  sdk::TransactionView view;
  sdk::ExportRecord record() const { return {tx, view}; }  // data_hash: XXH64 of no bytes
};

inline std::string export_records(sdk::Exporter& exporter, const std::vector<HandRecord>& records,
                                  std::map<std::string, std::string, std::less<>> options = {}) {
  std::ostringstream out;
  sdk::ExportTarget target{.stream = out,
                           .temp_path = {},
                           .final_path = "hand.out",
                           .source_path = "hand",
                           .source_format = "hand",
                           .source_codec = nullptr,
                           .filter = {},
                           .schemas = nullptr,
                           .plugins = &log_codecs(),
                           .options = std::move(options)};
  auto session = exporter.begin(target);
  for (const auto& record : records) session->write(record.record());
  session->end();
  return out.str();
}

inline sdk::Value string_value(std::string text) {
  sdk::Value value;
  value.kind = sdk::ValueKind::String;
  value.text = std::move(text);
  return value;
}

inline sdk::Value u64_value(std::uint64_t number) {
  sdk::Value value;
  value.kind = sdk::ValueKind::U64;
  value.unsigned_value = number;
  return value;
}

/// `copies` copies of wide.log, one after another: a valid log several export batches long.
inline std::vector<unsigned char> wide_log_times(int copies) {
  const auto wide = read_bytes(shared_fixtures() / "v1" / "logs" / "wide.log");
  std::vector<unsigned char> bytes;
  for (int copy = 0; copy < copies; ++copy) bytes.insert(bytes.end(), wide.begin(), wide.end());
  return bytes;
}

/// The ndjson text of every record of `log`, formatted one record after another on this thread.
inline std::string ndjson_one_by_one(const std::filesystem::path& log, std::uint64_t* records = nullptr) {
  std::string text;
  sdk::LogInput input(log);
  auto reader = codec("interstice-v1").open(input, "interstice-v1");
  sdk::TransactionView view;
  while (reader->next(view)) {
    sdk::append_record_json(text, sdk::ScannedRecord(view, *reader, nullptr, sdk::json_transcoder_of(*reader)), sdk::data_hash(view.row));
    text += '\n';
    if (records) ++*records;
  }
  BOOST_REQUIRE(!reader->damage());
  return text;
}

/// Where a test export of a v1 log goes: `out`, named `final_path` in messages.
inline sdk::ExportTarget v1_target(std::ostream& out, const std::filesystem::path& log, const std::filesystem::path& final_path) {
  return {.stream = out,
          .temp_path = {},
          .final_path = final_path,
          .source_path = log.string(),
          .source_format = "interstice-v1",
          .source_codec = &codec("interstice-v1"),
          .filter = {},
          .schemas = nullptr,
          .plugins = &log_codecs()};
}

}  // namespace interstice::test::exporters
