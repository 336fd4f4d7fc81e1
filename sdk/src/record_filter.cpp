// Filter options: parsing them (times, operations, typed keys) and describing them back.
#include "interstice/sdk/record_filter.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/value_json.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <limits>
#include <cstdlib>

namespace po = boost::program_options;

namespace interstice::sdk {

namespace {

template <typename Int>
bool parse_int(std::string_view text, Int& out) {
  if (text.empty()) return false;
  auto result = std::from_chars(text.data(), text.data() + text.size(), out);
  return result.ec == std::errc() && result.ptr == text.data() + text.size();
}

bool parse_digits(std::string_view text, std::size_t at, std::size_t count, int& out) {
  if (at + count > text.size()) return false;
  for (std::size_t i = at; i < at + count; ++i)
    if (text[i] < '0' || text[i] > '9') return false;
  return parse_int(text.substr(at, count), out);
}

std::optional<std::uint64_t> parse_iso8601(std::string_view text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!parse_digits(text, 0, 4, year) || text.size() < 10 || text[4] != '-' || !parse_digits(text, 5, 2, month) ||
      text[7] != '-' || !parse_digits(text, 8, 2, day))
    return std::nullopt;
  std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                                   std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok()) return std::nullopt;
  std::size_t at = 10;
  std::int64_t millis = 0;
  std::int64_t offset_minutes = 0;
  if (at < text.size()) {
    if (text[at] != 'T' && text[at] != 't' && text[at] != ' ') return std::nullopt;
    if (!parse_digits(text, at + 1, 2, hour) || at + 3 >= text.size() || text[at + 3] != ':' ||
        !parse_digits(text, at + 4, 2, minute))
      return std::nullopt;
    at += 6;
    if (at < text.size() && text[at] == ':') {
      if (!parse_digits(text, at + 1, 2, second)) return std::nullopt;
      at += 3;
      if (at < text.size() && (text[at] == '.' || text[at] == ',')) {
        std::size_t digits = 0;
        ++at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
          if (digits < 3) millis = millis * 10 + (text[at] - '0');
          ++digits;
          ++at;
        }
        if (digits == 0) return std::nullopt;
        for (; digits < 3; ++digits) millis *= 10;
      }
    }
    if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
    if (at < text.size()) {
      if (text[at] == 'Z' || text[at] == 'z') {
        ++at;
      } else if (text[at] == '+' || text[at] == '-') {
        int oh = 0, om = 0;
        if (!parse_digits(text, at + 1, 2, oh)) return std::nullopt;
        std::size_t next = at + 3;
        if (next < text.size() && text[next] == ':') ++next;
        if (!parse_digits(text, next, 2, om)) return std::nullopt;
        if (oh > 23 || om > 59) return std::nullopt;  // "+99:99" is no offset
        offset_minutes = (oh * 60 + om) * (text[at] == '-' ? -1 : 1);
        at = next + 2;
      } else {
        return std::nullopt;
      }
    }
    if (at != text.size()) return std::nullopt;
  }
  auto days = std::chrono::sys_days(date).time_since_epoch().count();
  std::int64_t total = ((static_cast<std::int64_t>(days) * 24 + hour) * 60 + minute - offset_minutes) * 60 + second;
  total = total * 1000 + millis;
  if (total < 0) return std::nullopt;
  return static_cast<std::uint64_t>(total);
}

std::uint64_t time_option(const CommandContext& context, const char* name) {
  auto text = *context.get<std::string>(name);
  if (auto value = parse_time(text)) return *value;
  throw Error::usage(fmt::format("--{} '{}': not a time (use ms since the epoch or ISO 8601, e.g. 2025-01-01T12:00:00Z)",
                                 name, text));
}

