// The `log-inspect` command plugin: the documented result keys, v1 facts, damage, repair,
// keep-going and format detection (driven through the real codec plugins).
#include "log_harness.hpp"
#include "plugin_harness.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/schema_json.hpp"
#include "interstice/sdk/util/concurrency.hpp"

#include <boost/json.hpp>

#include <map>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

namespace sdk = interstice::sdk;
namespace json = boost::json;
using namespace interstice::test;

namespace {

sdk::Report inspect(const std::vector<std::string>& args, std::vector<std::string>* warnings = nullptr) {
  LoadedPlugin<sdk::Command> command("command-log-inspect.so");
  TestContext context(*command, args, &log_codecs());
  auto report = command->run(context);
  if (warnings) *warnings = context.warnings();
  return report;
}

json::value expected_facts(const std::filesystem::path& log) {
  auto bytes = read_bytes(log.string() + ".expected.json");
  return json::parse(std::string(bytes.begin(), bytes.end()));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(log_inspect_plugin)

BOOST_AUTO_TEST_CASE(pipes_and_devices_are_refused_not_read) {
  // A FIFO used to block in open() forever; /dev/zero passed as a valid empty log.
  auto fifo = std::filesystem::temp_directory_path() / ("interstice-test-fifo-" + std::to_string(::getpid()));
  BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  for (const std::string& path : {fifo.string(), std::string("/dev/zero"), std::string("/dev/null")}) {
    try {
      inspect({path});
      BOOST_FAIL("accepted " << path);
    } catch (const sdk::Error& e) {
      BOOST_TEST((e.kind() == sdk::ErrorKind::input), e.what());
      BOOST_TEST(std::string(e.what()).find(path) != std::string::npos, e.what());
    }
  }
  std::filesystem::remove(fifo);
}

BOOST_AUTO_TEST_CASE(repair_into_a_directory_is_refused_before_reading) {
  auto log = shared_fixtures() / "v1" / "corrupt" / "small.flip-crc.log";
  auto dir = std::filesystem::temp_directory_path();
  try {
    inspect({log.string(), "--repair", dir.string()});
    BOOST_FAIL("accepted a directory");
  } catch (const sdk::Error& e) {
    BOOST_TEST((e.kind() == sdk::ErrorKind::usage), e.what());
    BOOST_TEST(std::string(e.what()).find(dir.string()) != std::string::npos, e.what());
  }
}

BOOST_AUTO_TEST_CASE(result_keeps_the_seed_keys_and_adds_the_breakdowns) {
  auto log = shared_fixtures() / "v1" / "logs" / "small.log";
  auto report = inspect({log.string()});
  const auto& data = report.data.as_object();
  for (const char* key : {"file_path", "transaction_count", "valid_transactions", "invalid_transactions",
                          "modules_involved", "tables_involved", "log_size_bytes", "is_valid", "format", "by_type",
                          "by_module", "by_module_table", "first_timestamp", "last_timestamp", "first_error"})
    BOOST_TEST(data.contains(key), key);
  BOOST_TEST(!data.contains("errors"));  // only with --keep-going
  auto expected = expected_facts(log).as_object();
  BOOST_TEST(data.at("transaction_count") == expected.at("total_transactions"));
  BOOST_TEST(data.at("by_type") == expected.at("by_type"));
  BOOST_TEST(data.at("by_module_table") == expected.at("by_module_table"));
  BOOST_TEST(data.at("first_timestamp") == expected.at("first_timestamp"));
  BOOST_TEST(data.at("last_timestamp") == expected.at("last_timestamp"));
  BOOST_TEST(data.at("min_record_size") == expected.at("min_record_size"));
  BOOST_TEST(data.at("max_record_size") == expected.at("max_record_size"));
  BOOST_TEST(data.at("checksums_verified") == expected.at("total_transactions"));
  BOOST_TEST(data.at("format").at("codec").as_string() == "interstice-v1");
  BOOST_TEST((report.outcome == sdk::Outcome::ok));
}

// log-inspect counts (module, table) pairs in a flat hash table keyed by a few of the names'
// bytes: many pairs make it grow (past 32), and names that differ only where the hash does not
// look (the middle of long names, a byte past the sixteenth) must still be told apart.
BOOST_AUTO_TEST_CASE(many_tables_with_like_names_are_each_counted) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-interstice-v1.so");
  std::ostringstream out;
  auto writer = codec->writer(out, "interstice-v1");
  BOOST_REQUIRE(writer);
  std::map<std::string, std::map<std::string, std::uint64_t>> expected;
  std::uint64_t index = 0;
  for (int round = 0; round < 3; ++round) {
    for (int m = 0; m < 4; ++m) {
      const std::string module = m < 2 ? "mod" + std::to_string(m) : "module-with-a-long-name-" + std::to_string(m);
      for (int t = 0; t < 40; ++t) {
        // Same length, same first, middle and last bytes: only the bytes in between differ.
        std::string table = "t" + std::string(static_cast<std::size_t>(4 + t % 20), 'a') + "z";
        table[1 + static_cast<std::size_t>(t) % 3] = static_cast<char>('b' + t / 20);
        if (t % 5 == 0) table += std::string(20, 'q') + std::to_string(t);  // longer than 16 bytes
        for (int k = 0; k <= (t + m) % 3; ++k) {
          sdk::Transaction record;
          record.module = module;
          record.table = table;
          record.operation = sdk::Operation::Insert;
          record.row.primary_key = sdk::Value::u64(index++);
          record.timestamp = 1'700'000'000'000 + index;
          writer->write(record);
          ++expected[module][table];
        }
      }
    }
  }
  writer->finish();
  const auto text = out.str();
  TempBytes file(std::vector<unsigned char>(text.begin(), text.end()));
  const auto report = inspect({file.path().string()});
  const auto& by_module_table = report.data.as_object().at("by_module_table").as_object();
  std::size_t pairs = 0;
  for (const auto& [module, tables] : expected) {
    for (const auto& [table, count] : tables) {
      ++pairs;
      const auto* counted = by_module_table.if_contains(module);
      BOOST_TEST_REQUIRE(counted, module);
      const auto* found = counted->as_object().if_contains(table);
      BOOST_TEST_REQUIRE(found, module << "/" << table);
      BOOST_TEST(found->to_number<std::uint64_t>() == count, module << "/" << table);
    }
    BOOST_TEST(by_module_table.at(module).as_object().size() == tables.size(), module);
  }
  BOOST_TEST(pairs > 100u);
  BOOST_TEST(report.data.as_object().at("transaction_count").to_number<std::uint64_t>() == index);
}

// A 12 MB log is counted on two threads (each counting the records it checked, merged per chunk):
// every fact must be what one thread counting in order finds. Timestamps fall from record to
// record, so the first record's is the largest and the last's the smallest: merging the threads'
// timestamps by value instead of by record index fails this.
BOOST_AUTO_TEST_CASE(a_big_log_counted_on_two_threads_gives_the_facts_of_one) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-interstice-v1.so");
  std::ostringstream out;
  auto writer = codec->writer(out, "interstice-v1");
  BOOST_REQUIRE(writer);
  const char* tables[] = {"users", "messages", "scores"};
  constexpr std::uint64_t kRecords = 30000, kNewest = 1'800'000'000'000;
  for (std::uint64_t i = 0; i < kRecords; ++i) {
    sdk::Transaction t;
    t.module = i % 7 == 0 ? "game" : "chat";
    t.table = tables[i % 3];
    t.operation = i % 5 == 0 ? sdk::Operation::Delete : sdk::Operation::Insert;
    t.row.primary_key = sdk::Value::u64(i);
    t.row.entries.push_back(sdk::Value::string(std::string(100 + (i * 7919) % 600, 'x')));
    t.timestamp = kNewest - i;
    writer->write(t);
  }
  writer->finish();
  const auto text = out.str();
  TempBytes file(std::vector<unsigned char>(text.begin(), text.end()));
  BOOST_REQUIRE_GE(text.size(), 8u << 20);  // big enough for the reader's two threads
  const auto two_threads = inspect({file.path().string()});
  sdk::Report one_thread;
  {
    const sdk::CpuClaim claim(sdk::usable_cpus());  // no pipeline: records counted in order
    one_thread = inspect({file.path().string()});
  }
  BOOST_TEST(two_threads.data == one_thread.data);
  const auto& data = two_threads.data.as_object();
  BOOST_TEST(data.at("transaction_count").to_number<std::uint64_t>() == kRecords);
  BOOST_TEST(data.at("first_timestamp").to_number<std::uint64_t>() == kNewest);
  BOOST_TEST(data.at("last_timestamp").to_number<std::uint64_t>() == kNewest - kRecords + 1);
}

