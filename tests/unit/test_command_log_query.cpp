// The log-query command: filters, and its records streamed through the json, text and yaml formats.
#include "query_harness.hpp"

using namespace interstice::test::queries;

BOOST_AUTO_TEST_SUITE(command_log_query)

BOOST_AUTO_TEST_CASE(json_result_keeps_the_seed_keys_and_the_reference_values) {
  auto result = query_json({small_log().string(), "--limit", "50"});
  for (const char* key : {"total_transactions", "filtered_count", "filter_applied", "transactions"})
    BOOST_TEST(result.contains(key), key);
  auto records = small_records();
  const auto& transactions = result.at("transactions").as_array();
  BOOST_REQUIRE(transactions.size() == 50u);
  for (std::size_t i = 0; i < transactions.size(); ++i) {
    const auto& got = transactions[i].as_object();
    const auto& want = records[i].as_object();
    BOOST_TEST(got.at("module_id") == want.at("module"));
    BOOST_TEST(got.at("table_name") == want.at("table"));
    BOOST_TEST(got.at("timestamp") == want.at("timestamp"));
    BOOST_TEST(got.at("row") == want.at("row"));
    BOOST_TEST(got.at("old_row") == want.at("old_row"));
    BOOST_TEST(got.at("primary_key") == want.at("row").at("primary_key"));
    std::string op(want.at("type").as_string());
    for (auto& c : op) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    BOOST_TEST(got.at("operation").as_string() == op);
  }
}

BOOST_AUTO_TEST_CASE(filters_combine_and_describe_themselves) {
  auto records = small_records();
  auto result = query_json({small_log().string(), "--module", "game", "--table", "players", "--op", "delete"});
  std::uint64_t want = 0;
  for (const auto& r : records)
    want += r.at("module") == "game" && r.at("table") == "players" && r.at("type") == "Delete";
  BOOST_TEST(result.at("filtered_count").to_number<std::uint64_t>() == want);
  BOOST_TEST(result.at("total_transactions").to_number<int>() == 1000);
  BOOST_TEST(result.at("filter_applied").as_string() == "module=game AND table=players AND op=delete");
  BOOST_TEST((indexes(query_json({small_log().string(), "--start", "998"})) == std::vector<std::uint64_t>{998, 999}));
  BOOST_TEST(query_json({small_log().string(), "--end", "0"}).at("filtered_count").to_number<int>() == 0);
}

BOOST_AUTO_TEST_CASE(time_filters_take_milliseconds_and_iso_8601) {
  BOOST_TEST(sdk::parse_time("1735689600000").value() == 1735689600000u);
  BOOST_TEST(sdk::parse_time("2025-01-01").value() == 1735689600000u);
  BOOST_TEST(sdk::parse_time("2025-01-01T00:00:00.001Z").value() == 1735689600001u);
  BOOST_TEST(sdk::parse_time("2025-01-01T01:00:00+01:00").value() == 1735689600000u);
  BOOST_TEST(!sdk::parse_time("2025-13-01").has_value());
  BOOST_TEST(!sdk::parse_time("soon").has_value());
  auto records = small_records();
  auto ts = [&](std::size_t i) { return std::to_string(records[i].at("timestamp").to_number<std::uint64_t>()); };
  auto result = query_json({small_log().string(), "--since", ts(10), "--until", ts(14)});
  BOOST_TEST((indexes(result) == std::vector<std::uint64_t>{10, 11, 12, 13, 14}));
}

