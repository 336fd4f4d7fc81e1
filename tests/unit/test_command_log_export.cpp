// The log-export command: streams into an exporter, renames at the end, names the known exporters.
#include "query_harness.hpp"

#include "interstice/sdk/exporter.hpp"
#include "interstice/sdk/plugin_catalog.hpp"

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

// The last records are formatted after the scan has ended, from the log's map: a log cut then
// reads as zeros there (its pages past the new end fault and are replaced by zeros), so the
// export must fail instead of renaming what it made of them into place. The exporter here cuts
// the log when it formats the last record, which the formatter does only once the scan is over.
BOOST_AUTO_TEST_CASE(log_export_fails_when_the_log_is_cut_before_its_records_are_formatted) {
  ::signal(SIGBUS, SIG_DFL);  // as in a command's process: the SDK's handler, not Boost.Test's
  struct CutsTheLogAtItsLastRecord final : sdk::TextExporter {
    CutsTheLogAtItsLastRecord() : sdk::TextExporter({.independent_records = true}) {}
    std::filesystem::path log;
    void write_record(sdk::ExportState&, const sdk::ExportRecord& record, std::string& out) const override {
      if (record.view.index == 999) std::filesystem::resize_file(log, 40960);
      out += record.data_hash();  // reads the row's bytes
      out += '\n';
    }
  };
  struct WithIt final : sdk::PluginCatalog {
    const sdk::PluginCatalog& base;
    sdk::Plugin& extra;
    WithIt(const sdk::PluginCatalog& base, sdk::Plugin& extra) : base(base), extra(extra) {}
    sdk::Plugin* find(std::string_view kind, std::string_view id) const override {
      return kind == sdk::Exporter::kind && id == "cutting" ? &extra : base.find(kind, id);
    }
    std::vector<sdk::PluginInfo> list(std::string_view kind) const override {
      auto plugins = base.list(kind);
      if (kind == sdk::Exporter::kind) plugins.push_back({"cutting", std::string(kind), "1", "cuts its log", ""});
      return plugins;
    }
  };
  const auto bytes = read_bytes(small_log());
  TempBytes log(bytes, "cut-while-formatted.log");
  CutsTheLogAtItsLastRecord exporter;
  exporter.log = log.path();
  const WithIt plugins(catalog(), exporter);
  LoadedPlugin<sdk::Command> command("command-log-export.so");
  TempBytes out({}, "cut.txt");
  TestContext context(*command, {log.path().string(), "--to", "cutting", "--out", out.path().string()}, &plugins);
  try {
    command->run(context);
    BOOST_FAIL("exported a log cut under it");
  } catch (const sdk::Error& e) {
    BOOST_TEST((e.kind() == sdk::ErrorKind::input));
    BOOST_TEST(std::string(e.what()).find("shrank to 40960 bytes") != std::string::npos, e.what());
  }
  BOOST_TEST(std::filesystem::file_size(out.path()) == 0u);  // the file --out named is left as it was
}

BOOST_AUTO_TEST_SUITE_END()
