// The `framed` log codec (the Interstice runtime's own log, generations g1..g4): every real sample
// decodes to its golden records, the spec's cross-generation matrix holds, the synthetic vectors
// of spec §5 decode, strict decoding rejects what postcard rejects, damage names the right record
// and byte, and truncated, bit-flipped or oddly blocked input never crashes or misleads.
#include "log_harness.hpp"
#include "plugin_harness.hpp"
#include "test_paths.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/util/record_pipeline.hpp"
#include "interstice/sdk/schema_json.hpp"
#include "interstice/sdk/transaction.hpp"
#include "interstice/sdk/value_json.hpp"
#include "interstice/sdk/util/concurrency.hpp"
#include "interstice/sdk/util/json_transcoder.hpp"
#include "interstice/sdk/record_json.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace sdk = interstice::sdk;
namespace json = boost::json;
using namespace interstice::test;

namespace {

using Bytes = std::vector<unsigned char>;

const std::array<std::string, 4> kVariants = {"framed-g1", "framed-g2", "framed-g3", "framed-g4"};

std::filesystem::path real_dir() { return shared_fixtures() / "interstice-real"; }

/// The real samples, sorted by name, without their .expected.json partners.
std::vector<std::filesystem::path> real_logs() {
  std::vector<std::filesystem::path> logs;
  for (const auto& entry : std::filesystem::directory_iterator(real_dir()))
    if (entry.path().extension() == ".log") logs.push_back(entry.path());
  std::sort(logs.begin(), logs.end());
  return logs;
}

json::object expected_for(const std::filesystem::path& log) {
  auto path = log;
  path.replace_extension(".expected.json");
  return sdk::read_json_file(path).as_object();
}

/// "0a 01 07 00" → bytes.
Bytes hex(std::string_view text) {
  Bytes out;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    out.push_back(static_cast<unsigned char>(std::stoi(std::string(text.substr(i, 2)), nullptr, 16)));
    i += 2;
  }
  return out;
}

Bytes operator+(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

/// A whole record: the u32 LE length, then the payload.
Bytes frame(const Bytes& payload) {
  const auto n = static_cast<std::uint32_t>(payload.size());
  Bytes out{static_cast<unsigned char>(n), static_cast<unsigned char>(n >> 8), static_cast<unsigned char>(n >> 16),
            static_cast<unsigned char>(n >> 24)};
  return out + payload;
}

/// `Insert{module "m", table "t", row{pk U64(1), entries [value]}}` around one encoded value.
Bytes insert_with_entry(const Bytes& value) { return frame(hex("00 01 6d 01 74 02 01 01") + value); }

/// `Insert{module "m", table "t", row{pk = key, entries []}}`.
Bytes insert_with_key(const Bytes& key) { return frame(hex("00 01 6d 01 74") + key + hex("00")); }

/// `Delete{module "m", table "t", key}`.
Bytes delete_of(const Bytes& key) { return frame(hex("02 01 6d 01 74") + key); }

/// A decoded transaction in spec §7's form (serde_json of the runtime's `Transaction`).
std::string tx_json(const sdk::Transaction& tx) {
  std::string out = "{\"";
  out += sdk::to_string(tx.operation);
  out += "\":{\"module_name\":";
  sdk::append_json_string(out, tx.module);
  out += ",\"table_name\":";
  sdk::append_json_string(out, tx.table);
  switch (tx.operation) {
    case sdk::Operation::Insert:
      out += ",\"new_row\":";
      sdk::append_row_json(out, tx.row);
      break;
    case sdk::Operation::Update:
      out += ",\"update_row\":";
      sdk::append_row_json(out, tx.row);
      break;
    case sdk::Operation::Delete:
      out += ",\"deleted_row_id\":";
      sdk::append_value_json(out, tx.row.primary_key);
      break;
  }
  out += "}}";
  return out;
}

/// Everything a read produced, as one comparable text: records (place and JSON), damage, position.
std::string summary(const ReadResult& r) {
  std::string out;
  for (std::size_t i = 0; i < r.records.size(); ++i) {
    const auto& tx = r.records[i];
    out += std::to_string(tx.index) + "@" + std::to_string(tx.offset) + "+" + std::to_string(tx.size) + "/" +
           std::to_string(r.sizes[i]) + " " + tx_json(tx) + "\n";
  }
  if (r.damage)
    out += "damage " + std::to_string(r.damage->index) + "@" + std::to_string(r.damage->offset) + " " +
           (r.damage->incomplete ? "incomplete " : "") + r.damage->reason + "\n";
  out += "position " + std::to_string(r.position);
  return out;
}

ReadResult read_bytes_as(const sdk::LogCodec& codec, const Bytes& bytes, const std::string& variant,
                         std::size_t block = sdk::LogInput::kDefaultBlock) {
  TempBytes file(bytes);
  return read_log(codec, file.path(), variant, block);
}

/// The one value in a record built by `insert_with_entry`, read under `variant`.
sdk::Value entry_value(const sdk::LogCodec& codec, const Bytes& value, const std::string& variant = "framed-g2") {
  auto r = read_bytes_as(codec, insert_with_entry(value), variant);
  BOOST_REQUIRE_MESSAGE(!r.damage, (r.damage ? r.damage->reason : ""));
  BOOST_REQUIRE_EQUAL(r.records.size(), 1u);
  BOOST_REQUIRE_EQUAL(r.records[0].row.entries.size(), 1u);
  return r.records[0].row.entries[0];
}

/// The damage reason for one record, which must not decode under `variant`.
std::string damage_reason(const sdk::LogCodec& codec, const Bytes& bytes, const std::string& variant = "framed-g2") {
  auto r = read_bytes_as(codec, bytes, variant);
  BOOST_REQUIRE(r.damage.has_value());
  BOOST_TEST(r.records.empty());
  BOOST_TEST(r.damage->index == 0u);
  BOOST_TEST(r.damage->offset == 0u);
  BOOST_TEST(!r.damage->incomplete);
  return r.damage->reason;
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

/// `records` through the codec's writer for `variant`: the bytes of the log it writes.
Bytes write_with(const sdk::LogCodec& codec, const std::string& variant, const std::vector<sdk::Transaction>& records) {
  std::ostringstream out;
  auto writer = codec.writer(out, variant);
  BOOST_REQUIRE(writer != nullptr);
  for (const auto& record : records) writer->write(record);
  writer->finish();
  const auto text = out.str();
  return Bytes(text.begin(), text.end());
}

/// Every record of `file` read as `variant`: the reader's JSON transcoder (framed_json.hpp) writes
/// exactly what decoding and printing the values gives, for each part, in both quotings.
/// Returns how many records it compared.
std::size_t check_transcoder(const sdk::LogCodec& codec, const std::filesystem::path& file, const std::string& variant) {
  sdk::LogInput input(file);
  auto reader = codec.open(input, variant);
  const auto* transcoder = sdk::json_transcoder_of(*reader);
  BOOST_REQUIRE(transcoder != nullptr);
  std::size_t records = 0;
  sdk::TransactionView view;
  while (reader->next(view)) {
    const auto decoded = reader->decode(view);
    for (const auto part : {sdk::RowPart::primary_key, sdk::RowPart::row, sdk::RowPart::old_row}) {
      std::string expected, plain = "prefix:", doubled, through_reader;
      sdk::append_json(decoded, part, expected);
      transcoder->append_json(view, part, plain, sdk::JsonQuoting::plain);
      transcoder->append_json(view, part, doubled, sdk::JsonQuoting::csv_doubled);
      reader->append_json(view, part, through_reader);
      std::string expected_doubled;
      for (const char c : expected) expected_doubled += c == '"' ? std::string("\"\"") : std::string(1, c);
      BOOST_TEST(plain == "prefix:" + expected, variant << " record " << view.index);
      BOOST_TEST(doubled == expected_doubled, variant << " record " << view.index);
      BOOST_TEST(through_reader == expected, variant << " record " << view.index);
    }
    // The key, a separator and the row in one call (the key transcoded once), in both quotings.
    for (const auto quoting : {sdk::JsonQuoting::plain, sdk::JsonQuoting::csv_doubled}) {
      std::string key, row, both = "prefix:";
      transcoder->append_json(view, sdk::RowPart::primary_key, key, quoting);
      transcoder->append_json(view, sdk::RowPart::row, row, quoting);
      transcoder->append_key_and_row(view, "|\"|", both, quoting);
      BOOST_TEST(both == "prefix:" + key + "|\"|" + row, variant << " record " << view.index);
    }
    ++records;
  }
  BOOST_TEST(!reader->damage(), file << ": " << (reader->damage() ? reader->damage()->reason : ""));
  return records;
}

/// A hand-made transaction on module "m", table "t".
sdk::Transaction hand_tx(sdk::Operation operation, sdk::Row row, std::uint64_t index = 0) {
  sdk::Transaction tx;
  tx.index = index;
  tx.operation = operation;
  tx.module = "m";
  tx.table = "t";
  tx.row = std::move(row);
  return tx;
}

/// The writer's error for one record, which it must refuse.
std::string write_error(const sdk::LogCodec& codec, const std::string& variant, const sdk::Transaction& record) {
  try {
    write_with(codec, variant, {record});
  } catch (const sdk::Error& error) {
    BOOST_TEST((error.kind() == sdk::ErrorKind::input));
    BOOST_TEST((error.location().record_index == std::optional<std::uint64_t>(record.index)));
    return error.message();
  }
  BOOST_FAIL("the " << variant << " writer accepted a record it cannot store");
  return {};
}


// --- Big logs: the reader checks records of files >= 8 MiB on two threads, in 4 MiB chunks ---

constexpr std::uint64_t kPipelineMinBytes = sdk::RecordPipeline::kMinBytes;
constexpr std::uint64_t kChunkBytes = sdk::RecordPipeline::kChunkBytes;

/// A g2 log of at least `target` bytes written with the codec's writer: inserts, updates and
/// deletes on four modules, strings of 0..300 bytes with multi-byte characters, and optionally
/// one record of `giant` bytes (longer than a chunk) as record 20000.
Bytes big_framed_log(const sdk::LogCodec& codec, std::uint64_t target, std::size_t giant = 0) {
  std::mt19937 random(5);
  std::vector<sdk::Transaction> records;
  std::uint64_t bytes = 0;
  const char* modules[] = {"chat", "game", "hello", "payments"};
  const char* tables[] = {"users", "messages", "scores"};
  while (bytes < target) {
    sdk::Row row;
    row.primary_key = sdk::Value::u64(records.size());
    std::string text(random() % 300, 'a');
    for (std::size_t i = 0; i + 3 < text.size(); i += 7) text.replace(i, 3, "\xe2\x82\xac");  // a euro sign
    if (giant && records.size() == 20000) text.assign(giant, 'g');
    row.entries.push_back(sdk::Value::string(text));
    row.entries.push_back(sdk::Value::i64(-static_cast<std::int64_t>(random())));
    row.entries.push_back(sdk::Value::boolean(random() % 2 == 0));
    const auto kind = random() % 3;
    auto tx = hand_tx(kind == 0 ? sdk::Operation::Insert : kind == 1 ? sdk::Operation::Update : sdk::Operation::Delete,
                      std::move(row));
    tx.module = modules[random() % 4];
    tx.table = tables[random() % 3];
    bytes += tx.operation == sdk::Operation::Delete ? 20 : text.size() + 30;  // a Delete holds the key only
    records.push_back(std::move(tx));
  }
  return write_with(codec, "framed-g2", records);
}

/// Where each record of a well-formed framed log starts (from its length prefixes).
std::vector<std::uint64_t> frame_starts(const Bytes& log) {
  std::vector<std::uint64_t> starts;
  for (std::uint64_t at = 0; at + 4 <= log.size();) {
    starts.push_back(at);
    at += 4 + (std::uint64_t{log[at]} | std::uint64_t{log[at + 1]} << 8 | std::uint64_t{log[at + 2]} << 16 |
               std::uint64_t{log[at + 3]} << 24);
  }
  return starts;
}

/// The records around each chunk boundary, and the first and last records of the log.
std::vector<std::size_t> records_to_damage(const std::vector<std::uint64_t>& starts, std::uint64_t size) {
  std::vector<std::size_t> picks{0, 1, starts.size() - 2, starts.size() - 1};
  for (std::size_t first : chunk_first_records(starts, size, kChunkBytes))
    if (first > 0)
      for (std::size_t k : {first - 2, first - 1, first, first + 1}) picks.push_back(k);
  return picks;
}

/// Everything a reader hands out and reports, as one text: each view's place, operation, names
/// and row bytes, the damage, and (with `keep_going`) the same again after each resynchronisation.
std::string read_views(const sdk::LogCodec& codec, const std::filesystem::path& file, bool keep_going = false) {
  sdk::LogInput input(file);
  auto reader = codec.open(input, "framed-g2");
  std::string out;
  sdk::TransactionView view;
  for (;;) {
    while (reader->next(view)) {
      out += fmt::format("{}@{}+{} {} {}.{} ", view.index, view.offset, view.size, sdk::to_string(view.operation),
                         view.module, view.table);
      out.append(reinterpret_cast<const char*>(view.row.data()), view.row.size());
      out += '\n';
    }
    if (!reader->damage()) break;
    out += fmt::format("damage {}@{} {}{}\n", reader->damage()->index, reader->damage()->offset,
                       reader->damage()->incomplete ? "incomplete " : "", reader->damage()->reason);
    if (!keep_going || !reader->resynchronize()) break;
  }
  return out + fmt::format("position {}", reader->position());
}

/// `read_views` while every other CPU is claimed (as export's formatting workers claim them):
/// the reader then never starts its pipeline and reads every record sequentially, the reference
/// the pipeline must equal.
std::string read_views_sequentially(const sdk::LogCodec& codec, const std::filesystem::path& file,
                                    bool keep_going = false) {
  const sdk::CpuClaim claim(sdk::usable_cpus());
  return read_views(codec, file, keep_going);
}

bool two_cpus() { return sdk::usable_cpus() > 1; }

}  // namespace

BOOST_AUTO_TEST_SUITE(codec_framed)

BOOST_AUTO_TEST_CASE(variants_are_the_four_generations_oldest_first) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  auto variants = codec->variants();
  BOOST_REQUIRE_EQUAL(variants.size(), 4u);
  const std::array<std::string, 4> first_commits = {"8b10d42", "43adf1a", "db67dd0", "b0def89"};
  for (std::size_t i = 0; i < 4; ++i) {
    BOOST_TEST(variants[i].id == kVariants[i]);
    BOOST_TEST(contains(variants[i].description, first_commits[i]), variants[i].description);
  }
  TempBytes empty(Bytes{});
  sdk::LogInput input(empty.path());
  BOOST_TEST(codec->open(input, "framed-g3")->format() == "framed-g3");
  BOOST_CHECK_THROW(codec->open(input, "framed-g5"), sdk::Error);
  for (const auto& variant : kVariants) BOOST_TEST(codec->writer(std::cout, variant) != nullptr, variant);
  BOOST_CHECK_THROW(codec->writer(std::cout, "framed-g5"), sdk::Error);
}