// Counts and indexes are whole numbers: program_options would read "-1" as 2^64-1 (no limit).
std::optional<std::uint64_t> count_option(const CommandContext& context, const char* name) {
  auto text = context.get<std::string>(name);
  if (!text) return std::nullopt;
  std::uint64_t value = 0;
  if (!parse_int(*text, value))
    throw Error::usage(fmt::format("--{} '{}': not a whole number from 0 to {}", name, *text,
                                   std::numeric_limits<std::uint64_t>::max()));
  return value;
}

// Why a serde integer such as {"U8":300} can be no key at all, or nullopt.
std::optional<std::string> integer_out_of_range(std::string_view kind, const boost::json::value& number) {
  struct Range {
    std::string_view kind;
    std::int64_t low;
    std::uint64_t high;
  };
  constexpr Range kRanges[] = {{"U8", 0, 255},
                               {"U32", 0, std::numeric_limits<std::uint32_t>::max()},
                               {"U64", 0, std::numeric_limits<std::uint64_t>::max()},
                               {"I32", std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()},
                               {"I64", std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()}};
  for (const auto& range : kRanges) {
    if (range.kind != kind) continue;
    const bool fits = number.is_int64()    ? number.get_int64() >= range.low &&
                                                 (number.get_int64() < 0 || static_cast<std::uint64_t>(number.get_int64()) <= range.high)
                      : number.is_uint64() ? number.get_uint64() <= range.high
                                           : false;
    if (!fits)
      return fmt::format("{} is not a {} (a whole number from {} to {})", boost::json::serialize(number), kind, range.low,
                         range.high);
  }
  return std::nullopt;
}

bool number_matches(const Value& key, std::string_view typed) {
  switch (key.kind) {
    case ValueKind::U8:
    case ValueKind::U32:
    case ValueKind::U64: {
      std::uint64_t number = 0;
      return parse_int(typed, number) && number == key.unsigned_value;
    }
    case ValueKind::I32:
    case ValueKind::I64: {
      std::int64_t number = 0;
      return parse_int(typed, number) && number == key.signed_value;
    }
    case ValueKind::F32:
    case ValueKind::F64: {
      char* end = nullptr;
      std::string copy(typed);
      double number = std::strtod(copy.c_str(), &end);
      if (end != copy.c_str() + copy.size() || copy.empty()) return false;
      return key.kind == ValueKind::F32 ? static_cast<float>(number) == static_cast<float>(key.float_value)
                                        : number == key.float_value;
    }
    default: return false;
  }
}

}  // namespace

std::optional<std::uint64_t> parse_time(std::string_view text) {
  std::uint64_t millis = 0;
  if (parse_int(text, millis)) return millis;
  return parse_iso8601(text);
}

bool key_matches(const Value& key, std::string_view typed) {
  if ((!typed.empty() && typed.front() == '{') || typed == "\"Void\"") {
    boost::system::error_code error;
    auto parsed = boost::json::parse(typed, error);
    return !error && parsed == to_json(key);
  }
  if (typed.size() >= 2 && typed.front() == '"' && typed.back() == '"')
    return key.kind == ValueKind::String && key.text == typed.substr(1, typed.size() - 2);
  if (key.kind == ValueKind::Bool) return typed == (key.unsigned_value ? "true" : "false");
  if (key.kind == ValueKind::String) return key.text == typed;
  return number_matches(key, typed);
}

void RecordFilter::declare(CommandSyntax& syntax) {
  syntax.options()("module", po::value<std::string>()->value_name("M"), "only records of module M")(
      "table", po::value<std::string>()->value_name("T"), "only records of table T")(
      "op", po::value<std::vector<std::string>>()->composing()->value_name("OP"),
      "only these operations: insert, update, delete (a comma-separated list, or repeated)")(
      "since", po::value<std::string>()->value_name("TIME"), "only records at or after TIME (ms or ISO 8601)")(
      "until", po::value<std::string>()->value_name("TIME"), "only records at or before TIME")(
      "start", po::value<std::string>()->value_name("N"), "first record index to consider")(
      "end", po::value<std::string>()->value_name("N"), "stop before record index N")(
      "pk", po::value<std::string>()->value_name("VALUE"),
      "primary key equals VALUE (42, -1, true, text, \"42\" for a string, or {\"U64\":42})")(
      "limit", po::value<std::string>()->value_name("N"), "stop after N matching records")(
      "follow", po::bool_switch(), "keep reading as the log grows, until Ctrl-C");
}

