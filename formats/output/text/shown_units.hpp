// Numbers as people read them (report.hpp's ValueUnit): a Unix time as ISO 8601 with its zone, a
// size in KiB/MiB/GiB, a duration in ms or s. Only the text format does this; JSON, YAML and the
// rest keep the exact numbers, so scripts never parse these strings.
#pragma once

#include "interstice/sdk/report.hpp"

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace interstice::text_format {

/// The unit a template suffix names: `time`, `time_us`, `size`, `ms`, `us`; nullopt otherwise.
std::optional<sdk::ValueUnit> unit_from_suffix(std::string_view suffix);

/// `value` in `unit` for people, or nullopt when it is not a number the unit can show (null,
/// text, a negative size): the caller then shows it as it is.
std::optional<std::string> shown_in_unit(const boost::json::value& value, sdk::ValueUnit unit, bool local_time);

/// The ISO 8601 spelling of `micros` since the epoch, to the millisecond: `2025-01-01T21:41:10.341Z`
/// in UTC, `2025-01-01T22:41:10.341+01:00` in the local zone.
std::string iso8601(std::int64_t micros, bool local_time);

}  // namespace interstice::text_format
