// The `serve` command's checks before it listens: its options and the files it is given. The
// server itself (routes, security rules, every JSON twin) is tested over HTTP by e2e_serve_http
// and in a browser by e2e_serve_browser (tests/e2e/serve_suites.py).
#include "plugin_harness.hpp"

using namespace interstice::test;
namespace sdk = interstice::sdk;

namespace {

std::pair<sdk::ErrorKind, std::string> error_of(const std::vector<std::string>& args) {
  LoadedPlugin<sdk::Command> command("command-serve.so");
  TestContext context(*command, args);
  try {
    command->run(context);
  } catch (const sdk::Error& e) {
    return {e.kind(), e.what()};
  }
  BOOST_FAIL("no error");
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(command_serve)

BOOST_AUTO_TEST_CASE(bad_options_are_usage_errors_before_anything_listens) {
  const std::string log = (shared_fixtures() / "v1" / "logs" / "small.log").string();
  auto [kind, message] = error_of({log, "--port", "70000"});
  BOOST_TEST((kind == sdk::ErrorKind::usage));
  BOOST_TEST(message.find("--port") != std::string::npos, message);
  std::tie(kind, message) = error_of({log, "--token", "a b"});
  BOOST_TEST((kind == sdk::ErrorKind::usage));
  BOOST_TEST(message.find("--token") != std::string::npos, message);
  std::tie(kind, message) = error_of({log, "--threads", "0"});
  BOOST_TEST(message.find("--threads") != std::string::npos, message);
  std::tie(kind, message) = error_of({log, "--host", "not-an-address", "--port", "0"});
  BOOST_TEST((kind == sdk::ErrorKind::usage));
  BOOST_TEST(message.find("not an IP address") != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(only_regular_files_are_served) {
  auto [kind, message] = error_of({"/nonexistent/file.log"});
  BOOST_TEST((kind == sdk::ErrorKind::input));
  BOOST_TEST(message.find("not a regular file") != std::string::npos, message);
  std::tie(kind, message) = error_of({"/tmp"});
  BOOST_TEST((kind == sdk::ErrorKind::input));
}

BOOST_AUTO_TEST_SUITE_END()
