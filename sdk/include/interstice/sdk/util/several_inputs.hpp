// Commands that take several inputs (`log-inspect a.log b.log`, `validate *.json`, `schema -`):
// the list of inputs a command line names, and one result per input plus totals, built from the
// one-input reports so a single input's result stays exactly what it was.
#pragma once

#include "interstice/sdk/abi.hpp"
#include "interstice/sdk/report.hpp"

#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace interstice::sdk {

/// The inputs in command-line order: a name that exists is kept, a pattern with `*`, `?` or `[`
/// that names no file (quoted, so the shell left it) is expanded in sorted order (a usage error
/// when it matches nothing), and `-` stays `-` (standard input; at most once).
INTERSTICE_SDK_API std::vector<std::string> expand_inputs(const std::vector<std::string>& given);

/// One document for several inputs: `{"<key>": [each report's data], "<key>_count": N, ...totals}`;
/// each report's table, line, hidden and compact hints point into its element (titles are
/// dropped, and a hidden top-level text member such as the file's path is shown, so each element
/// names its input), the summary is each report's summary line then `totals_summary`, and the
/// outcome is problems_found when any input's was.
INTERSTICE_SDK_API Report combine_reports(std::vector<Report> reports, const std::string& key, boost::json::object totals,
                                          const std::string& totals_summary);

}  // namespace interstice::sdk
