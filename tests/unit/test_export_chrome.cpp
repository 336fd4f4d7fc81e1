// The chrome exporter: a Chrome trace of the log with a track group per module, a track per table,
// an instant event per record (operation, key, index) at its timestamp, and records-per-second
// counters that add up to the records.
#include "export_harness.hpp"

#include <map>
#include <set>

using namespace interstice::test::exporters;

BOOST_AUTO_TEST_SUITE(export_chrome)

BOOST_AUTO_TEST_CASE(an_instant_per_record_on_its_module_and_table_track) {
  LoadedPlugin<sdk::Exporter> chrome("exporter-chrome.so");
  auto document = json::parse(export_log(*chrome, {small_log()})).as_object();
  const auto& events = document.at("traceEvents").as_array();
  const auto expected = fixture_records();
  std::map<std::int64_t, std::string> processes;                       // pid -> name
  std::map<std::pair<std::int64_t, std::int64_t>, std::string> threads;  // (pid, tid) -> name
  std::vector<const json::object*> instants;
  std::uint64_t counted = 0;
  for (const auto& e : events) {
    const auto& event = e.as_object();
    auto pid = event.at("pid").to_number<std::int64_t>();
    if (event.at("ph") == "M" && event.at("name") == "process_name") processes[pid] = event.at("args").at("name").as_string();
    if (event.at("ph") == "M" && event.at("name") == "thread_name")
      threads[{pid, event.at("tid").to_number<std::int64_t>()}] = event.at("args").at("name").as_string();
    if (event.at("ph") == "i") instants.push_back(&event);
    if (event.at("ph") == "C") counted += event.at("args").at("records").to_number<std::uint64_t>();
  }
  BOOST_REQUIRE_EQUAL(instants.size(), expected.size());
  BOOST_TEST(counted == expected.size());
  for (std::size_t i = 0; i < instants.size(); ++i) {
    const auto& event = *instants[i];
    const auto& want = expected[i];
    BOOST_TEST_CONTEXT("record " << i) {
      auto pid = event.at("pid").to_number<std::int64_t>();
      auto tid = event.at("tid").to_number<std::int64_t>();
      BOOST_TEST(processes[pid] == "module " + text_of(want.at("module")));
      auto track = std::pair(pid, tid);
      BOOST_TEST(threads[track] == "table " + text_of(want.at("table")));
      BOOST_TEST(event.at("ts").to_number<std::int64_t>() == want.at("timestamp").to_number<std::int64_t>() * 1000);
      BOOST_TEST(event.at("s") == "t");
      BOOST_TEST(event.at("args").at("index") == want.at("index"));
      BOOST_TEST(event.at("args").at("key") == want.at("row").at("primary_key"));
      std::string type = text_of(want.at("type"));
      std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
      BOOST_TEST(event.at("args").at("operation") == json::value(type));
      BOOST_TEST(event.at("name") == json::value(type + " " + text_of(want.at("table"))));
    }
  }
  BOOST_TEST(document.at("otherData").at("time") == "record timestamps");
}

BOOST_AUTO_TEST_CASE(a_log_without_timestamps_is_laid_out_by_index) {
  LoadedPlugin<sdk::Exporter> chrome("exporter-chrome.so");
  auto source = Source{real_log("g2-0402b90.log"), "framed", "framed-g2"};
  auto document = json::parse(export_log(*chrome, source)).as_object();
  std::int64_t index = 0;
  for (const auto& e : document.at("traceEvents").as_array()) {
    BOOST_TEST(e.at("ph") != "C");
    if (e.at("ph") == "i") BOOST_TEST(e.at("ts").to_number<std::int64_t>() == 1000 * index++);
  }
  BOOST_TEST(index > 0);
  BOOST_TEST(document.at("otherData").at("time") == "record index (the log has no timestamps)");
}

BOOST_AUTO_TEST_SUITE_END()
