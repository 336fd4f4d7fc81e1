// The `interstice-v1` log codec: every record of the shared samples decodes to what the reference
// reader dumped, the expected facts hold, each damaged fixture is reported at the right record
// with the reference reader's words, resynchronisation finds the records after damage, odd block
// sizes, truncations and bit flips never crash or overrun, bincode and UTF-8 are judged exactly as
// Rust judges them, and the writer reproduces the sample files byte for byte.
#include "log_harness.hpp"
#include "plugin_harness.hpp"
#include "test_paths.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/util/concurrency.hpp"
#include "interstice/sdk/util/record_pipeline.hpp"
#include "interstice/sdk/record_json.hpp"
#include "interstice/sdk/scanned_record.hpp"
#include "interstice/sdk/schema_json.hpp"
#include "interstice/sdk/transaction.hpp"
#include "interstice/sdk/value_json.hpp"
#include "interstice/sdk/util/json_transcoder.hpp"
#include "interstice/sdk/util/utf8.hpp"

#include <boost/crc.hpp>
#include <boost/json.hpp>
#include <fmt/format.h>

#include <cstdint>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace sdk = interstice::sdk;
namespace json = boost::json;
using namespace interstice::test;

namespace {

using Bytes = std::vector<unsigned char>;

constexpr const char* kPluginFile = "log-codec-interstice-v1.so";
constexpr const char* kVariant = "interstice-v1";

std::filesystem::path v1_fixtures() { return shared_fixtures() / "v1"; }

json::object json_file(const std::filesystem::path& path) { return sdk::read_json_file(path).as_object(); }

json::object expected_for(const std::filesystem::path& log) {
  return json_file(log.string() + ".expected.json");
}

std::uint32_t crc32(const Bytes& bytes) {
  boost::crc_32_type crc;
  crc.process_bytes(bytes.data(), bytes.size());
  return crc.checksum();
}

void append_le(Bytes& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<unsigned char>(value >> (8 * i)));
}