BOOST_AUTO_TEST_CASE(real_samples_decode_to_their_golden_records) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  auto logs = real_logs();
  BOOST_REQUIRE_EQUAL(logs.size(), 10u);
  std::size_t total = 0;
  for (const auto& log : logs) {
    const auto name = log.filename().string();
    auto expected = expected_for(log);
    const auto variant = "framed-" + std::string(expected.at("generation").as_string());
    const auto& records = expected.at("records").as_array();
    auto r = read_log(*codec, log, variant);
    BOOST_TEST(!r.damage, name << ": " << (r.damage ? r.damage->reason : ""));
    BOOST_REQUIRE_EQUAL(r.records.size(), records.size());
    BOOST_TEST(r.position == std::filesystem::file_size(log), name);
    for (std::size_t i = 0; i < records.size(); ++i) {
      const auto& want = records[i].as_object();
      const auto& tx = r.records[i];
      BOOST_TEST(tx.index == i, name);
      BOOST_TEST(tx.offset == want.at("offset").to_number<std::uint64_t>(), name << " record " << i);
      BOOST_TEST(tx.size == 4 + want.at("len").to_number<std::uint64_t>(), name << " record " << i);
      BOOST_TEST(r.sizes[i] == tx.size);
      BOOST_TEST((json::parse(tx_json(tx)) == want.at("tx")), name << " record " << i << ": " << tx_json(tx));
      BOOST_TEST(!tx.old_row.has_value());
      BOOST_TEST(!tx.timestamp.has_value());
      BOOST_TEST((tx.checksum == sdk::ChecksumStatus::absent));
    }
    total += records.size();
    BOOST_TEST(check_transcoder(*codec, log, variant) == records.size());
  }
  BOOST_TEST(total == 22u);
}

BOOST_AUTO_TEST_CASE(views_point_at_the_record_bytes) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  const auto path = real_dir() / "g2-29eb569.log";
  const auto bytes = read_bytes(path);
  sdk::LogInput input(path);
  auto reader = codec->open(input, "framed-g2");
  sdk::TransactionView view;
  BOOST_REQUIRE(reader->next(view));
  BOOST_TEST(view.index == 0u);
  BOOST_TEST(view.offset == 0u);
  BOOST_TEST(view.size == 33u);
  BOOST_TEST((view.operation == sdk::Operation::Insert));
  BOOST_TEST(view.module == "graphics");
  BOOST_TEST(view.table == "pipelinetable");
  BOOST_TEST((Bytes(view.row.begin(), view.row.end()) == hex("01 00 01 01 02")));  // pk U32(0), [U32(2)]
  BOOST_TEST(!view.has_old_row);
  BOOST_TEST(view.old_row.empty());
  BOOST_TEST(!view.timestamp.has_value());
  BOOST_TEST((view.checksum == sdk::ChecksumStatus::absent));
  BOOST_TEST((Bytes(view.raw.begin(), view.raw.end()) == Bytes(bytes.begin(), bytes.begin() + 33)));
  BOOST_TEST(reader->position() == 33u);
  BOOST_REQUIRE(reader->next(view));
  BOOST_TEST(view.index == 1u);
  BOOST_TEST(view.offset == 33u);
  BOOST_TEST(view.size == 67u);
  BOOST_TEST(view.module == "hello");
  BOOST_TEST(view.table == "greetings");
  BOOST_TEST((Bytes(view.raw.begin(), view.raw.end()) == Bytes(bytes.begin() + 33, bytes.begin() + 100)));
  BOOST_REQUIRE(reader->next(view));
  BOOST_TEST(!reader->next(view));
  BOOST_TEST(!reader->damage());
  BOOST_TEST(reader->position() == bytes.size());
}

BOOST_AUTO_TEST_CASE(the_empty_log_has_no_records_under_any_generation) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  for (const auto& variant : kVariants) {
    auto r = read_log(*codec, real_dir() / "g2-46888a8.log", variant);
    BOOST_TEST(r.records.empty());
    BOOST_TEST(!r.damage);
    BOOST_TEST(r.position == 0u);
  }
}

BOOST_AUTO_TEST_CASE(all_samples_concatenated_read_as_g2) {
  // g1's sample uses only discriminants g1 and g2 share, so the 22 records read back to back.
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  Bytes all;
  std::string expected;
  std::uint64_t base = 0;
  std::size_t count = 0;
  for (const auto& log : real_logs()) {
    const auto expected_records = expected_for(log).at("records").as_array();
    for (const auto& record : expected_records) {
      auto tx = record.at("tx");
      expected += std::to_string(base + record.at("offset").to_number<std::uint64_t>()) + " " + json::serialize(tx) + "\n";
      ++count;
    }
    auto bytes = read_bytes(log);
    base += bytes.size();
    all = all + bytes;
  }
  auto r = read_bytes_as(*codec, all, "framed-g2");
  BOOST_TEST(!r.damage);
  BOOST_REQUIRE_EQUAL(r.records.size(), count);
  std::string got;
  for (const auto& tx : r.records) got += std::to_string(tx.offset) + " " + json::serialize(json::parse(tx_json(tx))) + "\n";
  BOOST_TEST(got == expected);
  BOOST_TEST(r.records.back().index == count - 1);
}

