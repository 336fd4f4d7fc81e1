// The log-export command: streams into an exporter, renames at the end, names the known exporters.
#include "query_harness.hpp"

using namespace interstice::test::queries;

BOOST_AUTO_TEST_SUITE(command_log_export)

BOOST_AUTO_TEST_CASE(log_export_streams_into_an_exporter_and_renames_at_the_end) {
  LoadedPlugin<sdk::Command> command("command-log-export.so");
  TempBytes out({}, "export.ndjson");
  TestContext context(*command, {small_log().string(), "--to", "ndjson", "--out", out.path().string(), "--op", "delete"},
                      &catalog());
  auto report = command->run(context);
  BOOST_TEST(report.data.at("exported").to_number<int>() == 203);
  BOOST_TEST(report.data.at("filter_applied").as_string() == "op=delete");
  std::ifstream in(out.path());
  int lines = 0;
  for (std::string line; std::getline(in, line); ++lines)
    BOOST_TEST(json::parse(line).at("operation").as_string() == "delete");
  BOOST_TEST(lines == 203);
  for (const auto& entry : std::filesystem::directory_iterator(out.path().parent_path()))
    BOOST_TEST(entry.path().filename().string().find(out.path().filename().string() + ".tmp") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(log_export_names_the_known_exporters) {
  LoadedPlugin<sdk::Command> command("command-log-export.so");
  TestContext context(*command, {small_log().string(), "--to", "xml", "--out", "/tmp/never-written.xml"}, &catalog());
  try {
    command->run(context);
    BOOST_FAIL("accepted");
  } catch (const sdk::Error& e) {
    BOOST_TEST((e.kind() == sdk::ErrorKind::usage));
    BOOST_TEST(std::string(e.what()).find("csv, ndjson") != std::string::npos, e.what());
  }
  BOOST_TEST(!std::filesystem::exists("/tmp/never-written.xml"));
}

BOOST_AUTO_TEST_SUITE_END()