Bytes operator+(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

Bytes text_bytes(std::string_view text) { return Bytes(text.begin(), text.end()); }

/// One record built field by field (any bytes, any lengths), with a correct CRC.
Bytes raw_record(const Bytes& row, const Bytes& old_row = {0}, std::uint8_t type = 1,
                 const Bytes& module = text_bytes("m"), const Bytes& table = text_bytes("t"),
                 std::uint64_t timestamp = 5) {
  Bytes out{1, type};
  for (const Bytes* field : {&module, &table, &row, &old_row}) {
    append_le(out, field->size(), 4);
    out.insert(out.end(), field->begin(), field->end());
  }
  append_le(out, timestamp, 8);
  append_le(out, crc32(out), 4);
  return out;
}

// bincode pieces for hand-made rows.
Bytes tag(std::uint32_t value) {
  Bytes out;
  append_le(out, value, 4);
  return out;
}
Bytes u64(std::uint64_t value) {
  Bytes out;
  append_le(out, value, 8);
  return out;
}
Bytes string_value(const Bytes& text) { return tag(8) + u64(text.size()) + text; }
/// A Row with primary key U32 1 and the given encoded entries.
Bytes row_of(const std::vector<Bytes>& entries) {
  Bytes out = tag(1) + Bytes{1, 0, 0, 0} + u64(entries.size());
  for (const auto& entry : entries) out = out + entry;
  return out;
}

/// A view's facts that outlive the view.
struct SeenRecord {
  sdk::TransactionView view;  // spans cleared: they die with the reader's next call
  Bytes raw;
  Bytes row;
  Bytes old_row;
  sdk::Transaction decoded;
};

struct ReadAll {
  std::vector<SeenRecord> records;
  std::optional<sdk::LogDamage> damage;
  std::uint64_t position = 0;
};

/// Reads `reader` to the end or to damage, keeping copies of every view's bytes.
ReadAll drain(sdk::LogReader& reader, bool decode = true) {
  ReadAll result;
  sdk::TransactionView view;
  while (reader.next(view)) {
    SeenRecord seen;
    seen.raw.assign(view.raw.begin(), view.raw.end());
    seen.row.assign(view.row.begin(), view.row.end());
    seen.old_row.assign(view.old_row.begin(), view.old_row.end());
    if (decode) seen.decoded = reader.decode(view);
    seen.view = view;
    seen.view.raw = seen.view.row = seen.view.old_row = {};
    seen.view.module = seen.view.table = {};
    result.records.push_back(std::move(seen));
  }
  result.damage = reader.damage();
  result.position = reader.position();
  return result;
}

ReadAll read_file(const sdk::LogCodec& codec, const std::filesystem::path& file,
                  std::size_t block = sdk::LogInput::kDefaultBlock, bool decode = true) {
  sdk::LogInput input(file, block);
  auto reader = codec.open(input, kVariant);
  return drain(*reader, decode);
}

ReadAll read_bytes_as_log(const sdk::LogCodec& codec, const Bytes& bytes, bool decode = true) {
  TempBytes file(bytes);
  return read_file(codec, file.path(), sdk::LogInput::kDefaultBlock, decode);
}

/// The first damage reason when `bytes` is read, or "" when it reads cleanly.
std::string reason_for(const sdk::LogCodec& codec, const Bytes& bytes) {
  auto result = read_bytes_as_log(codec, bytes, false);
  return result.damage ? result.damage->reason : "";
}

/// The text of one top-level member of a compact serde_json line, as written (the reference
/// dump writes "row" and then "old_row" last, and quotes inside strings are escaped, so these
/// markers cannot occur inside values).
std::string member_text(const std::string& line, const std::string& name, const std::string& next_marker) {
  const std::string marker = "\"" + name + "\":";
  const auto start = line.find(marker);
  BOOST_REQUIRE(start != std::string::npos);
  const auto from = start + marker.size();
  const auto end = next_marker.empty() ? line.rfind('}') : line.find(next_marker, from);
  BOOST_REQUIRE(end != std::string::npos);
  return line.substr(from, end - from);
}

void check_against_dump(const sdk::LogCodec& codec, const std::filesystem::path& log) {
  auto result = read_file(codec, log);
  BOOST_REQUIRE(!result.damage);
  std::ifstream dump(log.string() + ".records.jsonl");
  std::string line;
  std::size_t index = 0;
  while (std::getline(dump, line)) {
    BOOST_TEST_CONTEXT(log.filename().string() << " record " << index) {
      BOOST_REQUIRE_LT(index, result.records.size());
      const auto& seen = result.records[index];
      const auto& t = seen.decoded;
      const auto fields = json::parse(line).as_object();
      BOOST_TEST(t.index == fields.at("index").to_number<std::uint64_t>());
      BOOST_TEST(t.offset == fields.at("offset").to_number<std::uint64_t>());
      BOOST_TEST(t.size == fields.at("length").to_number<std::uint64_t>());
      BOOST_TEST(sdk::to_string(t.operation) == fields.at("type").as_string());
      BOOST_TEST(t.module == fields.at("module").as_string());
      BOOST_TEST(t.table == fields.at("table").as_string());
      BOOST_TEST(t.timestamp.value() == fields.at("timestamp").to_number<std::uint64_t>());
      const auto stored = static_cast<std::uint32_t>(seen.raw[seen.raw.size() - 4]) |
                          static_cast<std::uint32_t>(seen.raw[seen.raw.size() - 3]) << 8 |
                          static_cast<std::uint32_t>(seen.raw[seen.raw.size() - 2]) << 16 |
                          static_cast<std::uint32_t>(seen.raw[seen.raw.size() - 1]) << 24;
      BOOST_TEST(stored == fields.at("checksum").to_number<std::uint32_t>());
      BOOST_TEST((t.checksum == sdk::ChecksumStatus::valid));
      // Byte-exact JSON: floats, -0.0, huge integers and escapes all print as serde prints them.
      BOOST_TEST(sdk::to_json_text(t.row) == member_text(line, "row", ",\"old_row\":"));
      BOOST_TEST((t.old_row ? sdk::to_json_text(*t.old_row) : "null") == member_text(line, "old_row", ""));
    }
    ++index;
  }
  BOOST_TEST(index == result.records.size());
}

bool same_records(const ReadAll& a, const ReadAll& b) {
  if (a.records.size() != b.records.size() || a.position != b.position) return false;
  if (a.damage.has_value() != b.damage.has_value()) return false;
  if (a.damage && (a.damage->index != b.damage->index || a.damage->offset != b.damage->offset ||
                   a.damage->reason != b.damage->reason || a.damage->incomplete != b.damage->incomplete))
    return false;
  for (std::size_t i = 0; i < a.records.size(); ++i)
    if (a.records[i].raw != b.records[i].raw || !(a.records[i].decoded.row == b.records[i].decoded.row) ||
        a.records[i].decoded.old_row != b.records[i].decoded.old_row)
      return false;
  return true;
}

std::vector<std::filesystem::path> corrupt_fixtures() {
  std::vector<std::filesystem::path> logs;
  for (const auto& entry : std::filesystem::directory_iterator(v1_fixtures() / "corrupt"))
    if (entry.path().extension() == ".log") logs.push_back(entry.path());
  std::sort(logs.begin(), logs.end());
  return logs;
}

/// Encodes `records` with the codec's writer.
Bytes write_records(const sdk::LogCodec& codec, const std::vector<sdk::Transaction>& records) {
  std::ostringstream out;
  auto writer = codec.writer(out, kVariant);
  BOOST_REQUIRE(writer);
  for (const auto& record : records) writer->write(record);
  writer->finish();
  const auto text = out.str();
  return Bytes(text.begin(), text.end());
}

sdk::Transaction insert_of(sdk::Row row) {
  sdk::Transaction t;
  t.module = "m";
  t.table = "t";
  t.row = std::move(row);
  t.timestamp = 1;
  return t;
}

sdk::Row row_with(sdk::Value entry) {
  sdk::Row row;
  row.primary_key = sdk::Value::u64(1);
  row.entries.push_back(std::move(entry));
  return row;
}


// --- Big logs: the reader checks records of files >= 8 MiB on two threads, in 4 MiB chunks ---

constexpr std::uint64_t kParallelMinBytes = sdk::RecordPipeline::kMinBytes;
constexpr std::uint64_t kChunkBytes = sdk::RecordPipeline::kChunkBytes;

/// A log of at least `target` bytes written with the codec's own writer: inserts, updates with
/// an old row, deletes, four modules, strings of 0..900 bytes with multi-byte characters, and
/// optionally one record of `giant` bytes (longer than a chunk) near the middle.
Bytes big_log(const sdk::LogCodec& codec, std::uint64_t target, std::size_t giant = 0) {
  std::mt19937 random(11);
  std::vector<sdk::Transaction> records;
  std::uint64_t bytes = 0;
  const char* modules[] = {"chat", "game", "hello", "payments"};
  const char* tables[] = {"users", "messages", "scores"};
  while (bytes < target) {
    sdk::Transaction t;
    t.module = modules[random() % 4];
    t.table = tables[random() % 3];
    std::string text(random() % 900, 'a');
    for (std::size_t i = 0; i + 3 < text.size(); i += 7) text.replace(i, 3, "\xe2\x82\xac");  // a euro sign
    if (giant && records.size() == 9000) text.assign(giant, 'g');
    sdk::Row row;
    row.primary_key = sdk::Value::u64(records.size());
    row.entries.push_back(sdk::Value::string(text));
    row.entries.push_back(sdk::Value::i64(-static_cast<std::int64_t>(random())));
    const auto kind = random() % 3;
    t.operation = kind == 0 ? sdk::Operation::Insert : kind == 1 ? sdk::Operation::Update : sdk::Operation::Delete;
    if (t.operation == sdk::Operation::Update) t.old_row = row;
    t.row = std::move(row);
    t.timestamp = 1'700'000'000'000 + records.size();
    bytes += text.size() + 100;
    records.push_back(std::move(t));
  }
  return write_records(codec, records);
}

/// Where each record of a well-formed log starts (from its length fields).
std::vector<std::uint64_t> record_starts(const Bytes& log) {
  std::vector<std::uint64_t> starts;
  auto u32_at = [&](std::uint64_t at) {
    return std::uint64_t{log[at]} | std::uint64_t{log[at + 1]} << 8 | std::uint64_t{log[at + 2]} << 16 |
           std::uint64_t{log[at + 3]} << 24;
  };
  for (std::uint64_t at = 0; at < log.size();) {
    starts.push_back(at);
    std::uint64_t end = 2;
    for (int field = 0; field < 4; ++field) end += 4 + u32_at(at + end);
    at += end + 12;
  }
  return starts;
}

/// The records around each chunk boundary, and the first and last records of the log.
std::vector<std::size_t> records_to_damage(const std::vector<std::uint64_t>& starts, std::uint64_t size) {
  std::vector<std::size_t> picks{0, 1, starts.size() - 2, starts.size() - 1};
  for (std::size_t first : chunk_first_records(starts, size, kChunkBytes)) {
    if (first == 0) continue;
    for (std::size_t k : {first - 2, first - 1, first, first + 1}) picks.push_back(k);
  }
  return picks;
}

/// Checks the reader stopped at record `k` with `reason` after handing out exactly the intact
/// log's first `k` records.
void check_stopped_at(const ReadAll& result, const ReadAll& intact, std::size_t k, const std::string& reason,
                      bool incomplete) {
  BOOST_REQUIRE(result.damage);
  BOOST_TEST(result.damage->index == k);
  BOOST_TEST(result.damage->offset == intact.records[k].view.offset);
  BOOST_TEST(result.damage->reason == reason);
  BOOST_TEST(result.damage->incomplete == incomplete);
  BOOST_REQUIRE_EQUAL(result.records.size(), k);
  BOOST_TEST(result.position == intact.records[k].view.offset);
  for (std::size_t i = 0; i < k; ++i)
    if (result.records[i].raw != intact.records[i].raw) BOOST_FAIL("record " << i << " differs");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(codec_interstice_v1)

BOOST_AUTO_TEST_CASE(one_variant_and_unknown_variants_are_refused) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const auto variants = codec->variants();
  BOOST_REQUIRE_EQUAL(variants.size(), 1u);
  BOOST_TEST(variants[0].id == kVariant);
  BOOST_TEST(!variants[0].description.empty());
  sdk::LogInput input(v1_fixtures() / "logs" / "empty.log");
  BOOST_CHECK_THROW(codec->open(input, "framed-g2"), sdk::Error);
  std::ostringstream out;
  BOOST_CHECK_THROW(codec->writer(out, "framed-g2"), sdk::Error);
  auto reader = codec->open(input, kVariant);
  BOOST_TEST(reader->format() == kVariant);
}

BOOST_AUTO_TEST_CASE(every_record_matches_the_reference_dump) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  check_against_dump(*codec, v1_fixtures() / "example" / "two-records.log");
  check_against_dump(*codec, v1_fixtures() / "logs" / "small.log");
}