BOOST_AUTO_TEST_CASE(cross_generation_matrix) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");

  // g1 sample: g1 and g2 agree; in g3/g4 tag 8 is Bool and the string length 0x12 is no bool.
  const auto g1_log = real_dir() / "g1-8b10d42.log";
  auto g1 = read_log(*codec, g1_log, "framed-g1");
  auto g2 = read_log(*codec, g1_log, "framed-g2");
  BOOST_TEST(!g1.damage);
  BOOST_TEST(g1.records.size() == 3u);
  BOOST_TEST(summary(g1) == summary(g2));
  for (const auto* variant : {"framed-g3", "framed-g4"}) {
    auto r = read_log(*codec, g1_log, variant);
    BOOST_REQUIRE(r.damage.has_value());
    BOOST_TEST(r.records.empty());
    BOOST_TEST(r.damage->index == 0u);
    BOOST_TEST(r.damage->offset == 0u);
    BOOST_TEST(!r.damage->incomplete);
    BOOST_TEST(r.damage->reason == "payload byte 21: bad bool byte 0x12");
    BOOST_TEST(r.position == 0u);
  }

  // g2-ceaa029 (only U32 values) fits all four; g3/g4 see U8(0), U8(2) instead of U32.
  const auto u32_log = real_dir() / "g2-ceaa029.log";
  std::array<ReadResult, 4> results;
  for (std::size_t i = 0; i < 4; ++i) {
    results[i] = read_log(*codec, u32_log, kVariants[i]);
    BOOST_TEST(!results[i].damage, kVariants[i]);
    BOOST_REQUIRE_EQUAL(results[i].records.size(), 1u);
  }
  BOOST_TEST(summary(results[0]) == summary(results[1]));
  BOOST_TEST(summary(results[2]) == summary(results[3]));
  const auto& g3_row = results[2].records[0].row;
  BOOST_TEST((g3_row.primary_key == sdk::Value::u8(0)));
  BOOST_REQUIRE_EQUAL(g3_row.entries.size(), 1u);
  BOOST_TEST((g3_row.entries[0] == sdk::Value::u8(2)));
  BOOST_TEST((results[1].records[0].row.primary_key == sdk::Value::u32(0)));

  // The seven samples with a Struct: g1 stops at discriminant 12, g3/g4 at a bad bool, each at
  // the first record holding one (the graphics records before it fit every generation).
  std::size_t struct_samples = 0;
  for (const auto& log : real_logs()) {
    const auto name = log.filename().string();
    auto expected = expected_for(log);
    const auto& records = expected.at("records").as_array();
    std::optional<std::size_t> first_struct;
    for (std::size_t i = 0; i < records.size() && !first_struct; ++i)
      if (contains(json::serialize(records[i]), "\"Struct\"")) first_struct = i;
    if (!first_struct || expected.at("generation").as_string() != "g2") continue;
    ++struct_samples;
    const auto offset = records[*first_struct].at("offset").to_number<std::uint64_t>();
    BOOST_TEST(!read_log(*codec, log, "framed-g2").damage, name);

    auto r1 = read_log(*codec, log, "framed-g1");
    BOOST_REQUIRE_MESSAGE(r1.damage.has_value(), name);
    BOOST_TEST(r1.records.size() == *first_struct, name);
    BOOST_TEST(r1.damage->index == *first_struct, name);
    BOOST_TEST(r1.damage->offset == offset, name);
    BOOST_TEST(contains(r1.damage->reason, "unknown discriminant 12"), name << ": " << r1.damage->reason);
    BOOST_TEST(r1.position == offset);

    for (const auto* variant : {"framed-g3", "framed-g4"}) {
      auto r = read_log(*codec, log, variant);
      BOOST_REQUIRE_MESSAGE(r.damage.has_value(), name);
      BOOST_TEST(r.damage->index == *first_struct, name);
      BOOST_TEST(r.damage->offset == offset, name);
      BOOST_TEST(contains(r.damage->reason, "bad bool byte"), name << ": " << r.damage->reason);
    }
  }
  BOOST_TEST(struct_samples == 7u);
}

BOOST_AUTO_TEST_CASE(synthetic_g2_value_vectors) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  struct Vector {
    const char* bytes;
    const char* json;
  };
  const Vector vectors[] = {
      {"00", R"("Void")"},
      {"01 ac 02", R"({"U32":300})"},
      {"02 ff ff ff ff ff ff ff ff ff 01", R"({"U64":18446744073709551615})"},
      {"03 01", R"({"I32":-1})"},
      {"03 ff ff ff ff 0f", R"({"I32":-2147483648})"},
      {"04 80 01", R"({"I64":64})"},
      {"05 00 00 c0 3f", R"({"F32":1.5})"},
      {"06 00 00 00 00 c0 00 40 c0", R"({"F64":-32.005859375})"},
      {"07 01", R"({"Bool":true})"},
      {"08 02 c3 a9", "{\"String\":\"\xc3\xa9\"}"},
      {"09 02 01 01 00", R"({"Vec":[{"U32":1},"Void"]})"},
      {"0a 00", R"({"Option":null})"},
      {"0a 01 07 00", R"({"Option":{"Bool":false}})"},
      {"0b 02 03 04 08 01 78", R"({"Tuple":[{"I32":2},{"String":"x"}]})"},
      {"0c 01 50 01 01 78 05 00 00 00 00", R"({"Struct":{"name":"P","fields":[{"name":"x","value":{"F32":0.0}}]}})"},
      {"0d 01 45 01 41 00", R"({"Enum":{"name":"E","variant":"A","value":"Void"}})"},
  };
  for (const auto& v : vectors) BOOST_TEST(sdk::to_json_text(entry_value(*codec, hex(v.bytes))) == v.json, v.bytes);

  // The value model, not just its JSON.
  BOOST_TEST((entry_value(*codec, hex("0c 01 50 01 01 78 05 00 00 00 00")) ==
              sdk::Value::structure("P", {"x"}, {sdk::Value::f32(0.0f)})));
  BOOST_TEST((entry_value(*codec, hex("0d 01 45 01 41 00")) ==
              sdk::Value::enumeration("E", "A", sdk::Value::make_void())));
  BOOST_TEST((entry_value(*codec, hex("0b 02 03 04 08 01 78")) ==
              sdk::Value::tuple({sdk::Value::i32(2), sdk::Value::string("x")})));
  BOOST_TEST((entry_value(*codec, hex("03 ff ff ff ff 0f")) == sdk::Value::i32(INT32_MIN)));
  BOOST_TEST((entry_value(*codec, hex("04 ff ff ff ff ff ff ff ff ff 01")) == sdk::Value::i64(INT64_MIN)));
  BOOST_TEST((entry_value(*codec, hex("04 fe ff ff ff ff ff ff ff ff 01")) == sdk::Value::i64(INT64_MAX)));
  // An enum carrying a value, and a struct nested in a Vec.
  BOOST_TEST(sdk::to_json_text(entry_value(*codec, hex("0d 01 45 01 42 09 01 0c 01 51 00"))) ==
             R"({"Enum":{"name":"E","variant":"B","value":{"Vec":[{"Struct":{"name":"Q","fields":[]}}]}}})");
}

BOOST_AUTO_TEST_CASE(synthetic_g1_value_vectors) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  auto row = entry_value(*codec, hex("09 01 07 00"), "framed-g1");
  BOOST_TEST((row == sdk::Value::row(sdk::Row{sdk::Value::u32(7), {}, false})));
  BOOST_TEST(sdk::to_json_text(row) == R"({"Row":{"primary_key":{"U32":7},"entries":[]}})");
  BOOST_TEST(sdk::to_json_text(entry_value(*codec, hex("0a 01 00"), "framed-g1")) == R"({"Vec":["Void"]})");
  BOOST_TEST(sdk::to_json_text(entry_value(*codec, hex("0b 01 01 01"), "framed-g1")) == R"({"Option":{"U32":1}})");
  // A nested Row with entries inside a nested Row.
  BOOST_TEST(sdk::to_json_text(entry_value(*codec, hex("09 00 01 09 07 01 01 08 01 61"), "framed-g1")) ==
             R"({"Row":{"primary_key":"Void","entries":[{"Row":{"primary_key":{"Bool":true},"entries":[{"String":"a"}]}}]}})");
  // 12 is past g1's last discriminant.
  BOOST_TEST(damage_reason(*codec, insert_with_entry(hex("0c 00")), "framed-g1") ==
             "payload byte 8: unknown discriminant 12 for IntersticeValue (0-11 allowed)");
}

BOOST_AUTO_TEST_CASE(update_and_delete_records) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  const auto update = hex("0a 00 00 00 01 01 6d 01 74 02 01 01 07 01");
  const auto del = hex("07 00 00 00 02 01 6d 01 74 02 01");
  TempBytes file(update + del);
  sdk::LogInput input(file.path());
  auto reader = codec->open(input, "framed-g2");
  sdk::TransactionView view;

  BOOST_REQUIRE(reader->next(view));
  BOOST_TEST((view.operation == sdk::Operation::Update));
  BOOST_TEST(!view.has_old_row);
  BOOST_TEST((Bytes(view.row.begin(), view.row.end()) == hex("02 01 01 07 01")));
  auto tx = reader->decode(view);
  BOOST_TEST((tx.operation == sdk::Operation::Update));
  BOOST_TEST(!tx.old_row.has_value());
  BOOST_TEST((tx.row == sdk::Row{sdk::Value::u64(1), {sdk::Value::boolean(true)}, false}));
  BOOST_TEST(tx_json(tx) ==
             R"({"Update":{"module_name":"m","table_name":"t","update_row":{"primary_key":{"U64":1},"entries":[{"Bool":true}]}}})");

  BOOST_REQUIRE(reader->next(view));
  BOOST_TEST((view.operation == sdk::Operation::Delete));
  BOOST_TEST(view.offset == 14u);
  BOOST_TEST(view.size == 11u);
  BOOST_TEST((Bytes(view.row.begin(), view.row.end()) == hex("02 01")));  // the key's bytes
  tx = reader->decode(view);
  BOOST_TEST((tx.operation == sdk::Operation::Delete));
  BOOST_TEST(tx.row.key_only);
  BOOST_TEST(tx.row.entries.empty());
  BOOST_TEST((tx.row.primary_key == sdk::Value::u64(1)));
  BOOST_TEST(tx_json(tx) == R"({"Delete":{"module_name":"m","table_name":"t","deleted_row_id":{"U64":1}}})");
  BOOST_TEST(sdk::to_json_text(tx.row) == R"({"primary_key":{"U64":1}})");
  BOOST_TEST(!reader->next(view));
  BOOST_TEST(!reader->damage());
}

