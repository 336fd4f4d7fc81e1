// Values, rows and transactions as serde's externally tagged JSON: `"Void"`, `{"U64":1}`,
// `{"Option":null}`, `{"Row":{"primary_key":...,"entries":[...]}}`. Floats print the way Rust's
// ryu does (`-0.0`, `1.5`, `-1.1754944e-38`), so our output matches the runtime's byte for byte.
//
// The append functions write compact JSON into a caller-owned string: streaming commands reuse
// one buffer per record instead of building a JSON tree.
#pragma once

#include "interstice/sdk/abi.hpp"
#include "interstice/sdk/value.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace interstice::sdk {

/// Rust's `{}` for f32 / f64 (ryu): shortest round-trip digits, `.0` on integral values,
/// exponent form outside ryu's decimal range. NaN and infinities print as JSON null.
INTERSTICE_SDK_API void append_f32_json(std::string& out, float value);
INTERSTICE_SDK_API void append_f64_json(std::string& out, double value);

/// A decimal integer (exact for the whole u64 / i64 range, which JSON doubles cannot hold).
INTERSTICE_SDK_API void append_integer(std::string& out, std::uint64_t value);
INTERSTICE_SDK_API void append_integer(std::string& out, std::int64_t value);

/// A JSON string literal with the escapes serde_json uses.
INTERSTICE_SDK_API void append_json_string(std::string& out, std::string_view text);

INTERSTICE_SDK_API void append_value_json(std::string& out, const Value& value);
/// `{"primary_key":...,"entries":[...]}`; a key-only row prints just `{"primary_key":...}`.
INTERSTICE_SDK_API void append_row_json(std::string& out, const Row& row);

INTERSTICE_SDK_API std::string to_json_text(const Value& value);
INTERSTICE_SDK_API std::string to_json_text(const Row& row);

/// The same forms as Boost.JSON trees, for Reports (large integers stay exact).
INTERSTICE_SDK_API boost::json::value to_json(const Value& value);
INTERSTICE_SDK_API boost::json::value to_json(const Row& row);

}  // namespace interstice::sdk