BOOST_AUTO_TEST_CASE(counts_and_timestamps_match_the_expected_facts) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  for (const char* name : {"empty.log", "small.log", "wide.log"}) {
    BOOST_TEST_CONTEXT(name) {
      const auto log = v1_fixtures() / "logs" / name;
      const auto expected = expected_for(log);
      auto result = read_file(*codec, log);
      BOOST_TEST(!result.damage);
      BOOST_TEST(result.records.size() == expected.at("total_transactions").to_number<std::uint64_t>());
      BOOST_TEST(result.position == expected.at("file_size").to_number<std::uint64_t>());
      std::map<std::string, std::uint64_t> by_type{{"Delete", 0}, {"Insert", 0}, {"Update", 0}};
      std::uint64_t checksum_sum = 0;
      for (const auto& seen : result.records) {
        ++by_type[std::string(sdk::to_string(seen.view.operation))];
        checksum_sum += static_cast<std::uint64_t>(seen.raw[seen.raw.size() - 4]) |
                        static_cast<std::uint64_t>(seen.raw[seen.raw.size() - 3]) << 8 |
                        static_cast<std::uint64_t>(seen.raw[seen.raw.size() - 2]) << 16 |
                        static_cast<std::uint64_t>(seen.raw[seen.raw.size() - 1]) << 24;
      }
      for (const auto& [type, count] : by_type)
        BOOST_TEST(count == expected.at("by_type").at(type).to_number<std::uint64_t>(), type);
      BOOST_TEST(checksum_sum == expected.at("checksum_sum").to_number<std::uint64_t>());
      if (result.records.empty()) {
        BOOST_TEST(expected.at("first_timestamp").is_null());
        BOOST_TEST(expected.at("last_timestamp").is_null());
      } else {
        BOOST_TEST(*result.records.front().view.timestamp == expected.at("first_timestamp").to_number<std::uint64_t>());
        BOOST_TEST(*result.records.back().view.timestamp == expected.at("last_timestamp").to_number<std::uint64_t>());
        BOOST_TEST(result.records.back().view.offset == expected.at("last_record_offset").to_number<std::uint64_t>());
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(views_point_at_the_record_bytes) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const auto log = v1_fixtures() / "example" / "two-records.log";
  const auto file = read_bytes(log);
  sdk::LogInput input(log);
  auto reader = codec->open(input, kVariant);
  sdk::TransactionView view;

  BOOST_REQUIRE(reader->next(view));  // record 0: an Insert at 0x00, 129 bytes (spec's hexdump)
  BOOST_TEST(view.index == 0u);
  BOOST_TEST(view.offset == 0u);
  BOOST_TEST(view.size == 129u);
  BOOST_TEST((view.operation == sdk::Operation::Insert));
  BOOST_TEST(view.module == "hello");
  BOOST_TEST(view.table == "greetings");
  BOOST_TEST(Bytes(view.raw.begin(), view.raw.end()) == Bytes(file.begin(), file.begin() + 129));
  BOOST_TEST(Bytes(view.row.begin(), view.row.end()) == Bytes(file.begin() + 0x1c, file.begin() + 0x70));
  BOOST_TEST(view.old_row.empty());
  BOOST_TEST(!view.has_old_row);
  BOOST_TEST(*view.timestamp == 1735689600000u);
  BOOST_TEST((view.checksum == sdk::ChecksumStatus::valid));
  BOOST_TEST(reader->position() == 129u);

  BOOST_REQUIRE(reader->next(view));  // record 1: an Update whose old row is record 0's row
  BOOST_TEST(view.index == 1u);
  BOOST_TEST(view.offset == 0x81u);
  BOOST_TEST(view.size == 193u);
  BOOST_TEST((view.operation == sdk::Operation::Update));
  BOOST_TEST(view.has_old_row);
  BOOST_TEST(Bytes(view.old_row.begin(), view.old_row.end()) == Bytes(file.begin() + 0x1c, file.begin() + 0x70));
  BOOST_TEST(Bytes(view.row.begin(), view.row.end()) == Bytes(file.begin() + 0x9d, file.begin() + 0xdd));
  const auto decoded = reader->decode(view);
  BOOST_REQUIRE(decoded.old_row);
  BOOST_TEST((decoded.old_row->entries[2].items.at(0).kind == sdk::ValueKind::F32));
  BOOST_TEST(decoded.old_row->entries[2].items.at(0).float_value == 1.5);

  BOOST_TEST(!reader->next(view));
  BOOST_TEST(!reader->damage());
  BOOST_TEST(reader->position() == file.size());
  BOOST_TEST(!reader->resynchronize());  // nothing to skip
}

BOOST_AUTO_TEST_CASE(damaged_fixtures_stop_at_the_damaged_record_with_the_reference_words) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const auto fixtures = corrupt_fixtures();
  BOOST_REQUIRE_EQUAL(fixtures.size(), 10u);
  for (const auto& log : fixtures) {
    BOOST_TEST_CONTEXT(log.filename().string()) {
      const auto expected = expected_for(log);
      const auto reference = expected.at("reference_reader").as_object();
      auto result = read_file(*codec, log, sdk::LogInput::kDefaultBlock, false);
      BOOST_REQUIRE(result.damage);
      BOOST_TEST(result.damage->index == expected.at("first_damaged_index").to_number<std::uint64_t>());
      BOOST_TEST(result.damage->offset == expected.at("first_damaged_offset").to_number<std::uint64_t>());
      BOOST_TEST(result.records.size() == expected.at("intact_records_before").to_number<std::uint64_t>());
      BOOST_TEST(result.position == expected.at("intact_bytes_before").to_number<std::uint64_t>());
      BOOST_TEST(result.damage->reason == reference.at("message").as_string());
      BOOST_TEST(result.damage->incomplete == (reference.at("error").as_string() == "truncated"));
      if (expected.at("mode").as_string() == "truncate") BOOST_TEST(result.damage->incomplete);
    }
  }
}

BOOST_AUTO_TEST_CASE(resynchronize_finds_every_record_after_the_damage) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const auto source = read_file(*codec, v1_fixtures() / "logs" / "small.log", sdk::LogInput::kDefaultBlock, false);
  for (const auto& log : corrupt_fixtures()) {
    BOOST_TEST_CONTEXT(log.filename().string()) {
      const auto expected = expected_for(log);
      const auto damaged_index = expected.at("first_damaged_index").to_number<std::uint64_t>();
      const auto after = expected.at("records_after_damaged").to_number<std::uint64_t>();
      sdk::LogInput input(log);
      auto reader = codec->open(input, kVariant);
      auto before = drain(*reader, false);
      BOOST_REQUIRE(before.damage);
      if (after == 0) {  // truncated: nothing intact follows
        BOOST_TEST(!reader->resynchronize());
        BOOST_TEST(reader->damage().has_value());
        continue;
      }
      BOOST_REQUIRE(reader->resynchronize());
      BOOST_TEST(!reader->damage());
      auto rest = drain(*reader, false);
      BOOST_TEST(!rest.damage);
      BOOST_REQUIRE_EQUAL(rest.records.size(), after);
      // The damaged record keeps its number; what follows is the source's records, unchanged.
      BOOST_TEST(rest.records.front().view.index == damaged_index + 1);
      const auto& original = source.records.at(damaged_index + 1);
      BOOST_TEST(rest.records.front().view.offset == original.view.offset);
      BOOST_TEST(rest.records.front().raw == original.raw);
      BOOST_TEST(rest.position == input.size());
    }
  }
}

BOOST_AUTO_TEST_CASE(small_blocks_give_the_same_results) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  std::vector<std::filesystem::path> logs = {v1_fixtures() / "logs" / "small.log",
                                             v1_fixtures() / "example" / "two-records.log",
                                             v1_fixtures() / "corrupt" / "small.truncate.log",
                                             v1_fixtures() / "corrupt" / "small.flip-rowlen.log"};
  for (const auto& log : logs) {
    BOOST_TEST_CONTEXT(log.filename().string()) {
      const auto reference = read_file(*codec, log);
      for (std::size_t block : {std::size_t{4096}, std::size_t{97}, std::size_t{1}})
        BOOST_TEST(same_records(reference, read_file(*codec, log, block)), "block " << block);
    }
  }
}

BOOST_AUTO_TEST_CASE(every_prefix_of_a_log_is_reported_as_truncated) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const auto file = read_bytes(v1_fixtures() / "example" / "two-records.log");
  for (std::size_t cut = 1; cut < file.size(); ++cut) {
    if (cut == 129) continue;  // a record boundary: one clean record
    BOOST_TEST_CONTEXT("cut at " << cut) {
      auto result = read_bytes_as_log(*codec, Bytes(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(cut)));
      BOOST_REQUIRE(result.damage);
      BOOST_TEST(result.damage->incomplete);
      BOOST_TEST(result.damage->reason.starts_with("truncated in "));
      BOOST_TEST(result.records.size() == (cut > 129 ? 1u : 0u));
      BOOST_TEST(result.damage->offset == (cut > 129 ? 129u : 0u));
    }
  }
  BOOST_TEST(reason_for(*codec, Bytes{1}) == "truncated in type: need 1 bytes, have 0");
  BOOST_TEST(reason_for(*codec, Bytes{1, 1, 5, 0}) == "truncated in module_name_len: need 4 bytes, have 2");
}

