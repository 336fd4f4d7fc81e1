// The SDK's replay (replay.hpp), record digests and the canonical state hash: replay agrees with
// the fixtures' live rows and anomalies in every mode and on every path from bytes to hashes; the
// canonical encoding is v1's bincode, so v1 rows hash straight from their bytes; and the hash has
// the properties docs/determinism.md promises (independent of order, seeds and log format, and
// changed by any changed byte).
#include "replay_harness.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/log_report.hpp"
#include "interstice/sdk/replay.hpp"
#include "interstice/sdk/schema_json.hpp"
#include "interstice/sdk/util/canonical_rows.hpp"
#include "interstice/sdk/util/canonical_value.hpp"
#include "interstice/sdk/util/record_seek.hpp"
#include "interstice/sdk/util/state_hash.hpp"
#include "interstice/sdk/value_json.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <stdexcept>
#include <thread>

namespace sdk = interstice::sdk;
namespace json = boost::json;
using namespace interstice::test;

namespace {

/// The replay's live counts in the fixtures' `live_rows` shape.
json::object live_rows(const sdk::LogReplay& replay) {
  json::object modules;
  for (const auto& state : replay.tables()) {
    auto& tables = modules[state.table->module];
    if (!tables.is_object()) tables = json::object();
    tables.as_object()[state.table->table] = state.live_rows;
  }
  return modules;
}

/// The replay's per-table operation counts in the fixtures' `by_module_table_type` shape.
json::object operation_counts(const sdk::LogReplay& replay) {
  json::object modules;
  for (const auto& state : replay.tables()) {
    auto& tables = modules[state.table->module];
    if (!tables.is_object()) tables = json::object();
    tables.as_object()[state.table->table] = {{"Delete", state.deletes}, {"Insert", state.inserts}, {"Update", state.updates}};
  }
  return modules;
}

sdk::Transaction record(Operation operation, std::uint64_t key, std::optional<std::uint64_t> old_key = {},
                        std::string table = "t") {
  auto tx = make_record(operation, "m", std::move(table), Value::u64(key),
                        {Value::string("v" + std::to_string(key) + "-" + std::string(sdk::to_lower_string(operation)))});
  if (old_key) tx.old_row = sdk::Row{Value::u64(*old_key), {}};
  return tx;
}

/// A table's live keys as serde JSON, in replay order.
std::vector<std::string> live_keys(const sdk::LogReplay& replay, std::string_view module, std::string_view table) {
  std::vector<std::string> keys;
  replay.for_each_row(module, table, [&](const sdk::Row& row) { keys.push_back(sdk::to_json_text(row.primary_key)); });
  return keys;
}

sdk::LogReplay replay_records(const std::vector<sdk::Transaction>& records,
                              sdk::LogReplay::Rows rows = sdk::LogReplay::Rows::hash_only, std::uint64_t seed = 0) {
  sdk::LogReplay replay(sdk::LogReplay::Options{.rows = rows, .bucket_seed = seed});
  for (const auto& tx : records) replay.apply(tx);
  return replay;
}

sdk::LogReplay replay_file(const std::filesystem::path& file, std::string_view variant,
                           sdk::LogReplay::Rows rows = sdk::LogReplay::Rows::hash_only) {
  sdk::LogReplay replay(rows);
  for_each_scanned(file, variant, [&](const sdk::ScannedRecord& record) { replay.apply(record); });
  return replay;
}

sdk::ByteSpan bytes_of(const std::string& text) {
  return {reinterpret_cast<const unsigned char*>(text.data()), text.size()};
}

std::string hex(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes) out += fmt::format("{:02x}", c);
  return out;
}

