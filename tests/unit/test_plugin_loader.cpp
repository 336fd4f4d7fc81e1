// The real loader against real .so files: the built-in plugins load, and each broken plugin is
// rejected with a reason that names what is wrong.
#include "plugin_harness.hpp"
#include "registry_harness.hpp"
#include "test_paths.hpp"

#include "console.hpp"
#include "plugin_loader.hpp"
#include "plugin_prober.hpp"
#include "plugin_registry.hpp"

#include "interstice/sdk/command.hpp"
#include "interstice/sdk/host_services.hpp"
#include "interstice/sdk/logger.hpp"
#include "interstice/sdk/output_format.hpp"

#include <boost/test/unit_test.hpp>

#include <regex>
#include <sstream>
#include <unistd.h>

namespace host = interstice::host;
namespace sdk = interstice::sdk;
using interstice::test::broken_plugins;
using interstice::test::builtin_plugins;
using interstice::test::plugin_scanner;
using interstice::test::test_registry_options;
namespace fs = std::filesystem;

namespace {

host::PluginRecord load(const std::filesystem::path& path) {
  auto record = host::open_plugin(path, false);
  host::instantiate_plugin(record, interstice::test::test_services());
  return record;
}

void expect_rejected(const std::string& file, const std::string& reason_part) {
  auto record = load(broken_plugins() / file);
  BOOST_TEST((record.status == host::PluginStatus::rejected), file);
  BOOST_TEST(record.reason.find(reason_part) != std::string::npos, file << ": " << record.reason);
  BOOST_TEST(!record.instance);
}

// Collects warnings instead of printing them.
class RecordingLogger final : public sdk::Logger {
 public:
  bool enabled(sdk::LogLevel level) const override { return level >= sdk::LogLevel::warning; }
  void write(const sdk::LogEvent& event) override {
    if (enabled(event.level)) lines.emplace_back(event.message);
  }
  std::vector<std::string> lines;  // warnings and errors: what a user sees by default
};

}  // namespace

BOOST_AUTO_TEST_SUITE(plugin_loader)

BOOST_AUTO_TEST_CASE(builtin_plugins_load_with_their_descriptor) {
  auto record = load(builtin_plugins() / "command-schema.so");
  BOOST_TEST((record.status == host::PluginStatus::loaded), record.reason);
  BOOST_TEST(record.id == "schema");
  BOOST_TEST(record.kind == "command");
  BOOST_TEST(*record.abi == sdk::kAbiVersion);
  BOOST_TEST(dynamic_cast<sdk::Command*>(record.instance.get()) != nullptr);
  BOOST_TEST(dynamic_cast<sdk::OutputFormat*>(record.instance.get()) == nullptr);
}

BOOST_AUTO_TEST_CASE(wrong_abi_is_rejected_before_any_plugin_code_runs) {
  // bad_abi's factory calls abort(): reaching this line at all proves it was never called.
  expect_rejected("bad_abi.so", "built for SDK ABI 999, this host speaks ABI " + std::to_string(sdk::kAbiVersion));
}

BOOST_AUTO_TEST_CASE(wrong_toolchain_is_rejected_before_any_plugin_code_runs) {
  // wrong_toolchain's factory calls abort() too; the reason names both tags on one line.
  expect_rejected("wrong_toolchain.so", std::string("built with gcc 0.0.0; libstdc++ 0 (0); boost 0, this host was built "
                                                    "with ") + sdk::kToolchain + "; rebuild it with the host's toolchain");
}

BOOST_AUTO_TEST_CASE(each_broken_plugin_gets_its_own_reason) {
  expect_rejected("no_descriptor.so", "exports no 'interstice_plugin_descriptor' symbol");
  expect_rejected("missing_dependency.so", "a library it needs cannot be found: libinterstice_test_vanishing.so");
  expect_rejected("factory_throws.so", "its factory threw: required setting 'db.url' is missing");
  expect_rejected("not_elf.so", "not a shared library");
}

BOOST_AUTO_TEST_CASE(a_command_that_throws_still_loads) {
  auto record = load(broken_plugins() / "command_throws.so");
  BOOST_TEST((record.status == host::PluginStatus::loaded), record.reason);
}

BOOST_AUTO_TEST_CASE(registry_keeps_going_and_reserves_builtin_ids) {
  RecordingLogger log;
  host::PluginRegistry registry;
  interstice::test::TestServices services(&log, &registry);
  // The built-in directory twice under two names: every second copy is shadowed.
  registry.load({{broken_plugins(), "--plugin-dir", false, true}, {builtin_plugins(), "built-in", true, false}}, services,
                test_registry_options());
  BOOST_TEST(registry.find<sdk::Command>("schema") != nullptr);
  BOOST_TEST(registry.find<sdk::OutputFormat>("json") != nullptr);
  BOOST_TEST(registry.find<sdk::Command>("command-throws") != nullptr);
  BOOST_TEST(registry.find<sdk::Command>("prints-at-load") != nullptr);
  BOOST_TEST(registry.find<sdk::Command>("bad-abi") == nullptr);
  std::size_t rejected = 0;
  for (const auto& r : registry.records()) rejected += r.status == host::PluginStatus::rejected;
  BOOST_TEST(rejected == 10u);  // six that fail the checks, four that end the process loading them
  BOOST_TEST(log.lines.size() == 10u);
  for (const auto& line : log.lines) BOOST_TEST(line.find(broken_plugins().string()) != std::string::npos, line);
}