BOOST_AUTO_TEST_CASE(random_truncations_of_a_log_keep_every_whole_record) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const auto file = read_bytes(v1_fixtures() / "logs" / "small.log");
  const auto whole = read_file(*codec, v1_fixtures() / "logs" / "small.log", sdk::LogInput::kDefaultBlock, false);
  std::mt19937_64 random(20250101);
  for (int round = 0; round < 200; ++round) {
    const std::size_t cut = 1 + random() % (file.size() - 1);
    BOOST_TEST_CONTEXT("cut at " << cut) {
      const Bytes prefix(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(cut));
      auto result = read_bytes_as_log(*codec, prefix, false);
      std::size_t whole_records = 0;
      while (whole_records < whole.records.size() &&
             whole.records[whole_records].view.offset + whole.records[whole_records].view.size <= cut)
        ++whole_records;
      BOOST_TEST(result.records.size() == whole_records);
      const bool at_boundary = result.position == cut;
      BOOST_TEST(result.damage.has_value() == !at_boundary);
      if (result.damage) {
        BOOST_TEST(result.damage->incomplete);
        BOOST_TEST(result.damage->index == whole_records);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(random_bit_flips_never_crash_hang_or_overrun) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const auto file = read_bytes(v1_fixtures() / "logs" / "small.log");
  std::mt19937_64 random(7);
  int damaged = 0;
  for (int round = 0; round < 500; ++round) {
    Bytes flipped = file;
    const std::size_t at = random() % flipped.size();
    flipped[at] ^= static_cast<unsigned char>(1u << (random() % 8));
    BOOST_TEST_CONTEXT("bit flip at " << at) {
      TempBytes temp(flipped);
      sdk::LogInput input(temp.path());
      auto reader = codec->open(input, kVariant);
      auto result = drain(*reader);  // decoding every intact record must work too
      std::uint64_t total = 0;
      for (const auto& seen : result.records) {
        BOOST_TEST(seen.view.size <= flipped.size());
        total += seen.view.size;
      }
      BOOST_TEST(total == result.position);
      BOOST_TEST(result.position <= flipped.size());
      if (!result.damage) continue;  // a flip the format cannot see (none in practice: the CRC)
      ++damaged;
      // The damage is at or before the flipped byte's record, never after it.
      BOOST_TEST(result.damage->offset <= at);
      BOOST_TEST(!result.damage->reason.empty());
      if (round % 10 == 0) {  // skipping the damage also terminates and stays in bounds
        while (reader->resynchronize()) {
          auto rest = drain(*reader, false);
          for (const auto& seen : rest.records) BOOST_TEST(seen.view.offset + seen.view.size <= flipped.size());
          if (!rest.damage) break;
        }
      }
    }
  }
  BOOST_TEST(damaged == 500);
}

BOOST_AUTO_TEST_CASE(bincode_failures_carry_the_reference_messages) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const Bytes empty_row = row_of({});
  // Each expectation is what the reference reader (bincode 1.3.3) printed for the same bytes.
  BOOST_TEST(reason_for(*codec, raw_record(row_of({tag(7) + Bytes{2}}))) ==
             "row bincode decode failed: invalid u8 while decoding bool, expected 0 or 1, found 2");
  BOOST_TEST(reason_for(*codec, raw_record(row_of({tag(11) + Bytes{5}}))) ==
             "row bincode decode failed: tag for enum is not valid, found 5");
  BOOST_TEST(reason_for(*codec, raw_record(row_of({tag(99)}))) ==
             "row bincode decode failed: invalid value: integer `99`, expected variant index 0 <= i < 12");
  BOOST_TEST(reason_for(*codec, raw_record(row_of({tag(0xFFFFFFFF)}))) ==
             "row bincode decode failed: invalid value: integer `4294967295`, expected variant index 0 <= i < 12");
  BOOST_TEST(reason_for(*codec, raw_record(tag(8) + u64(100) + text_bytes("ab"))) ==
             "row bincode decode failed: io error: ");
  BOOST_TEST(reason_for(*codec, raw_record(tag(10) + u64(std::uint64_t{1} << 63) + tag(1) + text_bytes("xxxx"))) ==
             "row bincode decode failed: io error: unexpected end of file");
  BOOST_TEST(reason_for(*codec, raw_record(row_of({string_value({'a', 'b', 0xFF, 'c'})}))) ==
             "row bincode decode failed: string is not valid utf8: invalid utf-8 sequence of 1 bytes from index 2");
  BOOST_TEST(reason_for(*codec, raw_record(row_of({string_value({'a', 'b', 0xE2})}))) ==
             "row bincode decode failed: string is not valid utf8: incomplete utf-8 byte sequence from index 2");
  BOOST_TEST(reason_for(*codec, raw_record(empty_row, {2}, 2)) ==
             "old_row bincode decode failed: tag for enum is not valid, found 2");
  BOOST_TEST(reason_for(*codec, raw_record(empty_row, {}, 1)) ==
             "old_row bincode decode failed: io error: unexpected end of file");
  BOOST_TEST(reason_for(*codec, raw_record(empty_row, {0}, 1, Bytes{0xFF})) == "module_name is not UTF-8");
  BOOST_TEST(reason_for(*codec, raw_record(empty_row, {0}, 1, text_bytes("m"), Bytes{0xC0, 0x80})) ==
             "table_name is not UTF-8");
  // The first error in bincode's reading order wins: a bad string before a bad tag.
  BOOST_TEST(reason_for(*codec, raw_record(row_of({string_value({0xFF}), tag(99)}))) ==
             "row bincode decode failed: string is not valid utf8: invalid utf-8 sequence of 1 bytes from index 0");
  BOOST_TEST(reason_for(*codec, raw_record(row_of({tag(99), string_value({0xFF})}))) ==
             "row bincode decode failed: invalid value: integer `99`, expected variant index 0 <= i < 12");

  Bytes bad_version = raw_record(empty_row);
  bad_version[0] = 2;
  BOOST_TEST(reason_for(*codec, bad_version) == "bad version byte 2");
  BOOST_TEST(reason_for(*codec, raw_record(empty_row, {0}, 0)) == "bad type byte 0");
  Bytes bad_crc = raw_record(empty_row);
  bad_crc.back() ^= 0x10;
  BOOST_TEST(reason_for(*codec, bad_crc).starts_with("checksum mismatch: stored 0x"));
}

BOOST_AUTO_TEST_CASE(rows_longer_than_a_block_are_judged_the_same_way) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const Bytes long_text(20000, 'x');
  const std::vector<Bytes> rows = {
      row_of({string_value(long_text)}),                               // fine
      row_of({tag(99), string_value(long_text)}),                      // bad early
      row_of({string_value(long_text), tag(7) + Bytes{3}}),            // bad late
      row_of({string_value(Bytes{0xFF}), string_value(long_text)}),    // bad string early
      tag(8) + u64(1u << 20) + long_text,                              // string past the row's end
  };
  for (std::size_t i = 0; i < rows.size(); ++i) {
    BOOST_TEST_CONTEXT("row " << i) {
      TempBytes file(raw_record(rows[i]) + raw_record(row_of({})));
      const auto whole = read_file(*codec, file.path());
      for (std::size_t block : {std::size_t{97}, std::size_t{4096}})
        BOOST_TEST(same_records(whole, read_file(*codec, file.path(), block)), "block " << block);
      BOOST_TEST(whole.damage.has_value() == (i != 0));
    }
  }
}

// The reader's CRC-32 has a vector kernel with separate paths per length (16-byte steps, one to
// seven 64-byte vectors, the 512-byte loop); Boost's bitwise CRC here is independent of it.
BOOST_AUTO_TEST_CASE(checksums_of_every_record_length_verify_and_mismatch_like_boost_crc) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  Bytes log;
  std::vector<Bytes> records;
  for (std::size_t length = 0; length <= 2200; ++length) {
    Bytes text(length, 'a');
    for (std::size_t i = 0; i < length; ++i) text[i] = static_cast<unsigned char>('a' + (i * 7 + length) % 26);
    records.push_back(raw_record(row_of({string_value(text)})));
    log.insert(log.end(), records.back().begin(), records.back().end());
  }
  const auto whole = read_bytes_as_log(*codec, log, false);
  BOOST_TEST(whole.records.size() == records.size());
  BOOST_TEST(!whole.damage.has_value());
  for (std::size_t i : {std::size_t{0}, std::size_t{3}, std::size_t{40}, std::size_t{200}, std::size_t{470},
                        std::size_t{1000}, std::size_t{2200}}) {
    Bytes bad = records[i];
    bad[bad.size() - 4] ^= 0x01;  // the stored CRC's low bit
    BOOST_TEST(reason_for(*codec, bad).starts_with("checksum mismatch: stored "), "length " << bad.size());
    bad = records[i];
    bad[bad.size() - 5] ^= 0x80;  // the timestamp's top bit, just before the CRC
    BOOST_TEST(reason_for(*codec, bad).starts_with("checksum mismatch: stored "), "length " << bad.size());
  }
}

