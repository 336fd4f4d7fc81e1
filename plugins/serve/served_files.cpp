// Telling logs, schemas and traces apart (served_files.hpp): a trace format that detects the
// file's head claims it; a JSON object with "tables" is a schema; anything else must be a log,
// which `open_log` checks later with the same detection the log commands use.
#include "served_files.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/schema_json.hpp"
#include "interstice/sdk/trace_format.hpp"

#include <filesystem>
#include <fstream>

namespace interstice::serve {
namespace {

std::string head_of(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error))
    throw sdk::Error::input("not a regular file", sdk::Location::in_file(path));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw sdk::Error::input("cannot open file", sdk::Location::in_file(path));
  std::string head(64 * 1024, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head;
}

bool is_trace(const sdk::PluginCatalog& plugins, const std::string& head) {
  for (const auto& info : plugins.list(sdk::TraceFormat::kind)) {
    const auto* format = plugins.find<sdk::TraceFormat>(info.id);
    if (format && format->can_read() && format->detect(head) > 0) return true;
  }
  return false;
}

/// A module schema, or an array of them (the `*.schemas.json` files `--schema` takes).
bool is_schema(const std::string& head) {
  auto start = head.find_first_not_of(" \t\r\n");
  if (start != std::string::npos && head[start] == '[') start = head.find_first_not_of(" \t\r\n", start + 1);
  return start != std::string::npos && head[start] == '{' && head.find("\"tables\"") != std::string::npos;
}

}  // namespace

ServedFiles sort_files(const sdk::PluginCatalog& plugins, const std::vector<std::string>& files,
                       const std::vector<std::string>& schemas) {
  ServedFiles sorted;
  for (const auto& path : schemas) {
    head_of(path);
    sorted.schemas.push_back(path);
  }
  sorted.named_schemas = schemas;
  if (!schemas.empty()) sorted.named_schema_modules = sdk::load_module_schemas(schemas);
  for (const auto& path : files) {
    const std::string head = head_of(path);
    if (is_schema(head))
      sorted.schemas.push_back(path);
    else if (is_trace(plugins, head))
      sorted.traces.push_back(path);
    else
      sorted.logs.push_back(path);
  }
  if (sorted.logs.empty() && sorted.schemas.empty() && sorted.traces.empty())
    throw sdk::Error::usage("serve: give at least one log, schema or trace file");
  return sorted;
}

}  // namespace interstice::serve