// Each plugin that ends the process loading it (dies_at_load.cpp) ends only the scanner: it is
// rejected with how it died and what it said last, and the files after it are still probed.
BOOST_AUTO_TEST_CASE(plugins_that_end_their_loader_are_rejected_with_the_cause) {
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"abort_in_static_init.so", "it killed the plugin scanner with signal SIGABRT (Aborted) while loading; its last "
                                  "words on stderr: dies_at_load: giving up (1)"},
      {"command_throws.so", ""},
      {"exit_in_static_init.so", "it ended the plugin scanner with exit status 3 while loading"},
      {"throw_in_static_init.so", "no licence file"},
      {"exit_in_factory.so", "it ended the plugin scanner with exit status 3 while loading; its last words on stderr: "
                             "dies_at_load: giving up (4)"},
      {"prints_at_load.so", ""},
  };
  std::vector<fs::path> files;
  for (const auto& [file, reason] : expected) files.push_back(broken_plugins() / file);
  const auto records = host::probe_plugins(plugin_scanner(), files);
  BOOST_REQUIRE(records.size() == expected.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& [file, reason] = expected[i];
    BOOST_TEST(records[i].path == files[i]);
    BOOST_TEST((records[i].status == (reason.empty() ? host::PluginStatus::loaded : host::PluginStatus::rejected)), file);
    BOOST_TEST(records[i].reason.find(reason) != std::string::npos, file << ": " << records[i].reason);
  }
  BOOST_TEST(records[1].id == "command-throws");
  BOOST_TEST(records[1].kind == "command");
  BOOST_TEST(records[1].description == "a command that throws while running");
}

BOOST_AUTO_TEST_CASE(a_plugin_that_hangs_while_loading_is_stopped) {
  const auto records = host::probe_plugins(
      plugin_scanner(), {interstice::test::hanging_plugins() / "hang_in_static_init.so", broken_plugins() / "command_throws.so"},
      std::chrono::milliseconds(300));
  BOOST_REQUIRE(records.size() == 2u);
  BOOST_TEST(records[0].reason == "it did not finish loading within 0.3 s (the plugin scanner was stopped)");
  BOOST_TEST((records[1].status == host::PluginStatus::loaded), records[1].reason);
}

BOOST_AUTO_TEST_CASE(without_a_scanner_nothing_is_loaded) {
  const auto records = host::probe_plugins("/no/such/scanner", {broken_plugins() / "command_throws.so"});
  BOOST_REQUIRE(records.size() == 1u);
  BOOST_TEST((records[0].status == host::PluginStatus::rejected));
  BOOST_TEST(records[0].reason == "the plugin scanner /no/such/scanner cannot be run: No such file or directory");
}

// A warm cache answers without running the scanner; a replaced file is probed again.
BOOST_AUTO_TEST_CASE(registry_cache_is_keyed_by_the_files_identity) {
  const fs::path dir = fs::temp_directory_path() / ("interstice-registry-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "plugins");
  const fs::path plugin = dir / "plugins" / "command_throws.so";
  fs::copy_file(broken_plugins() / "command_throws.so", plugin);
  fs::copy_file(plugin_scanner(), dir / "scanner");
  const fs::path cache = dir / "cache" / "registry";
  auto options = test_registry_options(cache);
  options.scanner = dir / "scanner";
  const std::vector<host::PluginDirectory> dirs = {{dir / "plugins", "--plugin-dir", false, true}};
  auto status_after_load = [&] {
    RecordingLogger log;
    host::PluginRegistry registry;
    interstice::test::TestServices services(&log, &registry);
    registry.load(dirs, services, options);
    BOOST_REQUIRE(registry.records().size() == 1u);
    return registry.records().front().status_text();
  };
  BOOST_TEST(status_after_load() == "loaded");
  BOOST_TEST(fs::is_regular_file(cache));
  // A scanner that cannot run proves the next answer came from the cache.
  fs::permissions(dir / "scanner", fs::perms::owner_read | fs::perms::owner_write);
  BOOST_TEST(status_after_load() == "loaded");
  // Another file at the same path (a new inode) is probed again: the scanner cannot run now.
  fs::copy_file(broken_plugins() / "abort_in_static_init.so", dir / "replacement.so");
  fs::rename(dir / "replacement.so", plugin);
  BOOST_TEST(status_after_load().find("rejected: the plugin scanner") == 0u);
  fs::permissions(dir / "scanner", fs::perms::owner_all);
  BOOST_TEST(status_after_load().find("rejected: it killed the plugin scanner with signal SIGABRT") == 0u);
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()

// The host's logger writes only events at or above its level, each as one rendered line.
BOOST_AUTO_TEST_SUITE(host_services)

BOOST_AUTO_TEST_CASE(stream_logger_filters_by_level_and_renders_each_event_once) {
  std::ostringstream err;
  host::StreamLogger log(err, sdk::LogLevel::info);
  log.info("codec picked").field("records", std::uint64_t{12}).field("why", std::string("only fit"));
  log.debug("below the threshold").field("x", true);
  const std::regex line(R"(\[INFO\] \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} - codec picked records=12 why="only fit"\n)");
  BOOST_TEST(std::regex_match(err.str(), line), err.str());
}

// Every plugin object is attached to the services it was created with, whatever its kind.
BOOST_AUTO_TEST_CASE(plugins_of_every_kind_get_the_host_services) {
  interstice::test::RecordingLogger log;
  interstice::test::TestServices services(&log);
  for (const char* file : {"command-schema.so", "output-format-json.so", "log-codec-framed.so", "exporter-csv.so"}) {
    auto record = host::open_plugin(builtin_plugins() / file, true);
    host::instantiate_plugin(record, services);
    BOOST_REQUIRE_MESSAGE(record.status == host::PluginStatus::loaded, record.reason);
    BOOST_TEST(&record.instance->host() == &services, file);
    record.instance->host().log().warn("hello from {}", file);
  }
  BOOST_TEST(log.messages.size() == 4u);
}

BOOST_AUTO_TEST_SUITE_END()
