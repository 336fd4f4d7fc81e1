// Shortest round-trip floats, exact u64, JSON escaping, pretty printing and RFC 6901 pointers.
#include "interstice/sdk/atomic_file.hpp"
#include "interstice/sdk/json_text.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>

namespace sdk = interstice::sdk;
namespace json = boost::json;

BOOST_AUTO_TEST_SUITE(sdk_json_text)

BOOST_AUTO_TEST_CASE(doubles_are_shortest_and_always_look_like_floats) {
  BOOST_TEST(sdk::format_double(1.5) == "1.5");
  BOOST_TEST(sdk::format_double(100.0) == "100.0");
  BOOST_TEST(sdk::format_double(0.1) == "0.1");
  BOOST_TEST(sdk::format_double(-0.0) == "-0.0");
  BOOST_TEST(sdk::format_double(1e300) == "1.0e+300");
  BOOST_TEST(sdk::format_double(5e-324) == "5.0e-324");
  BOOST_TEST(sdk::format_double(static_cast<double>(-124.96f)) == "-124.95999908447266");
  for (double d : {0.1, 1.0 / 3, 1e-7, 123456789.123, std::numeric_limits<double>::max(), std::numeric_limits<double>::denorm_min()})
    BOOST_TEST(std::strtod(sdk::format_double(d).c_str(), nullptr) == d);
}

BOOST_AUTO_TEST_CASE(u64_stays_exact_and_output_parses_back) {
  json::value v = json::object{{"big", std::numeric_limits<std::uint64_t>::max()},
                               {"neg", std::numeric_limits<std::int64_t>::min()},
                               {"f", 2.5},
                               {"s", "tab\there \"q\" \\ \x01 é"},
                               {"empty_a", json::array{}},
                               {"empty_o", json::object{}}};
  std::ostringstream out;
  sdk::write_json(out, v, 2);
  BOOST_TEST(out.str().find("18446744073709551615") != std::string::npos);
  BOOST_TEST(out.str().find("\"empty_a\": []") != std::string::npos);
  BOOST_TEST(json::parse(out.str()) == v);
  std::ostringstream compact;
  sdk::write_json(compact, v, 0);
  BOOST_TEST(compact.str().find('\n') == std::string::npos);
  BOOST_TEST(json::parse(compact.str()) == v);
}

BOOST_AUTO_TEST_CASE(pointers_escape_tilde_and_slash) {
  BOOST_TEST(sdk::json_pointer_append("/tables", 2) == "/tables/2");
  BOOST_TEST(sdk::json_pointer_append("", "a/b~c") == "/a~1b~0c");
}

BOOST_AUTO_TEST_CASE(atomic_file_appears_only_on_commit) {
  auto dir = std::filesystem::temp_directory_path() / ("interstice-atomic-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto target = dir / "out.txt";
  {
    sdk::AtomicFile file(target);
    file.stream() << "partial";
    BOOST_TEST(!std::filesystem::exists(target));
  }  // abandoned: no file, no temp
  BOOST_TEST(!std::filesystem::exists(target));
  BOOST_TEST(std::filesystem::is_empty(dir));
  {
    sdk::AtomicFile file(target);
    file.stream() << "done";
    file.commit();
  }
  std::ifstream in(target);
  std::string text;
  in >> text;
  BOOST_TEST(text == "done");
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
