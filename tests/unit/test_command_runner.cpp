// CommandRunner: the host's parse → run → render pipeline driven in-process with the real
// built-in plugins, built-in commands looked up like plugin commands, errors as one line plus an
// exit code, and two commands running at once through one runner (scripts/tsan-runner-test runs
// this suite under ThreadSanitizer).
#include "registry_harness.hpp"
#include "test_paths.hpp"

#include "command_runner.hpp"
#include "process_services.hpp"
#include "console.hpp"
#include "plugin_registry.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <regex>
#include <thread>
#include <unistd.h>

namespace host = interstice::host;
namespace json = boost::json;
using namespace interstice::test;

namespace {

/// The build's built-in plugins, loaded once as `interstice` would load them.
const host::PluginRegistry& builtin_registry() {
  // The plugins keep a reference to their services: both live as long as the test program.
  static std::ostringstream warnings;
  static host::StreamLogger log(warnings);
  static host::PluginRegistry registry;
  static host::ProcessServices services(log, registry, nullptr);
  static const bool loaded = [] {
    registry.load({{builtin_plugins(), "built-in", true, false}}, services, test_registry_options());
    BOOST_TEST_REQUIRE(warnings.str() == "");
    return true;
  }();
  (void)loaded;
  return registry;
}

const host::CommandRunner& runner() {
  static const host::CommandRunner instance(builtin_registry());
  return instance;
}

struct Captured {
  int exit_code = -1;
  std::string out;
  std::string err;
  bool has_report = false;
};

Captured run(const std::vector<std::string>& args, const host::GlobalOptions& before = {}) {
  std::ostringstream out, err;
  host::RunResult result = runner().run(args, {out, err}, before);
  return {result.exit_code, out.str(), err.str(), result.report.has_value()};
}

std::string repo_file(const std::string& relative) { return (repo_root() / relative).string(); }
std::string fixture(const std::string& relative) { return (shared_fixtures() / relative).string(); }

}  // namespace

BOOST_AUTO_TEST_SUITE(command_runner)

BOOST_AUTO_TEST_CASE(runs_a_plugin_command_and_renders_its_report) {
  auto hello = repo_file("examples/hello.json");
  auto result = run({"schema", hello, "--format", "json"});
  BOOST_TEST(result.exit_code == 0);
  BOOST_TEST(result.err == "");
  BOOST_TEST(result.has_report);
  BOOST_TEST(json::parse(result.out).at("module_name").as_string() == "hello");
  // Every spelling of the format gives the same bytes; the positional and --format share one key.
  BOOST_TEST(run({"schema", hello, "json"}).out == result.out);
  BOOST_TEST(run({"schema", "-f", "json", hello}).out == result.out);
  host::GlobalOptions before;
  before.format = "json";
  BOOST_TEST(run({"schema", hello}, before).out == result.out);
  BOOST_TEST(run({"schema", hello, "yaml"}, before).out != result.out);  // after the command wins
}

BOOST_AUTO_TEST_CASE(report_returns_the_data_without_rendering_it) {
  std::ostringstream out, err;
  auto result = runner().report({"schema", repo_file("examples/hello.json")}, {out, err});
  BOOST_TEST(result.exit_code == 0);
  BOOST_TEST(out.str() == "");
  BOOST_REQUIRE(result.report.has_value());
  BOOST_TEST(result.report->data.at("module_name").as_string() == "hello");
}

BOOST_AUTO_TEST_CASE(a_streamed_result_is_written_as_it_comes_or_collected_by_report) {
  auto log = fixture("v1/logs/small.log");
  std::ostringstream out, err;
  auto streamed = runner().run({"log-query", log, "--limit", "2", "json"}, {out, err});
  BOOST_TEST(streamed.exit_code == 0);
  BOOST_TEST(json::parse(out.str()).at("transactions").as_array().size() == 2u);
  BOOST_REQUIRE(streamed.report.has_value());  // run gives the summary the command returned
  BOOST_TEST(streamed.report->data.at("filtered_count").as_uint64() == 2u);
  BOOST_TEST(!streamed.report->data.as_object().contains("transactions"));

  std::ostringstream out2, err2;
  auto collected = runner().report({"log-query", log, "--limit", "2", "yaml"}, {out2, err2});
  BOOST_TEST(out2.str() == "");
  BOOST_REQUIRE(collected.report.has_value());  // report gives the whole document
  BOOST_TEST(collected.report->data.at("transactions").as_array().size() == 2u);
  BOOST_TEST(collected.report->data.at("filtered_count").as_uint64() == 2u);

  // help prints its own text whatever the format
  BOOST_TEST(run({"help", "schema", "--format", "json"}).out == run({"help", "schema"}).out);
}

BOOST_AUTO_TEST_CASE(errors_are_one_line_on_err_with_the_exit_code) {
  auto unknown = run({"schemas", "x"});
  BOOST_TEST(unknown.exit_code == 2);
  BOOST_TEST(unknown.out == "");
  BOOST_TEST(unknown.err ==
             "interstice: error: unknown command 'schemas' (did you mean 'schema'?); run 'interstice --help' for the list\n");
  auto format = run({"schema", repo_file("examples/hello.json"), "xml"});
  BOOST_TEST(format.exit_code == 2);
  BOOST_TEST(format.err ==
             "interstice: error: unknown output format 'xml' (did you mean 'yaml'?); available: github, json, junit, text, yaml\n");
  BOOST_TEST(run({"schema", repo_file("examples/hello.json"), "--log-level", "loud"}).err ==
             "interstice: error: unknown --log-level 'loud' (use error, warning, info, debug, trace or off)\n");
  BOOST_TEST(run({"schema", repo_file("examples/hello.json"), "json", "--format", "yaml"}).exit_code == 2);
  auto invalid = run({"validate", fixture("v1/invalid-schemas/duplicate-table-name.json"), "json"});
  BOOST_TEST(invalid.exit_code == 1);  // problems found: the report is still rendered
  BOOST_TEST(invalid.has_report);
  BOOST_TEST(json::parse(invalid.out).at("is_valid").as_bool() == false);
}

