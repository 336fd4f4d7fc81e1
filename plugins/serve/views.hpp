// The handlers behind the route table (routes.cpp), one per JSON twin or download. Each turns
// URL parameters into the arguments of the CLI command that answers it (run in process by
// command_bridge) or, for the histogram and the file list, computes the JSON itself.
#pragma once

#include "request_target.hpp"
#include "routes.hpp"

#include <cstdint>

namespace interstice::serve {

Reply file_list(const Routes& routes);
Reply log_overview(const Routes& routes, const std::string& log);
Reply log_histogram(const Routes& routes, const std::string& log, const RequestTarget& target);
Reply log_records(const Routes& routes, const std::string& log, const RequestTarget& target, std::uint64_t log_id);
Reply log_record(const Routes& routes, const std::string& log, std::uint64_t index);
Reply log_state(const Routes& routes, const std::string& log, const RequestTarget& target);
Reply log_diff(const Routes& routes, const std::string& log, const RequestTarget& target);
Reply log_export(const Routes& routes, const std::string& log, const RequestTarget& target, const std::string& exporter);
Reply schema_view(const Routes& routes, const std::string& schema);
Reply schema_findings(const Routes& routes, const std::string& schema);
Reply schema_diff(const Routes& routes, const RequestTarget& target);
Reply trace_summary(const Routes& routes, const std::string& trace);
Reply trace_spans(const Routes& routes, const std::string& trace);

}  // namespace interstice::serve