BOOST_AUTO_TEST_CASE(primary_keys_are_typed_by_their_text) {
  using sdk::Value;
  BOOST_TEST(sdk::key_matches(Value::u64(42), "42"));
  BOOST_TEST(sdk::key_matches(Value::i32(-3), "-3"));
  BOOST_TEST(!sdk::key_matches(Value::u32(3), "-3"));
  BOOST_TEST(sdk::key_matches(Value::string("42"), "\"42\""));
  BOOST_TEST(!sdk::key_matches(Value::u64(42), "\"42\""));
  BOOST_TEST(sdk::key_matches(Value::string("visiteur-é-1"), "visiteur-é-1"));
  BOOST_TEST(sdk::key_matches(Value::boolean(true), "true"));
  BOOST_TEST(sdk::key_matches(Value::u64(18446744073709551615ull), "{\"U64\":18446744073709551615}"));
  BOOST_TEST(!sdk::key_matches(Value::i64(1), "{\"U64\":1}"));
  BOOST_TEST(sdk::key_matches(Value::f32(1.5f), "1.5"));
  auto result = query_json({small_log().string(), "--module", "hello", "--table", "greetings", "--pk", "1"});
  for (const auto& t : result.at("transactions").as_array())
    BOOST_TEST(t.at("primary_key") == json::parse(R"({"U64":1})"));
  BOOST_TEST(result.at("filtered_count").to_number<int>() > 0);
}

BOOST_AUTO_TEST_CASE(every_format_gets_the_records_streamed) {
  auto text = query({small_log().string(), "--limit", "3"}, "text");
  BOOST_TEST(text.streamed);
  std::istringstream lines(text.written);
  std::vector<std::string> all;
  for (std::string line; std::getline(lines, line);) all.push_back(line);
  BOOST_REQUIRE(all.size() == 4u);
  BOOST_TEST(all[0].rfind("#0 @0 insert hello.greetings at 2025-01-01T21:41:10.341Z row=", 0) == 0u);
  BOOST_TEST(all[3] == "3 matches among 3 records read (filter: none)");
  auto yaml = query({small_log().string(), "--limit", "3"}, "yaml");
  BOOST_TEST(yaml.streamed);
  BOOST_TEST(yaml.document.data.at("transactions").as_array().size() == 3u);
  BOOST_TEST(yaml.document.data.at("filtered_count").to_number<int>() == 3);
  BOOST_TEST(yaml.report.data.at("filtered_count").to_number<int>() == 3);  // the summary alone
  BOOST_TEST(!yaml.report.data.as_object().contains("transactions"));
  BOOST_TEST(yaml.written.find("transactions:\n  - index: 0\n") != std::string::npos);
}

// Records reach the formats as the codec's JSON text. yaml parses it, so its streamed output is
// the whole document's byte for byte; json and text copy the text (Boost.JSON 1.81 may parse a
// double one ulp off, so they never re-print a record's numbers) and hold the same data.
BOOST_AUTO_TEST_CASE(streamed_output_is_the_whole_document) {
  for (const auto& args : std::vector<std::vector<std::string>>{{small_log().string(), "--limit", "40"},
                                                                 {small_log().string(), "--limit", "0"}}) {
    LoadedPlugin<sdk::OutputFormat> yaml("output-format-yaml.so");
    auto run = query(args, "yaml");
    BOOST_TEST(run.written == render(*yaml, run.document), args.back());
    BOOST_TEST(json::parse(query(args, "json").written) == run.document.data, args.back());
    auto text = query(args, "text").written;
    BOOST_TEST(std::count(text.begin(), text.end(), '\n') == std::stol(args.back()) + 1, text);
  }
}

BOOST_AUTO_TEST_CASE(text_lines_show_old_rows_and_leave_out_missing_timestamps) {
  auto records = small_records();
  std::size_t update = 0;
  while (records[update].at("type") != "Update") ++update;
  auto text = query({small_log().string(), "--start", std::to_string(update), "--limit", "1"}, "text");
  BOOST_TEST(text.written.find(" old_row={") != std::string::npos, text.written);
  auto framed = query({(shared_fixtures() / "interstice-real" / "g2-0402b90.log").string(), "--limit", "1"}, "text");
  BOOST_TEST(framed.written.find(" t=") == std::string::npos, framed.written);
  BOOST_TEST(framed.written.find(" row={") != std::string::npos, framed.written);
}