RecordFilter RecordFilter::from(const CommandContext& context) {
  RecordFilter filter;
  filter.module_ = context.get<std::string>("module");
  filter.table_ = context.get<std::string>("table");
  filter.pk_ = context.get<std::string>("pk");
  if (filter.pk_ && !filter.pk_->empty() && filter.pk_->front() == '{') {
    // Serde JSON is compared exactly; text that only looks like it would silently match nothing.
    boost::system::error_code error;
    auto parsed = boost::json::parse(*filter.pk_, error);
    if (error || !parsed.is_object() || parsed.as_object().size() != 1)
      throw Error::usage(fmt::format("--pk '{}': not a serde JSON value such as {{\"U64\":42}}", *filter.pk_));
    if (auto why = integer_out_of_range(parsed.as_object().begin()->key(), parsed.as_object().begin()->value()))
      throw Error::usage(fmt::format("--pk '{}': {}", *filter.pk_, *why));
  }
  auto ops = context.all("op");
  if (!ops.empty()) {
    filter.operations_ = {false, false, false};
    std::string text;
    // Each value is one operation or a comma-separated list: `--op insert,update`.
    for (const auto& value : ops) {
      std::string_view rest = value;
      while (true) {
        const auto comma = rest.find(',');
        const std::string op(rest.substr(0, comma));
        auto operation = parse_operation(op);
        if (!operation)
          throw Error::usage(value == op ? fmt::format("--op '{}': use insert, update or delete", op)
                                         : fmt::format("--op '{}': '{}' is not insert, update or delete", value, op));
        auto& selected = filter.operations_[static_cast<std::size_t>(*operation)];
        if (!selected) {
          selected = true;
          if (!text.empty()) text += ',';
          text += to_lower_string(*operation);
        }
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
      }
    }
    filter.operations_text_ = text;
  }
  if (context.has("since")) filter.since_ = time_option(context, "since");
  if (context.has("until")) filter.until_ = time_option(context, "until");
  filter.start_ = count_option(context, "start").value_or(0);
  filter.end_ = count_option(context, "end");
  filter.limit_ = count_option(context, "limit");
  filter.follow_ = context.get<bool>("follow").value_or(false);
  if (filter.end_ && *filter.end_ < filter.start_)
    throw Error::usage(fmt::format("--end {} is before --start {}", *filter.end_, filter.start_));
  if (filter.since_ && filter.until_ && *filter.until_ < *filter.since_)
    throw Error::usage("--until is before --since");
  return filter;
}

bool RecordFilter::tests_views() const {
  return module_ || table_ || operations_text_ || since_ || until_ || start_ || end_;
}

bool RecordFilter::selects_everything() const { return !tests_views() && !pk_ && !limit_; }

std::string RecordFilter::description() const {
  std::vector<std::string> parts;
  if (module_) parts.push_back("module=" + *module_);
  if (table_) parts.push_back("table=" + *table_);
  if (operations_text_) parts.push_back("op=" + *operations_text_);
  if (since_) parts.push_back(fmt::format("timestamp>={}", *since_));
  if (until_) parts.push_back(fmt::format("timestamp<={}", *until_));
  if (start_) parts.push_back(fmt::format("index>={}", start_));
  if (end_) parts.push_back(fmt::format("index<{}", *end_));
  if (pk_) parts.push_back("pk=" + *pk_);
  if (parts.empty()) return "none";
  return fmt::format("{}", fmt::join(parts, " AND "));
}

}  // namespace interstice::sdk
