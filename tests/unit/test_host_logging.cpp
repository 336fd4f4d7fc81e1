// The three renderings of a diagnostic event (--logging-format text|json|logfmt), on a fixed
// time, against the exact lines: the seed's text line, OpenTelemetry's JSON names and severity
// numbers, logfmt quoting; and fatal errors in each style.
#include "error_exit.hpp"
#include "log_rendering.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/logger.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <sstream>

namespace host = interstice::host;
namespace sdk = interstice::sdk;

namespace {

// 2026-01-24 12:34:56.789 UTC
const std::chrono::system_clock::time_point kTime{std::chrono::milliseconds{1769258096789}};

// Builds the seed's example event through the fluent API and keeps what the logger received.
class Capture final : public sdk::Logger {
 public:
  bool enabled(sdk::LogLevel level) const override { return level >= sdk::LogLevel::info; }
  void write(const sdk::LogEvent& event) override {
    for (auto style : {host::LogStyle::text, host::LogStyle::json, host::LogStyle::logfmt})
      lines.push_back(host::render_event(style, event, kTime, span));
  }
  host::SpanIds span;
  std::vector<std::string> lines;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(host_logging)

BOOST_AUTO_TEST_CASE(the_seed_example_in_three_styles) {
  Capture log;
  log.info("Operation complete").module("payment_service").reducer("process_transaction").field("transaction_id", "tx-123");
  BOOST_REQUIRE_EQUAL(log.lines.size(), 3u);
  BOOST_TEST(log.lines[0] ==
             "[INFO] 2026-01-24 12:34:56.789 - Operation complete [module: payment_service] "
             "[reducer: process_transaction] transaction_id=tx-123\n");
  BOOST_TEST(log.lines[1] ==
             R"({"timestamp":"2026-01-24T12:34:56.789Z","time_unix_nano":"1769258096789000000","severity_text":"INFO",)"
             R"("severity_number":9,"body":"Operation complete","attributes":{"module_id":"payment_service",)"
             R"("reducer_name":"process_transaction","transaction_id":"tx-123"}})" "\n");
  BOOST_TEST(log.lines[2] ==
             "time=2026-01-24T12:34:56.789Z level=INFO msg=\"Operation complete\" module_id=payment_service "
             "reducer_name=process_transaction transaction_id=tx-123\n");
}

BOOST_AUTO_TEST_CASE(typed_fields_quoting_and_severity_numbers) {
  Capture log;
  log.warn("{} skipped", 3).table("t").field("n", std::uint64_t{12}).field("delta", -3).field("ratio", 0.5)
      .field("strict", true).field("why", std::string("a \"b\" c")).field("empty", "");
  log.debug("filtered out").field("x", 1);  // below the level: never written
  BOOST_REQUIRE_EQUAL(log.lines.size(), 3u);
  BOOST_TEST(log.lines[0] ==
             "[WARN] 2026-01-24 12:34:56.789 - 3 skipped [table: t] n=12 delta=-3 ratio=0.5 strict=true "
             "why=\"a \\\"b\\\" c\" empty=\"\"\n");
  auto json = boost::json::parse(log.lines[1]).as_object();
  BOOST_TEST(json.at("severity_number").as_int64() == 13);
  BOOST_TEST(json.at("attributes").at("n").to_number<std::uint64_t>() == 12u);
  BOOST_TEST(json.at("attributes").at("delta").as_int64() == -3);
  BOOST_TEST(json.at("attributes").at("strict").as_bool());
  BOOST_TEST(json.at("attributes").at("why").as_string() == "a \"b\" c");
  BOOST_TEST(!json.contains("trace_id"));
}

BOOST_AUTO_TEST_CASE(every_level_has_its_opentelemetry_number) {
  Capture log;
  struct Level {
    sdk::LogLevel level;
    const char* text;
    int number;
  };
  for (auto [level, text, number] : {Level{sdk::LogLevel::info, "INFO", 9}, Level{sdk::LogLevel::warning, "WARN", 13},
                                     Level{sdk::LogLevel::error, "ERROR", 17}}) {
    log.lines.clear();
    log.at(level, "m");
    auto json = boost::json::parse(log.lines.at(1)).as_object();
    BOOST_TEST(json.at("severity_text").as_string() == text);
    BOOST_TEST(json.at("severity_number").as_int64() == number);
  }
  sdk::LogEvent trace_event;
  trace_event.level = sdk::LogLevel::trace;
  BOOST_TEST(boost::json::parse(host::render_event(host::LogStyle::json, trace_event, kTime)).at("severity_number") == 1);
  trace_event.level = sdk::LogLevel::debug;
  BOOST_TEST(boost::json::parse(host::render_event(host::LogStyle::json, trace_event, kTime)).at("severity_number") == 5);
}

BOOST_AUTO_TEST_CASE(an_active_span_is_named_in_json) {
  Capture log;
  log.span = {"4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"};
  log.info("inside");
  auto json = boost::json::parse(log.lines.at(1)).as_object();
  BOOST_TEST(json.at("trace_id").as_string() == "4bf92f3577b34da6a3ce929d0e0e4736");
  BOOST_TEST(json.at("span_id").as_string() == "00f067aa0ba902b7");
}

BOOST_AUTO_TEST_CASE(fatal_errors_in_each_style) {
  const auto error = sdk::Error::input("bad checksum", sdk::Location::at_record("x.log", 7, 912));
  std::ostringstream out, text, json, logfmt;
  BOOST_TEST(host::report_error(error, out, text, host::LogStyle::text) == 2);
  BOOST_TEST(text.str() == "interstice: error: x.log: record 7, at byte 912: bad checksum\n");
  host::report_error(error, out, json, host::LogStyle::json);
  auto line = boost::json::parse(json.str()).as_object();
  BOOST_TEST(line.at("severity_text").as_string() == "ERROR");
  BOOST_TEST(line.at("body").as_string() == "x.log: record 7, at byte 912: bad checksum");
  BOOST_TEST(line.at("attributes").at("file").as_string() == "x.log");
  BOOST_TEST(line.at("attributes").at("record_index").to_number<std::uint64_t>() == 7u);
  BOOST_TEST(line.at("attributes").at("byte_offset").to_number<std::uint64_t>() == 912u);
  BOOST_TEST(line.at("attributes").at("exit_code").as_int64() == 2);
  host::report_error(error, out, logfmt, host::LogStyle::logfmt);
  BOOST_TEST(logfmt.str().find("level=ERROR msg=\"x.log: record 7, at byte 912: bad checksum\" exit_code=2 file=x.log "
                               "record_index=7 byte_offset=912\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(styles_parse_by_name) {
  BOOST_TEST((host::parse_log_style("json") == host::LogStyle::json));
  BOOST_TEST((host::parse_log_style("logfmt") == host::LogStyle::logfmt));
  BOOST_TEST(!host::parse_log_style("xml"));
}

BOOST_AUTO_TEST_SUITE_END()
