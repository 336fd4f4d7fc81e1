// PluginRecord <-> JSON for the scanner's answers and the registry cache.
#include "probe_json.hpp"

#include <boost/json/value_to.hpp>

#include <stdexcept>

namespace json = boost::json;

namespace interstice::host {

json::object probe_to_json(const PluginRecord& record) {
  json::object probe;
  probe["loaded"] = record.status == PluginStatus::loaded;
  probe["reason"] = record.reason;
  probe["id"] = record.id;
  probe["kind"] = record.kind;
  probe["version"] = record.version;
  probe["description"] = record.description;
  probe["abi"] = record.abi ? json::value(*record.abi) : json::value(nullptr);
  return probe;
}

void probe_from_json(const json::object& probe, PluginRecord& record) {
  auto text = [&](const char* key) { return std::string(probe.at(key).as_string()); };
  record.status = probe.at("loaded").as_bool() ? PluginStatus::loaded : PluginStatus::rejected;
  record.reason = text("reason");
  record.id = text("id");
  record.kind = text("kind");
  record.version = text("version");
  record.description = text("description");
  const json::value& abi = probe.at("abi");
  if (abi.is_null()) record.abi.reset();
  else record.abi = json::value_to<std::uint32_t>(abi);
  if (record.id.empty()) throw std::runtime_error("probe without an id");
}

}  // namespace interstice::host
