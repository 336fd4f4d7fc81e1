// The built-in exporters csv, json, ndjson and binary, driven the way `log-export` drives them:
// a real codec reads a shared fixture, every selected record goes to the exporter's session, and
// the output is read back independently (a small RFC 4180 parser, Boost.JSON, the v1 codec and
// `log-inspect`) and compared with the fixture's own record list.
#include "log_harness.hpp"
#include "plugin_harness.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/exporter.hpp"
#include "interstice/sdk/record_json.hpp"
#include "interstice/sdk/value_json.hpp"

#include <boost/json.hpp>

#include <malloc.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace sdk = interstice::sdk;
namespace json = boost::json;
using namespace interstice::test;

namespace {

std::filesystem::path small_log() { return shared_fixtures() / "v1" / "logs" / "small.log"; }
std::filesystem::path real_log(const std::string& name) { return shared_fixtures() / "interstice-real" / name; }

/// A built-in codec. Through the base class: TestCatalog's `find` override hides the template.
const sdk::LogCodec& codec(std::string_view id) {
  const auto* found = static_cast<const sdk::PluginCatalog&>(log_codecs()).find<sdk::LogCodec>(id);
  BOOST_REQUIRE(found != nullptr);
  return *found;
}

struct Source {
  std::filesystem::path log;
  std::string codec = "interstice-v1";
  std::string variant = "interstice-v1";
};

using Keep = std::function<bool(const sdk::TransactionView&)>;

/// Exports the records of `source` that `keep` selects (all when empty) into a temp file, as the
/// host does, and returns the file's bytes. `plugins` is the catalog the exporter sees.
std::string export_log(sdk::Exporter& exporter, const Source& source, const Keep& keep = {},
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
                             .log = &logger,
                             .plugins = &plugins};
    // The reader before the session, as the host does: the session may still use it while
    // it is being destroyed (parallel formatting).
    sdk::LogInput input(source.log);
    auto reader = reader_codec.open(input, source.variant);
    auto session = exporter.begin(target);
    sdk::TransactionView view;
    while (reader->next(view)) {
      if (keep && !keep(view)) continue;
      session->write(sdk::ExportRecord(sdk::ScannedRecord(view, *reader)));
    }
    BOOST_REQUIRE(!reader->damage());
    session->end();
  }
  auto bytes = read_bytes(file.path());
  return {bytes.begin(), bytes.end()};
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    lines.push_back(text.substr(start, end - start));
  BOOST_TEST(start == text.size());  // the last line ends in a newline too
  return lines;
}

/// The fixture's own description of every record (written by the reference encoder).
std::vector<json::object> fixture_records() {
  std::ifstream in(small_log().string() + ".records.jsonl");
  std::vector<json::object> records;
  for (std::string line; std::getline(in, line);) records.push_back(json::parse(line).as_object());
  return records;
}

/// A strict RFC 4180 reader: CRLF between records, quoted fields with doubled quotes, bare
/// fields without quotes. Fails the test on anything else.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
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
    "index,module_id,table_name,operation,timestamp,data_hash,primary_key,row,old_row\r\n";
const std::vector<std::string> kCsvHeader = {"index",     "module_id",   "table_name", "operation", "timestamp",
                                             "data_hash", "primary_key", "row",        "old_row"};

std::string text_of(const json::value& value) {
  return value.is_null() ? std::string() : json::value_to<std::string>(value);
}

/// A hand-made record, for names and values the fixtures do not have.
struct HandRecord {
  sdk::Transaction tx;
  sdk::TransactionView view;
  sdk::ExportRecord record() const { return {tx, view}; }  // data_hash: XXH64 of no bytes
};

std::string export_records(sdk::Exporter& exporter, const std::vector<HandRecord>& records) {
  std::ostringstream out;
  sdk::ExportTarget target{.stream = out,
                           .temp_path = {},
                           .final_path = "hand.out",
                           .source_path = "hand",
                           .source_format = "hand",
                           .source_codec = nullptr,
                           .filter = {},
                           .schemas = nullptr,
                           .log = nullptr,
                           .plugins = &log_codecs()};
  auto session = exporter.begin(target);
  for (const auto& record : records) session->write(record.record());
  session->end();
  return out.str();
}