BOOST_AUTO_TEST_CASE(resynchronize_skips_garbage_and_gives_up_at_the_end) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  std::mt19937_64 random(3);
  Bytes garbage(300000);
  for (auto& byte : garbage) byte = static_cast<unsigned char>(random());
  const auto log = read_bytes(v1_fixtures() / "example" / "two-records.log");

  TempBytes mixed(garbage + log);
  sdk::LogInput input(mixed.path());
  auto reader = codec->open(input, kVariant);
  auto before = drain(*reader, false);
  BOOST_REQUIRE(before.damage);
  BOOST_TEST(before.damage->offset == 0u);
  BOOST_REQUIRE(reader->resynchronize());
  auto after = drain(*reader, false);
  BOOST_TEST(!after.damage);
  BOOST_REQUIRE_EQUAL(after.records.size(), 2u);
  BOOST_TEST(after.records[0].view.offset == garbage.size());
  BOOST_TEST(after.records[0].view.index == 1u);
  BOOST_TEST(after.records[1].view.index == 2u);

  TempBytes only_garbage(garbage);
  sdk::LogInput garbage_input(only_garbage.path());
  auto garbage_reader = codec->open(garbage_input, kVariant);
  BOOST_TEST(drain(*garbage_reader, false).damage.has_value());
  BOOST_TEST(!garbage_reader->resynchronize());
  BOOST_TEST(garbage_reader->damage().has_value());
}

// Candidates longer than the resynchronisation filter judges in hand (v1_resync.hpp) are framed
// by their length fields and checked against prefix CRCs before being parsed: the records found
// must be exactly those a full parse of every candidate finds, for records of many strides of
// the CRC table, after garbage, and when the first long record's checksum is wrong.
BOOST_AUTO_TEST_CASE(resynchronisation_finds_long_records_exactly) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  std::mt19937_64 random(7);
  Bytes garbage(20011);
  for (auto& byte : garbage) byte = static_cast<unsigned char>(random());
  const Bytes medium = raw_record(row_of({string_value(text_bytes(std::string(700, 'm')))}));
  const Bytes big = raw_record(row_of({string_value(text_bytes(std::string(100000, 'b')))}));
  const Bytes small = raw_record(row_of({}));
  Bytes bad_big = big;
  bad_big.back() ^= 0x40;  // its stored checksum

  struct Case {
    Bytes log;
    std::vector<std::uint64_t> offsets;  // of the records found after the damage at 0
  };
  const std::vector<Case> cases = {
      {garbage + big + medium + small, {garbage.size(), garbage.size() + big.size(), garbage.size() + big.size() + medium.size()}},
      {garbage + bad_big + medium, {garbage.size() + big.size()}},
      {garbage + medium + big, {garbage.size(), garbage.size() + medium.size()}},
  };
  for (std::size_t c = 0; c < cases.size(); ++c) {
    BOOST_TEST_CONTEXT("case " << c) {
      TempBytes file(cases[c].log);
      sdk::LogInput input(file.path(), 4096);
      auto reader = codec->open(input, kVariant);
      std::vector<std::uint64_t> found;
      BOOST_REQUIRE(drain(*reader, false).damage);
      while (reader->resynchronize()) {
        auto part = drain(*reader, false);
        for (const auto& r : part.records) found.push_back(r.view.offset);
        if (!part.damage) break;
      }
      BOOST_TEST(found == cases[c].offsets, boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(trailing_bytes_inside_row_and_old_row_are_accepted) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  auto result = read_bytes_as_log(*codec, raw_record(row_of({}) + text_bytes("junk"), {0, 0, 0}));
  BOOST_REQUIRE(!result.damage);
  BOOST_REQUIRE_EQUAL(result.records.size(), 1u);
  BOOST_TEST((result.records[0].decoded.row.primary_key == sdk::Value::u32(1)));
  BOOST_TEST(result.records[0].row.size() == row_of({}).size() + 4);
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_damage_not_a_crash) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  Bytes nested;
  for (int i = 0; i < 100000; ++i) nested.insert(nested.end(), {11, 0, 0, 0, 1});  // Option(Some(... U32))
  nested = nested + tag(1) + Bytes{0, 0, 0, 0};
  const auto deep = read_bytes_as_log(*codec, raw_record(row_of({nested})), false);
  BOOST_REQUIRE(deep.damage);
  BOOST_TEST(deep.damage->reason == "row bincode decode failed: values nested deeper than 128 levels");
  BOOST_TEST(!deep.damage->incomplete);

  Bytes shallow;
  for (int i = 0; i < 100; ++i) shallow = shallow + tag(10) + u64(1);  // Vec[Vec[... U32]]
  shallow = shallow + tag(1) + Bytes{0, 0, 0, 0};
  const auto fine = read_bytes_as_log(*codec, raw_record(row_of({shallow})));
  BOOST_REQUIRE(!fine.damage);
  BOOST_TEST((fine.records.at(0).decoded.row.entries.at(0).kind == sdk::ValueKind::Vec));
}

BOOST_AUTO_TEST_CASE(strings_are_accepted_exactly_when_rust_accepts_them) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  // Valid text of every sequence length, cut and damaged at random, across the 16- and 64-byte
  // steps of the vectorised validators; the SDK's scalar validator is the judge.
  const std::string alphabet = "aZ~\x7f\xc3\xa9\xce\xa9\xe2\x82\xac\xe4\xbd\xa0\xf0\x9f\x98\x80\xef\xbb\xbf";
  std::mt19937_64 random(99);
  std::vector<sdk::Transaction> records;
  std::vector<bool> valid;
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    const std::size_t length = random() % 150;
    while (text.size() < length) text += alphabet.substr(random() % alphabet.size(), 1 + random() % 4);
    const int damage = static_cast<int>(random() % 4);
    for (int d = 0; d < damage && !text.empty(); ++d) text[random() % text.size()] = static_cast<char>(random());
    records.push_back(insert_of(row_with(sdk::Value::string(text))));
    valid.push_back(sdk::utf8_valid(reinterpret_cast<const unsigned char*>(text.data()), text.size()));
  }
  std::size_t invalid_seen = 0;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto bytes = write_records(*codec, {records[i]});
    const auto reason = reason_for(*codec, bytes);
    BOOST_TEST(reason.empty() == valid[i], "string " << i << ": " << reason);
    if (!valid[i]) {
      ++invalid_seen;
      BOOST_TEST(reason.starts_with("row bincode decode failed: string is not valid utf8: "));
    }
  }
  BOOST_TEST(invalid_seen > 500u);
}

// Module and table names up to 16 bytes take a shortcut when they are ASCII (two overlapping
// loads); every length and every place of a byte above 0x7F must still reach the full check.
BOOST_AUTO_TEST_CASE(names_of_every_short_length_are_accepted_exactly_when_they_are_utf8) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const Bytes empty_row = row_of({});
  for (std::size_t length = 0; length <= 20; ++length) {
    const Bytes ascii(length, 'n');
    BOOST_TEST(reason_for(*codec, raw_record(empty_row, {0}, 1, ascii, ascii)).empty(), "length " << length);
    for (std::size_t at = 0; at < length; ++at) {
      Bytes bad = ascii;
      bad[at] = 0xFF;
      BOOST_TEST(reason_for(*codec, raw_record(empty_row, {0}, 1, bad)) == "module_name is not UTF-8",
                 "length " << length << ", byte " << at);
      BOOST_TEST(reason_for(*codec, raw_record(empty_row, {0}, 1, ascii, bad)) == "table_name is not UTF-8",
                 "length " << length << ", byte " << at);
      if (at + 1 < length) {  // a two-byte character there is valid
        Bytes accented = ascii;
        accented[at] = 0xC3;
        accented[at + 1] = 0xA9;
        BOOST_TEST(reason_for(*codec, raw_record(empty_row, {0}, 1, accented, accented)).empty(),
                   "length " << length << ", byte " << at);
      }
    }
  }
}

