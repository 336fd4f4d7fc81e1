// The text output format: aligned keys, tables, hints and colour only when asked.
#include "report_samples.hpp"

using namespace interstice::test::reports;

BOOST_AUTO_TEST_SUITE(output_text)

BOOST_AUTO_TEST_CASE(text_aligns_keys_and_draws_tables) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-text.so");
  std::string text = render(*format, sample_report());
  BOOST_TEST(text.rfind("Sample\n\n", 0) == 0u, text);
  BOOST_TEST(text.find("name     chat\n") != std::string::npos, text);
  BOOST_TEST(text.find("ID  NAME\n") != std::string::npos, text);
  BOOST_TEST(text.find("22  bbb\n") != std::string::npos, text);
  BOOST_TEST(text.find("line\\nbreak") != std::string::npos, text);
  BOOST_TEST(text.find('\x1b') == std::string::npos, "data must not inject escapes");
  BOOST_TEST(text.find("\n2 rows\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(text_colours_only_when_asked) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-text.so");
  BOOST_TEST(render(*format, sample_report(), true).find("\033[1mSample") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(text_follows_table_and_line_hints) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-text.so");
  sdk::Report report;
  report.data = json::object{{"findings", json::array{json::object{{"file_path", "a.json"}, {"rule", "R1"}, {"message", "bad"}}}},
                             {"rows", json::array{json::object{{"k", json::object{{"inner", 5}}}, {"skip", 1}}}}};
  report.presentation.lines.push_back({"/findings", "{/file_path}: {/rule} {/message}"});
  report.presentation.tables.push_back({"/rows", {{"INNER", "/k/inner"}}});
  std::string text = render(*format, report);
  BOOST_TEST(text.find("a.json: R1 bad\n") != std::string::npos, text);
  BOOST_TEST(text.find("INNER\n") != std::string::npos, text);
  BOOST_TEST(text.find("SKIP") == std::string::npos, text);
}

// FieldHints give labels in words and units; templates and table columns take unit suffixes; the
// numbers stay numbers in JSON (output_json's tests), only text shows them for people.
BOOST_AUTO_TEST_CASE(text_shows_labels_times_sizes_and_durations) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-text.so");
  sdk::Report report;
  report.data = json::object{{"first_timestamp", 1735767670341},
                             {"log_size_bytes", 432250},
                             {"tiny", 97},
                             {"last_timestamp", nullptr},
                             {"runs", json::array{json::object{{"took", 1234.5}, {"at", 86400000000}}}},
                             {"events", json::array{json::object{{"at", -1}, {"size", 5u << 20}}}}};
  using Unit = sdk::ValueUnit;
  report.presentation.fields = {{"/first_timestamp", "first record at", Unit::unix_millis},
                                {"/log_size_bytes", "size", Unit::bytes},
                                {"/tiny", "", Unit::bytes},
                                {"/last_timestamp", "last record at", Unit::unix_millis}};
  report.presentation.tables.push_back({"/runs", {{"TIME", "/took|ms"}, {"AT", "/at|time_us"}}});
  report.presentation.lines.push_back({"/events", "{/at|time} {/size|size}"});
  const std::string text = render(*format, report);
  BOOST_TEST(text.find("first record at  2025-01-01T21:41:10.341Z\n") != std::string::npos, text);
  BOOST_TEST(text.find("size             422.1 KiB\n") != std::string::npos, text);
  BOOST_TEST(text.find("tiny             97 bytes\n") != std::string::npos, text);
  BOOST_TEST(text.find("last record at   -\n") != std::string::npos, text);  // not a time: as any null
  BOOST_TEST(text.find("1.23 s  1970-01-02T00:00:00.000Z") != std::string::npos, text);
  BOOST_TEST(text.find("1969-12-31T23:59:59.999Z 5.0 MiB\n") != std::string::npos, text);
  BOOST_TEST(text.find("log_size_bytes") == std::string::npos, text);
}

BOOST_AUTO_TEST_CASE(text_shows_local_time_with_its_offset_when_asked) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-text.so");
  sdk::Report report;
  report.data = json::object{{"at", 1735767670341}};
  report.presentation.fields = {{"/at", "at", sdk::ValueUnit::unix_millis}};
  const char* saved = std::getenv("TZ");
  const std::string old = saved ? saved : "";
  ::setenv("TZ", "IST-5:30", 1);  // POSIX spelling of +05:30 (no zoneinfo needed, no daylight saving)
  ::tzset();
  const std::string local = render(*format, report, false, "", true);
  const std::string utc = render(*format, report, false, "", false);
  if (saved) ::setenv("TZ", old.c_str(), 1); else ::unsetenv("TZ");
  ::tzset();
  BOOST_TEST(local.find("at  2025-01-02T03:11:10.341+05:30\n") != std::string::npos, local);
  BOOST_TEST(utc.find("at  2025-01-01T21:41:10.341Z\n") != std::string::npos, utc);
}

BOOST_AUTO_TEST_CASE(text_colours_severities_by_meaning_only_with_colour) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-text.so");
  sdk::Report report;
  report.data = json::object{{"findings", json::array{json::object{{"severity", "error"}, {"rule", "A"}},
                                                      json::object{{"severity", "warning"}, {"rule", "B"}}}}};
  report.presentation.lines.push_back({"/findings", "{/severity|severity}: {/rule}"});
  const std::string plain = render(*format, report), coloured = render(*format, report, true);
  BOOST_TEST(plain.find("  error: A\n  warning: B\n") != std::string::npos, plain);
  BOOST_TEST(plain.find('\x1b') == std::string::npos, plain);
  BOOST_TEST(coloured.find("\033[1;31merror\033[0m: A") != std::string::npos, coloured);
  BOOST_TEST(coloured.find("\033[33mwarning\033[0m: B") != std::string::npos, coloured);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(output_text_streaming)

BOOST_AUTO_TEST_CASE(a_listing_streams_one_line_per_item_then_the_summary) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-text.so");
  for (std::size_t count : {0, 1, 3}) {
    auto sample = streamed_sample(count);
    sample.header.presentation.listing = true;
    sample.header.presentation.lines.push_back(
        {"/records", "#{/index} {/name}{ ratio=/ratio} row={/row|json}{ old=/old|json}"});
    auto [streamed, whole] = streamed_and_whole(*format, sample.header, sample.items, sample.summary);
    BOOST_TEST(streamed == whole, count);
    std::string want;
    if (count >= 1) want += "#0 line\\nbreak ratio=0.0 row={\"entries\":[1,\"a\",null,1e300]}\n";
    if (count >= 3)
      want += "#1 yes ratio=0.1 row={\"entries\":[1,\"a\",null,1e300]} old={\"k\":1}\n"
              "#2 line\\nbreak ratio=0.2 row={\"entries\":[1,\"a\",null,1e300]}\n";
    want += std::to_string(count) + " records\n";
    BOOST_TEST(streamed == want);
  }
}

BOOST_AUTO_TEST_CASE(a_document_is_laid_out_whole_the_same_either_way) {
  LoadedPlugin<sdk::OutputFormat> format("output-format-text.so");
  auto sample = streamed_sample(3);
  auto [streamed, whole] = streamed_and_whole(*format, sample.header, sample.items, sample.summary);
  BOOST_TEST(streamed == whole);
  BOOST_TEST(streamed.rfind("Records\n\nfile        x.log\ncount       3\n", 0) == 0u, streamed);
  BOOST_TEST(streamed.find("records (3)") != std::string::npos, streamed);
}

BOOST_AUTO_TEST_SUITE_END()