sdk::Value string_value(std::string text) {
  sdk::Value value;
  value.kind = sdk::ValueKind::String;
  value.text = std::move(text);
  return value;
}

sdk::Value u64_value(std::uint64_t number) {
  sdk::Value value;
  value.kind = sdk::ValueKind::U64;
  value.unsigned_value = number;
  return value;
}

/// `copies` copies of wide.log, one after another: a valid log several export batches long.
std::vector<unsigned char> wide_log_times(int copies) {
  const auto wide = read_bytes(shared_fixtures() / "v1" / "logs" / "wide.log");
  std::vector<unsigned char> bytes;
  for (int copy = 0; copy < copies; ++copy) bytes.insert(bytes.end(), wide.begin(), wide.end());
  return bytes;
}

/// The ndjson text of every record of `log`, formatted one record after another on this thread.
std::string ndjson_one_by_one(const std::filesystem::path& log, std::uint64_t* records = nullptr) {
  std::string text;
  sdk::LogInput input(log);
  auto reader = codec("interstice-v1").open(input, "interstice-v1");
  sdk::TransactionView view;
  while (reader->next(view)) {
    sdk::append_record_json(text, sdk::ScannedRecord(view, *reader), sdk::data_hash(view.row));
    text += '\n';
    if (records) ++*records;
  }
  BOOST_REQUIRE(!reader->damage());
  return text;
}

/// Where a test export of a v1 log goes: `out`, named `final_path` in messages.
sdk::ExportTarget v1_target(std::ostream& out, const std::filesystem::path& log, const std::filesystem::path& final_path) {
  return {.stream = out,
          .temp_path = {},
          .final_path = final_path,
          .source_path = log.string(),
          .source_format = "interstice-v1",
          .source_codec = &codec("interstice-v1"),
          .filter = {},
          .schemas = nullptr,
          .log = nullptr,
          .plugins = &log_codecs()};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(exporters)

BOOST_AUTO_TEST_CASE(plugins_load_under_their_ids) {
  TestCatalog catalog({"exporter-csv.so", "exporter-json.so", "exporter-ndjson.so", "exporter-binary.so"});
  const sdk::PluginCatalog& plugins = catalog;
  for (const char* id : {"csv", "json", "ndjson", "binary"})
    BOOST_TEST((plugins.find<sdk::Exporter>(id) != nullptr), id);
  BOOST_TEST(catalog.list("exporter").size() == 4u);
}

BOOST_AUTO_TEST_CASE(ndjson_lines_describe_the_fixture_records) {
  LoadedPlugin<sdk::Exporter> ndjson("exporter-ndjson.so");
  const auto lines = lines_of(export_log(*ndjson, {small_log()}));
  const auto expected = fixture_records();
  BOOST_REQUIRE(lines.size() == expected.size());
  BOOST_REQUIRE(lines.size() == 1000u);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto object = json::parse(lines[i]).as_object();
    const auto& want = expected[i];
    BOOST_TEST_CONTEXT("record " << i) {
      BOOST_TEST(object.size() == 10u);
      BOOST_TEST(object.at("index") == want.at("index"));
      BOOST_TEST(object.at("offset") == want.at("offset"));
      BOOST_TEST(object.at("module_id") == want.at("module"));
      BOOST_TEST(object.at("table_name") == want.at("table"));
      std::string type = text_of(want.at("type"));
      std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
      BOOST_TEST(text_of(object.at("operation")) == type);
      BOOST_TEST(object.at("timestamp") == want.at("timestamp"));
      BOOST_TEST(text_of(object.at("data_hash")).size() == 16u);
      BOOST_TEST(object.at("primary_key") == want.at("row").at("primary_key"));
      BOOST_TEST(object.at("row") == want.at("row"));
      BOOST_TEST(object.at("old_row") == want.at("old_row"));
    }
  }
}

