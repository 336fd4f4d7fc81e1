// Record selection as log-query and log-export read it. time_parse: `--since/--until` text
// (ms since the epoch or ISO 8601); a parsed time printed back as UTC ISO 8601 parses to the
// same instant, and plain digits mean exactly their number. record_filter: the filter options
// (input: arguments separated by NUL bytes) through program_options and RecordFilter::from, then
// matched against records of every operation, index and timestamp edge and keys of every kind.
#include "harness.hpp"
#include "options_context.hpp"

#include "interstice/sdk/command_syntax.hpp"
#include "interstice/sdk/detail/syntax_parts.hpp"
#include "interstice/sdk/record_filter.hpp"
#include "interstice/sdk/transaction.hpp"

#include <boost/program_options/parsers.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <limits>

namespace interstice::fuzz::filters {

namespace {

namespace po = boost::program_options;
using std::chrono::milliseconds;

std::string iso_utc(std::uint64_t millis) {
  const std::chrono::sys_time<milliseconds> at{milliseconds(millis)};
  const auto day = std::chrono::floor<std::chrono::days>(at);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss time{at - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), time.hours().count(),
                     time.minutes().count(), time.seconds().count(), time.subseconds().count());
}

void time_target(Input input) {
  const auto text = as_text(input);
  const auto parsed = sdk::parse_time(text);
  if (!text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    std::uint64_t number = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), number);
    const bool fits = result.ec == std::errc();
    FUZZ_CHECK(parsed.has_value() == fits && (!fits || *parsed == number), "digits parsed as another number");
    return;
  }
  if (!parsed) return;
  // Times past 9999-12-31 (reachable with an offset) have no four-digit year to print.
  constexpr std::uint64_t kYear10000 = 253402300800000;
  if (*parsed >= kYear10000) return;
  const auto printed = iso_utc(*parsed);
  const auto again = sdk::parse_time(printed);
  FUZZ_CHECK(again == parsed, fmt::format("'{}' is {} ms, printed back as {} which is {}", text, *parsed, printed,
                                          again ? std::to_string(*again) : "not a time"));
}

/// A record for every combination of the filter's edges (indexes, operations, names, times).
std::vector<sdk::TransactionView> edge_records() {
  std::vector<sdk::TransactionView> views;
  constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
  for (std::uint64_t index : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{7}, kMax - 1})
    for (auto operation : {sdk::Operation::Insert, sdk::Operation::Update, sdk::Operation::Delete})
      for (std::optional<std::uint64_t> timestamp : {std::optional<std::uint64_t>{}, std::optional<std::uint64_t>{0},
                                                     std::optional<std::uint64_t>{1735689600000}, std::optional{kMax}}) {
        sdk::TransactionView view;
        view.index = index;
        view.operation = operation;
        view.module = index % 2 ? "chat" : "";
        view.table = "messages";
        view.timestamp = timestamp;
        views.push_back(view);
      }
  return views;
}

/// Primary keys of every kind a log can hold.
std::vector<sdk::Value> edge_keys() {
  return {sdk::Value::make_void(), sdk::Value::u8(255), sdk::Value::u32(42), sdk::Value::u64(std::numeric_limits<std::uint64_t>::max()),
          sdk::Value::i32(-1), sdk::Value::i64(std::numeric_limits<std::int64_t>::min()), sdk::Value::f32(1.5f),
          sdk::Value::f64(-0.0), sdk::Value::boolean(true), sdk::Value::string("42"), sdk::Value::string("")};
}

void record_filter_target(Input input) {
  static const auto views = edge_records();
  static const auto keys = edge_keys();
  const auto args = split_at_nul(input, 32);
  sdk::CommandSyntax syntax;
  sdk::RecordFilter::declare(syntax);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(syntax.parts().named).run(), vm);
    po::notify(vm);
  } catch (const po::error&) {
    return;  // the host turns these into usage errors (command_options covers that path)
  }
  for (const auto& typed : args)
    for (const auto& key : keys) sdk::key_matches(key, typed);
  OptionsContext context(vm);
  std::optional<sdk::RecordFilter> filter;
  try {
    filter = sdk::RecordFilter::from(context);
  } catch (const sdk::Error& e) {
    FUZZ_CHECK(e.kind() == sdk::ErrorKind::usage, std::string("a bad filter option is not a usage error: ") + e.what());
    return;
  }
  FUZZ_CHECK(!filter->description().empty(), "an empty filter description");
  for (const auto& view : views) {
    const bool matches = filter->matches(view);
    FUZZ_CHECK(!(matches && filter->finished_before_start()), "a record matches an empty index range");
    if (filter->selects_everything()) FUZZ_CHECK(matches, "a filter that selects everything left a record out");
  }
  if (filter->needs_decoded_row()) {
    sdk::Transaction record;
    for (const auto& key : keys) {
      record.row.primary_key = key;
      filter->matches_decoded(record);
    }
  }
}

}  // namespace

}  // namespace interstice::fuzz::filters

INTERSTICE_FUZZ_TARGET(time_parse, interstice::fuzz::filters::time_target);
INTERSTICE_FUZZ_TARGET(record_filter, interstice::fuzz::filters::record_filter_target);