BOOST_AUTO_TEST_CASE(bad_filters_are_usage_errors) {
  auto expect_usage = [](const std::vector<std::string>& args) {
    try {
      query(args);
      BOOST_FAIL("accepted");
    } catch (const sdk::Error& e) {
      BOOST_TEST((e.kind() == sdk::ErrorKind::usage), e.what());
    }
  };
  expect_usage({small_log().string(), "--op", "merge"});
  expect_usage({small_log().string(), "--since", "later"});
  expect_usage({small_log().string(), "--start", "5", "--end", "2"});
  expect_usage({(shared_fixtures() / "interstice-real" / "g2-9702921.log").string(), "--until", "5"});
}

BOOST_AUTO_TEST_CASE(limit_zero_and_an_empty_index_range_select_nothing) {
  for (const auto& args : std::vector<std::vector<std::string>>{{small_log().string(), "--limit", "0"},
                                                                 {small_log().string(), "--end", "0"},
                                                                 {small_log().string(), "--start", "7", "--end", "7"},
                                                                 {small_log().string(), "--limit", "0", "--follow"}}) {
    auto result = query_json(args);
    BOOST_TEST(result.at("transactions").as_array().empty(), args[1]);
    BOOST_TEST(result.at("filtered_count").to_number<int>() == 0);
    BOOST_TEST(result.at("total_transactions").to_number<int>() == 0);
  }
}

BOOST_AUTO_TEST_CASE(pk_that_looks_like_json_but_is_not_is_a_usage_error) {
  for (const char* typed : {"{bad", "{\"U64\":1", "{}", "{\"U64\":1,\"U32\":1}"}) {
    try {
      query({small_log().string(), "--pk", typed});
      BOOST_FAIL("accepted --pk " << typed);
    } catch (const sdk::Error& e) {
      BOOST_TEST((e.kind() == sdk::ErrorKind::usage), e.what());
    }
  }
  BOOST_TEST(query_json({small_log().string(), "--pk", "{\"U64\":1}"}).at("filtered_count").to_number<int>() == 14);
}

BOOST_AUTO_TEST_CASE(follow_stops_when_the_log_is_truncated_under_it) {
  auto bytes = read_bytes(small_log());
  TempBytes log(std::vector<unsigned char>(bytes.begin(), bytes.begin() + 2000), "follow.log");
  std::thread truncate([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    std::filesystem::resize_file(log.path(), 0);
  });
  // Were the shrink unnoticed, the follow would wait forever: interrupt it after a few seconds
  // (while its scan still catches SIGINT) so the test fails instead of hanging.
  std::atomic<bool> done{false};
  std::thread watchdog([&] {
    for (int i = 0; i < 80 && !done.load(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (!done.load()) std::raise(SIGINT);
  });
  auto run = query({log.path().string(), "--follow"});
  done.store(true);
  truncate.join();
  watchdog.join();
  auto result = json::parse(run.written).as_object();
  BOOST_TEST(!result.at("interrupted").as_bool());
  BOOST_REQUIRE(result.at("stopped_at").is_object());
  BOOST_TEST(std::string(result.at("stopped_at").at("reason").as_string()).find("shrank") != std::string::npos);
  BOOST_TEST((run.report.outcome == sdk::Outcome::problems_found));
  BOOST_TEST(result.at("filtered_count").to_number<int>() > 0);
}

BOOST_AUTO_TEST_CASE(damage_stops_the_query_after_the_intact_records) {
  auto log = shared_fixtures() / "v1" / "corrupt" / "small.flip-crc.log";
  auto run = query({log.string()});
  auto result = json::parse(run.written).as_object();
  BOOST_TEST((run.report.outcome == sdk::Outcome::problems_found));
  BOOST_TEST(result.at("stopped_at").at("index").to_number<int>() == 799);
  BOOST_TEST(result.at("filtered_count").to_number<int>() == 799);
}

BOOST_AUTO_TEST_SUITE_END()