BOOST_AUTO_TEST_CASE(json_is_one_array_of_the_ndjson_objects) {
  LoadedPlugin<sdk::Exporter> json_exporter("exporter-json.so");
  LoadedPlugin<sdk::Exporter> ndjson("exporter-ndjson.so");
  const auto text = export_log(*json_exporter, {small_log()});
  const auto lines = lines_of(export_log(*ndjson, {small_log()}));

  const auto array = json::parse(text).as_array();
  BOOST_REQUIRE(array.size() == 1000u);
  for (std::size_t i = 0; i < array.size(); ++i) BOOST_TEST((array[i] == json::parse(lines[i])), "record " << i);

  // One object per line, byte for byte the ndjson text.
  std::string layout = "[\n";
  for (std::size_t i = 0; i < lines.size(); ++i) layout += (i ? ",\n" : "") + lines[i];
  layout += "\n]\n";
  BOOST_TEST((text == layout));
}

BOOST_AUTO_TEST_CASE(csv_parses_back_to_the_ndjson_records) {
  LoadedPlugin<sdk::Exporter> csv("exporter-csv.so");
  LoadedPlugin<sdk::Exporter> ndjson("exporter-ndjson.so");
  const auto rows = parse_csv(export_log(*csv, {small_log()}));
  const auto lines = lines_of(export_log(*ndjson, {small_log()}));
  BOOST_REQUIRE(rows.size() == 1001u);
  BOOST_TEST(rows[0] == kCsvHeader, boost::test_tools::per_element());
  std::size_t quoted_quotes = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& row = rows[i + 1];
    const auto object = json::parse(lines[i]).as_object();
    BOOST_TEST_CONTEXT("record " << i) {
      BOOST_REQUIRE(row.size() == 9u);
      BOOST_TEST(row[0] == json::serialize(object.at("index")));
      BOOST_TEST(row[1] == text_of(object.at("module_id")));
      BOOST_TEST(row[2] == text_of(object.at("table_name")));
      BOOST_TEST(row[3] == text_of(object.at("operation")));
      BOOST_TEST(row[4] == json::serialize(object.at("timestamp")));
      BOOST_TEST(row[5] == text_of(object.at("data_hash")));
      // The JSON columns hold exactly the ndjson text of those members.
      const std::string& line = lines[i];
      BOOST_TEST(line.find("\"primary_key\":" + row[6] + ",\"row\":" + row[7] + ",\"old_row\":") != std::string::npos);
      BOOST_TEST((json::parse(row[6]) == object.at("primary_key")));
      BOOST_TEST((json::parse(row[7]) == object.at("row")));
      if (object.at("old_row").is_null())
        BOOST_TEST(row[8].empty());
      else
        BOOST_TEST((json::parse(row[8]) == object.at("old_row")));
      if (row[7].find("\\\"") != std::string::npos) ++quoted_quotes;
    }
  }
  // The fixture's strings hold quotes, commas, CR/LF, NUL and emoji (escaped in the JSON text):
  // make sure the tricky ones were really exercised.
  BOOST_TEST(quoted_quotes > 0u);
}