BOOST_AUTO_TEST_CASE(g3_reads_u8_and_g4_deletes_carry_an_index_key) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  // g3/g4: U8 at discriminant 1 is one raw byte (0xff is no varint start here), everything after
  // it shifts by one.
  for (const auto* variant : {"framed-g3", "framed-g4"}) {
    BOOST_TEST((entry_value(*codec, hex("01 ff"), variant) == sdk::Value::u8(255)));
    BOOST_TEST((entry_value(*codec, hex("02 ac 02"), variant) == sdk::Value::u32(300)));
    BOOST_TEST(sdk::to_json_text(entry_value(*codec, hex("0e 01 45 01 41 01 07"), variant)) ==
               R"({"Enum":{"name":"E","variant":"A","value":{"U8":7}}})");
    BOOST_TEST(sdk::to_json_text(entry_value(*codec, hex("0c 02 05 05 09 01 78"), variant)) ==
               R"({"Tuple":[{"I64":-3},{"String":"x"}]})");
    auto r = read_bytes_as(*codec, insert_with_key(hex("01 09")), variant);
    BOOST_REQUIRE_EQUAL(r.records.size(), 1u);
    BOOST_TEST((r.records[0].row.primary_key == sdk::Value::u8(9)));
  }

  // IndexKey::Tuple([U32(5), String("k"), Option(Some(Bool(true))), U8(3), I64(-1)]).
  const auto key = hex("08 05 01 05 06 01 6b 07 01 05 01 00 03 04 01");
  auto g4 = read_bytes_as(*codec, delete_of(key), "framed-g4");
  BOOST_REQUIRE_MESSAGE(!g4.damage, (g4.damage ? g4.damage->reason : ""));
  BOOST_REQUIRE_EQUAL(g4.records.size(), 1u);
  const auto& row = g4.records[0].row;
  BOOST_TEST(row.key_only);
  BOOST_TEST(row.entries.empty());
  BOOST_TEST((row.primary_key ==
              sdk::Value::tuple({sdk::Value::u32(5), sdk::Value::string("k"), sdk::Value::option(sdk::Value::boolean(true)),
                                 sdk::Value::u8(3), sdk::Value::i64(-1)})));
  BOOST_TEST(tx_json(g4.records[0]) ==
             R"({"Delete":{"module_name":"m","table_name":"t","deleted_row_id":{"Tuple":[{"U32":5},{"String":"k"},{"Option":{"Bool":true}},{"U8":3},{"I64":-1}]}}})");

  // The same bytes in g3 are an IntersticeValue: 08 is Bool there, and 05 is no bool byte.
  BOOST_TEST(damage_reason(*codec, delete_of(key), "framed-g3") == "payload byte 6: bad bool byte 0x05");
  // Every IndexKey variant, and one past the last.
  struct Key {
    const char* bytes;
    sdk::Value value;
  };
  const Key keys[] = {{"00 2a", sdk::Value::u8(42)},           {"01 2a", sdk::Value::u32(42)},
                      {"02 2a", sdk::Value::u64(42)},          {"03 03", sdk::Value::i32(-2)},
                      {"04 04", sdk::Value::i64(2)},           {"05 00", sdk::Value::boolean(false)},
                      {"06 00", sdk::Value::string("")},       {"07 00", sdk::Value::option(std::nullopt)},
                      {"08 00", sdk::Value::tuple({})}};
  for (const auto& k : keys) {
    auto r = read_bytes_as(*codec, delete_of(hex(k.bytes)), "framed-g4");
    BOOST_REQUIRE_EQUAL(r.records.size(), 1u);
    BOOST_TEST((r.records[0].row.primary_key == k.value), k.bytes);
  }
  BOOST_TEST(damage_reason(*codec, delete_of(hex("09 00")), "framed-g4") ==
             "payload byte 5: unknown discriminant 9 for IndexKey (0-8 allowed)");
  // g4 inserts still use IntersticeValue: F32 is fine there, but never inside an IndexKey.
  BOOST_TEST((entry_value(*codec, hex("06 00 00 c0 3f"), "framed-g4") == sdk::Value::f32(1.5f)));
}

BOOST_AUTO_TEST_CASE(varint_limits_follow_postcard) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  // Padded forms within the maximum length are accepted.
  BOOST_TEST((entry_value(*codec, hex("01 80 00")) == sdk::Value::u32(0)));
  BOOST_TEST((entry_value(*codec, hex("01 80 80 80 80 00")) == sdk::Value::u32(0)));
  BOOST_TEST((entry_value(*codec, hex("01 ff ff ff ff 0f")) == sdk::Value::u32(UINT32_MAX)));
  BOOST_TEST((entry_value(*codec, hex("02 80 80 80 80 80 80 80 80 80 00")) == sdk::Value::u64(0)));
  // A varint count in the Transaction's own header may be padded too.
  BOOST_TEST(read_bytes_as(*codec, frame(hex("80 00 81 00 6d 01 74 02 01 00")), "framed-g2").records.size() == 1u);
  // u32: a 6th byte is never read; a 5th byte above 0x0f overflows.
  BOOST_TEST(damage_reason(*codec, insert_with_entry(hex("01 80 80 80 80 80 00"))) ==
             "payload byte 9: U32 varint longer than 5 bytes");
  BOOST_TEST(damage_reason(*codec, insert_with_entry(hex("01 ff ff ff ff 1f"))) ==
             "payload byte 9: U32 varint overflows: last byte 0x1f");
  BOOST_TEST(damage_reason(*codec, insert_with_entry(hex("03 ff ff ff ff 10"))) ==
             "payload byte 9: I32 varint overflows: last byte 0x10");
  // u64: 10 bytes at most, the 10th at most 0x01.
  BOOST_TEST(damage_reason(*codec, insert_with_entry(hex("02 ff ff ff ff ff ff ff ff ff 02"))) ==
             "payload byte 9: U64 varint overflows: last byte 0x02");
  BOOST_TEST(damage_reason(*codec, insert_with_entry(hex("02 80 80 80 80 80 80 80 80 80 80 00"))) ==
             "payload byte 9: U64 varint longer than 10 bytes");
  // The Transaction discriminant is a u32 varint as well.
  BOOST_TEST(damage_reason(*codec, frame(hex("80 80 80 80 80 00"))) ==
             "payload byte 0: Transaction varint longer than 5 bytes");
  BOOST_TEST(damage_reason(*codec, frame(hex("03 01 6d 01 74 02 01 00"))) ==
             "payload byte 0: unknown discriminant 3 for Transaction (0-2 allowed)");
  // A payload ending inside a varint.
  BOOST_TEST(damage_reason(*codec, insert_with_entry(hex("01 80 80"))) ==
             "payload byte 9: payload ends inside U32: needs 3, has 2");
}

BOOST_AUTO_TEST_CASE(a_high_byte_anywhere_in_a_payload_is_found) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  // A payload's one high byte anywhere, also in its last bytes past the last whole word (the
  // one-pass ASCII test reads those with an overlapping load), is found.
  for (std::size_t length = 1; length <= 24; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      Bytes text(length, 'a');
      text[at] = 0xFF;
      const auto reason = damage_reason(*codec, insert_with_entry(hex("08") + Bytes{static_cast<unsigned char>(length)} + text));
      BOOST_TEST(reason == fmt::format("payload byte {}: invalid UTF-8 in String value", 10 + at),
                 "length " << length << ", byte " << at);
    }
  }
  // Payloads shorter than a word (a Delete of a Void key: 6 and 7 bytes), read a byte at a time.
  for (const auto& [payload, reason] : {std::pair{"02 01 ff 01 74 00", "payload byte 2: invalid UTF-8 in module_name"},
                                        std::pair{"02 02 61 ff 01 74 00", "payload byte 3: invalid UTF-8 in module_name"},
                                        std::pair{"02 01 6d 01 ff 00", "payload byte 4: invalid UTF-8 in table_name"},
                                        std::pair{"02 01 6d 02 74 ff 00", "payload byte 5: invalid UTF-8 in table_name"}})
    BOOST_TEST(damage_reason(*codec, frame(hex(payload))) == reason, payload);
}

