// OTLP/JSON's typed attribute values (AnyValue: stringValue, intValue as a decimal string,
// doubleValue, boolValue, arrayValue, kvlistValue) to and from the plain JSON of a span's
// attributes, shared by the `otlp` writer and reader so a round trip keeps every value.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string_view>

namespace interstice::formats::otlp {

/// `{"stringValue": "x"}`, `{"intValue": "12"}`, ...; null is an empty AnyValue `{}`.
boost::json::object any_value(const boost::json::value& value);
/// `[{"key": "k", "value": AnyValue}, ...]`
boost::json::array key_values(const boost::json::object& attributes);

/// The plain JSON of an AnyValue (an empty or unknown one is null); throws `std::invalid_argument`
/// with the reason when it is malformed.
boost::json::value plain_value(const boost::json::value& any_value);
/// The attributes of a KeyValue list as a JSON object; throws `std::invalid_argument` likewise.
boost::json::object plain_attributes(const boost::json::array& key_values);

}  // namespace interstice::formats::otlp
