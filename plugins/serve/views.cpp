// The JSON twins and downloads (views.hpp). Wherever a CLI command prints the data, the handler
// builds that command's arguments from the URL and returns what it prints (command_bridge):
// overview = log-inspect, records = log-query, state = determinism --at / --diff, schema =
// schema / validate / schema-diff, trace = trace summary / export. Every URL value is passed as
// one `--name=value` argument, so no value can become another option.
#include "views.hpp"
#include "command_bridge.hpp"
#include "histogram.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace json = boost::json;

namespace interstice::serve {
namespace {

constexpr std::uint64_t kDefaultPage = 100;
constexpr std::uint64_t kMaxPage = 1000;

/// A served file as a positional argument that cannot be read as an option.
std::string positional(const std::string& path) { return path.starts_with("-") ? "./" + path : path; }

/// The start of a log command's arguments: the command, the log and the schemas named with
/// --schema, which the log commands take as they do on the command line.
std::vector<std::string> log_command(const Routes& routes, const char* command, const std::string& log) {
  std::vector<std::string> args{command, positional(log)};
  for (const auto& schema : routes.files().named_schemas) args.push_back("--schema=" + schema);
  return args;
}

Reply from_command(const Routes& routes, const std::vector<std::string>& args) {
  CommandOutput output = run_command_json(routes.host(), args);
  // A check that found problems (log-inspect on a damaged log, validate on an invalid schema)
  // still printed its JSON: that is the answer. Errors are the URL's fault unless internal.
  if (!output.error.empty()) return error_reply(output.internal ? 500 : 400, output.error);
  Reply reply;
  reply.body = std::move(output.json);
  return reply;
}

/// The log-query filters of the URL as command arguments.
void add_filters(const RequestTarget& target, std::vector<std::string>& args) {
  for (const char* name : {"module", "table", "since", "until", "pk"})
    if (target.has(name)) args.push_back(std::string("--") + name + "=" + target.one(name));
  for (const char* name : {"start", "end"})
    if (target.has(name)) args.push_back(std::string("--") + name + "=" + std::to_string(parse_index(name, target.one(name))));
  const auto [first, last] = target.query.equal_range("op");
  for (auto it = first; it != last; ++it) {
    if (it->second != "insert" && it->second != "update" && it->second != "delete")
      throw HttpError(400, "parameter 'op' must be insert, update or delete, got '" + it->second + "'");
    args.push_back("--op=" + it->second);
  }
}

std::string read_and_remove(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  std::filesystem::remove(path);
  return std::move(text).str();
}

}  // namespace

Reply file_list(const Routes& routes) {
  auto list = [](const std::vector<std::string>& paths) {
    json::array out;
    for (std::size_t i = 0; i < paths.size(); ++i) {
      std::error_code error;
      const auto size = std::filesystem::file_size(paths[i], error);
      out.push_back(json::object{{"id", i}, {"path", paths[i]}, {"size", error ? 0 : size}});
    }
    return out;
  };
  Reply reply;
  reply.body = json::serialize(json::object{{"logs", list(routes.files().logs)},
                                            {"schemas", list(routes.files().schemas)},
                                            {"traces", list(routes.files().traces)}}) + "\n";
  return reply;
}

Reply log_overview(const Routes& routes, const std::string& log) {
  auto args = log_command(routes, "log-inspect", log);
  args.push_back("--keep-going");
  return from_command(routes, args);
}

Reply log_histogram(const Routes& routes, const std::string& log, const RequestTarget& target) {
  HistogramRequest request;
  if (target.has("from")) request.from = parse_index("from", target.one("from"));
  if (target.has("to")) request.to = parse_index("to", target.one("to"));
  if (target.has("buckets")) {
    const auto buckets = parse_index("buckets", target.one("buckets"));
    if (buckets < 1 || buckets > 1000) throw HttpError(400, "parameter 'buckets' must be between 1 and 1000");
    request.buckets = static_cast<unsigned>(buckets);
  }
  if (request.from && request.to && *request.to < *request.from) throw HttpError(400, "parameter 'to' is before 'from'");
  Reply reply;
  reply.body =
      json::serialize(records_over_time(routes.plugins(), routes.log(), log, routes.files().named_schema_modules, request)) + "\n";
  return reply;
}

Reply log_records(const Routes& routes, const std::string& log, const RequestTarget& target, std::uint64_t log_id) {
  std::vector<std::string> args = log_command(routes, "log-query", log);
  RequestTarget filters = target;
  // Keyset pagination: ?after=INDEX starts after that record (never an offset scan of matches).
  if (target.has("after")) {
    const std::uint64_t after = parse_index("after", target.one("after"));
    const std::uint64_t start = target.has("start") ? parse_index("start", target.one("start")) : 0;
    filters.query.erase("start");
    filters.query.emplace("start", std::to_string(std::max(start, after + 1)));
  }
  add_filters(filters, args);
  const std::uint64_t limit = target.has("limit") ? parse_index("limit", target.one("limit")) : kDefaultPage;
  if (limit < 1 || limit > kMaxPage) throw HttpError(400, "parameter 'limit' must be between 1 and " + std::to_string(kMaxPage));
  args.push_back("--limit=" + std::to_string(limit));
  Reply reply = from_command(routes, args);
  if (reply.status != 200) return reply;
  // The body is log-query's JSON; the next page's URL goes in a Link header (as Datasette does).
  const json::value data = json::parse(reply.body);
  const auto& records = data.at("transactions").as_array();
  if (records.size() == limit) {
    auto next = target.query;
    next.erase("after");
    next.emplace("after", std::to_string(records.back().at("index").to_number<std::uint64_t>()));
    reply.headers.emplace_back("Link", "</log/" + std::to_string(log_id) + "/records.json" + encode_query(next) + ">; rel=\"next\"");
  }
  return reply;
}

Reply log_record(const Routes& routes, const std::string& log, std::uint64_t index) {
  auto args = log_command(routes, "log-query", log);
  args.insert(args.end(), {"--start=" + std::to_string(index), "--end=" + std::to_string(index + 1)});
  Reply reply = from_command(routes, args);
  if (reply.status == 200 && json::parse(reply.body).at("transactions").as_array().empty())
    return error_reply(404, "no record " + std::to_string(index) + " in " + log);
  return reply;
}

Reply log_state(const Routes& routes, const std::string& log, const RequestTarget& target) {
  if (!target.has("at")) throw HttpError(400, "parameter 'at' (a record index) is required");
  std::vector<std::string> args = log_command(routes, "determinism", log);
  args.push_back("--at=" + std::to_string(parse_index("at", target.one("at"))));
  if (target.has("table")) args.push_back("--table=" + target.one("table"));
  return from_command(routes, args);
}

Reply log_diff(const Routes& routes, const std::string& log, const RequestTarget& target) {
  if (!target.has("from") || !target.has("to")) throw HttpError(400, "parameters 'from' and 'to' (record indices) are required");
  std::vector<std::string> args = log_command(routes, "determinism", log);
  args.insert(args.end(), {"--diff", std::to_string(parse_index("from", target.one("from"))),
                           std::to_string(parse_index("to", target.one("to")))});
  if (target.has("table")) args.push_back("--table=" + target.one("table"));
  return from_command(routes, args);
}

Reply log_export(const Routes& routes, const std::string& log, const RequestTarget& target, const std::string& exporter) {
  const std::string out = routes.temp_file("." + exporter);
  std::vector<std::string> args = log_command(routes, "log-export", log);
  args.insert(args.end(), {"--to=" + exporter, "--out=" + out});
  add_filters(target, args);
  CommandOutput output = run_command_json(routes.host(), args);
  if (!output.error.empty()) {
    std::filesystem::remove(out);
    return error_reply(400, output.error);
  }
  Reply reply;
  reply.content_type = exporter == "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson";
  reply.file = out;
  std::string name = std::filesystem::path(log).stem().string();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
  reply.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "." + exporter + "\"");
  return reply;
}

