// A request target split into its path segments and its query parameters, percent-decoded, with
// the errors a client can make (bad escapes, a parameter given twice) as 400s. Nothing here maps
// a path to a file: routes.cpp matches the segments against a fixed table.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace interstice::serve {

/// A client error: its HTTP status and a message the response carries.
struct HttpError : std::runtime_error {
  HttpError(unsigned status_code, const std::string& message) : std::runtime_error(message), status(status_code) {}
  unsigned status;
};

struct RequestTarget {
  std::string path;                    ///< decoded, e.g. "/log/0/records.json"
  std::vector<std::string> segments;   ///< "log", "0", "records.json"
  std::multimap<std::string, std::string> query;

  /// The one value of `name`, or "" when absent; a 400 when given twice.
  std::string one(const std::string& name) const;
  bool has(const std::string& name) const { return query.count(name) > 0; }
};

/// Throws HttpError(400) for a malformed target.
RequestTarget parse_target(std::string_view target);

/// `text` as an unsigned decimal number, or HttpError(400) naming the parameter.
std::uint64_t parse_index(const std::string& name, const std::string& text);

/// The query string for these parameters, percent-encoded ("" when empty).
std::string encode_query(const std::multimap<std::string, std::string>& query);

}  // namespace interstice::serve
