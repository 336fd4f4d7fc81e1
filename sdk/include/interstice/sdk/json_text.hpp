// JSON text helpers shared by formats and exporters: pretty printing, shortest round-trip
// floats, and RFC 6901 pointers.
#pragma once

#include "interstice/sdk/abi.hpp"

#include <boost/json/value.hpp>

#include <ostream>
#include <string>
#include <string_view>

namespace interstice::sdk {

/// The shortest text that reads back as exactly `value`, always with a '.' in the mantissa so
/// JSON and YAML 1.1 readers both see a float: 1.5 -> "1.5", 100 -> "100.0", 1e300 -> "1.0e+300".
/// Non-finite values give "nan", "inf", "-inf" (callers map them to their format's spelling).
INTERSTICE_SDK_API std::string format_double(double value);

/// Writes `value` as JSON; `indent` > 0 pretty-prints with that many spaces per level, 0 writes
/// compact text. Object keys keep their order; u64 stays exact; non-finite floats become null.
INTERSTICE_SDK_API void write_json(std::ostream& out, const boost::json::value& value, int indent = 2);

/// Writes `text` as a JSON string literal, quotes included.
INTERSTICE_SDK_API void write_json_string(std::ostream& out, std::string_view text);

/// `base` + "/" + `token`, escaping '~' and '/' as RFC 6901 requires.
INTERSTICE_SDK_API std::string json_pointer_append(std::string_view base, std::string_view token);
INTERSTICE_SDK_API std::string json_pointer_append(std::string_view base, std::size_t index);

}  // namespace interstice::sdk