// A name longer than the bytes in hand is judged on that part first (v1_record_parser.cpp): an
// invalid sequence there is the answer; valid text, or a character cut by the end of what is in
// hand, is not, and the rest is read. Names of 5,000 bytes read through 4 KiB blocks, bad before,
// at and after the cut, and valid ones whose two-byte characters the cut falls inside.
BOOST_AUTO_TEST_CASE(names_longer_than_the_bytes_in_hand_are_judged_like_short_ones) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const Bytes empty_row = row_of({});
  const auto reason = [&](const Bytes& name, std::size_t block) {
    TempBytes file(raw_record(empty_row, {0}, 1, name) + raw_record(empty_row));
    const auto read = read_file(*codec, file.path(), block);
    return read.damage ? read.damage->reason : std::string();
  };
  Bytes ascii(5000, 'n');
  Bytes accented;
  for (int i = 0; i < 2500; ++i) accented.insert(accented.end(), {0xC3, 0xA9});
  for (std::size_t block : {4096u, 4097u}) {  // the name's bytes in hand: even, then odd
    BOOST_TEST(reason(ascii, block).empty(), "block " << block);
    BOOST_TEST(reason(accented, block).empty(), "block " << block);
    for (std::size_t at : {5u, 4000u, 4089u, 4090u, 4091u, 4500u, 4999u}) {
      for (Bytes name : {ascii, accented}) {
        name[at] = 0xFF;
        BOOST_TEST(reason(name, block) == "module_name is not UTF-8", "block " << block << ", byte " << at);
      }
    }
  }
}

// A row's strings are validated in one call (utf8_all_valid over all of them): a row is accepted
// exactly when each of its strings is, also when one character is split across two neighbouring
// strings (valid together, invalid apart), which any validator that batched strings into shared
// blocks without a separator would miss.
BOOST_AUTO_TEST_CASE(rows_of_many_short_strings_are_accepted_exactly_when_each_string_is) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const std::string characters[] = {"a", "~", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xed\x9f\xbf",
                                    "\xf4\x8f\xbf\xbf"};
  std::mt19937_64 random(7);
  std::size_t invalid_seen = 0;
  for (int i = 0; i < 2000; ++i) {
    sdk::Row row;
    row.primary_key = sdk::Value::u64(1);
    bool valid = true;
    const std::size_t strings = 2 + random() % 8;
    for (std::size_t s = 0; s < strings; ++s) {
      std::string text;
      // Lengths around 32 too (half an AVX-512 block, a boundary a packing validator would have).
      const std::size_t length = random() % 4 == 0 ? random() % 70 : random() % 3 == 0 ? 28 + random() % 8 : random() % 24;
      while (text.size() < length) text += characters[random() % std::size(characters)];
      if (random() % 16 == 0 && !text.empty()) text[random() % text.size()] = static_cast<char>(0x80 | random());
      if (random() % 16 == 0) text.resize(text.size() - std::min<std::size_t>(text.size(), 1 + random() % 3));
      valid = valid && sdk::utf8_valid(reinterpret_cast<const unsigned char*>(text.data()), text.size());
      row.entries.push_back(sdk::Value::string(text));
    }
    if (i % 4 == 0) {  // one character split across two neighbouring strings: both invalid
      const std::string split[] = {"ab\xe2\x82", "\xac", "x\xf0\x9f", "\x98\x80y", "\xc3", "\xa9"};
      const std::size_t pair = 2 * (random() % 3);
      row.entries.push_back(sdk::Value::string(split[pair]));
      row.entries.push_back(sdk::Value::string(split[pair + 1]));
      valid = false;
    }
    const auto reason = reason_for(*codec, write_records(*codec, {insert_of(std::move(row))}));
    BOOST_TEST(reason.empty() == valid, "row " << i << ": " << reason);
    if (!valid) ++invalid_seen;
  }
  BOOST_TEST(invalid_seen > 500u);
  BOOST_TEST(invalid_seen < 1500u);
  // A euro sign split across two neighbouring strings, the first of every length up to 70 (past
  // one and two 32-byte halves of a block): together they would be valid, apart not.
  for (std::size_t before = 0; before < 70; ++before) {
    for (const std::size_t cut : {1, 2}) {
      const std::string euro = "\xe2\x82\xac";
      sdk::Row row;
      row.primary_key = sdk::Value::u64(1);
      row.entries.push_back(sdk::Value::string(std::string(before, 'a') + euro.substr(0, cut)));
      row.entries.push_back(sdk::Value::string(euro.substr(cut) + "z"));
      const auto reason = reason_for(*codec, write_records(*codec, {insert_of(std::move(row))}));
      BOOST_TEST(reason.find("string is not valid utf8") != std::string::npos, before << " + " << cut << ": " << reason);
    }
  }
}

BOOST_AUTO_TEST_CASE(retry_reads_a_record_the_writer_finished_later) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const auto file = read_bytes(v1_fixtures() / "example" / "two-records.log");
  TempBytes temp(Bytes(file.begin(), file.begin() + 200));  // record 1 half written
  sdk::LogInput input(temp.path());
  auto reader = codec->open(input, kVariant);
  sdk::TransactionView view;
  BOOST_REQUIRE(reader->next(view));
  BOOST_TEST(!reader->next(view));
  BOOST_REQUIRE(reader->damage());
  BOOST_TEST(reader->damage()->incomplete);
  BOOST_TEST(reader->damage()->index == 1u);

  {
    std::ofstream out(temp.path(), std::ios::binary | std::ios::app);
    out.write(reinterpret_cast<const char*>(file.data()) + 200, static_cast<std::streamsize>(file.size() - 200));
  }
  BOOST_TEST(input.refresh());
  reader->retry();
  BOOST_TEST(!reader->damage());
  BOOST_REQUIRE(reader->next(view));
  BOOST_TEST(view.index == 1u);
  BOOST_TEST(view.offset == 129u);
  BOOST_TEST(view.size == 193u);
  BOOST_TEST(!reader->next(view));
  BOOST_TEST(!reader->damage());
}

BOOST_AUTO_TEST_CASE(writer_reproduces_the_sample_logs_byte_for_byte) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  for (const auto& log : {v1_fixtures() / "example" / "two-records.log", v1_fixtures() / "logs" / "small.log",
                          v1_fixtures() / "logs" / "wide.log", v1_fixtures() / "logs" / "empty.log"}) {
    BOOST_TEST_CONTEXT(log.filename().string()) {
      auto result = read_file(*codec, log);
      BOOST_REQUIRE(!result.damage);
      std::vector<sdk::Transaction> records;
      for (auto& seen : result.records) records.push_back(std::move(seen.decoded));
      const auto written = write_records(*codec, records);
      const auto original = read_bytes(log);
      BOOST_TEST(written.size() == original.size());
      BOOST_TEST((written == original));
    }
  }
}

BOOST_AUTO_TEST_CASE(writer_keeps_an_old_row_only_on_updates) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  auto insert = insert_of(row_with(sdk::Value::boolean(true)));
  insert.old_row = row_with(sdk::Value::boolean(false));
  insert.timestamp.reset();
  auto update = insert;
  update.operation = sdk::Operation::Update;
  auto result = read_bytes_as_log(*codec, write_records(*codec, {insert, update}));
  BOOST_REQUIRE(!result.damage);
  BOOST_REQUIRE_EQUAL(result.records.size(), 2u);
  BOOST_TEST(!result.records[0].decoded.old_row);
  BOOST_TEST(*result.records[0].decoded.timestamp == 0u);  // no timestamp is written as 0
  BOOST_REQUIRE(result.records[1].decoded.old_row);
  BOOST_TEST((*result.records[1].decoded.old_row == *update.old_row));
  BOOST_TEST((result.records[1].decoded.row == update.row));
}