BOOST_AUTO_TEST_CASE(damage_is_reported_at_the_damaged_record) {
  auto log = shared_fixtures() / "v1" / "corrupt" / "small.flip-crc.log";
  auto expected = expected_facts(log).as_object();
  auto report = inspect({log.string()});
  const auto& data = report.data.as_object();
  BOOST_TEST(data.at("is_valid").as_bool() == false);
  BOOST_TEST(data.at("first_error").at("index") == expected.at("first_damaged_index"));
  BOOST_TEST(data.at("first_error").at("offset") == expected.at("first_damaged_offset"));
  BOOST_TEST(data.at("valid_transactions") == expected.at("intact_records_before"));
  BOOST_TEST(data.at("invalid_transactions").to_number<int>() == 1);
  BOOST_TEST((report.outcome == sdk::Outcome::problems_found));
}

BOOST_AUTO_TEST_CASE(keep_going_lists_every_error_and_counts_past_them) {
  auto log = shared_fixtures() / "v1" / "corrupt" / "small.flip.log";
  auto expected = expected_facts(log).as_object();
  auto report = inspect({log.string(), "--keep-going"});
  const auto& data = report.data.as_object();
  BOOST_TEST(data.at("errors").as_array().size() >= 1u);
  BOOST_TEST(data.at("valid_transactions").to_number<std::uint64_t>() ==
             expected.at("intact_records_before").to_number<std::uint64_t>() +
                 expected.at("records_after_damaged").to_number<std::uint64_t>());
}