BOOST_AUTO_TEST_CASE(strict_bytes_strings_and_counts) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  BOOST_TEST(damage_reason(*codec, insert_with_entry(hex("07 02"))) == "payload byte 9: bad bool byte 0x02");
  BOOST_TEST(damage_reason(*codec, insert_with_entry(hex("0a 02 00"))) == "payload byte 9: bad option byte 0x02");
  // Invalid UTF-8: a bad continuation, an overlong form, a surrogate, a code point past U+10FFFF,
  // a sequence cut short by the string's end; the position is the bad sequence's first byte.
  for (const auto* bad : {"08 02 c3 28", "08 02 c0 80", "08 03 ed a0 80", "08 04 f4 90 80 80", "08 03 41 e2 82"}) {
    auto reason = damage_reason(*codec, insert_with_entry(hex(bad)));
    BOOST_TEST(contains(reason, "invalid UTF-8 in String value"), bad << ": " << reason);
  }
  BOOST_TEST(damage_reason(*codec, insert_with_entry(hex("08 03 41 e2 82"))) ==
             "payload byte 11: invalid UTF-8 in String value");
  BOOST_TEST(damage_reason(*codec, frame(hex("00 02 6d ff 01 74 02 01 00"))) ==
             "payload byte 3: invalid UTF-8 in module_name");
  // Past the first eight ASCII bytes too.
  BOOST_TEST(damage_reason(*codec, insert_with_entry(hex("08 0d 61 61 61 61 61 61 61 61 61 61 61 61 ff"))) ==
             "payload byte 22: invalid UTF-8 in String value");
  BOOST_TEST((entry_value(*codec, hex("08 0c 61 61 61 61 61 61 61 61 61 61 c3 a9")) ==
              sdk::Value::string("aaaaaaaaaa\xc3\xa9")));
  // Valid multi-byte text of every length is fine.
  BOOST_TEST((entry_value(*codec, hex("08 0a 41 c3 a9 e2 82 ac f0 9f 98 80")) == sdk::Value::string("A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80")));
  // Lengths and counts beyond the bytes left are rejected before anything is read for them.
  BOOST_TEST(damage_reason(*codec, insert_with_entry(hex("08 ff ff ff ff 0f 41"))) ==
             "payload byte 9: String value length 4294967295 exceeds the 1 bytes left");
  BOOST_TEST(damage_reason(*codec, insert_with_entry(hex("09 e8 07 00 00"))) ==
             "payload byte 9: Vec count 1000 exceeds the 2 bytes left");
  BOOST_TEST(damage_reason(*codec, frame(hex("00 01 6d 01 74 02 01 ff ff ff ff ff ff ff ff ff 01"))) ==
             "payload byte 7: Row entries count 18446744073709551615 exceeds the 0 bytes left");
  BOOST_TEST(damage_reason(*codec, insert_with_entry(hex("0c 01 50 05 00"))) ==
             "payload byte 11: Struct fields count 5 exceeds the 1 bytes left");
  // A payload that ends where a value should start, and one that ends inside a float.
  BOOST_TEST(damage_reason(*codec, frame(hex("00 01 6d 01 74"))) ==
             "payload byte 5: payload ends inside IntersticeValue: needs 1, has 0");
  BOOST_TEST(damage_reason(*codec, insert_with_entry(hex("06 00 00"))) ==
             "payload byte 9: payload ends inside F64: needs 8, has 2");
}

BOOST_AUTO_TEST_CASE(nesting_is_capped) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  auto nested = [](std::size_t levels) {
    Bytes value;
    for (std::size_t i = 0; i < levels; ++i) value.insert(value.end(), {0x0a, 0x01});  // Option(Some(...
    value.push_back(0x00);                                                              // ... Void)
    return value;
  };
  auto deep = entry_value(*codec, nested(64));
  std::size_t depth = 0;
  for (const auto* v = &deep; v->kind == sdk::ValueKind::Option; v = &v->items.front()) ++depth;
  BOOST_TEST(depth == 64u);
  BOOST_TEST(damage_reason(*codec, insert_with_entry(nested(65))) == "payload byte 138: values nested deeper than 64");
  BOOST_TEST(contains(damage_reason(*codec, insert_with_entry(nested(100000))), "nested deeper than 64"));
}

BOOST_AUTO_TEST_CASE(unconsumed_payload_bytes_are_damage) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  const auto good = insert_with_entry(hex("07 01"));
  auto padded = frame(hex("00 01 6d 01 74 02 01 01 07 01 00 00 00"));
  auto r = read_bytes_as(*codec, good + padded + good, "framed-g2");
  BOOST_REQUIRE(r.damage.has_value());
  BOOST_TEST(r.records.size() == 1u);
  BOOST_TEST(r.damage->index == 1u);
  BOOST_TEST(r.damage->offset == good.size());
  BOOST_TEST(!r.damage->incomplete);
  BOOST_TEST(r.damage->reason == "payload byte 10: 3 unconsumed payload bytes");
  BOOST_TEST(r.position == good.size());
  BOOST_TEST(damage_reason(*codec, frame(hex("00 01 6d 01 74 02 01 00 00"))) ==
             "payload byte 8: 1 unconsumed payload byte");
}

BOOST_AUTO_TEST_CASE(resynchronize_skips_a_record_whose_frame_is_intact) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  const auto a = insert_with_entry(hex("01 01"));
  const auto bad = insert_with_entry(hex("07 05"));
  const auto c = insert_with_entry(hex("01 03"));
  TempBytes file(a + bad + c);
  sdk::LogInput input(file.path());
  auto reader = codec->open(input, "framed-g2");
  sdk::TransactionView view;
  BOOST_REQUIRE(reader->next(view));
  BOOST_TEST(!reader->next(view));
  BOOST_REQUIRE(reader->damage().has_value());
  BOOST_TEST(reader->damage()->index == 1u);
  BOOST_TEST(reader->damage()->offset == a.size());
  BOOST_TEST(reader->damage()->reason == "payload byte 9: bad bool byte 0x05");
  BOOST_TEST(!reader->next(view));  // damage stops the reader until someone acts on it
  BOOST_REQUIRE(reader->resynchronize());
  BOOST_TEST(!reader->damage());
  BOOST_REQUIRE(reader->next(view));
  BOOST_TEST(view.index == 2u);  // the skipped record keeps its number
  BOOST_TEST(view.offset == a.size() + bad.size());
  BOOST_TEST((reader->decode(view).row.entries.at(0) == sdk::Value::u32(3)));
  BOOST_TEST(!reader->next(view));
  BOOST_TEST(!reader->damage());
  BOOST_TEST(reader->position() == a.size() + bad.size() + c.size());
  BOOST_TEST(!reader->resynchronize());  // nothing to skip
}

BOOST_AUTO_TEST_CASE(truncation_and_partial_prefixes_are_incomplete) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  const auto bytes = read_bytes(real_dir() / "g2-43adf1a.log");  // records at 0 and 67, 134 bytes
  BOOST_REQUIRE_EQUAL(bytes.size(), 134u);
  auto cut = [&](std::size_t n) { return Bytes(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n)); };

  auto r = read_bytes_as(*codec, cut(129), "framed-g2");
  BOOST_REQUIRE(r.damage.has_value());
  BOOST_TEST(r.records.size() == 1u);
  BOOST_TEST(r.damage->index == 1u);
  BOOST_TEST(r.damage->offset == 67u);
  BOOST_TEST(r.damage->incomplete);
  BOOST_TEST(r.damage->reason == "truncated record at offset 67: needs 63, has 58");
  BOOST_TEST(r.position == 67u);

  for (std::size_t extra : {1u, 2u, 3u}) {
    r = read_bytes_as(*codec, cut(67 + extra), "framed-g2");
    BOOST_REQUIRE(r.damage.has_value());
    BOOST_TEST(r.damage->index == 1u);
    BOOST_TEST(r.damage->offset == 67u);
    BOOST_TEST(r.damage->incomplete);
    BOOST_TEST(r.damage->reason == "partial length prefix at offset 67");
  }
  r = read_bytes_as(*codec, cut(71), "framed-g2");
  BOOST_TEST(r.damage->reason == "truncated record at offset 67: needs 63, has 0");

  // A huge length is checked against the file, never allocated.
  r = read_bytes_as(*codec, hex("ff ff ff ff 00 01"), "framed-g2");
  BOOST_REQUIRE(r.damage.has_value());
  BOOST_TEST(r.damage->reason == "truncated record at offset 0: needs 4294967295, has 2");
  BOOST_TEST(r.damage->incomplete);

  // Neither can be skipped: the next record's start is unknown.
  TempBytes file(cut(100));
  sdk::LogInput input(file.path());
  auto reader = codec->open(input, "framed-g2");
  sdk::TransactionView view;
  BOOST_REQUIRE(reader->next(view));
  BOOST_TEST(!reader->next(view));
  BOOST_TEST(!reader->resynchronize());
  BOOST_REQUIRE(reader->damage().has_value());
  BOOST_TEST(reader->damage()->incomplete);
}

BOOST_AUTO_TEST_CASE(retry_rereads_a_record_the_writer_finished) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  const auto bytes = read_bytes(real_dir() / "g2-43adf1a.log");
  TempBytes file(Bytes(bytes.begin(), bytes.begin() + 69));  // record 0 and half a length prefix
  sdk::LogInput input(file.path(), 16);
  auto reader = codec->open(input, "framed-g2");
  sdk::TransactionView view;
  BOOST_REQUIRE(reader->next(view));
  BOOST_TEST(!reader->next(view));
  BOOST_REQUIRE(reader->damage().has_value());
  BOOST_TEST(reader->damage()->reason == "partial length prefix at offset 67");

  auto append = [&](std::size_t from, std::size_t to) {
    std::ofstream out(file.path(), std::ios::binary | std::ios::app);
    out.write(reinterpret_cast<const char*>(bytes.data() + from), static_cast<std::streamsize>(to - from));
  };
  append(69, 100);  // the prefix is whole now, the payload is not
  BOOST_TEST(input.refresh());
  reader->retry();
  BOOST_TEST(!reader->damage());
  BOOST_TEST(!reader->next(view));
  BOOST_REQUIRE(reader->damage().has_value());
  BOOST_TEST(reader->damage()->reason == "truncated record at offset 67: needs 63, has 29");

  append(100, bytes.size());
  BOOST_TEST(input.refresh());
  reader->retry();
  BOOST_REQUIRE(reader->next(view));
  BOOST_TEST(view.index == 1u);
  BOOST_TEST(view.offset == 67u);
  BOOST_TEST(reader->decode(view).row.entries.size() == 2u);
  BOOST_TEST(!reader->next(view));
  BOOST_TEST(!reader->damage());
}