Reply schema_view(const Routes& routes, const std::string& schema) { return from_command(routes, {"schema", positional(schema)}); }

Reply schema_findings(const Routes& routes, const std::string& schema) {
  return from_command(routes, {"validate", positional(schema)});
}

Reply schema_diff(const Routes& routes, const RequestTarget& target) {
  const auto& schemas = routes.files().schemas;
  if (!target.has("old") || !target.has("new")) throw HttpError(400, "parameters 'old' and 'new' (schema numbers) are required");
  const auto old_id = parse_index("old", target.one("old")), new_id = parse_index("new", target.one("new"));
  if (old_id >= schemas.size() || new_id >= schemas.size()) throw HttpError(404, "no such schema number");
  return from_command(routes, {"schema-diff", positional(schemas[old_id]), positional(schemas[new_id])});
}

Reply trace_summary(const Routes& routes, const std::string& trace) {
  return from_command(routes, {"trace", "summary", positional(trace)});
}

Reply trace_spans(const Routes& routes, const std::string& trace) {
  const std::string out = routes.temp_file(".trace.json");
  Reply reply = from_command(routes, {"trace", "export", positional(trace), "--to=native", "--out=" + out});
  if (reply.status != 200) {
    std::filesystem::remove(out);
    return reply;
  }
  reply.body = read_and_remove(out);
  return reply;
}

}  // namespace interstice::serve
