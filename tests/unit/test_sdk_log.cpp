// The SDK's log model: serde JSON for values (ryu float layout), the block reader's windows,
// row-against-schema checks, and schema arrays.
#include "log_harness.hpp"
#include "temp_file.hpp"
#include "test_paths.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/log_input.hpp"
#include "interstice/sdk/log_scan.hpp"
#include "interstice/sdk/record_filter.hpp"
#include "interstice/sdk/record_json.hpp"
#include "interstice/sdk/row_check.hpp"
#include "interstice/sdk/schema.hpp"
#include "interstice/sdk/schema_json.hpp"
#include "interstice/sdk/transaction.hpp"
#include "interstice/sdk/value_json.hpp"
#include "interstice/sdk/util/json_chars.hpp"
#include "interstice/sdk/util/utf8.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <xxhash.h>

#include <algorithm>
#include <csignal>
#include <sys/mman.h>
#include <unistd.h>
#include <cstdio>
#include <limits>
#include <numeric>
#include <random>
#include <bit>
#include <charconv>
#include <string_view>
#include <cmath>
#include <vector>

namespace sdk = interstice::sdk;
using namespace interstice::test;

namespace {
std::string f32(float v) {
  std::string out;
  sdk::append_f32_json(out, v);
  return out;
}
std::string f64(double v) {
  std::string out;
  sdk::append_f64_json(out, v);
  return out;
}
// serde_json's escaping, one byte at a time: the reference for the word-at-a-time fast path.
std::string reference_json_string(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          char escape[8];
          std::snprintf(escape, sizeof escape, "\\u%04x", c);
          out += escape;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

bool sigint_caught() {
  struct sigaction current {};
  ::sigaction(SIGINT, nullptr, &current);
  return current.sa_handler != SIG_DFL && current.sa_handler != SIG_IGN;
}
// A number's text as (sign, significant digits, power of ten of the first digit), whatever its
// layout: "-0.00037" and "-3.7e-4" and "-3.7e-04" are all ("-", "37", -4).
std::string shortest_digits(std::string_view text) {
  std::string sign;
  if (!text.empty() && text.front() == '-') {
    sign = "-";
    text.remove_prefix(1);
  }
  const auto e = text.find('e');
  const int power = e == std::string_view::npos ? 0 : std::stoi(std::string(text.substr(e + 1)));
  const std::string_view mantissa = text.substr(0, e);
  const auto point = mantissa.find('.');
  std::string digits(mantissa.substr(0, point));
  int first = static_cast<int>(digits.size()) - 1 + power;
  if (point != std::string_view::npos) digits += mantissa.substr(point + 1);
  const auto lead = digits.find_first_not_of('0');
  if (lead == std::string::npos) return sign + "0";
  first -= static_cast<int>(lead);
  digits = digits.substr(lead, digits.find_last_not_of('0') - lead + 1);
  return sign + digits + "e" + std::to_string(first);
}

// No digit the value does not need: a fraction never ends in 0 except the `.0` of an integral
// value written out in full, and a mantissa before `e` has no `.0` at all ("1e16", not "1.0e16").
bool no_padding_digits(std::string_view text) {
  const auto e = text.find('e');
  const std::string_view mantissa = text.substr(0, e);
  const auto point = mantissa.find('.');
  if (point == std::string_view::npos) return e != std::string_view::npos;
  const std::string_view fraction = mantissa.substr(point + 1);
  if (e == std::string_view::npos && fraction == "0") return true;
  return !fraction.empty() && fraction.back() != '0';
}

template <typename Float>
std::string to_chars_digits(Float value) {
  char buffer[64];
  const char* end = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific).ptr;
  return shortest_digits(std::string_view(buffer, static_cast<std::size_t>(end - buffer)));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sdk_log)

BOOST_AUTO_TEST_CASE(json_string_fast_path_matches_a_byte_at_a_time_escape) {
  // Every byte value at every position of every length 1..40 (so each lands in every lane of
  // the 8-byte scan and in the tail), and the empty string.
  BOOST_TEST(sdk::to_json_text(sdk::Value::string("")) == "{\"String\":\"\"}");
  int mismatches = 0;
  for (std::size_t length = 1; length <= 40; ++length)
    for (std::size_t at = 0; at < length; ++at)
      for (int byte = 0; byte < 256; ++byte) {
        std::string text(length, 'a');
        text[at] = static_cast<char>(byte);
        if (at + 1 < length) text[at + 1] = static_cast<char>(255 - byte);  // a second odd byte after it
        std::string got;
        sdk::append_json_string(got, text);
        const std::string expected = reference_json_string(text);
        if (got != expected && ++mismatches < 5)
          BOOST_TEST(got == expected, "length " << length << " at " << at << " byte " << byte);
        // The CSV form: the same text with every quote doubled.
        std::string doubled;
        for (char c : expected) doubled += c == '"' ? std::string(2, '"') : std::string(1, c);
        std::vector<char> buffer(sdk::json_string_room(text.size()));
        const char* end = sdk::write_json_string(buffer.data(), text, sdk::JsonQuoting::csv_doubled);
        if (std::string_view(buffer.data(), end - buffer.data()) != doubled && ++mismatches < 5)
          BOOST_TEST(std::string(static_cast<const char*>(buffer.data()), end) == doubled, "csv, length " << length << " at " << at << " byte " << byte);
        // With readable bytes after the text (as inside a row), which must not show.
        const std::string padded = text + std::string(16, '"');
        end = sdk::write_json_string(buffer.data(), {padded.data(), length}, sdk::JsonQuoting::plain,
                                     padded.data() + padded.size());
        if (std::string_view(buffer.data(), end - buffer.data()) != expected && ++mismatches < 5)
          BOOST_TEST(std::string(static_cast<const char*>(buffer.data()), end) == expected, "padded, length " << length << " at " << at << " byte " << byte);
      }
  BOOST_TEST(mismatches == 0);
}

// The string writer reads only the text's own bytes: empty text (even with no data pointer),
// and text ending exactly at the end of a readable page, followed by an unreadable one.
BOOST_AUTO_TEST_CASE(json_strings_never_read_past_their_text) {
  std::string out;
  sdk::append_json_string(out, std::string_view{});
  BOOST_TEST(out == "\"\"");
  const long page = ::sysconf(_SC_PAGESIZE);
  void* region = ::mmap(nullptr, static_cast<std::size_t>(2 * page), PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  BOOST_REQUIRE(region != MAP_FAILED);
  auto* bytes = static_cast<char*>(region);
  BOOST_REQUIRE(::mprotect(bytes + page, static_cast<std::size_t>(page), PROT_NONE) == 0);
  for (std::size_t length : {0, 1, 3, 4, 7, 8, 15, 16, 17, 31, 32, 33, 48}) {
    char* text = bytes + page - length;
    for (std::size_t i = 0; i < length; ++i) text[i] = static_cast<char>('a' + i % 26);
    if (length > 2) text[length - 2] = '"';
    std::string got;
    sdk::append_json_string(got, {text, length});
    BOOST_TEST(got == reference_json_string({text, length}), "length " << length);
  }
  ::munmap(region, static_cast<std::size_t>(2 * page));
}

BOOST_AUTO_TEST_CASE(iso_times_reject_impossible_offsets) {
  BOOST_TEST(sdk::parse_time("2025-01-01T00:00:00+01:30").value() == 1735684200000u);
  BOOST_TEST(sdk::parse_time("2025-01-01T00:00:00-0130").value() == 1735695000000u);
  BOOST_TEST(!sdk::parse_time("2025-01-01T00:00:00+99:99"));
  BOOST_TEST(!sdk::parse_time("2025-01-01T00:00:00+01:60"));
  BOOST_TEST(!sdk::parse_time("2025-01-01T00:00:00+24:00"));
  BOOST_TEST(!sdk::parse_time("1969-12-31"));
}

BOOST_AUTO_TEST_CASE(interrupt_scopes_catch_sigint_and_restore_the_previous_handler) {
  BOOST_REQUIRE(!sigint_caught());
  {
    sdk::InterruptScope outer;
    BOOST_TEST(sigint_caught());
    BOOST_TEST(!sdk::InterruptScope::interrupted());
    std::raise(SIGINT);  // caught, not fatal
    BOOST_TEST(sdk::InterruptScope::interrupted());
    {
      sdk::InterruptScope inner;  // nested (a scan inside an export): keeps the outer flag
      BOOST_TEST(sdk::InterruptScope::interrupted());
    }
    BOOST_TEST(sigint_caught());
  }
  BOOST_TEST(!sigint_caught());
  sdk::InterruptScope again;  // a new outermost scope starts clear
  BOOST_TEST(!sdk::InterruptScope::interrupted());
}

BOOST_AUTO_TEST_CASE(floats_print_as_rust_does) {
  BOOST_TEST(f32(-0.0f) == "-0.0");
  BOOST_TEST(f32(1.5f) == "1.5");
  BOOST_TEST(f32(-16320109.0f) == "-16320109.0");
  BOOST_TEST(f32(-1.1754944e-38f) == "-1.1754944e-38");
  BOOST_TEST(f32(-0.000037889196f) == "-0.000037889196");
  BOOST_TEST(f32(-1.4260599e38f) == "-1.4260599e38");
  BOOST_TEST(f32(-1.04f) == "-1.04");
  BOOST_TEST(f64(-1e-310) == "-1e-310");
  BOOST_TEST(f64(-1.7976931348623157e308) == "-1.7976931348623157e308");
  BOOST_TEST(f64(-109602.45897551235) == "-109602.45897551235");
  BOOST_TEST(f64(0.0) == "0.0");
  BOOST_TEST(f64(1e16) == "1e16");
  BOOST_TEST(f64(1e15) == "1000000000000000.0");
  BOOST_TEST(f64(0.0001) == "0.0001");
  BOOST_TEST(f64(std::numeric_limits<double>::infinity()) == "null");
}

BOOST_AUTO_TEST_CASE(floats_round_trip_in_ryu_layout) {
  // Random bit patterns over the whole range: the text parses back to the same value, and is
  // laid out as ryu lays it out (a `.` or an exponent, never a `+` or a leading zero exponent).
  std::mt19937_64 random(20261125);
  int failures = 0;
  const auto check = [&failures](const std::string& text, bool finite, bool parses_back, std::uint64_t bits) {
    const bool layout = finite ? text.find_first_of(".e") != std::string::npos && text.find('+') == std::string::npos &&
                                     text.find("e0") == std::string::npos && text.find("e-0") == std::string::npos
                               : text == "null";
    if ((finite && !parses_back) || !layout) {
      if (++failures < 5) BOOST_TEST(text == "(ryu layout, round trip)", "bits " << bits);
    }
  };
  for (int i = 0; i < 200000; ++i) {
    const std::uint64_t bits = random();
    const auto d = std::bit_cast<double>(bits);
    const std::string d_text = f64(d);
    check(d_text, std::isfinite(d), std::strtod(d_text.c_str(), nullptr) == d, bits);
    const auto f = std::bit_cast<float>(static_cast<std::uint32_t>(bits));
    const std::string f_text = f32(f);
    check(f_text, std::isfinite(f), std::strtof(f_text.c_str(), nullptr) == f, bits);
  }
  BOOST_TEST(failures == 0);
}

BOOST_AUTO_TEST_CASE(float_text_has_the_shortest_round_trip_digits) {
  // The digits come from fmt's Dragonbox (value_json.cpp): they must be the shortest round-trip,
  // closest digits that std::to_chars (and ryu) give, for every kind of value, with no zero the
  // layout does not need (an unstripped significand would print "4.350" or "1.0e16").
  std::mt19937_64 random(20261204);
  std::vector<double> doubles = {5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 0.1, 0.3, 1e23,
                                 9007199254740993.0, 123456789012345680.0, 1e-7, 4.35, 2.5, 1e15, 1e16, 1e17};
  std::vector<float> floats = {1e-45f, 1.17549435e-38f, 3.4028235e38f, 0.1f, 1e10f, 16777217.0f, 7.038531e-26f,
                               1e13f, 1e-6f, 1e-7f};
  for (int i = 0; i < 300000; ++i) {
    const std::uint64_t bits = random();
    doubles.push_back(std::bit_cast<double>(bits));
    floats.push_back(std::bit_cast<float>(static_cast<std::uint32_t>(bits)));
    doubles.push_back(static_cast<double>(static_cast<std::int32_t>(bits)) / 1000.0);  // short decimals
    floats.push_back(static_cast<float>(static_cast<std::int16_t>(bits)) / 100.0f);
  }
  int failures = 0;
  const auto compare = [&failures](const std::string& text, const std::string& reference) {
    const std::string ours = shortest_digits(text);
    if ((ours != reference || !no_padding_digits(text)) && ++failures <= 5)
      BOOST_ERROR("text " << text << ": digits " << ours << ", to_chars " << reference << ", no padding digits "
                          << no_padding_digits(text));
  };
  for (const double d : doubles)
    if (std::isfinite(d)) compare(f64(d), to_chars_digits(d));
  for (const float f : floats)
    if (std::isfinite(f)) compare(f32(f), to_chars_digits(f));
  BOOST_TEST(failures == 0);
}

BOOST_AUTO_TEST_CASE(integer_text_is_to_chars_text) {
  // write_integer (integer_text.hpp) makes eight digits at a time; its text must be
  // std::to_chars' for every length, both sides of every power of ten, and never touch more than
  // kIntegerTextRoom bytes (a canary after them).
  std::vector<std::uint64_t> unsigned_values;
  for (std::uint64_t v = 0; v < 200000; ++v) unsigned_values.push_back(v);
  for (std::uint64_t v = 0; v < 100'000'000; v += 997) unsigned_values.push_back(v);  // every 8-digit block shape
  std::uint64_t power = 1;
  for (int digits = 1; digits <= 20; ++digits) {
    for (std::uint64_t d = 0; d < 3; ++d) unsigned_values.insert(unsigned_values.end(), {power + d, power - d - 1, power * 5 + d});
    if (digits < 20) power *= 10;
  }
  std::mt19937_64 random(20261205);
  for (int i = 0; i < 200000; ++i) unsigned_values.push_back(random() >> (random() % 64));
  unsigned_values.push_back(std::numeric_limits<std::uint64_t>::max());
  std::vector<std::int64_t> signed_values = {std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max(), -1, 0, -10, -99999999, -100000000};
  for (const std::uint64_t v : unsigned_values) signed_values.push_back(static_cast<std::int64_t>(v));

  int failures = 0;
  const auto check = [&failures](auto value) {
    char ours[sdk::kIntegerTextRoom + 1];
    ours[sdk::kIntegerTextRoom] = '#';
    const char* const end = sdk::write_integer(ours, value);
    char reference[24];
    const char* const reference_end = std::to_chars(reference, reference + sizeof reference, value).ptr;
    const std::string_view text(ours, static_cast<std::size_t>(end - ours));
    if ((text != std::string_view(reference, static_cast<std::size_t>(reference_end - reference)) ||
         ours[sdk::kIntegerTextRoom] != '#') &&
        ++failures <= 5)
      BOOST_ERROR("value " << value << ": wrote '" << text << "', canary '" << ours[sdk::kIntegerTextRoom] << "'");
  };
  for (const std::uint64_t v : unsigned_values) check(v);
  for (const std::int64_t v : signed_values) check(v);
  BOOST_TEST(failures == 0);
}

BOOST_AUTO_TEST_CASE(data_hash_is_xxh64_in_sixteen_lowercase_hex_digits) {
  // record_json.cpp turns the hash into hex eight digits at a time; every nibble value must come
  // out right in every position (the hashes of many rows cover them), zeros included.
  std::mt19937_64 random(20261205);
  std::vector<unsigned char> bytes;
  int failures = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t expected = XXH64(bytes.data(), bytes.size(), 0);
    const std::string text = sdk::data_hash(sdk::ByteSpan(bytes.data(), bytes.size()));
    if (text != fmt::format("{:016x}", expected) && ++failures <= 5)
      BOOST_ERROR("row of " << bytes.size() << " bytes: " << text << ", XXH64 " << fmt::format("{:016x}", expected));
    bytes.push_back(static_cast<unsigned char>(random()));
    if (bytes.size() > 64) bytes.clear();
  }
  BOOST_TEST(failures == 0);
}

BOOST_AUTO_TEST_CASE(values_use_the_serde_tagged_form) {
  using sdk::Value;
  BOOST_TEST(sdk::to_json_text(Value::make_void()) == "\"Void\"");
  BOOST_TEST(sdk::to_json_text(Value::u64(18446744073709551615ull)) == "{\"U64\":18446744073709551615}");
  BOOST_TEST(sdk::to_json_text(Value::option(std::nullopt)) == "{\"Option\":null}");
  BOOST_TEST(sdk::to_json_text(Value::option(Value::option(std::nullopt))) == "{\"Option\":{\"Option\":null}}");
  BOOST_TEST(sdk::to_json_text(Value::string("a\"\\\n\x01")) == "{\"String\":\"a\\\"\\\\\\n\\u0001\"}");
  BOOST_TEST(sdk::to_json_text(Value::row({Value::string("k"), {}})) ==
             "{\"Row\":{\"primary_key\":{\"String\":\"k\"},\"entries\":[]}}");
  BOOST_TEST(sdk::to_json_text(Value::structure("P", {"x"}, {Value::f32(0.0f)})) ==
             "{\"Struct\":{\"name\":\"P\",\"fields\":[{\"name\":\"x\",\"value\":{\"F32\":0.0}}]}}");
  BOOST_TEST(sdk::to_json_text(Value::enumeration("E", "A", Value::make_void())) ==
             "{\"Enum\":{\"name\":\"E\",\"variant\":\"A\",\"value\":\"Void\"}}");
  sdk::Row key_only{Value::u32(7), {}, true};
  BOOST_TEST(sdk::to_json_text(key_only) == "{\"primary_key\":{\"U32\":7}}");
  BOOST_TEST(sdk::to_json(Value::i64(-5)) == boost::json::parse("{\"I64\":-5}"));
}

BOOST_AUTO_TEST_CASE(block_reader_gives_contiguous_windows_across_blocks) {
  std::vector<unsigned char> bytes(10000);
  std::iota(bytes.begin(), bytes.end(), 0);
  TempBytes file(bytes);
  sdk::LogInput input(file.path(), 64);
  BOOST_TEST(input.size() == 10000u);
  for (std::uint64_t offset : {0u, 60u, 63u, 64u, 5000u, 9990u}) {
    auto window = input.window(offset, 100);
    auto expected = std::min<std::uint64_t>(100, 10000 - offset);
    BOOST_REQUIRE(window.size() >= expected);
    for (std::size_t i = 0; i < expected; ++i) BOOST_REQUIRE(window[i] == bytes[offset + i]);
  }
  BOOST_TEST(input.window(10000, 10).empty());
  BOOST_TEST(input.window(9999, 1u << 30).size() == 1u);  // asking for more than is left allocates nothing big
  BOOST_TEST(input.remaining(9000) == 1000u);
  BOOST_CHECK_THROW(sdk::LogInput("/nonexistent/file.log"), sdk::Error);
  BOOST_CHECK_THROW(sdk::LogInput(file.path().parent_path()), sdk::Error);
}

BOOST_AUTO_TEST_CASE(mapped_blocks_give_the_bytes_read_blocks_give) {
  // Big enough blocks are memory maps; the windows must not depend on that, nor on where a
  // block starts (maps begin at a page boundary, windows anywhere).
  std::vector<unsigned char> bytes((1u << 20) + 4097);
  std::mt19937 random(7);
  for (auto& byte : bytes) byte = static_cast<unsigned char>(random());
  TempBytes file(bytes);
  sdk::LogInput mapped(file.path(), sdk::LogInput::kMinMappedBlock);
  sdk::LogInput read(file.path(), sdk::LogInput::kMinMappedBlock);
  read.read_without_mapping();
  BOOST_TEST(bool(mapped.map(0, 1)));
  BOOST_TEST(!read.map(0, 1));
  for (std::uint64_t offset : {0ul, 1ul, 4095ul, 4096ul, 65535ul, 65536ul, 300001ul, bytes.size() - 5000ul,
                               bytes.size() - 1ul, 70000ul}) {
    for (std::size_t wanted : {std::size_t{1}, std::size_t{100}, std::size_t{200000}}) {
      const auto a = mapped.window(offset, wanted);
      const auto b = read.window(offset, wanted);
      const auto expected = std::min<std::uint64_t>(wanted, bytes.size() - offset);
      BOOST_REQUIRE(a.size() >= expected);
      BOOST_REQUIRE(b.size() >= expected);
      BOOST_REQUIRE(std::equal(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(expected), bytes.begin() + offset));
      BOOST_REQUIRE(std::equal(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(expected), bytes.begin() + offset));
    }
  }
  BOOST_TEST(mapped.window(bytes.size(), 10).empty());
  const auto part = mapped.map(12345, 1u << 30);  // clipped to the file
  BOOST_REQUIRE(part);
  BOOST_TEST(part.size() == bytes.size() - 12345);
  BOOST_TEST(std::equal(part.data(), part.data() + part.size(), bytes.begin() + 12345));
  BOOST_TEST(!mapped.map(bytes.size(), 10));
  BOOST_TEST(!read.map(0, 10));  // an input that reads never maps
  // Dropping the maps mid-way keeps the windows right.
  mapped.read_without_mapping();
  const auto after = mapped.window(65536, 100);
  BOOST_REQUIRE(after.size() >= 100u);
  BOOST_TEST(std::equal(after.begin(), after.begin() + 100, bytes.begin() + 65536));
}

BOOST_AUTO_TEST_CASE(a_mapped_page_past_the_end_of_a_truncated_file_reads_as_zeros_and_is_noted) {
  // As in a command's process: SIGBUS at its default (Boost.Test installs its own around each
  // test, which the SDK leaves alone, as it leaves any handler installed after its own).
  ::signal(SIGBUS, SIG_DFL);
  std::vector<unsigned char> bytes(1u << 20, 0x5a);
  TempBytes file(bytes);
  sdk::LogInput input(file.path());
  const auto window = input.window(0, 100);
  BOOST_REQUIRE(window.size() == bytes.size());
  BOOST_REQUIRE(input.map(0, 1));  // mapped, not read
  BOOST_TEST(input.cut_at() == UINT64_MAX);
  BOOST_REQUIRE(::truncate(file.path().c_str(), 8192) == 0);
  BOOST_TEST(window[8191] == 0x5a);  // still in the file
  BOOST_TEST(window[500000] == 0);   // past the new end: a page of zeros instead of SIGBUS
  BOOST_TEST(input.cut_at() == 500000u);
  BOOST_TEST(window[300000] == 0);  // an earlier page faults later: the smallest offset is kept
  BOOST_TEST(input.cut_at() == 300000u);
  BOOST_TEST(window[500001] == 0);  // the replaced page does not fault again
  BOOST_TEST(input.cut_at() == 300000u);
}

BOOST_AUTO_TEST_CASE(utf8_follows_rust) {
  auto valid = [](std::string_view s) {
    return sdk::utf8_valid(reinterpret_cast<const unsigned char*>(s.data()), s.size());
  };
  BOOST_TEST(valid("plain ascii text, long enough for words"));
  BOOST_TEST(valid("naïve café Ἀθῆναι 👩‍💻"));
  BOOST_TEST(!valid("\xC0\xAF"));          // overlong
  BOOST_TEST(!valid("\xED\xA0\x80"));      // surrogate
  BOOST_TEST(!valid("\xF4\x90\x80\x80"));  // past U+10FFFF
  BOOST_TEST(!valid("abcdefgh\xE2\x82"));  // cut short
  // Every length up to 24 with a sequence (good, bad or cut) at every place in ASCII padding:
  // the word-at-a-time checks (overlapping last words, 4-byte halves) agree with the exact
  // transcription of Rust's validator.
  const char* pieces[] = {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x91\xA9", "\xC0\xAF", "\xED\xA0\x80",
                          "\xF4\x90\x80\x80", "\xE2\x82", "\x80", "\xFF"};
  std::size_t checked = 0;
  for (std::string_view piece : pieces)
    for (std::size_t size = piece.size(); size <= 24; ++size)
      for (std::size_t at = 0; at + piece.size() <= size; ++at) {
        std::string text(size, 'a');
        text.replace(at, piece.size(), piece);
        const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
        BOOST_TEST(valid(text) == !sdk::find_utf8_error(bytes, text.size()).has_value(), "piece at " << at << " of " << size);
        ++checked;
      }
  BOOST_TEST(checked > 1500u);
}

BOOST_AUTO_TEST_CASE(rows_are_checked_against_their_table) {
  auto schemas = sdk::load_module_schemas({(shared_fixtures() / "v1" / "logs" / "small.log.schemas.json").string()});
  BOOST_REQUIRE(schemas.size() == 4u);
  const auto* greetings = schemas[0].find_table("greetings");
  BOOST_REQUIRE(greetings);
  using sdk::Value;
  sdk::Row good{Value::u64(1),
                {Value::string("é"), Value::string("x"), Value::u32(0), Value::make_void(), Value::u64(1)}};
  BOOST_TEST(sdk::check_row(good, *greetings).empty());
  sdk::Row bad = good;
  bad.primary_key = Value::string("1");
  bad.entries.pop_back();
  bad.entries[2] = Value::i32(0);
  auto problems = sdk::check_row(bad, *greetings);
  BOOST_REQUIRE(problems.size() == 3u);
  BOOST_TEST(problems[0].rule == "LOG_KEY_TYPE");
  BOOST_TEST(problems[1].rule == "LOG_COLUMN_COUNT");
  BOOST_TEST(problems[2].rule == "LOG_COLUMN_TYPE");
  BOOST_TEST(problems[2].where == "row.entries[2] (" + greetings->entries[2].name + ")");
  BOOST_TEST(sdk::value_matches(Value::vec({Value::u32(1)}), sdk::ValueType::vec(sdk::ValueType::primitive(sdk::ValueType::Kind::U32))));
  BOOST_TEST(!sdk::value_matches(Value::vec({Value::u64(1)}), sdk::ValueType::vec(sdk::ValueType::primitive(sdk::ValueType::Kind::U32))));
  BOOST_TEST(sdk::value_matches(Value::option(std::nullopt), sdk::ValueType::option(sdk::ValueType::primitive(sdk::ValueType::Kind::Row))));
  sdk::Transaction stranger;
  stranger.module = "nowhere";
  BOOST_TEST(sdk::check_transaction(stranger, schemas).at(0).rule == "LOG_UNKNOWN_MODULE");
  stranger.module = "hello";
  stranger.table = "nothing";
  BOOST_TEST(sdk::check_transaction(stranger, schemas).at(0).rule == "LOG_UNKNOWN_TABLE");
}

// g2 values against g2 types: U8 and tuples element by element, structs and enums through the
// module's type_definitions.
BOOST_AUTO_TEST_CASE(user_defined_values_match_named_types) {
  using sdk::Value;
  using Kind = sdk::ValueType::Kind;
  sdk::ModuleSchema module;
  module.type_definitions = {
      {sdk::TypeDefinition::Kind::Struct, "Point", {{"x", sdk::ValueType::primitive(Kind::F32)}, {"y", sdk::ValueType::primitive(Kind::F32)}}},
      {sdk::TypeDefinition::Kind::Enum, "Shape", {{"Dot", sdk::ValueType()}, {"Circle", sdk::ValueType::named("Point")}}}};
  const auto point = sdk::ValueType::named("Point");
  const auto shape = sdk::ValueType::named("Shape");
  const Value p = Value::structure("Point", {"x", "y"}, {Value::f32(1), Value::f32(2)});
  BOOST_TEST(sdk::value_matches(p, point, &module));
  BOOST_TEST(!sdk::value_matches(p, point));  // no definitions to resolve it
  BOOST_TEST(!sdk::value_matches(Value::structure("Point", {"y", "x"}, {Value::f32(1), Value::f32(2)}), point, &module));
  BOOST_TEST(!sdk::value_matches(Value::structure("Point", {"x"}, {Value::f32(1)}), point, &module));
  BOOST_TEST(!sdk::value_matches(Value::structure("Pt", {"x", "y"}, {Value::f32(1), Value::f32(2)}), point, &module));
  BOOST_TEST(sdk::value_matches(Value::enumeration("Shape", "Dot", Value::make_void()), shape, &module));
  BOOST_TEST(sdk::value_matches(Value::enumeration("Shape", "Circle", p), shape, &module));
  BOOST_TEST(!sdk::value_matches(Value::enumeration("Shape", "Circle", Value::f32(1)), shape, &module));
  BOOST_TEST(!sdk::value_matches(Value::enumeration("Shape", "Square", Value::make_void()), shape, &module));
  BOOST_TEST(!sdk::value_matches(p, shape, &module));
  const auto pair = sdk::ValueType::tuple({sdk::ValueType::primitive(Kind::U8), sdk::ValueType::primitive(Kind::String)});
  BOOST_TEST(sdk::value_matches(Value::tuple({Value::u8(7), Value::string("a")}), pair, &module));
  BOOST_TEST(!sdk::value_matches(Value::tuple({Value::u8(7)}), pair, &module));
  BOOST_TEST(!sdk::value_matches(Value::tuple({Value::u32(7), Value::string("a")}), pair, &module));
  BOOST_TEST(!sdk::value_matches(Value::u8(1), sdk::ValueType::primitive(Kind::U32)));

  sdk::TableSchema table{"t", sdk::Visibility::Public, {{"at", point}}, {"id", sdk::ValueType::primitive(Kind::U64)}};
  auto problems = sdk::check_row({Value::u64(1), {Value::structure("Point", {"x", "y"}, {Value::f64(1), Value::f32(2)})}}, table,
                                 "row", &module);
  BOOST_REQUIRE(problems.size() == 1u);
  BOOST_TEST(problems[0].message == "row.entries[0] (at): expected struct Point, found struct Point");
  module.type_definitions.clear();
  problems = sdk::check_row({Value::u64(1), {p}}, table, "row", &module);
  BOOST_REQUIRE(problems.size() == 1u);
  BOOST_TEST(problems[0].message == "row.entries[0] (at): expected Point (not in the schema's type_definitions), found struct Point");
}

BOOST_AUTO_TEST_CASE(schema_arrays_report_errors_inside_the_element) {
  TempJson file(boost::json::parse(R"([{"abi_version":1,"name":"a","version":{"major":0,"minor":1,"patch":0},
      "reducers":[],"tables":[],"subscriptions":[]}, {"abi_version":1}])"));
  try {
    sdk::load_module_schemas({file.path()});
    BOOST_FAIL("accepted a broken element");
  } catch (const sdk::Error& e) {
    BOOST_TEST(e.location().json_pointer.value_or("").rfind("/1", 0) == 0u);
  }
}

// Ctrl-C, `kill` (SIGTERM) and a closed terminal (SIGHUP) become one stop request while a scope
// lives, which HostServices::cancelled() and scans read; afterwards the old dispositions are back.
BOOST_AUTO_TEST_CASE(interrupt_scope_turns_int_term_and_hup_into_a_stop_request) {
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction before {};
    ::sigaction(signal_number, nullptr, &before);
    {
      sdk::InterruptScope scope;
      BOOST_TEST(!sdk::InterruptScope::interrupted());
      std::raise(signal_number);  // the process survives: the scope's handler takes it
      BOOST_TEST(sdk::InterruptScope::interrupted(), "signal " << signal_number);
    }
    struct sigaction after {};
    ::sigaction(signal_number, nullptr, &after);
    BOOST_TEST((after.sa_handler == before.sa_handler), "signal " << signal_number << " disposition restored");
  }
}

BOOST_AUTO_TEST_SUITE_END()