BOOST_AUTO_TEST_CASE(small_blocks_give_identical_results) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  std::vector<Bytes> inputs;
  Bytes all;
  for (const auto& log : real_logs()) {
    inputs.push_back(read_bytes(log));
    all = all + inputs.back();
  }
  inputs.push_back(all);
  inputs.push_back(Bytes(all.begin(), all.end() - 3));  // ends inside a payload
  inputs.push_back(all + hex("01 00"));                 // ends inside a length prefix
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    TempBytes file(inputs[i]);
    for (const auto& variant : kVariants) {
      const auto reference = summary(read_log(*codec, file.path(), variant));
      for (std::size_t block : {1u, 7u, 64u})
        BOOST_TEST(summary(read_log(*codec, file.path(), variant, block)) == reference,
                   "input " << i << " " << variant << " block " << block);
    }
  }
}

// A frame longer than the bytes in hand is walked on those bytes first (framed_reader.cpp): a
// fault they prove on their own is reported from there, without reading the rest; a walk that
// ran out of bytes waits for the whole frame. Whatever the block size, a long record reads as
// the whole frame would: faults in its first bytes or past the first block, lengths and counts
// past its end, bytes left over, and long valid records; the reader resynchronises to the same
// place after each.
BOOST_AUTO_TEST_CASE(a_frame_longer_than_the_bytes_in_hand_reads_as_the_whole_frame_would) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  const Bytes head = hex("00 01 6d 01 74 02 01");  // Insert "m"."t", key U64 1; the entry count follows
  Bytes long_text = hex("08 a0 8d 06") + Bytes(100000, 'a');  // a String of 100,000 bytes
  Bytes bad_deep = long_text;
  bad_deep[4 + 70000] = 0xFF;
  const std::vector<Bytes> records = {
      frame(head + hex("02 07 02") + long_text),                     // bad bool, then a long string
      frame(head + hex("02 0a 02") + long_text),                     // bad option
      frame(head + hex("02 08 03 41 e2 82") + long_text),            // bad UTF-8
      frame(head + hex("02 0e") + long_text),                        // unknown discriminant
      frame(head + hex("02 01 ff ff ff ff ff") + long_text),         // varint too long
      frame(head + hex("02 01 ff ff ff ff 1f") + long_text),         // varint overflow
      frame(head + hex("02") + long_text + hex("07 02")),            // bad bool past the first block
      frame(head + hex("01") + bad_deep),                            // bad UTF-8 deep in a long string
      frame(head + hex("01") + long_text + hex("00")),               // a byte left over
      frame(head + hex("01 00") + Bytes(100000, 0)),                 // many bytes left over
      frame(head + hex("01 08 a0 8d 06") + Bytes(99999, 'a')),       // a string one byte past the payload
      frame(head + hex("02 09 a0 8d 06") + long_text),               // a count past the payload
      frame(head + hex("01") + long_text),                           // valid
  };
  const Bytes valid = insert_with_entry(hex("00"));
  auto read_all = [&](const std::filesystem::path& file, std::size_t block) {
    sdk::LogInput input(file, block);
    auto reader = codec->open(input, "framed-g2");
    std::string out;
    sdk::TransactionView view;
    for (int resyncs = 0; resyncs < 4;) {
      while (reader->next(view)) out += fmt::format("{}@{}+{} {}\n", view.index, view.offset, view.size, tx_json(reader->decode(view)).size());
      if (!reader->damage()) break;
      out += fmt::format("damage {}@{} {}{}\n", reader->damage()->index, reader->damage()->offset,
                         reader->damage()->incomplete ? "incomplete " : "", reader->damage()->reason);
      if (!reader->resynchronize()) break;
      ++resyncs;
    }
    return out + fmt::format("position {}", reader->position());
  };
  for (std::size_t i = 0; i < records.size(); ++i) {
    TempBytes file(valid + records[i] + valid);
    const auto whole = read_all(file.path(), sdk::LogInput::kDefaultBlock);  // every frame in hand at once
    BOOST_TEST(contains(whole, "damage") == (i + 1 != records.size()), "record " << i << ": " << whole);
    for (std::size_t block : {1u, 7u, 64u, 4096u, 65536u})
      BOOST_TEST(read_all(file.path(), block) == whole, "record " << i << ", block " << block);
  }
}

BOOST_AUTO_TEST_CASE(every_truncation_of_the_samples_reads_the_whole_records_before_it) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  for (const auto& log : real_logs()) {
    const auto bytes = read_bytes(log);
    if (bytes.empty()) continue;
    auto expected = expected_for(log);
    const auto variant = "framed-" + std::string(expected.at("generation").as_string());
    std::vector<std::uint64_t> starts;
    for (const auto& record : expected.at("records").as_array()) starts.push_back(record.at("offset").to_number<std::uint64_t>());
    for (std::size_t n = 0; n < bytes.size(); ++n) {
      auto r = read_bytes_as(*codec, Bytes(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n)), variant, 64);
      std::size_t whole = 0;  // records that end at or before n
      while (whole < starts.size() && (whole + 1 < starts.size() ? starts[whole + 1] : bytes.size()) <= n) ++whole;
      const auto tag = log.filename().string() + " cut at " + std::to_string(n);
      BOOST_TEST(r.records.size() == whole, tag);
      const bool on_boundary = n == 0 || (whole < starts.size() && starts[whole] == n);
      if (on_boundary) {
        BOOST_TEST(!r.damage, tag);
      } else {
        BOOST_REQUIRE_MESSAGE(r.damage.has_value(), tag);
        BOOST_TEST(r.damage->incomplete, tag);
        BOOST_TEST(r.damage->index == whole, tag);
        BOOST_TEST(r.damage->offset == starts[whole], tag);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(bit_flips_never_crash_and_stay_bounded) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  std::vector<std::pair<Bytes, std::string>> originals;  // bytes, their own generation
  Bytes all;
  for (const auto& log : real_logs()) {
    auto bytes = read_bytes(log);
    if (bytes.empty()) continue;
    all = all + bytes;
    originals.emplace_back(std::move(bytes), "framed-" + std::string(expected_for(log).at("generation").as_string()));
  }
  originals.emplace_back(all, "framed-g2");

  std::mt19937_64 random(20260211);
  // Reads to the end, skipping damaged payloads where the framing allows, and checks that
  // everything reported stays inside the file.
  auto check = [&](const Bytes& bytes, const std::string& variant, const std::string& tag) {
    TempBytes file(bytes);
    sdk::LogInput input(file.path(), 64);
    auto reader = codec->open(input, variant);
    sdk::TransactionView view;
    std::uint64_t end = 0, records = 0, rounds = 0;
    for (;;) {
      while (reader->next(view)) {
        BOOST_TEST_REQUIRE(view.offset >= end, tag);
        BOOST_TEST_REQUIRE(view.size >= 5u, tag);  // the prefix and at least a discriminant
        BOOST_TEST_REQUIRE(view.offset + view.size <= bytes.size(), tag);
        BOOST_TEST_REQUIRE(view.raw.size() == view.size, tag);
        auto tx = reader->decode(view);  // whatever next() accepted decodes
        BOOST_TEST_REQUIRE(tx.offset == view.offset, tag);
        end = view.offset + view.size;
        ++records;
      }
      BOOST_TEST_REQUIRE(reader->position() <= bytes.size(), tag);
      if (!reader->damage()) {
        BOOST_TEST_REQUIRE(reader->position() == bytes.size(), tag);
        break;
      }
      BOOST_TEST_REQUIRE(reader->damage()->offset <= bytes.size(), tag);
      BOOST_TEST_REQUIRE(!reader->damage()->reason.empty(), tag);
      if (!reader->resynchronize()) break;
      BOOST_TEST_REQUIRE(++rounds <= bytes.size(), tag);
    }
    BOOST_TEST_REQUIRE(records <= bytes.size() / 5, tag);
  };

  std::size_t mutants = 0;
  for (std::size_t round = 0; round < 500; ++round) {
    // Alternate between one real sample and the concatenation of all of them.
    const auto& [original, own] = round % 2 == 0 ? originals[random() % (originals.size() - 1)] : originals.back();
    Bytes bytes = original;
    const std::size_t flips = 1 + random() % 3;
    std::size_t first = bytes.size();
    for (std::size_t f = 0; f < flips; ++f) {
      const std::size_t at = random() % bytes.size();
      bytes[at] ^= static_cast<unsigned char>(1u << (random() % 8));
      first = std::min(first, at);
    }
    for (const auto& variant : kVariants) check(bytes, variant, variant + " flip round " + std::to_string(round));

    // Under the sample's own generation, every record that ends before the first flip is unchanged.
    auto before = read_bytes_as(*codec, original, own);
    auto after = read_bytes_as(*codec, bytes, own);
    for (std::size_t i = 0; i < before.records.size(); ++i) {
      if (before.records[i].offset + before.records[i].size > first) break;
      BOOST_REQUIRE_MESSAGE(i < after.records.size(), "round " << round);
      BOOST_TEST(tx_json(after.records[i]) == tx_json(before.records[i]), "round " << round);
    }
    ++mutants;
  }
  BOOST_TEST(mutants == 500u);

  // Random truncations of the concatenation, under every generation.
  for (std::size_t round = 0; round < 100; ++round) {
    const std::size_t n = random() % all.size();
    for (const auto& variant : kVariants)
      check(Bytes(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n)), variant,
            variant + " cut at " + std::to_string(n));
  }
  // Random bytes: nothing to find, nothing to crash on.
  for (std::size_t round = 0; round < 100; ++round) {
    Bytes noise(random() % 200);
    for (auto& b : noise) b = static_cast<unsigned char>(random());
    for (const auto& variant : kVariants) check(noise, variant, variant + " noise " + std::to_string(round));
  }
}

// The writer inverts the reader: every record of every real sample, under every generation that
// reads it, is written back byte for byte (the runtime's postcard is canonical: shortest varints),
// and the written log reads back as the same records.
BOOST_AUTO_TEST_CASE(writer_rewrites_every_real_sample_byte_for_byte) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  std::size_t checked = 0;
  for (const auto& log : real_logs()) {
    const auto source = read_bytes(log);
    for (const auto& variant : kVariants) {
      auto r = read_log(*codec, log, variant);
      if (r.damage) continue;  // not this sample's generation
      const auto context = log.filename().string() + " as " + variant;
      const auto written = write_with(*codec, variant, r.records);
      BOOST_TEST((written == source), context);
      auto again = read_bytes_as(*codec, written, variant);
      BOOST_TEST(!again.damage, context);
      BOOST_REQUIRE_EQUAL(again.records.size(), r.records.size());
      for (std::size_t i = 0; i < r.records.size(); ++i) BOOST_TEST((again.records[i] == r.records[i]), context);
      ++checked;
    }
  }
  BOOST_TEST(checked >= 10u);  // every sample under its own generation at least
}