BOOST_AUTO_TEST_CASE(csv_quotes_names_and_leaves_absent_values_empty) {
  LoadedPlugin<sdk::Exporter> csv("exporter-csv.so");
  HandRecord plain;
  plain.tx.index = 7;
  plain.tx.module = "plain";
  plain.tx.table = "t";
  plain.tx.operation = sdk::Operation::Delete;
  plain.tx.row.primary_key = u64_value(5);
  plain.tx.row.key_only = true;
  HandRecord tricky;
  tricky.tx.index = 8;
  tricky.tx.module = "a,b";
  tricky.tx.table = "say \"hi\"\r\nnext";
  tricky.tx.operation = sdk::Operation::Update;
  tricky.tx.timestamp = 42;
  tricky.tx.row.primary_key = string_value("k");
  tricky.tx.row.entries = {string_value("x,\"y\"\n")};
  tricky.tx.old_row = tricky.tx.row;
  tricky.tx.old_row->entries = {string_value("")};

  const auto text = export_records(*csv, {plain, tricky});
  BOOST_TEST(text.starts_with(kCsvHeaderLine));
  // No timestamp, no old row: empty cells.
  BOOST_TEST(text.find(R"(7,plain,t,delete,,ef46db3751d8e999,"{""U64"":5}","{""primary_key"":{""U64"":5}}",)"
                       "\r\n") != std::string::npos);
  BOOST_TEST(text.find("8,\"a,b\",\"say \"\"hi\"\"\r\nnext\",update,42,") != std::string::npos);

  const auto rows = parse_csv(text);
  BOOST_REQUIRE(rows.size() == 3u);
  const std::vector<std::string> want = {"8",
                                         "a,b",
                                         "say \"hi\"\r\nnext",
                                         "update",
                                         "42",
                                         "ef46db3751d8e999",
                                         "{\"String\":\"k\"}",
                                         R"({"primary_key":{"String":"k"},"entries":[{"String":"x,\"y\"\n"}]})",
                                         R"({"primary_key":{"String":"k"},"entries":[{"String":""}]})"};
  BOOST_TEST(rows[2] == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(no_records_still_make_valid_outputs) {
  LoadedPlugin<sdk::Exporter> csv("exporter-csv.so");
  LoadedPlugin<sdk::Exporter> json_exporter("exporter-json.so");
  LoadedPlugin<sdk::Exporter> ndjson("exporter-ndjson.so");
  LoadedPlugin<sdk::Exporter> binary("exporter-binary.so");
  const auto none = [](const sdk::TransactionView&) { return false; };
  const Source empty{shared_fixtures() / "v1" / "logs" / "empty.log"};

  for (const auto& source : {Source{small_log()}, empty}) {
    const Keep keep = source.log == small_log() ? Keep(none) : Keep();
    BOOST_TEST(export_log(*csv, source, keep) == kCsvHeaderLine);
    const auto text = export_log(*json_exporter, source, keep);
    BOOST_TEST(text == "[]\n");
    BOOST_TEST(json::parse(text).as_array().empty());
    BOOST_TEST(export_log(*ndjson, source, keep).empty());
    // A v1 log has no file header: zero records is the empty file, like the empty.log fixture.
    BOOST_TEST(export_log(*binary, source, keep).empty());
  }
}

BOOST_AUTO_TEST_CASE(binary_of_a_subset_copies_those_records_byte_for_byte) {
  LoadedPlugin<sdk::Exporter> binary("exporter-binary.so");
  const auto every_third = [](const sdk::TransactionView& view) { return view.index % 3 == 0; };
  const auto text = export_log(*binary, {small_log()}, every_third);
  const std::vector<unsigned char> bytes(text.begin(), text.end());

  // What the output must be: the selected records' stored bytes, back to back.
  const auto& v1 = codec("interstice-v1");
  const auto source = read_log(v1, small_log(), "interstice-v1");
  const auto source_bytes = read_bytes(small_log());
  std::vector<unsigned char> expected;
  std::vector<sdk::Transaction> selected;
  for (std::size_t i = 0; i < source.records.size(); i += 3) {
    const auto& tx = source.records[i];
    expected.insert(expected.end(), source_bytes.begin() + static_cast<std::ptrdiff_t>(tx.offset),
                    source_bytes.begin() + static_cast<std::ptrdiff_t>(tx.offset + tx.size));
    selected.push_back(tx);
  }
  BOOST_TEST(bytes == expected, boost::test_tools::per_element());

  TempBytes file(bytes, "subset.log");
  const auto again = read_log(v1, file.path(), "interstice-v1");
  BOOST_TEST(!again.damage);
  BOOST_REQUIRE(again.records.size() == selected.size());
  BOOST_REQUIRE(selected.size() == 334u);
  for (std::size_t i = 0; i < selected.size(); ++i) {
    auto want = selected[i];
    want.index = again.records[i].index;  // renumbered and moved, otherwise identical
    want.offset = again.records[i].offset;
    BOOST_TEST((again.records[i] == want), "record " << i);
    BOOST_TEST((again.records[i].checksum == sdk::ChecksumStatus::valid));
  }
}

BOOST_AUTO_TEST_CASE(binary_output_is_a_valid_log_for_log_inspect) {
  LoadedPlugin<sdk::Exporter> binary("exporter-binary.so");
  const auto odd = [](const sdk::TransactionView& view) { return view.index % 2 == 1; };
  const auto text = export_log(*binary, {small_log()}, odd);
  TempBytes file({text.begin(), text.end()}, "inspect.log");

  LoadedPlugin<sdk::Command> inspect("command-log-inspect.so");
  TestContext context(*inspect, {file.path().string()}, &log_codecs());
  const auto report = inspect->run(context);
  const auto& data = report.data.as_object();
  BOOST_TEST(data.at("is_valid").as_bool());
  BOOST_TEST(data.at("transaction_count").to_number<std::uint64_t>() == 500u);
  BOOST_TEST(data.at("format").at("codec").as_string() == "interstice-v1");
  BOOST_TEST((report.outcome == sdk::Outcome::ok));
}

BOOST_AUTO_TEST_CASE(binary_reencodes_a_framed_log) {
  LoadedPlugin<sdk::Exporter> binary("exporter-binary.so");
  const auto& v1 = codec("interstice-v1");
  const auto& framed = codec("framed");
  const std::pair<const char*, const char*> logs[] = {{"g2-ceaa029.log", "framed-g2"}, {"g1-8b10d42.log", "framed-g1"}};
  for (const auto& [name, variant] : logs) {
    BOOST_TEST_CONTEXT(name) {
      const auto text = export_log(*binary, {real_log(name), "framed", variant});
      TempBytes file({text.begin(), text.end()}, "framed.log");
      const auto source = read_log(framed, real_log(name), variant);
      const auto again = read_log(v1, file.path(), "interstice-v1");
      BOOST_TEST(!again.damage);
      BOOST_REQUIRE(again.records.size() == source.records.size());
      BOOST_REQUIRE(!source.records.empty());
      for (std::size_t i = 0; i < source.records.size(); ++i) {
        const auto& got = again.records[i];
        const auto& want = source.records[i];
        BOOST_TEST(got.module == want.module);
        BOOST_TEST(got.table == want.table);
        BOOST_TEST((got.operation == want.operation));
        BOOST_TEST(sdk::to_json_text(got.row) == sdk::to_json_text(want.row));
        BOOST_TEST((got.row == want.row));
        BOOST_TEST((got.timestamp == std::optional<std::uint64_t>(0)));  // framed logs have no timestamps
        BOOST_TEST((got.checksum == sdk::ChecksumStatus::valid));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(binary_rejects_values_v1_cannot_hold_naming_the_record) {
  LoadedPlugin<sdk::Exporter> binary("exporter-binary.so");
  const auto log = real_log("g2-43adf1a.log");
  try {
    export_log(*binary, {log, "framed", "framed-g2"});
    BOOST_FAIL("a Struct value was exported to interstice-v1");
  } catch (const sdk::Error& error) {
    const std::string what = error.what();
    BOOST_TEST_MESSAGE(what);
    BOOST_TEST(what.find(log.string()) != std::string::npos);
    BOOST_TEST(what.find("record 0") != std::string::npos);
    BOOST_TEST(what.find("Struct") != std::string::npos);
    BOOST_TEST((error.location().record_index == std::optional<std::uint64_t>(0)));
    BOOST_TEST((error.location().byte_offset == std::optional<std::uint64_t>(0)));
  }
}

BOOST_AUTO_TEST_CASE(binary_needs_the_v1_codec) {
  LoadedPlugin<sdk::Exporter> binary("exporter-binary.so");
  NoPlugins none;
  try {
    export_log(*binary, {small_log()}, {}, none);
    BOOST_FAIL("exported without a codec to write with");
  } catch (const sdk::Error& error) {
    BOOST_TEST(std::string(error.what()).find("interstice-v1 log codec") != std::string::npos);
    BOOST_TEST((error.kind() == sdk::ErrorKind::input));
  }
}

// csv and ndjson format records on every spare CPU (parallel_formatter.hpp). A log of ~6.6 MB
// makes 13 batches, more than may be in flight at once, so workers, the caller helping, and
// the in-order writing all take part; the text must be exactly what formatting one record
// after another gives.
BOOST_AUTO_TEST_CASE(parallel_formatting_keeps_record_order) {
  TempBytes log(wide_log_times(4), "four-wide.log");
  std::uint64_t records = 0;
  const std::string expected = ndjson_one_by_one(log.path(), &records);
  // The json array: the same objects, `,` (the base class's separator) between them.
  std::string expected_json = "[";
  for (const auto& line : lines_of(expected)) expected_json += (expected_json.size() > 1 ? ",\n" : "\n") + line;
  expected_json += "\n]\n";
  LoadedPlugin<sdk::Exporter> ndjson("exporter-ndjson.so");
  LoadedPlugin<sdk::Exporter> csv("exporter-csv.so");
  LoadedPlugin<sdk::Exporter> json_exporter("exporter-json.so");
  for (int run = 0; run < 3; ++run) {  // the interleaving differs from run to run
    BOOST_TEST(export_log(*ndjson, {log.path()}) == expected);
    BOOST_TEST(parse_csv(export_log(*csv, {log.path()})).size() == records + 1);
    BOOST_TEST(export_log(*json_exporter, {log.path()}) == expected_json);
  }
}

// A record made by hand (no reader, so it cannot be copied for a worker) in the middle of read
// ones: everything before it is written first, and the separators still fall between records.
BOOST_AUTO_TEST_CASE(hand_made_records_between_parallel_ones_keep_their_place) {
  LoadedPlugin<sdk::Exporter> json_exporter("exporter-json.so");
  std::ostringstream out;
  const auto target = v1_target(out, small_log(), "mixed.json");
  sdk::LogInput input(small_log());
  auto reader = codec("interstice-v1").open(input, "interstice-v1");
  auto session = json_exporter->begin(target);
  HandRecord hand;
  hand.tx.index = 424242;
  hand.tx.module = "by-hand";
  hand.tx.table = "t";
  hand.tx.row.primary_key = u64_value(1);
  sdk::TransactionView view;
  std::uint64_t read = 0;
  while (reader->next(view)) {
    session->write(sdk::ExportRecord(sdk::ScannedRecord(view, *reader)));
    if (++read == 300) session->write(hand.record());
  }
  session->end();
  const auto array = json::parse(out.str()).as_array();
  BOOST_REQUIRE(array.size() == read + 1);
  BOOST_TEST(array[299].at("index").as_int64() == 299);
  BOOST_TEST(array[300].at("index").as_int64() == 424242);
  BOOST_TEST(array[301].at("index").as_int64() == 300);
  BOOST_TEST(array.back().at("index").as_int64() == static_cast<std::int64_t>(read - 1));
}

// A damaged record ends the export (as the host's scan does): everything before it, formatted on
// however many threads, is written in order, and nothing after it.
BOOST_AUTO_TEST_CASE(parallel_formatting_writes_every_record_before_damage) {
  auto bytes = wide_log_times(4);
  bytes[bytes.size() / 2 + 1000] ^= 0x40;  // inside a record past several batches: its checksum fails
  TempBytes log(bytes, "damaged-wide.log");

  std::string expected;
  TempBytes out({}, "damaged-wide.ndjson");
  LoadedPlugin<sdk::Exporter> ndjson("exporter-ndjson.so");
  std::uint64_t before_damage = 0;
  {
    std::ofstream stream(out.path(), std::ios::binary);
    const auto target = v1_target(stream, log.path(), out.path());
    sdk::LogInput input(log.path());
    auto reader = codec("interstice-v1").open(input, "interstice-v1");
    auto session = ndjson->begin(target);
    sdk::TransactionView view;
    while (reader->next(view)) {
      const sdk::ScannedRecord scanned(view, *reader);
      sdk::append_record_json(expected, scanned, sdk::data_hash(view.row));
      expected += '\n';
      session->write(sdk::ExportRecord(scanned));
      ++before_damage;
    }
    BOOST_REQUIRE(reader->damage().has_value());
    BOOST_TEST(before_damage > 4000u);  // several batches' worth
    session->end();
  }
  const auto written = read_bytes(out.path());
  BOOST_TEST(std::string(written.begin(), written.end()) == expected);
}

// Empty names and a record bigger than the reader's 4 MiB block (so the reader replaces its
// buffer while earlier records wait to be formatted): the batches hold their own copies, empty
// spans included, so the export is what one thread would write.
BOOST_AUTO_TEST_CASE(parallel_formatting_survives_empty_names_and_huge_records) {
  // Large blocks always from mmap, so a buffer the reader lets go is unmapped at once and a
  // stale pointer into it faults (glibc would otherwise start keeping them on the heap once
  // earlier tests freed big buffers).
  ::mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  std::ostringstream encoded;
  {
    auto writer = codec("interstice-v1").writer(encoded, "interstice-v1");
    BOOST_REQUIRE(writer);
    for (std::uint64_t i = 0; i < 3000; ++i) {
      sdk::Transaction tx;
      tx.module = i % 2 ? "" : "m";
      tx.table = i % 3 ? "t" : "";
      tx.timestamp = 1000 + i;
      tx.row.primary_key = u64_value(i);
      tx.row.entries = {string_value(i == 1500 ? std::string(std::size_t{5} << 20, 'x') : "")};
      writer->write(tx);
    }
    writer->finish();
  }
  const std::string text = encoded.str();
  TempBytes log(std::vector<unsigned char>(text.begin(), text.end()), "empty-names.log");

  LoadedPlugin<sdk::Exporter> ndjson("exporter-ndjson.so");
  BOOST_TEST(export_log(*ndjson, {log.path()}) == ndjson_one_by_one(log.path()));
}

// A failure while formatting on a worker surfaces on the caller's thread, and it is the failure
// of the earliest record, whatever thread met a later one first.
BOOST_AUTO_TEST_CASE(parallel_formatting_reports_the_first_failing_record) {
  struct FailsFrom final : sdk::TextExporter {
    std::uint64_t first_bad = 0;
    bool formats_records_independently() const override { return true; }
    void write_record(const sdk::ExportRecord& record, std::string& out) override {
      if (record.view.index >= first_bad) throw sdk::Error::input("cannot format record " + std::to_string(record.view.index));
      out += record.view.table;
    }
  };
  const auto wide = shared_fixtures() / "v1" / "logs" / "wide.log";
  for (std::uint64_t first_bad : {0, 1500, 4000}) {
    FailsFrom exporter;
    exporter.first_bad = first_bad;
    try {
      export_log(exporter, {wide});
      BOOST_TEST(false, "no error for record " << first_bad);
    } catch (const sdk::Error& error) {
      BOOST_TEST(error.message() == "cannot format record " + std::to_string(first_bad));
    }
  }
}

// When a worker's failure surfaces, every worker has stopped before `write`/`end` throws, so a
// caller may destroy the reader before the session (which the session docs still advise
// against) without a worker formatting through it afterwards.
BOOST_AUTO_TEST_CASE(parallel_formatting_stops_its_workers_before_it_throws) {
  struct FailsFirst final : sdk::TextExporter {
    bool formats_records_independently() const override { return true; }
    void write_record(const sdk::ExportRecord& record, std::string& out) override {
      if (record.view.index == 0) throw sdk::Error::input("cannot format record 0");
      record.append_json(sdk::RowPart::row, out);  // uses the reader
    }
  };
  TempBytes log(wide_log_times(8), "eight-wide.log");
  FailsFirst exporter;
  std::ostringstream out;
  const auto target = v1_target(out, log.path(), "x");
  auto session = exporter.begin(target);
  bool threw = false;
  {
    sdk::LogInput input(log.path());
    auto reader = codec("interstice-v1").open(input, "interstice-v1");
    try {
      sdk::TransactionView view;
      while (reader->next(view)) session->write(sdk::ExportRecord(sdk::ScannedRecord(view, *reader)));
      session->end();
    } catch (const sdk::Error& error) {
      threw = true;
      BOOST_TEST(error.message() == "cannot format record 0");
    }
  }  // the reader goes first
  session.reset();
  BOOST_TEST(threw);
}

BOOST_AUTO_TEST_SUITE_END()
