// One problem or change a check command reports (validate, schema-diff), typed, so check formats
// (junit, github) and the commands that make findings agree on one shape instead of on untyped
// JSON keys. Commands put `to_json(finding)` objects in the `findings` array of their data.
#pragma once

#include "interstice/sdk/abi.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace interstice::sdk {

/// How bad a finding is. `none` for findings that are classified as changes instead.
enum class Severity { none, error, warning };

/// What a schema change does to clients and stored data; `none` for findings that are not changes.
enum class ChangeClass { none, breaking, data_breaking, compatible };

/// Where a finding points into a transaction log.
struct RecordRef {
  std::string file;  ///< the log
  std::uint64_t index = 0;
  std::uint64_t offset = 0;  ///< of the record's first byte
};

struct Finding {
  std::string rule;                    ///< stable id, e.g. "DUPLICATE_TABLE", "COLUMN_REMOVED"
  Severity severity = Severity::none;  ///< "severity" in JSON (absent when none)
  ChangeClass change_class = ChangeClass::none;  ///< "class" in JSON (absent when none)
  std::optional<std::string> pointer;  ///< RFC 6901 pointer into `file` ("" is the root)
  std::string file;
  std::string message;                 ///< one line that stands alone
  /// What the finding is about, written between the class/pointer and the message (schema-diff's
  /// table, column, from, to).
  boost::json::object subject;
  std::optional<std::string> location;  ///< for people: "/tables/0", "line 3, column 14", ...
  std::optional<RecordRef> record;      ///< the log record it is about (`file` names the log)
  boost::json::object details;          ///< anything else, written last
};

/// The JSON object of a finding, members in this order: rule, severity, class, pointer, the
/// subject's members, message, file, location, index, offset, the details' members.
INTERSTICE_SDK_API boost::json::object to_json(const Finding& finding);
/// Reads one back; lenient like the formats that read it (a member of the wrong type is absent).
/// Members it does not know go to `details`.
INTERSTICE_SDK_API Finding finding_from_json(const boost::json::object& object);
/// The findings in `data["findings"]` (none when absent); non-object elements are skipped.
INTERSTICE_SDK_API std::vector<Finding> findings_of(const boost::json::value& data);

INTERSTICE_SDK_API std::string_view to_string(Severity severity);   ///< "error", "warning", ""
INTERSTICE_SDK_API std::string_view to_string(ChangeClass change);  ///< "breaking", ..., ""

}  // namespace interstice::sdk