// decode(encode(tx)) == tx for every value kind each generation has, in inserts, updates and
// deletes, including the extremes of every number.
BOOST_AUTO_TEST_CASE(writer_round_trips_every_value_kind_per_generation) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  using V = sdk::Value;
  const std::vector<V> common = {
      V::make_void(), V::u32(0), V::u32(UINT32_MAX), V::u64(UINT64_MAX), V::i32(INT32_MIN), V::i32(-1),
      V::i32(INT32_MAX), V::i64(INT64_MIN), V::i64(64), V::i64(INT64_MAX), V::f32(1.5f), V::f32(-0.0f),
      V::f64(-32.005859375), V::boolean(true), V::boolean(false), V::string(""), V::string("\xc3\xa9"),
      V::vec({V::u32(1), V::make_void()}), V::option(std::nullopt), V::option(V::option(V::boolean(false))),
      // Text longer than the transcoder's first buffer: a string that grows six-fold (control
      // bytes and quotes), and a thousand one-byte values that each print eight characters.
      V::string([] {
        std::string text;
        for (int i = 0; i < 1500; ++i) text += i % 3 ? "\x01" : "\"";
        return text;
      }()),
      V::vec(std::vector<V>(1000, V::make_void()))};
  const std::vector<V> g2_on = {
      V::tuple({V::i32(2), V::string("x")}), V::structure("P", {"x"}, {V::f32(0.0f)}), V::structure("Q", {}, {}),
      V::enumeration("E", "A", V::make_void()),
      V::enumeration("E", "B", V::vec({V::structure("Q", {"a", "b"}, {V::u64(1), V::tuple({})})}))};
  const std::vector<V> g1_only = {V::row(sdk::Row{V::u32(7), {}, false}),
                                  V::row(sdk::Row{V::make_void(), {V::row(sdk::Row{V::boolean(true), {V::string("a")}, false})}, false})};
  const std::vector<V> g3_on = {V::u8(0), V::u8(255), V::vec({V::u8(3), V::enumeration("E", "A", V::u8(7))})};
  const std::vector<V> index_keys = {
      V::u8(42), V::u32(42), V::u64(42), V::i32(-2), V::i64(2), V::boolean(false), V::string(""),
      V::option(std::nullopt), V::tuple({V::u32(5), V::string("k"), V::option(V::boolean(true)), V::u8(3), V::i64(-1)})};

  for (const auto& variant : kVariants) {
    std::vector<V> values = common;
    const auto add = [&](const std::vector<V>& more) { values.insert(values.end(), more.begin(), more.end()); };
    if (variant == "framed-g1") add(g1_only); else add(g2_on);
    if (variant == "framed-g3" || variant == "framed-g4") add(g3_on);
    std::vector<sdk::Transaction> records;
    for (const auto& value : values) {
      records.push_back(hand_tx(sdk::Operation::Insert, sdk::Row{value, {value, V::u64(1)}, false}));
      records.push_back(hand_tx(sdk::Operation::Update, sdk::Row{V::u64(2), {value}, false}));
    }
    records.push_back(hand_tx(sdk::Operation::Insert, sdk::Row{V::u32(1), {V::vec(values)}, false}));
    const auto& keys = variant == "framed-g4" ? index_keys : values;
    for (const auto& key : keys) records.push_back(hand_tx(sdk::Operation::Delete, sdk::Row{key, {}, true}));

    const auto bytes = write_with(*codec, variant, records);
    auto r = read_bytes_as(*codec, bytes, variant);
    BOOST_TEST(!r.damage, variant << ": " << (r.damage ? r.damage->reason : ""));
    BOOST_REQUIRE_EQUAL(r.records.size(), records.size());
    std::uint64_t offset = 0;
    for (std::size_t i = 0; i < records.size(); ++i) {
      auto want = records[i];
      want.index = i;
      want.offset = offset;
      want.size = r.records[i].size;
      offset += want.size;
      BOOST_TEST((r.records[i] == want), variant << " record " << i << ": " << tx_json(r.records[i]));
    }
    // Every kind again, as JSON straight from the bytes.
    TempBytes file(bytes);
    BOOST_TEST(check_transcoder(*codec, file.path(), variant) == records.size());
  }
}

// The spec's synthetic vectors (§5), written rather than read.
BOOST_AUTO_TEST_CASE(writer_produces_the_spec_vectors) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  using V = sdk::Value;
  const auto entry = [](V value) { return hand_tx(sdk::Operation::Insert, sdk::Row{V::u64(1), {std::move(value)}, false}); };
  BOOST_TEST((write_with(*codec, "framed-g2", {entry(V::u32(300))}) == insert_with_entry(hex("01 ac 02"))));
  BOOST_TEST((write_with(*codec, "framed-g2", {entry(V::i32(INT32_MIN))}) == insert_with_entry(hex("03 ff ff ff ff 0f"))));
  BOOST_TEST((write_with(*codec, "framed-g2", {entry(V::f64(-32.005859375))}) ==
              insert_with_entry(hex("06 00 00 00 00 c0 00 40 c0"))));
  BOOST_TEST((write_with(*codec, "framed-g2", {entry(V::structure("P", {"x"}, {V::f32(0.0f)}))}) ==
              insert_with_entry(hex("0c 01 50 01 01 78 05 00 00 00 00"))));
  BOOST_TEST((write_with(*codec, "framed-g2", {entry(V::enumeration("E", "A", V::make_void()))}) ==
              insert_with_entry(hex("0d 01 45 01 41 00"))));
  BOOST_TEST((write_with(*codec, "framed-g1", {entry(V::option(V::u32(1)))}) == insert_with_entry(hex("0b 01 01 01"))));
  // g3: U64 moved to 3 (the key), U8 at 1 is a raw byte.
  BOOST_TEST((write_with(*codec, "framed-g3", {entry(V::u8(255))}) == frame(hex("00 01 6d 01 74 03 01 01 01 ff"))));
  BOOST_TEST((write_with(*codec, "framed-g2", {hand_tx(sdk::Operation::Update, sdk::Row{V::u64(1), {V::boolean(true)}, false})}) ==
              hex("0a 00 00 00 01 01 6d 01 74 02 01 01 07 01")));
  BOOST_TEST((write_with(*codec, "framed-g2", {hand_tx(sdk::Operation::Delete, sdk::Row{V::u64(1), {}, true})}) ==
              hex("07 00 00 00 02 01 6d 01 74 02 01")));
  BOOST_TEST((write_with(*codec, "framed-g4", {hand_tx(sdk::Operation::Delete, sdk::Row{V::u64(1), {}, true})}) ==
              delete_of(hex("02 01"))));  // IndexKey::U64 is 2
  BOOST_TEST((write_with(*codec, "framed-g3", {hand_tx(sdk::Operation::Delete, sdk::Row{V::u64(1), {}, true})}) ==
              delete_of(hex("03 01"))));
}

// A value the generation has no discriminant for fails the record, naming where it sits.
BOOST_AUTO_TEST_CASE(writer_refuses_values_the_generation_cannot_hold) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  using V = sdk::Value;
  const auto insert = [](V key, std::vector<V> entries) {
    return hand_tx(sdk::Operation::Insert, sdk::Row{std::move(key), std::move(entries), false}, 7);
  };
  BOOST_TEST(write_error(*codec, "framed-g1", insert(V::u64(0), {V::string("a"), V::structure("S", {}, {})})) ==
             "row.entries[1] is a Struct value, which framed-g1 cannot store");
  BOOST_TEST(write_error(*codec, "framed-g2", insert(V::u8(1), {})) ==
             "row.primary_key is a U8 value, which framed-g2 cannot store");
  BOOST_TEST(write_error(*codec, "framed-g2", insert(V::u64(0), {V::vec({V::row(sdk::Row{V::u32(1), {}, false})})})) ==
             "row.entries[0] is a Row value, which framed-g2 cannot store");
  BOOST_TEST(write_error(*codec, "framed-g4", hand_tx(sdk::Operation::Delete, sdk::Row{V::f64(1), {}, true}, 7)) ==
             "key is a F64 value, which framed-g4 cannot store as a delete key");
  V u8 = V::u8(0);
  u8.unsigned_value = 256;
  BOOST_TEST(write_error(*codec, "framed-g3", insert(V::u64(0), {u8})) ==
             "row.entries[0] is a U8 value outside its range");
  // Text the reader would refuse: not UTF-8.
  BOOST_TEST(write_error(*codec, "framed-g2", insert(V::u64(0), {V::string("a\xff")})) ==
             "row.entries[0] is a String value with text that is not UTF-8");
  auto bad_module = insert(V::u64(0), {});
  bad_module.module = "\xc3";
  BOOST_TEST(write_error(*codec, "framed-g2", bad_module) == "module_name is a String value that is not UTF-8");
  // Deeper than the reader accepts: refused, so whatever is written reads back.
  V deep = V::make_void();
  for (int i = 0; i < 70; ++i) deep = V::option(deep);
  BOOST_TEST(write_error(*codec, "framed-g2", insert(V::u64(0), {deep})) ==
             "row.entries[0] is a Option value nested deeper than 64");
}