/// A few rows of every v1 kind, -0.0 and extremes included, over two tables.
std::vector<sdk::Transaction> varied_rows() {
  std::vector<sdk::Transaction> rows;
  for (std::uint64_t i = 0; i < 40; ++i) {
    std::vector<Value> entries = {
        Value::string("name " + std::to_string(i) + (i % 3 ? "" : " \xF0\x9F\x8E\xAE")),
        Value::i64(-static_cast<std::int64_t>(i) * 1000003),
        Value::f64(i == 7 ? -0.0 : i == 8 ? 0.0 : i * 0.1),
        Value::f32(static_cast<float>(i) / 3),
        Value::boolean(i % 2),
        Value::option(i % 4 ? std::optional<Value>(Value::u32(static_cast<std::uint32_t>(i))) : std::nullopt),
        Value::vec({Value::i32(-1), Value::u64(std::numeric_limits<std::uint64_t>::max() - i)}),
        Value::row(sdk::Row{Value::u32(7), {Value::make_void(), Value::string("")}, false})};
    rows.push_back(make_record(Operation::Insert, i % 2 ? "chat" : "hello", i % 2 ? "users" : "greetings",
                               Value::u64(i * 7919), std::move(entries)));
  }
  return rows;
}

/// The same rows with churn: updates that change and restore values, deletes and re-inserts.
std::vector<sdk::Transaction> with_churn(std::vector<sdk::Transaction> rows, std::mt19937& random) {
  std::vector<sdk::Transaction> out;
  std::shuffle(rows.begin(), rows.end(), random);
  for (const auto& row : rows) {
    if (random() % 3 == 0) {  // inserted, deleted and inserted again
      out.push_back(row);
      auto gone = row;
      gone.operation = Operation::Delete;
      out.push_back(gone);
    }
    if (random() % 3 == 0) {  // inserted with other values, then updated to the final ones
      auto early = row;
      early.row.entries.at(0) = Value::string("draft");
      out.push_back(early);
      auto update = row;
      update.operation = Operation::Update;
      update.old_row = early.row;
      out.push_back(update);
      continue;
    }
    out.push_back(row);
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sdk_replay)

BOOST_AUTO_TEST_CASE(replay_of_the_fixture_logs_gives_their_live_rows_on_every_path) {
  for (const char* name : {"small.log", "wide.log", "empty.log"}) {
    BOOST_TEST_CONTEXT(name) {
      const auto log = fixture_log(name);
      const auto facts = expected_facts(log);
      std::vector<sdk::LogReplay> replays;
      for (auto rows : {sdk::LogReplay::Rows::keep, sdk::LogReplay::Rows::hash_only}) {
        sdk::LogReplay decoded(rows);  // from decoded values
        for_each_scanned(log, "interstice-v1", [&](const sdk::ScannedRecord& r) { decoded.apply(r.transaction()); });
        replays.push_back(std::move(decoded));
        replays.push_back(replay_file(log, "interstice-v1", rows));  // from the codec's canonical bytes
      }
      for (const auto& replay : replays) {
        BOOST_TEST(json::value(live_rows(replay)) == facts.at("live_rows"));
        BOOST_TEST(replay.live_rows_total() == facts.at("live_rows_total").to_number<std::uint64_t>());
        BOOST_TEST(json::value(sdk::anomalies_json(replay.anomalies())) == facts.at("replay_anomalies"));
        BOOST_TEST(json::value(operation_counts(replay)) == facts.at("by_module_table_type"));
        BOOST_TEST(replay.applied() == facts.at("total_transactions").to_number<std::uint64_t>());
        BOOST_TEST(replay.state_hash() == replays.front().state_hash());
        BOOST_TEST(replay.recomputed_state_hash() == replay.state_hash());
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(replay_rules_and_order) {
  sdk::LogReplay replay;
  BOOST_TEST(replay.apply(record(Operation::Insert, 1)).empty());
  replay.apply(record(Operation::Insert, 2));
  replay.apply(record(Operation::Insert, 3));
  replay.apply(record(Operation::Update, 1, 1));  // replaced in place
  replay.apply(record(Operation::Delete, 2));
  replay.apply(record(Operation::Insert, 2));  // back, now last
  BOOST_TEST(live_keys(replay, "m", "t") == (std::vector<std::string>{R"({"U64":1})", R"({"U64":3})", R"({"U64":2})"}),
             boost::test_tools::per_element());
  BOOST_TEST(replay.find_row("m", "t", Value::u64(1))->entries.at(0).text == "v1-update");
  BOOST_TEST(replay.anomalies().total() == 0u);

  // Every anomaly, counted as the fixtures name them and returned by the record that caused it;
  // replay goes on regardless.
  using sdk::Anomaly;
  BOOST_TEST(replay.apply(record(Operation::Insert, 3)).has(Anomaly::insert_existing_key));  // replaces
  BOOST_TEST(replay.apply(record(Operation::Update, 9, 9)).has(Anomaly::update_missing_key));  // adds
  BOOST_TEST(replay.apply(record(Operation::Update, 3)).has(Anomaly::update_without_old_row));
  BOOST_TEST(replay.apply(record(Operation::Update, 1, 7)).has(Anomaly::update_key_mismatch));
  BOOST_TEST(replay.apply(record(Operation::Delete, 42)).has(Anomaly::delete_missing_key));
  const auto both = replay.apply(record(Operation::Insert, 5, 5));
  BOOST_TEST(both.has(Anomaly::old_row_on_insert_or_delete));
  BOOST_TEST(!both.has(Anomaly::insert_existing_key));
  const auto& a = replay.anomalies();
  for (std::size_t i = 0; i < sdk::kAnomalyKinds; ++i) BOOST_TEST(a[static_cast<Anomaly>(i)] == 1u, i);
  const auto table = replay.find("m", "t");
  BOOST_REQUIRE(table);
  BOOST_TEST(table->live_rows == 5u);  // 1, 3, 2, 9, 5
  BOOST_TEST((table->anomalies == a));  // all in table t
  BOOST_TEST(table->inserts == 6u);
  BOOST_TEST(table->updates == 4u);
  BOOST_TEST(table->deletes == 2u);
  BOOST_TEST(replay.find_row("m", "t", Value::u64(3))->entries.at(0).text == "v3-update");

  // A framed-log delete carries only the key.
  auto key_only = record(Operation::Delete, 9);
  key_only.row.entries.clear();
  key_only.row.key_only = true;
  BOOST_TEST(replay.apply(std::move(key_only)).empty());
  BOOST_TEST(!replay.find_row("m", "t", Value::u64(9)).has_value());
  BOOST_TEST(a.delete_missing_key == 1u);
}

// A clone is a checkpoint: it replays on independently of the original, rows and hash included.
BOOST_AUTO_TEST_CASE(a_clone_replays_on_independently) {
  for (auto rows : {sdk::LogReplay::Rows::keep, sdk::LogReplay::Rows::hash_only}) {
    sdk::LogReplay replay(rows);
    replay.apply(record(Operation::Insert, 1));
    replay.apply(record(Operation::Insert, 2));
    sdk::LogReplay checkpoint = replay.clone();
    const auto hash_at_2 = replay.state_hash();
    BOOST_TEST(checkpoint.state_hash() == hash_at_2);
    replay.apply(record(Operation::Delete, 1));
    replay.apply(record(Operation::Insert, 3));
    BOOST_TEST(checkpoint.state_hash() == hash_at_2);  // untouched by the original
    BOOST_TEST(checkpoint.applied() == 2u);
    BOOST_TEST(checkpoint.live_rows_total() == 2u);
    checkpoint.apply(record(Operation::Delete, 1));
    checkpoint.apply(record(Operation::Insert, 3));
    BOOST_TEST(checkpoint.state_hash() == replay.state_hash());  // the same records, the same state
    BOOST_TEST(checkpoint.recomputed_state_hash() == checkpoint.state_hash());
    if (rows == sdk::LogReplay::Rows::keep) {
      BOOST_TEST(live_keys(checkpoint, "m", "t") == live_keys(replay, "m", "t"), boost::test_tools::per_element());
      BOOST_TEST(checkpoint.find_row("m", "t", Value::u64(3)).has_value());
    }
  }
}

// A clone bound to a copy of the digester goes on on another thread: the two digesters know the
// same tables under the same ids, and each replays what its own digester digested.
BOOST_AUTO_TEST_CASE(a_clone_onto_another_digester_replays_on_another_thread) {
  sdk::RecordDigester digester;
  sdk::LogReplay replay({.rows = sdk::LogReplay::Rows::hash_only, .digester = &digester});
  for (std::uint64_t i = 0; i < 50; ++i)
    replay.apply(digester.digest(record(Operation::Insert, i, {}, i % 3 ? "t" : "u")));
  sdk::RecordDigester other;
  other.copy_tables_from(digester);
  BOOST_TEST(other.table_count() == digester.table_count());
  BOOST_TEST(other.table(1).table == digester.table(1).table);
  BOOST_CHECK_THROW(other.copy_tables_from(digester), std::logic_error);  // it has tables now
  sdk::RecordDigester empty;
  BOOST_CHECK_THROW((void)replay.clone(empty), std::logic_error);  // it does not know the tables
  sdk::LogReplay copy = replay.clone(other);
  BOOST_TEST(copy.state_hash() == replay.state_hash());
  const auto later = [](sdk::RecordDigester& d, sdk::LogReplay& r) {
    for (std::uint64_t i = 0; i < 5000; ++i) {
      r.apply(d.digest(record(i % 2 ? Operation::Delete : Operation::Insert, i % 60, {}, i % 5 ? "u" : "v")));
    }
  };
  std::thread worker([&] { later(other, copy); });
  later(digester, replay);
  worker.join();
  BOOST_TEST(copy.state_hash() == replay.state_hash());
  BOOST_TEST(copy.live_rows_total() == replay.live_rows_total());
  BOOST_TEST(copy.recomputed_state_hash() == copy.state_hash());
  const auto v = copy.find("m", "v");
  BOOST_REQUIRE(v);
  BOOST_TEST(v->table->table == "v");  // a table the copy met after the clone
  BOOST_TEST(replay.tables().size() == copy.tables().size());
}

BOOST_AUTO_TEST_CASE(replay_keys_by_module_table_and_key_kind_and_float_bits) {
  sdk::LogReplay replay;
  replay.apply(record(Operation::Insert, 1, {}, "users"));
  auto other_module = record(Operation::Insert, 1, {}, "users");
  other_module.module = "other";
  replay.apply(other_module);
  auto signed_key = record(Operation::Insert, 1, {}, "users");
  signed_key.row.primary_key = Value::i64(1);  // same number, another kind: another key
  replay.apply(signed_key);
  for (double zero : {0.0, -0.0}) {  // -0.0 and 0.0 are different keys
    auto float_key = record(Operation::Insert, 1, {}, "users");
    float_key.row.primary_key = Value::f64(zero);
    replay.apply(float_key);
  }
  BOOST_TEST(replay.anomalies().total() == 0u);
  BOOST_TEST(replay.find("m", "users")->live_rows == 4u);
  BOOST_TEST(replay.find("other", "users")->live_rows == 1u);
  BOOST_TEST(!replay.find("m", "nothing"));
  BOOST_TEST(replay.live_rows_total() == 5u);
  const auto negative = replay.find_row("m", "users", Value::f64(-0.0)), positive = replay.find_row("m", "users", Value::f64(0.0));
  BOOST_REQUIRE((negative && positive));
  BOOST_TEST((std::signbit(negative->primary_key.float_value) && !std::signbit(positive->primary_key.float_value)));
}

// Kept rows are held as their canonical bytes and decoded on the way out: every value kind, the
// nested ones included, comes back equal, in key order of arrival.
BOOST_AUTO_TEST_CASE(kept_rows_come_back_equal_for_every_kind) {
  sdk::LogReplay replay(sdk::LogReplay::Rows::keep);
  auto every = record(Operation::Insert, 1, {}, "t");
  every.row.primary_key = Value::string(std::string("key\0nul", 7));
  const Value nested = Value::structure("Point", {"x", "y"}, {Value::f32(-1.5f), Value::f64(-0.0)});
  every.row.entries = {Value::make_void(), Value::u8(255), Value::u32(4000000000u), Value::u64(~std::uint64_t{0}),
                       Value::i32(-7), Value::i64(std::numeric_limits<std::int64_t>::min()), Value::f32(3.25f), Value::f64(1e300), Value::boolean(true),
                       Value::string(""), Value::vec({Value::u64(1), Value::u64(2)}), Value::option(std::nullopt),
                       Value::option(Value::string("some")), Value::tuple({nested, Value::boolean(false)}), nested,
                       Value::enumeration("Shape", "Circle", Value::f64(2.0)),
                       Value::enumeration("Shape", "Unit", Value::make_void())};
  const sdk::Row want = every.row;
  replay.apply(every);
  auto second = record(Operation::Insert, 2, {}, "t");
  replay.apply(second);
  const auto found = replay.find_row("m", "t", want.primary_key);
  BOOST_REQUIRE(found.has_value());
  BOOST_TEST((*found == want));
  std::vector<sdk::Row> visited;
  replay.for_each_row("m", "t", [&](const sdk::Row& row) { visited.push_back(row); });
  BOOST_REQUIRE(visited.size() == 2u);
  BOOST_TEST((visited[0] == want));
  BOOST_TEST((visited[1] == second.row));
}

BOOST_AUTO_TEST_CASE(v1_row_bytes_are_their_canonical_encoding) {
  std::size_t rows = 0, old_rows = 0;
  for (const char* name : {"small.log", "wide.log"}) {
    for_each_scanned(fixture_log(name), "interstice-v1", [&](const sdk::ScannedRecord& record) {
      const auto* source = sdk::canonical_rows_of(*record.reader());
      BOOST_REQUIRE(source);
      const auto& tx = record.transaction();
      sdk::CanonicalRowBytes fast;
      BOOST_REQUIRE(source->canonical_row(record.view(), sdk::RowPart::row, fast));
      std::string encoded;
      const std::size_t key_size = sdk::append_canonical(encoded, tx.row);
      BOOST_TEST(std::string(reinterpret_cast<const char*>(fast.row.data()), fast.row.size()) == encoded);
      BOOST_TEST(fast.key_size == key_size);
      ++rows;
      sdk::CanonicalRowBytes old;
      BOOST_TEST(source->canonical_row(record.view(), sdk::RowPart::old_row, old) == tx.old_row.has_value());
      if (tx.old_row) {
        encoded.clear();
        sdk::append_canonical(encoded, *tx.old_row);
        BOOST_TEST(std::string(reinterpret_cast<const char*>(old.row.data()), old.row.size()) == encoded);
        ++old_rows;
      }
    });
  }
  BOOST_TEST(rows > 2000u);
  BOOST_TEST(old_rows > 500u);
}

BOOST_AUTO_TEST_CASE(canonical_encoding_vectors) {
  // The examples of docs/determinism.md.
  BOOST_TEST(hex(sdk::canonical_bytes(Value::u64(1))) == "020000000100000000000000");
  BOOST_TEST(hex(sdk::canonical_bytes(Value::f64(-0.0))) == "060000000000000000000080");
  BOOST_TEST(hex(sdk::canonical_bytes(Value::f64(0.0))) == "060000000000000000000000");
  BOOST_TEST(hex(sdk::canonical_bytes(Value::f32(1.5f))) == "050000000000c03f");
  BOOST_TEST(hex(sdk::canonical_bytes(Value::string("h\xC3\xA9"))) == "08000000030000000000000068c3a9");
  BOOST_TEST(hex(sdk::canonical_bytes(Value::option(std::nullopt))) == "0b00000000");
  BOOST_TEST(hex(sdk::canonical_bytes(Value::option(Value::boolean(true)))) == "0b000000010700000001");
  BOOST_TEST(hex(sdk::canonical_bytes(Value::u8(255))) == "0c000000ff");
  BOOST_TEST(hex(sdk::canonical_bytes(Value::tuple({Value::make_void()}))) == "0d000000010000000000000000000000");
  BOOST_TEST(hex(sdk::canonical_bytes(Value::structure("P", {"x"}, {Value::u32(2)}))) ==
             "0e000000010000000000000050010000000000000001000000000000007801000000" "02000000");
  BOOST_TEST(hex(sdk::canonical_bytes(Value::enumeration("E", "A", Value::make_void()))) ==
             "0f00000001000000000000004501000000000000004100000000");
}

BOOST_AUTO_TEST_CASE(the_state_hash_ignores_order_seeds_and_churn) {
  const auto rows = varied_rows();
  const auto reference = replay_records(rows);
  BOOST_TEST(reference.live_rows_total() == rows.size());
  std::mt19937 random(7);
  for (std::uint64_t seed : {0ULL, 1ULL, 0x9e3779b97f4a7c15ULL}) {
    BOOST_TEST_CONTEXT("bucket seed " << seed) {
      const auto replay = replay_records(with_churn(rows, random), sdk::LogReplay::Rows::hash_only, seed);
      BOOST_TEST(replay.live_rows_total() == rows.size());
      BOOST_TEST(sdk::hash_hex(replay.state_hash()) == sdk::hash_hex(reference.state_hash()));
      BOOST_TEST(replay.recomputed_state_hash() == reference.state_hash());
      const auto kept = replay_records(with_churn(rows, random), sdk::LogReplay::Rows::keep, seed);
      BOOST_TEST(kept.state_hash() == reference.state_hash());
    }
  }
  // The table order in the hash is by name, not by first appearance.
  auto reversed = rows;
  std::reverse(reversed.begin(), reversed.end());
  BOOST_TEST(replay_records(reversed).state_hash() == reference.state_hash());
  // An empty table (every row deleted) hashes as a table never seen.
  auto with_empty = rows;
  with_empty.push_back(make_record(Operation::Insert, "zzz", "gone", Value::u32(1)));
  with_empty.push_back(make_record(Operation::Delete, "zzz", "gone", Value::u32(1)));
  BOOST_TEST(replay_records(with_empty).state_hash() == reference.state_hash());
}

BOOST_AUTO_TEST_CASE(one_changed_value_or_byte_changes_the_hash) {
  const auto rows = varied_rows();
  const std::uint64_t reference = replay_records(rows).state_hash();
  // Each column of a few rows changed in the smallest way: a character, one bit of a number,
  // -0.0 for 0.0, None for Some, an element of a Vec.
  auto change = [](Value value) {
    switch (value.kind) {
      case sdk::ValueKind::String: value.text += "~"; break;
      case sdk::ValueKind::I64: value.signed_value ^= 1; break;
      case sdk::ValueKind::F64: value.float_value = value.float_value == 0 ? -value.float_value : std::nextafter(value.float_value, 1e9); break;
      case sdk::ValueKind::F32: value.float_value = std::nextafter(static_cast<float>(value.float_value), 1e9f); break;
      case sdk::ValueKind::Bool: value.unsigned_value ^= 1; break;
      case sdk::ValueKind::Option: value = Value::option(value.items.empty() ? std::optional<Value>(Value::make_void()) : std::nullopt); break;
      case sdk::ValueKind::Vec: value.items.at(1).unsigned_value ^= 1; break;
      case sdk::ValueKind::Row: value.items.at(2).text = "x"; break;
      default: BOOST_FAIL("no change for " << sdk::kind_name(value.kind));
    }
    return value;
  };
  for (std::size_t r : {0u, 7u, 8u, 39u}) {
    for (std::size_t column = 0; column < rows[r].row.entries.size(); ++column) {
      auto changed = rows;
      changed[r].row.entries[column] = change(changed[r].row.entries[column]);
      BOOST_TEST(replay_records(changed).state_hash() != reference, "row " << r << " column " << column);
    }
    auto other_key = rows;
    other_key[r].row.primary_key.unsigned_value += 1;
    BOOST_TEST(replay_records(other_key).state_hash() != reference, "row " << r << " key");
  }
  // At the byte level: every single-bit change of a row's canonical bytes changes its hash.
  std::string bytes;
  sdk::append_canonical(bytes, rows[3].row);
  const auto seed = sdk::table_seed("chat", "users");
  const auto original = sdk::row_hash(seed, bytes_of(bytes));
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    auto flipped = bytes;
    flipped[i] = static_cast<char>(flipped[i] ^ (1 << (i % 8)));
    BOOST_TEST(sdk::row_hash(seed, bytes_of(flipped)) != original, "byte " << i);
  }
  BOOST_TEST(sdk::row_hash(sdk::table_seed("chat", "user"), bytes_of(bytes)) != original);  // the table counts
}

BOOST_AUTO_TEST_CASE(a_v1_log_and_a_framed_log_of_the_same_rows_hash_the_same) {
  std::mt19937 random(11);
  auto records = with_churn(varied_rows(), random);
  // An update without an old row and a plain delete, as framed logs have them.
  records.push_back(make_record(Operation::Update, "hello", "greetings", Value::u64(0), {Value::string("late")}));
  records.push_back(make_record(Operation::Delete, "chat", "users", Value::u64(7919)));
  const auto v1 = v1_log(records);
  const auto framed = framed_g1_log(records);
  const auto from_v1 = replay_file(v1->path(), "interstice-v1");
  const auto from_framed = replay_file(framed->path(), "framed-g1");
  BOOST_TEST(from_v1.applied() == records.size());
  BOOST_TEST(from_framed.applied() == records.size());
  BOOST_TEST(sdk::hash_hex(from_v1.state_hash()) == sdk::hash_hex(from_framed.state_hash()));
  BOOST_TEST(from_v1.state_hash() == replay_records(records).state_hash());
  BOOST_TEST(json::value(live_rows(from_v1)) == json::value(live_rows(from_framed)));
}

BOOST_AUTO_TEST_CASE(digests_compare_what_changes_state) {
  sdk::RecordDigester digester;
  auto full = make_record(Operation::Delete, "m", "t", Value::u64(1), {Value::string("a")});
  auto key_only = make_record(Operation::Delete, "m", "t", Value::u64(1));
  key_only.row.key_only = true;
  auto other_payload = make_record(Operation::Delete, "m", "t", Value::u64(1), {Value::string("b")});
  const auto a = digester.digest(full);
  BOOST_TEST(a.row_hash != 0u);
  BOOST_TEST(a.same_content(digester.digest(key_only)));        // a key-only delete: the key decides
  BOOST_TEST(!a.same_content(digester.digest(other_payload)));  // both full: the rows decide
  auto as_insert = full;
  as_insert.operation = Operation::Insert;
  BOOST_TEST(!a.same_content(digester.digest(as_insert)));
  BOOST_TEST(digester.table_count() == 1u);
  BOOST_TEST(digester.table(0).seed == sdk::table_seed("m", "t"));
}

// The digester remembers tables in a small probed cache in front of a map: names that share a
// cache slot, and more tables than the cache holds, must still intern to one table each.
BOOST_AUTO_TEST_CASE(every_table_interns_to_one_table_however_many_there_are) {
  sdk::RecordDigester digester;
  std::vector<std::pair<std::string, std::string>> names;
  for (int m = 0; m < 10; ++m)
    for (int t = 0; t < 10; ++t)  // same lengths and first/last bytes: many share a cache slot
      names.emplace_back("mod" + std::to_string(m), "t" + std::to_string(t) + "x");
  names.emplace_back("chat", "users");  // pairs that shared a slot of the old direct-mapped cache
  names.emplace_back("game", "snapshots");
  std::map<std::pair<std::string, std::string>, const sdk::ReplayTable*> first;
  for (int round = 0; round < 3; ++round)
    for (const auto& [module, table] : names) {
      const auto& digest = digester.digest(make_record(Operation::Insert, module, table, Value::u64(1)));
      BOOST_TEST_REQUIRE(digest.table != nullptr);
      BOOST_TEST(digest.table->module == module);
      BOOST_TEST(digest.table->table == table);
      auto [at, added] = first.emplace(std::pair(module, table), digest.table);
      BOOST_TEST((added || at->second == digest.table));
    }
  BOOST_TEST(digester.table_count() == names.size());
}

BOOST_AUTO_TEST_CASE(readers_start_at_a_record_boundary) {
  // What a hash stream's lines give: a record index and the offset where that record starts.
  struct Seen {
    std::uint64_t index, offset, size;
    std::string table;
    bool operator==(const Seen&) const = default;
  };
  std::mt19937 random(3);
  const auto framed = framed_g1_log(with_churn(varied_rows(), random));
  for (const auto& [file, variant] : {std::pair(fixture_log("small.log"), "interstice-v1"),
                                      std::pair(framed->path(), "framed-g1")}) {
    BOOST_TEST_CONTEXT(variant) {
      std::vector<Seen> all;
      for_each_scanned(file, variant, [&](const sdk::ScannedRecord& r) {
        all.push_back({r.view().index, r.view().offset, r.view().size, std::string(r.view().table)});
      });
      BOOST_REQUIRE(all.size() > 40u);
      sdk::LogInput input(file);
      auto reader = codec_for(variant).open(input, variant);
      auto* seek = sdk::record_seek_of(*reader);
      BOOST_REQUIRE(seek);
      for (std::size_t k : {all.size() - 1, std::size_t{0}, all.size() / 2, std::size_t{1}}) {
        seek->seek(all[k].offset, all[k].index);
        std::vector<Seen> rest;
        sdk::TransactionView view;
        while (reader->next(view)) rest.push_back({view.index, view.offset, view.size, std::string(view.table)});
        BOOST_TEST(!reader->damage());
        BOOST_TEST((rest == std::vector<Seen>(all.begin() + static_cast<std::ptrdiff_t>(k), all.end())), "from " << k);
      }
    }
  }
  // v1's checksums catch an offset that is not a boundary.
  sdk::LogInput input(fixture_log("small.log"));
  auto reader = codec_for("interstice-v1").open(input, "interstice-v1");
  sdk::record_seek_of(*reader)->seek(5, 0);
  sdk::TransactionView view;
  BOOST_TEST(!reader->next(view));
  BOOST_TEST(reader->damage().has_value());
}

BOOST_AUTO_TEST_CASE(the_example_log_hashes_as_documented) {
  // docs/determinism.md works this example through; a reimplementation can check itself on it.
  const auto replay = replay_file(shared_fixtures() / "v1" / "example" / "two-records.log", "interstice-v1");
  BOOST_TEST(sdk::hash_hex(sdk::table_seed("hello", "greetings")) == "9bb102226d4c194c");
  BOOST_TEST(sdk::hash_hex(replay.state_hash()) == "19a1bf7ba63b3748");
  BOOST_TEST(sdk::hash_hex(sdk::combine_state_hash({})) == "b327f1573b5b215d");
}

BOOST_AUTO_TEST_SUITE_END()