BOOST_AUTO_TEST_CASE(repair_writes_the_valid_prefix_and_leaves_the_input_alone) {
  auto log = shared_fixtures() / "v1" / "corrupt" / "small.truncate.log";
  auto expected = expected_facts(log).as_object();
  auto before = read_bytes(log);
  TempBytes out({}, "repaired.log");
  auto report = inspect({log.string(), "--repair", out.path().string()});
  const auto& repair = report.data.at("repair").as_object();
  BOOST_TEST(repair.at("records_kept") == expected.at("intact_records_before"));
  auto repaired = read_bytes(out.path());
  BOOST_TEST(repaired.size() == expected.at("intact_bytes_before").to_number<std::size_t>());
  BOOST_TEST(std::equal(repaired.begin(), repaired.end(), before.begin()));
  BOOST_TEST((read_bytes(log) == before));
  auto again = inspect({out.path().string()});
  BOOST_TEST(again.data.at("is_valid").as_bool());
  BOOST_TEST(again.data.at("transaction_count") == expected.at("intact_records_before"));
}

BOOST_AUTO_TEST_CASE(repair_refuses_to_overwrite_the_log) {
  auto log = shared_fixtures() / "v1" / "corrupt" / "small.truncate.log";
  BOOST_CHECK_THROW(inspect({log.string(), "--repair", log.string()}), sdk::Error);
}

BOOST_AUTO_TEST_CASE(ambiguous_framed_sample_takes_the_oldest_and_warns) {
  auto log = shared_fixtures() / "interstice-real" / "g2-ceaa029.log";
  std::vector<std::string> warnings;
  auto report = inspect({log.string()}, &warnings);
  BOOST_TEST(report.data.at("format").at("variant").as_string() == "framed-g1");
  BOOST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].find("framed-g3") != std::string::npos);
  BOOST_TEST(warnings[0].find("framed-g4") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(struct_values_rule_out_g1) {
  auto log = shared_fixtures() / "interstice-real" / "g2-43adf1a.log";
  std::vector<std::string> warnings;
  auto report = inspect({log.string()}, &warnings);
  BOOST_TEST(report.data.at("format").at("variant").as_string() == "framed-g2");
  BOOST_TEST(warnings.empty());
  BOOST_TEST(report.data.at("transaction_count").to_number<int>() == 2);
}

// Detection pauses a variant whose checksums verify early (64 KiB) and lets the rest of the probe
// decide only whether another variant verifies too. A log whose first 96 KiB are garbage has no
// verified record in that stretch: its v1 probe must read on past the pause, resynchronise and
// still win by its checksums, not be taken for a damaged log of whatever read most records.
BOOST_AUTO_TEST_CASE(a_log_whose_checksums_verify_only_after_the_first_stage_is_still_detected_by_them) {
  LoadedPlugin<sdk::LogCodec> codec("log-codec-interstice-v1.so");
  std::ostringstream out;
  auto writer = codec->writer(out, "interstice-v1");
  BOOST_REQUIRE(writer);
  for (std::uint64_t i = 0; i < 4000; ++i) {
    sdk::Transaction t;
    t.module = "chat";
    t.table = "messages";
    t.row.primary_key = sdk::Value::u64(i);
    t.row.entries.push_back(sdk::Value::string(std::string(300, 'a' + static_cast<char>(i % 26))));
    t.timestamp = 1'700'000'000'000 + i;
    writer->write(t);
  }
  writer->finish();
  auto text = out.str();
  BOOST_REQUIRE_GT(text.size(), 1u << 20);
  std::fill_n(text.begin(), 96 << 10, static_cast<char>(0xEE));
  TempBytes file(std::vector<unsigned char>(text.begin(), text.end()));
  const auto report = inspect({file.path().string(), "--keep-going"});
  const auto& format = report.data.at("format").as_object();
  BOOST_TEST(format.at("variant").as_string() == "interstice-v1");
  BOOST_TEST(format.at("detected_by").as_string() == "its checksums verify");
  BOOST_TEST(report.data.at("checksums_verified").to_number<std::uint64_t>() > 3500u);
}

BOOST_AUTO_TEST_CASE(unreadable_input_is_an_input_error) {
  BOOST_CHECK_THROW(inspect({"/nonexistent.log"}), sdk::Error);
  TempBytes garbage(std::vector<unsigned char>(64, 0xEE), "garbage.log");
  try {
    inspect({garbage.path().string()});
    BOOST_FAIL("garbage was accepted");
  } catch (const sdk::Error& e) {
    BOOST_TEST((e.kind() == sdk::ErrorKind::input));
    BOOST_TEST(std::string(e.what()).find("not a transaction log") != std::string::npos);
  }
}

BOOST_AUTO_TEST_SUITE_END()
