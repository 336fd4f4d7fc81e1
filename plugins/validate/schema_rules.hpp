// The module-schema lint rules: every problem in one schema document, each with a stable rule id,
// a severity and the RFC 6901 pointer of the node at fault.
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <vector>

namespace interstice::validate {

enum class Severity { error, warning };

struct Finding {
  std::string rule;
  Severity severity = Severity::error;
  std::string pointer;
  std::string message;
};

/// The ABI version of module schemas this toolkit understands.
inline constexpr std::uint64_t kSupportedAbiVersion = 1;

/// Runs every rule on a parsed document; never stops at the first problem. `file` is only used
/// in messages of the SDK's structural checks.
std::vector<Finding> check_schema(const boost::json::value& document, const std::string& file);

}  // namespace interstice::validate
