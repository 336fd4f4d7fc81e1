// The route table (routes.hpp). Patterns are matched segment by segment: a literal, or `{log}`,
// `{schema}`, `{trace}`, `{n}` (a decimal number, optionally followed by a literal suffix such as
// `.json`). Each route lists the query parameters it accepts; any other is a 400.
#include "routes.hpp"
#include "embedded_assets.hpp"
#include "views.hpp"

#include "interstice/sdk/logger.hpp"

#include <boost/json/serialize.hpp>

#include <atomic>
#include <functional>
#include <set>

namespace json = boost::json;

namespace interstice::serve {
namespace {

using Ids = std::vector<std::uint64_t>;
using Handler = std::function<Reply(const Routes&, const RequestTarget&, const Ids&)>;

struct Route {
  std::string pattern;
  std::set<std::string> params;
  Handler handler;
};

const std::set<std::string> kFilters = {"module", "table", "op", "since", "until", "start", "end", "pk"};

std::set<std::string> filters_and(std::initializer_list<std::string> more) {
  std::set<std::string> all = kFilters;
  all.insert(more);
  return all;
}

Reply asset_reply(std::string_view path) {
  const Asset* asset = find_asset(path);
  if (!asset) return error_reply(404, "no such page");
  Reply reply;
  reply.content_type = std::string(asset->content_type);
  reply.body = std::string(asset->body);
  return reply;
}

Handler page() {
  return [](const Routes&, const RequestTarget&, const Ids&) { return asset_reply("/index.html"); };
}

const std::string& pick(const std::vector<std::string>& files, std::uint64_t id, const char* kind) {
  if (id >= files.size()) throw HttpError(404, std::string("no ") + kind + " number " + std::to_string(id));
  return files[id];
}

const std::vector<Route>& table() {
  static const std::vector<Route> routes = {
      {"/", {}, page()},
      {"/index.html", {}, page()},
      {"/app.js", {}, [](const Routes&, const RequestTarget&, const Ids&) { return asset_reply("/app.js"); }},
      {"/style.css", {}, [](const Routes&, const RequestTarget&, const Ids&) { return asset_reply("/style.css"); }},
      {"/index.json", {}, [](const Routes& r, const RequestTarget&, const Ids&) { return file_list(r); }},
      {"/log/{n}", {"from", "to"}, page()},
      {"/log/{n}/records", filters_and({"after", "limit"}), page()},
      {"/log/{n}/record/{n}", {}, page()},
      {"/log/{n}/state", {"at", "table", "from"}, page()},
      {"/schema/{n}", {}, page()},
      {"/schema-diff", {"old", "new"}, page()},
      {"/trace/{n}", {}, page()},
      {"/log/{n}.json", {},
       [](const Routes& r, const RequestTarget&, const Ids& ids) { return log_overview(r, pick(r.files().logs, ids[0], "log")); }},
      {"/log/{n}/histogram.json", {"from", "to", "buckets"},
       [](const Routes& r, const RequestTarget& t, const Ids& ids) {
         return log_histogram(r, pick(r.files().logs, ids[0], "log"), t);
       }},
      {"/log/{n}/records.json", filters_and({"after", "limit"}),
       [](const Routes& r, const RequestTarget& t, const Ids& ids) {
         return log_records(r, pick(r.files().logs, ids[0], "log"), t, ids[0]);
       }},
      {"/log/{n}/record/{n}.json", {},
       [](const Routes& r, const RequestTarget&, const Ids& ids) { return log_record(r, pick(r.files().logs, ids[0], "log"), ids[1]); }},
      {"/log/{n}/state.json", {"at", "table"},
       [](const Routes& r, const RequestTarget& t, const Ids& ids) { return log_state(r, pick(r.files().logs, ids[0], "log"), t); }},
      {"/log/{n}/diff.json", {"from", "to", "table"},
       [](const Routes& r, const RequestTarget& t, const Ids& ids) { return log_diff(r, pick(r.files().logs, ids[0], "log"), t); }},
      {"/log/{n}/export.csv", kFilters,
       [](const Routes& r, const RequestTarget& t, const Ids& ids) {
         return log_export(r, pick(r.files().logs, ids[0], "log"), t, "csv");
       }},
      {"/log/{n}/export.ndjson", kFilters,
       [](const Routes& r, const RequestTarget& t, const Ids& ids) {
         return log_export(r, pick(r.files().logs, ids[0], "log"), t, "ndjson");
       }},
      {"/schema/{n}.json", {},
       [](const Routes& r, const RequestTarget&, const Ids& ids) { return schema_view(r, pick(r.files().schemas, ids[0], "schema")); }},
      {"/schema/{n}/validate.json", {},
       [](const Routes& r, const RequestTarget&, const Ids& ids) {
         return schema_findings(r, pick(r.files().schemas, ids[0], "schema"));
       }},
      {"/schema-diff.json", {"old", "new"}, [](const Routes& r, const RequestTarget& t, const Ids&) { return schema_diff(r, t); }},
      {"/trace/{n}.json", {},
       [](const Routes& r, const RequestTarget&, const Ids& ids) { return trace_summary(r, pick(r.files().traces, ids[0], "trace")); }},
      {"/trace/{n}/spans.json", {},
       [](const Routes& r, const RequestTarget&, const Ids& ids) { return trace_spans(r, pick(r.files().traces, ids[0], "trace")); }},
  };
  return routes;
}

/// Whether `segment` matches `pattern` (a literal or "{n}" + suffix); appends a matched number.
bool match_segment(const std::string& pattern, const std::string& segment, Ids& ids) {
  if (!pattern.starts_with("{n}")) return pattern == segment;
  const std::string suffix = pattern.substr(3);
  if (segment.size() <= suffix.size() || !segment.ends_with(suffix)) return false;
  const std::string digits = segment.substr(0, segment.size() - suffix.size());
  if (digits.size() > 18 || digits.find_first_not_of("0123456789") != std::string::npos) return false;
  ids.push_back(std::stoull(digits));
  return true;
}

std::vector<std::string> split(const std::string& pattern) {
  std::vector<std::string> parts;
  std::size_t start = 1;
  while (start < pattern.size()) {
    const auto slash = pattern.find('/', start);
    parts.push_back(pattern.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return parts;
}

const Route* find_route(const RequestTarget& target, Ids& ids) {
  for (const auto& route : table()) {
    const auto parts = split(route.pattern);
    if (parts.size() != target.segments.size()) continue;
    ids.clear();
    bool matched = true;
    for (std::size_t i = 0; matched && i < parts.size(); ++i) matched = match_segment(parts[i], target.segments[i], ids);
    if (matched) return &route;
  }
  return nullptr;
}

}  // namespace

Reply error_reply(unsigned status, const std::string& message) {
  Reply reply;
  reply.status = status;
  reply.body = json::serialize(json::object{{"error", message}, {"status", status}}) + "\n";
  return reply;
}

Routes::Routes(const sdk::PluginCatalog& plugins, sdk::HostServices& host, ServedFiles files, std::string temp_dir)
    : plugins_(plugins), host_(host), files_(std::move(files)), temp_dir_(std::move(temp_dir)) {}

std::string Routes::temp_file(const std::string& suffix) const {
  static std::atomic<std::uint64_t> counter{0};
  return temp_dir_ + "/" + std::to_string(counter++) + suffix;
}

Reply Routes::get(std::string_view raw_target) const {
  try {
    const RequestTarget target = parse_target(raw_target);
    Ids ids;
    const Route* route = find_route(target, ids);
    if (!route) return error_reply(404, "no such page: " + target.path);
    for (const auto& [name, value] : target.query)
      if (name != "token" && !route->params.count(name)) throw HttpError(400, "unknown parameter '" + name + "'");
    return route->handler(*this, target, ids);
  } catch (const HttpError& e) {
    return error_reply(e.status, e.what());
  } catch (const std::exception& e) {
    log().error("serve: a request failed").field("error", std::string_view(e.what()));
    return error_reply(500, e.what());
  }
}

}  // namespace interstice::serve