BOOST_AUTO_TEST_CASE(writer_refuses_values_v1_cannot_store) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const std::vector<std::pair<sdk::Value, std::string>> cases = {
      {sdk::Value::structure("Point", {"x"}, {sdk::Value::i32(1)}), "Struct"},
      {sdk::Value::u8(7), "U8"},
      {sdk::Value::tuple({sdk::Value::u32(1)}), "Tuple"},
      {sdk::Value::enumeration("Color", "Red", sdk::Value::make_void()), "Enum"},
      {sdk::Value::vec({sdk::Value::option(sdk::Value::u8(1))}), "U8"},  // found when nested too
  };
  for (const auto& [value, kind] : cases) {
    BOOST_TEST_CONTEXT(kind) {
      auto record = insert_of(row_with(value));
      record.index = 41;
      std::ostringstream out;
      auto writer = codec->writer(out, kVariant);
      try {
        writer->write(record);
        BOOST_ERROR("no error for a " << kind << " value");
      } catch (const sdk::Error& error) {
        BOOST_TEST((error.kind() == sdk::ErrorKind::input));
        BOOST_TEST((error.location().record_index == std::optional<std::uint64_t>(41)));
        BOOST_TEST(std::string(error.what()).find("record 41") != std::string::npos, error.what());
        BOOST_TEST(error.message().find(kind) != std::string::npos, error.message());
        BOOST_TEST(error.message().find("row.entries[0]") != std::string::npos, error.message());
      }
    }
  }
}

// The two-thread path (big files) must give exactly what the one-record-at-a-time path gives:
// the same records, and at damage the same index, offset, reason and incompleteness. Damage is
// put into the first and last records and around every chunk boundary.
BOOST_AUTO_TEST_CASE(big_logs_read_on_two_threads_give_every_record_in_order) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const Bytes log = big_log(*codec, 3 * kChunkBytes + kChunkBytes / 2);
  BOOST_REQUIRE_GE(log.size(), kParallelMinBytes);
  const auto starts = record_starts(log);
  const auto result = read_bytes_as_log(*codec, log);
  BOOST_TEST(!result.damage);
  BOOST_TEST(result.position == log.size());
  BOOST_REQUIRE_EQUAL(result.records.size(), starts.size());
  for (std::size_t i = 0; i < starts.size(); ++i) {
    const auto& seen = result.records[i];
    if (seen.view.index != i || seen.view.offset != starts[i] || seen.decoded.row.primary_key != sdk::Value::u64(i) ||
        seen.decoded.timestamp != 1'700'000'000'000 + i ||
        seen.view.has_old_row != (seen.decoded.operation == sdk::Operation::Update) ||
        (seen.decoded.old_row && *seen.decoded.old_row != seen.decoded.row) ||
        !std::equal(seen.raw.begin(), seen.raw.end(), log.begin() + static_cast<std::ptrdiff_t>(starts[i])))
      BOOST_FAIL("record " << i << " differs from what was written");
  }
  BOOST_TEST(chunk_first_records(starts, log.size(), kChunkBytes).size() >= 3u);
}

BOOST_AUTO_TEST_CASE(big_logs_report_damage_at_chunk_boundaries_like_the_sequential_reader) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const Bytes log = big_log(*codec, 2 * kChunkBytes + kChunkBytes / 2);
  const auto starts = record_starts(log);
  const auto intact = read_bytes_as_log(*codec, log, false);
  BOOST_REQUIRE_EQUAL(intact.records.size(), starts.size());
  for (std::size_t k : records_to_damage(starts, log.size())) {
    BOOST_TEST_CONTEXT("record " << k) {
      const std::uint64_t at = starts[k];
      const std::uint64_t end = k + 1 < starts.size() ? starts[k + 1] : log.size();
      {  // a flipped timestamp bit: the checksum no longer matches
        Bytes bad = log;
        bad[end - 12] ^= 0x10;
        const Bytes record(bad.begin() + static_cast<std::ptrdiff_t>(at), bad.begin() + static_cast<std::ptrdiff_t>(end));
        const Bytes body(record.begin(), record.end() - 4);
        const std::uint32_t stored = static_cast<std::uint32_t>(record[record.size() - 4]) |
                                     static_cast<std::uint32_t>(record[record.size() - 3]) << 8 |
                                     static_cast<std::uint32_t>(record[record.size() - 2]) << 16 |
                                     static_cast<std::uint32_t>(record[record.size() - 1]) << 24;
        const auto result = read_bytes_as_log(*codec, bad, false);
        check_stopped_at(result, intact, k,
                         fmt::format("checksum mismatch: stored 0x{:08x}, computed 0x{:08x}", stored, crc32(body)),
                         false);
        // --keep-going: the next record is found again and keeps its number.
        TempBytes file(bad);
        sdk::LogInput input(file.path());
        auto reader = codec->open(input, kVariant);
        drain(*reader, false);
        if (k + 1 < starts.size()) {
          BOOST_REQUIRE(reader->resynchronize());
          auto rest = drain(*reader, false);
          BOOST_TEST(!rest.damage);
          BOOST_REQUIRE_EQUAL(rest.records.size(), starts.size() - k - 1);
          BOOST_TEST(rest.records.front().view.index == k + 1);
          BOOST_TEST(rest.records.front().view.offset == starts[k + 1]);
        }
      }
      {  // a module name length past the end of the file: framing cannot place the record
        Bytes bad = log;
        bad[at + 2] = bad[at + 3] = bad[at + 4] = 0xFF;
        bad[at + 5] = 0x7F;
        const auto result = read_bytes_as_log(*codec, bad, false);
        check_stopped_at(result, intact, k,
                         fmt::format("truncated in module_name: need {} bytes, have {}", 0x7FFFFFFFu,
                                     log.size() - at - 6),
                         true);
      }
      {  // the file ends inside the record
        const Bytes cut(log.begin(), log.begin() + static_cast<std::ptrdiff_t>(at + (end - at) / 2));
        const auto result = read_bytes_as_log(*codec, cut, false);
        BOOST_REQUIRE(result.damage);
        BOOST_TEST(result.damage->incomplete);
        BOOST_TEST(result.damage->index == k);
        BOOST_TEST(result.records.size() == k);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(big_logs_with_a_record_longer_than_a_chunk_read_it_and_go_on) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const Bytes log = big_log(*codec, 2 * kChunkBytes + kChunkBytes / 2, kChunkBytes + 12345);
  const auto starts = record_starts(log);
  const auto result = read_bytes_as_log(*codec, log, false);
  BOOST_TEST(!result.damage);
  BOOST_REQUIRE_EQUAL(result.records.size(), starts.size());
  BOOST_TEST(result.records[9000].view.size > kChunkBytes);
  for (std::size_t i = 0; i < starts.size(); ++i)
    if (result.records[i].view.offset != starts[i] || result.records[i].view.index != i)
      BOOST_FAIL("record " << i << " is out of place");
}

// `tally` (log-inspect's path): each thread counts the records it checked, and what is counted
// must be exactly what the sequential reader hands out; and after `select` (a selective query's
// path) the records wanted, the damages and the count of intact records must be the sequential
// reader's: on an intact log, at damage around every chunk boundary (with and without
// --keep-going), and around a record longer than a chunk.
BOOST_AUTO_TEST_CASE(big_logs_counted_or_selected_on_two_threads_give_exactly_what_the_sequential_reader_reads) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const auto each_way = [&](const Bytes& bytes, bool keep_going, std::uint64_t* tallied = nullptr,
                        std::uint64_t* passed_over = nullptr) {
    auto lines = read_lines_three_ways(*codec, kVariant, bytes, keep_going, tallied, passed_over);
    BOOST_TEST(lines.tallied == lines.sequential);
    BOOST_TEST(lines.selected == lines.sequential_thirds);
    return lines.sequential;
  };
  const Bytes log = big_log(*codec, 2 * kChunkBytes + kChunkBytes / 2);
  const auto starts = record_starts(log);
  std::uint64_t tallied = 0, passed_over = 0;
  const auto intact = each_way(log, false, &tallied, &passed_over);
  BOOST_TEST(intact.find("damage") == std::string::npos);
  BOOST_TEST(std::count(intact.begin(), intact.end(), '\n') == static_cast<std::ptrdiff_t>(starts.size()));
  BOOST_TEST(intact.ends_with(fmt::format("position {}", log.size())));
  if (sdk::usable_cpus() > 1) {
    BOOST_TEST(tallied > starts.size() / 2, tallied << " of " << starts.size() << " counted by tally");
    BOOST_TEST(passed_over > starts.size() / 2, passed_over << " of " << starts.size() << " passed over");
  }
  for (std::size_t k : records_to_damage(starts, log.size())) {
    BOOST_TEST_CONTEXT("record " << k) {
      const std::uint64_t at = starts[k];
      const std::uint64_t end = k + 1 < starts.size() ? starts[k + 1] : log.size();
      Bytes bad = log;
      bad[end - 12] ^= 0x10;  // a flipped timestamp bit: the checksum no longer matches
      BOOST_TEST(each_way(bad, true).find(fmt::format("damage {}@{} checksum mismatch", k, at)) != std::string::npos);
      BOOST_TEST(each_way(bad, false).find(fmt::format("damage {}@{} checksum mismatch", k, at)) != std::string::npos);
      bad = log;
      bad[at + 2] = bad[at + 3] = bad[at + 4] = 0xFF;  // a module name length past the end of the file
      bad[at + 5] = 0x7F;
      BOOST_TEST(each_way(bad, true).find(fmt::format("damage {}@{} incomplete", k, at)) != std::string::npos);
    }
  }
  const Bytes giant = big_log(*codec, 2 * kChunkBytes + kChunkBytes / 2, kChunkBytes + 12345);
  BOOST_TEST(each_way(giant, false).ends_with(fmt::format("position {}", giant.size())));
}

BOOST_AUTO_TEST_CASE(big_logs_follow_a_growing_file) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  const Bytes log = big_log(*codec, 2 * kChunkBytes + kChunkBytes / 2);
  const auto starts = record_starts(log);
  const std::size_t k = starts.size() - 3;  // the writer is inside record k
  TempBytes temp(Bytes(log.begin(), log.begin() + static_cast<std::ptrdiff_t>(starts[k] + 20)));
  sdk::LogInput input(temp.path());
  auto reader = codec->open(input, kVariant);
  auto first = drain(*reader, false);
  BOOST_REQUIRE(first.damage);
  BOOST_TEST(first.damage->incomplete);
  BOOST_TEST(first.records.size() == k);
  {
    std::ofstream out(temp.path(), std::ios::binary | std::ios::app);
    out.write(reinterpret_cast<const char*>(log.data()) + starts[k] + 20,
              static_cast<std::streamsize>(log.size() - starts[k] - 20));
  }
  BOOST_TEST(input.refresh());
  reader->retry();
  auto rest = drain(*reader, false);
  BOOST_TEST(!rest.damage);
  BOOST_REQUIRE_EQUAL(rest.records.size(), 3u);
  BOOST_TEST(rest.records.front().view.index == k);
  BOOST_TEST(rest.position == log.size());
}

