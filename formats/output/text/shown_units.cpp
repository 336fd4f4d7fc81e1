// How the text format shows a number that has a unit (shown_units.hpp).
#include "shown_units.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <ctime>

namespace interstice::text_format {
namespace {

std::optional<double> number_of(const boost::json::value& value) {
  if (value.is_uint64()) return static_cast<double>(value.get_uint64());
  if (value.is_int64()) return static_cast<double>(value.get_int64());
  if (value.is_double()) return value.get_double();
  return std::nullopt;
}

std::optional<std::int64_t> integer_of(const boost::json::value& value) {
  if (value.is_int64()) return value.get_int64();
  if (value.is_uint64() && value.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(value.get_uint64());
  return std::nullopt;
}

std::string size_text(double bytes) {
  if (bytes < 1024) return fmt::format("{} bytes", static_cast<std::uint64_t>(bytes));
  static constexpr const char* units[] = {"KiB", "MiB", "GiB", "TiB", "PiB"};
  int unit = -1;
  while (bytes >= 1024 && unit < 4) {
    bytes /= 1024;
    ++unit;
  }
  return fmt::format("{:.1f} {}", bytes, units[unit]);
}

std::string duration_text(double millis) {
  if (millis < 1) return fmt::format("{:.3f} ms", millis);
  if (millis < 1000) return fmt::format("{:.1f} ms", millis);
  if (millis < 60'000) return fmt::format("{:.2f} s", millis / 1000);
  const auto seconds = static_cast<std::uint64_t>(millis / 1000);
  if (seconds < 3600) return fmt::format("{}m {:02}s", seconds / 60, seconds % 60);
  return fmt::format("{}h {:02}m {:02}s", seconds / 3600, seconds / 60 % 60, seconds % 60);
}

}  // namespace

std::optional<sdk::ValueUnit> unit_from_suffix(std::string_view suffix) {
  if (suffix == "time") return sdk::ValueUnit::unix_millis;
  if (suffix == "time_us") return sdk::ValueUnit::unix_micros;
  if (suffix == "size") return sdk::ValueUnit::bytes;
  if (suffix == "ms") return sdk::ValueUnit::millis;
  if (suffix == "us") return sdk::ValueUnit::micros;
  return std::nullopt;
}

std::string iso8601(std::int64_t micros, bool local_time) {
  // Floor division, so times before 1970 keep a non-negative millisecond part.
  std::int64_t seconds = micros / 1'000'000, rest = micros % 1'000'000;
  if (rest < 0) {
    rest += 1'000'000;
    --seconds;
  }
  const auto time = static_cast<std::time_t>(seconds);
  std::tm parts{};
  if ((local_time ? localtime_r(&time, &parts) : gmtime_r(&time, &parts)) == nullptr)
    return fmt::format("{} µs since 1970", micros);  // beyond what the C library can break down
  std::string zone = "Z";
  if (local_time) {
    const long offset = parts.tm_gmtoff / 60;
    zone = fmt::format("{}{:02}:{:02}", offset < 0 ? '-' : '+', std::labs(offset) / 60, std::labs(offset) % 60);
  }
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}{}", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                     parts.tm_hour, parts.tm_min, parts.tm_sec, rest / 1000, zone);
}

std::optional<std::string> shown_in_unit(const boost::json::value& value, sdk::ValueUnit unit, bool local_time) {
  switch (unit) {
    case sdk::ValueUnit::none: return std::nullopt;
    case sdk::ValueUnit::unix_millis:
    case sdk::ValueUnit::unix_micros: {
      const auto number = integer_of(value);
      if (!number) return std::nullopt;
      const std::int64_t scale = unit == sdk::ValueUnit::unix_millis ? 1000 : 1;
      if (*number > INT64_MAX / scale || *number < INT64_MIN / scale) return std::nullopt;
      return iso8601(*number * scale, local_time);
    }
    case sdk::ValueUnit::bytes: {
      const auto number = number_of(value);
      if (!number || *number < 0) return std::nullopt;
      return size_text(*number);
    }
    case sdk::ValueUnit::millis:
    case sdk::ValueUnit::micros: {
      const auto number = number_of(value);
      if (!number || *number < 0) return std::nullopt;
      return duration_text(unit == sdk::ValueUnit::millis ? *number : *number / 1000);
    }
  }
  return std::nullopt;
}

}  // namespace interstice::text_format
