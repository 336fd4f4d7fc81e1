// Splitting argv between global options and the command, and "did you mean".
#include "console.hpp"
#include "global_options.hpp"
#include "interstice/sdk/util/suggest.hpp"

#include "interstice/sdk/error.hpp"

#include <boost/test/unit_test.hpp>

namespace host = interstice::host;

BOOST_AUTO_TEST_SUITE(host_cli)

BOOST_AUTO_TEST_CASE(command_is_the_first_word_that_is_not_an_option_value) {
  auto global = host::global_options();
  auto split = host::split_arguments({"-f", "json", "--plugin-dir", "/p", "--color=never", "schema", "x.json", "-o", "out"}, global);
  BOOST_REQUIRE(split.command.has_value());
  BOOST_TEST(*split.command == "schema");
  BOOST_TEST(split.global.size() == 5u);
  BOOST_TEST(split.command_args.size() == 3u);

  auto bare = host::split_arguments({"--version"}, global);
  BOOST_TEST(!bare.command.has_value());
  auto attached = host::split_arguments({"-fyaml", "plugins"}, global);
  BOOST_TEST(*attached.command == "plugins");
}

BOOST_AUTO_TEST_CASE(global_options_parse_and_reject_unknown_ones) {
  auto global = host::global_options();
  auto options = host::parse_global_options({"-f", "json", "--plugin-dir", "a", "--plugin-dir", "b"}, global);
  BOOST_TEST(*options.format == "json");
  BOOST_TEST(options.plugin_dirs.size() == 2u);
  BOOST_CHECK_THROW(host::parse_global_options({"--colour", "never"}, global), interstice::sdk::Error);
  BOOST_CHECK_THROW(host::parse_global_options({"--color", "sometimes"}, global), interstice::sdk::Error);
  try {
    host::parse_global_options({"--formt", "json"}, global);
  } catch (const interstice::sdk::Error& e) {
    BOOST_TEST(std::string(e.what()).find("did you mean '--format'") != std::string::npos, e.what());
    BOOST_TEST(e.exit_code() == 2);
  }
}

BOOST_AUTO_TEST_CASE(an_argument_holding_a_message_placeholder_is_a_usage_error) {
  // Boost.ProgramOptions fills "%canonical_option%" and the like into its error messages until
  // none is left, so these arguments used to hang the host (fuzz/regressions/command_options).
  auto global = host::global_options();
  for (std::string arg : {"-%canonical_option%", "--%canonical_option%-x", "-%prefix%", "--%value%%option%"}) {
    BOOST_TEST_CONTEXT(arg) {
      try {
        host::parse_global_options({arg}, global);
        BOOST_FAIL("accepted");
      } catch (const interstice::sdk::Error& e) {
        BOOST_TEST(e.exit_code() == 2);
        BOOST_TEST(std::string(e.what()).starts_with("unknown option '"), e.what());
      }
    }
  }
  // An error whose message template names the option, for an option the user spelled with '%'.
  try {
    host::parse_global_options({"--format=%canonical_option%", "--format=x"}, global);
    BOOST_FAIL("accepted --format twice");
  } catch (const interstice::sdk::Error& e) {
    BOOST_TEST(e.exit_code() == 2);
    BOOST_TEST(std::string(e.what()).find("format") != std::string::npos, e.what());
  }
}

BOOST_AUTO_TEST_CASE(suggestions_tolerate_typos_and_prefixes) {
  std::vector<std::string> names = {"schema", "schema-diff", "plugins", "validate"};
  BOOST_TEST(interstice::sdk::close_matches("shcema", names).front() == "schema");
  BOOST_TEST(interstice::sdk::close_matches("valdate", names).front() == "validate");
  BOOST_TEST(interstice::sdk::close_matches("plug", names).front() == "plugins");
  BOOST_TEST(interstice::sdk::close_matches("zzzzzz", names).empty());
  BOOST_TEST(interstice::sdk::did_you_mean("jsn", {"json", "text", "yaml"}) == " (did you mean 'json'?)");
}

BOOST_AUTO_TEST_CASE(progress_shows_rate_and_eta) {
  // 100 MB of 400 MB in 2 s: 50 MB/s, 300 MB left, 6 s.
  BOOST_TEST(host::progress_line("reading x", 100'000'000, 400'000'000, 2.0) ==
             "reading x [#######.......................]  25%  50.0 MB/s  ETA 0:06");
  BOOST_TEST(host::progress_line("x", 0, 400, 0.0) == "x [..............................]   0%");  // nothing measured yet
  BOOST_TEST(host::progress_line("x", 400, 400, 1.0) == "x [##############################] 100%  400 B/s");
  BOOST_TEST(host::progress_line("x", 1'000'000, 4'000'000'000, 1.0).find("ETA 1:06:39") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
