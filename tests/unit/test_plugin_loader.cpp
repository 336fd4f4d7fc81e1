// The real loader against real .so files: the built-in plugins load, and each broken plugin is
// rejected with a reason that names what is wrong.
#include "plugin_harness.hpp"
#include "test_paths.hpp"

#include "console.hpp"
#include "plugin_loader.hpp"
#include "plugin_registry.hpp"

#include "interstice/sdk/command.hpp"
#include "interstice/sdk/host_services.hpp"
#include "interstice/sdk/logger.hpp"
#include "interstice/sdk/output_format.hpp"

#include <boost/test/unit_test.hpp>

#include <regex>
#include <sstream>

namespace host = interstice::host;
namespace sdk = interstice::sdk;
using interstice::test::broken_plugins;
using interstice::test::builtin_plugins;

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
  bool enabled(sdk::LogLevel) const override { return true; }
  void write(const sdk::LogEvent& event) override { lines.emplace_back(event.message); }
  std::vector<std::string> lines;
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
  registry.load({{broken_plugins(), "--plugin-dir", false, true}, {builtin_plugins(), "built-in", true, false}}, services);
  BOOST_TEST(registry.find<sdk::Command>("schema") != nullptr);
  BOOST_TEST(registry.find<sdk::OutputFormat>("json") != nullptr);
  BOOST_TEST(registry.find<sdk::Command>("command-throws") != nullptr);
  BOOST_TEST(registry.find<sdk::Command>("bad-abi") == nullptr);
  std::size_t rejected = 0;
  for (const auto& r : registry.records()) rejected += r.status == host::PluginStatus::rejected;
  BOOST_TEST(rejected == 6u);
  BOOST_TEST(log.lines.size() == 6u);
  for (const auto& line : log.lines) BOOST_TEST(line.find(broken_plugins().string()) != std::string::npos, line);
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