BOOST_AUTO_TEST_CASE(big_logs_read_on_two_threads_give_what_the_sequential_reader_gives) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  if (!two_cpus()) BOOST_TEST_MESSAGE("one CPU: the pipeline is not exercised here");
  const Bytes log = big_framed_log(*codec, 3 * kChunkBytes + kChunkBytes / 2);
  BOOST_REQUIRE_GE(log.size(), kPipelineMinBytes);
  const auto starts = frame_starts(log);
  BOOST_TEST(chunk_first_records(starts, log.size(), kChunkBytes).size() >= 3u);
  TempBytes file(log);
  const auto sequential = read_views_sequentially(*codec, file.path());
  BOOST_TEST(sequential.ends_with(fmt::format("position {}", log.size())));
  BOOST_TEST(std::count(sequential.begin(), sequential.end(), '\n') >= static_cast<std::ptrdiff_t>(starts.size()));
  BOOST_TEST(read_views(*codec, file.path()) == sequential);
  // Decoding and the transcoder read the views the pipeline handed out.
  const auto decoded = read_log(*codec, file.path(), "framed-g2");
  BOOST_TEST(!decoded.damage);
  BOOST_REQUIRE_EQUAL(decoded.records.size(), starts.size());
  for (std::size_t i = 0; i < starts.size(); ++i)
    if (decoded.records[i].offset != starts[i] || decoded.records[i].row.primary_key != sdk::Value::u64(i))
      BOOST_FAIL("record " << i << " differs from what was written");
}

BOOST_AUTO_TEST_CASE(big_logs_report_damage_at_chunk_boundaries_like_the_sequential_reader) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  const Bytes log = big_framed_log(*codec, 2 * kChunkBytes + kChunkBytes / 2);
  BOOST_REQUIRE_GE(log.size(), kPipelineMinBytes);
  const auto starts = frame_starts(log);
  const auto picks = records_to_damage(starts, log.size());
  BOOST_REQUIRE_GE(picks.size(), 8u);  // two chunk boundaries
  for (std::size_t k : picks) {
    BOOST_TEST_CONTEXT("record " << k) {
      const std::uint64_t at = starts[k];
      const std::uint64_t end = k + 1 < starts.size() ? starts[k + 1] : log.size();
      {  // an unknown Transaction variant: the frame is intact, --keep-going finds the next record
        Bytes bad = log;
        bad[at + 4] = 0x07;
        TempBytes file(bad);
        const auto sequential = read_views_sequentially(*codec, file.path(), true);
        BOOST_TEST(sequential.find(fmt::format("damage {}@{} ", k, at)) != std::string::npos);
        BOOST_TEST(read_views(*codec, file.path(), true) == sequential);
      }
      {  // a length prefix past the end of the file: framing cannot place the record
        Bytes bad = log;
        bad[at + 3] = 0x7F;
        TempBytes file(bad);
        const auto sequential = read_views_sequentially(*codec, file.path(), true);
        BOOST_TEST(sequential.find(fmt::format("damage {}@{} incomplete truncated record", k, at)) != std::string::npos);
        BOOST_TEST(read_views(*codec, file.path(), true) == sequential);
      }
      {  // the file ends inside the record
        TempBytes file(Bytes(log.begin(), log.begin() + static_cast<std::ptrdiff_t>(at + (end - at) / 2)));
        const auto sequential = read_views_sequentially(*codec, file.path());
        BOOST_TEST(sequential.find(fmt::format("damage {}@{} incomplete", k, at)) != std::string::npos);
        BOOST_TEST(read_views(*codec, file.path()) == sequential);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(big_logs_with_a_record_longer_than_a_chunk_read_it_and_go_on) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  const Bytes log = big_framed_log(*codec, 2 * kChunkBytes + kChunkBytes / 2, kChunkBytes + 12345);
  BOOST_REQUIRE_GE(log.size(), kPipelineMinBytes);
  const auto starts = frame_starts(log);
  TempBytes file(log);
  const auto views = read_views(*codec, file.path());
  BOOST_TEST(views == read_views_sequentially(*codec, file.path()));
  BOOST_TEST(views.find(fmt::format("20000@{}+{} ", starts[20000], starts[20001] - starts[20000])) != std::string::npos);
  BOOST_TEST(starts[20001] - starts[20000] > kChunkBytes);
  BOOST_TEST(views.ends_with(fmt::format("position {}", log.size())));
}

// `tally` (log-inspect's path): each thread counts the records it checked, and what is counted
// must be exactly what the sequential reader hands out; and after `select` (a selective query's
// path) the records wanted, the damages and the count of intact records must be the sequential
// reader's: on an intact log, at damage around every chunk boundary (with and without
// --keep-going), and around a record longer than a chunk.
BOOST_AUTO_TEST_CASE(big_logs_counted_or_selected_on_two_threads_give_exactly_what_the_sequential_reader_reads) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  const auto each_way = [&](const Bytes& bytes, bool keep_going, std::uint64_t* tallied = nullptr,
                        std::uint64_t* passed_over = nullptr) {
    auto lines = read_lines_three_ways(*codec, "framed-g2", bytes, keep_going, tallied, passed_over);
    BOOST_TEST(lines.tallied == lines.sequential);
    BOOST_TEST(lines.selected == lines.sequential_thirds);
    return lines.sequential;
  };
  const Bytes log = big_framed_log(*codec, 2 * kChunkBytes + kChunkBytes / 2);
  const auto starts = frame_starts(log);
  std::uint64_t tallied = 0, passed_over = 0;
  const auto intact = each_way(log, false, &tallied, &passed_over);
  BOOST_TEST(intact.find("damage") == std::string::npos);
  BOOST_TEST(std::count(intact.begin(), intact.end(), '\n') == static_cast<std::ptrdiff_t>(starts.size()));
  BOOST_TEST(intact.ends_with(fmt::format("position {}", log.size())));
  if (two_cpus()) {
    BOOST_TEST(tallied > starts.size() / 2, tallied << " of " << starts.size() << " counted by tally");
    BOOST_TEST(passed_over > starts.size() / 2, passed_over << " of " << starts.size() << " passed over");
  }
  const auto picks = records_to_damage(starts, log.size());
  BOOST_REQUIRE_GE(picks.size(), 8u);  // two chunk boundaries
  for (std::size_t k : picks) {
    BOOST_TEST_CONTEXT("record " << k) {
      const std::uint64_t at = starts[k];
      Bytes bad = log;
      bad[at + 4] = 0x07;  // an unknown Transaction variant: the frame is intact
      BOOST_TEST(each_way(bad, true).find(fmt::format("damage {}@{} ", k, at)) != std::string::npos);
      BOOST_TEST(each_way(bad, false).find(fmt::format("damage {}@{} ", k, at)) != std::string::npos);
      bad = log;
      bad[at + 3] = 0x7F;  // a length prefix past the end of the file: framing cannot place it
      BOOST_TEST(each_way(bad, true).find(fmt::format("damage {}@{} incomplete", k, at)) != std::string::npos);
    }
  }
  const Bytes giant = big_framed_log(*codec, 2 * kChunkBytes + kChunkBytes / 2, kChunkBytes + 12345);
  BOOST_TEST(each_way(giant, false).ends_with(fmt::format("position {}", giant.size())));
}

BOOST_AUTO_TEST_CASE(big_logs_follow_a_growing_file) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  const Bytes log = big_framed_log(*codec, 2 * kChunkBytes + kChunkBytes / 2);
  BOOST_REQUIRE_GE(log.size(), kPipelineMinBytes);
  const auto starts = frame_starts(log);
  const std::size_t k = starts.size() - 3;  // the writer is inside record k
  TempBytes temp(Bytes(log.begin(), log.begin() + static_cast<std::ptrdiff_t>(starts[k] + 6)));
  sdk::LogInput input(temp.path());
  auto reader = codec->open(input, "framed-g2");
  sdk::TransactionView view;
  std::size_t records = 0;
  while (reader->next(view)) ++records;
  BOOST_REQUIRE(reader->damage());
  BOOST_TEST(reader->damage()->incomplete);
  BOOST_TEST(records == k);
  {
    std::ofstream out(temp.path(), std::ios::binary | std::ios::app);
    out.write(reinterpret_cast<const char*>(log.data()) + starts[k] + 6,
              static_cast<std::streamsize>(log.size() - starts[k] - 6));
  }
  BOOST_TEST(input.refresh());
  reader->retry();
  BOOST_REQUIRE(reader->next(view));
  BOOST_TEST(view.index == k);
  BOOST_TEST(view.offset == starts[k]);
  while (reader->next(view)) ++records;
  BOOST_TEST(!reader->damage());
  BOOST_TEST(view.index == starts.size() - 1);
  BOOST_TEST(reader->position() == log.size());
}

// A file cut under the reader after the worker checked far past the cut: the part of the cut's
// page past the new end reads as zeros, the pages after it fault and read as zeros too
// (mapped_bytes.cpp). No record that starts past the cut is handed out as checked: its length
// prefix (zeros) no longer frames it, the reader reads on by itself and meets the damage.
BOOST_AUTO_TEST_CASE(big_logs_cut_under_the_reader_hand_out_nothing_past_the_cut) {
  if (!two_cpus()) BOOST_TEST_MESSAGE("one CPU: the pipeline is not exercised here");
  ::signal(SIGBUS, SIG_DFL);  // so the SDK's handler is in place (a test framework may restore it)
  LoadedPlugin<sdk::LogCodec> codec("log-codec-framed.so");
  const Bytes log = big_framed_log(*codec, 3 * kChunkBytes);
  BOOST_REQUIRE_GE(log.size(), kPipelineMinBytes);
  const auto starts = frame_starts(log);
  const std::uint64_t k = 2000;  // the cut falls inside record k, well inside the first chunk
  const std::uint64_t cut = starts[k] + 30;
  BOOST_REQUIRE(cut % 4096 != 0 && cut < starts[k + 1]);
  TempBytes file(log);
  sdk::LogInput input(file.path());
  auto reader = codec->open(input, "framed-g2");
  sdk::TransactionView view;
  std::uint64_t records = 0;
  while (records < 100 && reader->next(view)) ++records;
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the worker checks its chunks
  std::filesystem::resize_file(file.path(), cut);
  while (reader->next(view)) ++records;
  BOOST_TEST(records >= k);
  BOOST_TEST(records <= k + 1);  // record k itself, when its prefix lies before the cut
  BOOST_TEST((reader->damage().has_value() || input.cut_at() != UINT64_MAX));
}

BOOST_AUTO_TEST_SUITE_END()