BOOST_AUTO_TEST_SUITE_END()

// The transcoder's output buffer holds whatever the bytes are, even cut short after the text
// grew fastest: 128 nested Row tags (26 characters each with quotes doubled) and a string of
// control bytes (6 characters each), with the entries count missing. It throws, and writes
// nothing past its buffer (glibc's heap checks or a sanitizer would catch that).
BOOST_AUTO_TEST_CASE(json_transcoder_buffer_holds_truncated_worst_case_bytes) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  sdk::LogInput input(v1_fixtures() / "logs" / "small.log");
  auto reader = codec->open(input, kVariant);
  std::vector<unsigned char> bytes;
  const auto put_u32 = [&bytes](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<unsigned char>(v >> (8 * i)));
  };
  for (int i = 0; i < 128; ++i) put_u32(9);  // Row
  put_u32(8);                                // String
  put_u32(1000);
  put_u32(0);
  bytes.insert(bytes.end(), 1000, 0x01);
  for (auto quoting : {sdk::JsonQuoting::plain, sdk::JsonQuoting::csv_doubled}) {
    sdk::TransactionView view;
    view.row = bytes;
    std::string out;
    BOOST_CHECK_THROW(sdk::json_transcoder_of(*reader)->append_json(view, sdk::RowPart::row, out, quoting), sdk::Error);
    BOOST_CHECK_THROW(sdk::json_transcoder_of(*reader)->append_key_and_row(view, ",", out, quoting), sdk::Error);
    // The same prefix, whole: a string as the innermost key and an empty entries list at every
    // level prints completely.
    auto whole = bytes;
    for (int i = 0; i < 129; ++i) whole.insert(whole.end(), 8, 0);
    view.row = whole;
    out.clear();
    sdk::json_transcoder_of(*reader)->append_json(view, sdk::RowPart::row, out, quoting);
    BOOST_TEST(out.size() > 6000u);
    // The key (all of the row but its empty entries) transcoded, then copied into the row.
    std::string key, both;
    sdk::json_transcoder_of(*reader)->append_json(view, sdk::RowPart::primary_key, key, quoting);
    sdk::json_transcoder_of(*reader)->append_key_and_row(view, ",", both, quoting);
    BOOST_TEST(both == key + "," + out);
  }
}

// The JSON transcoder behind `append_json` writes, for every record, exactly what decoding the
// row and printing the values writes: the primary key, the row and the old row (or null).
BOOST_AUTO_TEST_CASE(json_transcoder_matches_decode_then_print) {
  LoadedPlugin<sdk::LogCodec> codec(kPluginFile);
  for (const char* name : {"small.log", "wide.log"}) {
    BOOST_TEST_CONTEXT(name) {
      sdk::LogInput input(v1_fixtures() / "logs" / name);
      auto reader = codec->open(input, kVariant);
      const auto* transcoder = sdk::json_transcoder_of(*reader);
      BOOST_REQUIRE(transcoder != nullptr);
      sdk::TransactionView view;
      std::uint64_t records = 0, old_rows = 0;
      while (reader->next(view)) {
        ++records;
        if (view.has_old_row) ++old_rows;
        const auto decoded = reader->decode(view);
        for (auto part : {sdk::RowPart::primary_key, sdk::RowPart::row, sdk::RowPart::old_row}) {
          std::string fast = "prefix", slow = "prefix";
          reader->append_json(view, part, fast);
          sdk::append_json(decoded, part, slow);
          BOOST_TEST(fast == slow, "record " << view.index << " part " << static_cast<int>(part));
          // For CSV: the same text with every quote doubled.
          std::string doubled = "prefix", expected = "prefix";
          transcoder->append_json(view, part, doubled, sdk::JsonQuoting::csv_doubled);
          for (char c : slow.substr(6)) expected += c == '"' ? std::string("\"\"") : std::string(1, c);
          BOOST_TEST(doubled == expected, "record " << view.index << " part " << static_cast<int>(part));
        }
        // The key, a separator and the row in one call (the key transcoded once): the same text
        // as the separate calls, in both quotings, through the transcoder and the decoded record.
        const sdk::ScannedRecord scanned(view, *reader, nullptr, transcoder);
        const sdk::ScannedRecord decoded_scanned(view, decoded);
        for (auto quoting : {sdk::JsonQuoting::plain, sdk::JsonQuoting::csv_doubled}) {
          std::string key, row, both = "prefix", both_scanned, both_decoded;
          transcoder->append_json(view, sdk::RowPart::primary_key, key, quoting);
          transcoder->append_json(view, sdk::RowPart::row, row, quoting);
          transcoder->append_key_and_row(view, "|\"|", both, quoting);
          scanned.append_key_and_row("|\"|", both_scanned, quoting);
          decoded_scanned.append_key_and_row("|\"|", both_decoded, quoting);
          BOOST_TEST(both == "prefix" + key + "|\"|" + row, "record " << view.index);
          BOOST_TEST(both_scanned == key + "|\"|" + row, "record " << view.index);
          BOOST_TEST(both_decoded == key + "|\"|" + row, "record " << view.index);
        }
        // The record object, through the lazy handle and through the decoded record.
        std::string fast_record, slow_record;
        sdk::append_record_json(fast_record, scanned, "0123456789abcdef");
        sdk::append_record_json(slow_record, decoded, "0123456789abcdef");
        BOOST_TEST(fast_record == slow_record, "record " << view.index);
        BOOST_TEST(scanned.has_old_row() == decoded.old_row.has_value());
      }
      BOOST_TEST(!reader->damage());
      BOOST_TEST(records > 0u);
      BOOST_TEST_MESSAGE(name << ": " << records << " records, " << old_rows << " with an old row");
    }
  }
}