BOOST_AUTO_TEST_CASE(help_and_plugins_are_commands_like_any_other) {
  auto names = runner().commands().names();
  BOOST_TEST(names.back() == "help");
  BOOST_TEST((std::find(names.begin(), names.end(), "plugins") != names.end()));

  auto help_schema = run({"help", "schema"});
  BOOST_TEST(help_schema.exit_code == 0);
  BOOST_TEST(help_schema.out.rfind("Usage: interstice schema [options] <PATH>... [FORMAT]\n", 0) == 0);
  BOOST_TEST(run({"schema", "--help"}).out == help_schema.out);
  host::GlobalOptions before;
  before.help = true;
  BOOST_TEST(run({"schema"}, before).out == help_schema.out);

  auto help_help = run({"help", "help"});
  BOOST_TEST(help_help.exit_code == 0);
  BOOST_TEST(help_help.out.rfind("Usage: interstice help [options] [COMMAND]\n", 0) == 0);
  BOOST_TEST(run({"help"}).out == runner().global_help());
  BOOST_TEST(run({"help", "plugns"}).err ==
             "interstice: error: unknown command 'plugns' (did you mean 'plugins'?); run 'interstice --help' for the list\n");

  auto plugins = run({"plugins", "--format", "json"});
  BOOST_TEST(plugins.exit_code == 0);
  BOOST_TEST(json::parse(plugins.out).as_array().size() == builtin_registry().records().size());
}

BOOST_AUTO_TEST_CASE(output_file_is_written_atomically) {
  auto dir = std::filesystem::temp_directory_path() / ("interstice-runner-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto target = dir / "hello.json";
  auto result = run({"schema", repo_file("examples/hello.json"), "json", "-o", target.string()});
  BOOST_TEST(result.exit_code == 0);
  BOOST_TEST(result.out == "");
  std::ifstream written(target);
  std::string text((std::istreambuf_iterator<char>(written)), std::istreambuf_iterator<char>());
  BOOST_TEST(text == run({"schema", repo_file("examples/hello.json"), "json"}).out);
  BOOST_TEST(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()) == 1);
  std::filesystem::remove_all(dir);
}

// Two threads, each running its own commands many times through the one runner: every output
// must equal the single-threaded one. The commands read schemas and logs through the codec and
// output format plugins, which all runs share; log-query on both threads runs the SDK's record
// scan (and its Ctrl-C scope) twice at once.
BOOST_AUTO_TEST_CASE(two_commands_run_concurrently_through_one_runner) {
  const std::vector<std::vector<std::string>> schema_runs = {
      {"schema", fixture("v1/schemas/game.json"), "--format", "json"},
      {"schema", repo_file("tests/golden/inputs/small-hello.json"), "--log", fixture("v1/logs/small.log"), "json"},
      {"schema", fixture("v1/schemas/chat.json")},
      {"schema", repo_file("tests/golden/inputs/small-hello.json"), "--log", fixture("v1/corrupt/small.flip-crc.log")},
      {"log-query", fixture("v1/logs/small.log"), "--limit", "20", "json"},
  };
  const std::vector<std::vector<std::string>> validate_runs = {
      {"validate", fixture("v1/invalid-schemas/duplicate-table-name.json"), "--format", "json"},
      {"validate", "--log", fixture("v1/logs/small.log"), "--schema", fixture("v1/logs/small.log.schemas.json"),
       "--format", "json"},
      {"validate", "--log", fixture("v1/corrupt/small.flip-crc.log"), "--schema",
       fixture("v1/logs/small.log.schemas.json")},
      {"log-query", fixture("v1/logs/small.log"), "--start", "100", "--limit", "20"},
  };
  auto expected_of = [](const auto& runs) {
    std::vector<Captured> expected;
    for (const auto& args : runs) expected.push_back(run(args));
    return expected;
  };
  const auto schema_expected = expected_of(schema_runs);
  const auto validate_expected = expected_of(validate_runs);
  BOOST_TEST(schema_expected[0].exit_code == 0);
  BOOST_TEST(validate_expected[0].exit_code == 1);
  BOOST_TEST(!schema_expected[3].err.empty());  // the damaged log's warning goes to this run's err

  // Diagnostics carry the time they were written; the rest of each line must be the same.
  auto without_times = [](const std::string& err) {
    static const std::regex time(R"(\] \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} - )");
    return std::regex_replace(err, time, "] TIME - ");
  };
  constexpr int kRounds = 40;
  std::atomic<int> mismatches{0};
  auto worker = [&](const std::vector<std::vector<std::string>>& runs, const std::vector<Captured>& expected) {
    for (int round = 0; round < kRounds; ++round) {
      for (std::size_t i = 0; i < runs.size(); ++i) {
        Captured got = run(runs[i]);
        if (got.exit_code != expected[i].exit_code || got.out != expected[i].out ||
            without_times(got.err) != without_times(expected[i].err))
          ++mismatches;
      }
    }
  };
  std::thread schema_thread(worker, std::cref(schema_runs), std::cref(schema_expected));
  std::thread validate_thread(worker, std::cref(validate_runs), std::cref(validate_expected));
  schema_thread.join();
  validate_thread.join();
  BOOST_TEST(mismatches.load() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
