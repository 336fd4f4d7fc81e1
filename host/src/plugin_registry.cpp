// Plugin resolution: built-in ids are reserved, then the first directory in search order wins and
// later duplicates are shadowed.
#include "plugin_registry.hpp"
#include "plugin_loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

namespace fs = std::filesystem;

namespace interstice::host {

void PluginRegistry::load(const std::vector<PluginDirectory>& dirs, sdk::HostServices& host) {
  sdk::Logger& log = host.log();
  for (const auto& dir : dirs) {
    std::error_code ec;
    if (!fs::is_directory(dir.path, ec)) {
      if (dir.explicit_) log.warn("plugin directory {} (from {}) does not exist", dir.path.string(), dir.origin);
      continue;
    }
    if (auto why = untrusted_reason(dir.path)) {
      PluginRecord refused;
      refused.path = dir.path;
      refused.id = dir.path.filename().string();
      refused.reason = "refused plugin directory: " + *why;
      records_.push_back(std::move(refused));
      continue;
    }
    for (const auto& file : plugin_files(dir.path)) {
      if (auto why = untrusted_reason(file)) {
        PluginRecord refused;
        refused.path = file;
        refused.builtin = dir.builtin;
        refused.id = file.stem().string();
        refused.reason = "refused: " + *why;
        records_.push_back(std::move(refused));
        continue;
      }
      records_.push_back(open_plugin(file, dir.builtin));
    }
  }

  // Built-ins claim their ids first; everything else in search order.
  std::vector<std::size_t> order(records_.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_partition(order.begin(), order.end(), [this](std::size_t i) { return records_[i].builtin; });
  for (std::size_t i : order) {
    PluginRecord& record = records_[i];
    if (record.status != PluginStatus::loaded) continue;
    auto key = std::make_pair(record.kind, record.id);
    if (auto winner = active_.find(key); winner != active_.end()) {
      const PluginRecord& first = records_[winner->second];
      record.status = PluginStatus::shadowed;
      record.reason = first.builtin ? fmt::format("the built-in {} '{}' ({}) cannot be replaced", record.kind, record.id,
                                                  first.path.string())
                                    : fmt::format("{} '{}' is already provided by {}", record.kind, record.id,
                                                  first.path.string());
      record.library.reset();
      continue;
    }
    instantiate_plugin(record, host);
    if (record.status == PluginStatus::loaded) active_.emplace(std::move(key), i);
  }

  for (const auto& record : records_)
    if (record.status != PluginStatus::loaded) log.warn("plugin {}: {}", record.path.string(), record.status_text());
}

sdk::Plugin* PluginRegistry::find(std::string_view kind, std::string_view id) const {
  const PluginRecord* r = record(kind, id);
  return r ? r->instance.get() : nullptr;
}

const PluginRecord* PluginRegistry::record(std::string_view kind, std::string_view id) const {
  auto it = active_.find(std::make_pair(std::string(kind), std::string(id)));
  return it == active_.end() ? nullptr : &records_[it->second];
}

std::vector<sdk::PluginInfo> PluginRegistry::list(std::string_view kind) const {
  std::vector<sdk::PluginInfo> out;
  for (const auto& [key, index] : active_) {
    if (key.first != kind) continue;
    const PluginRecord& r = records_[index];
    out.push_back({r.id, r.kind, r.version, r.description, r.path.string()});
  }
  return out;  // std::map order: sorted by id within the kind
}

std::vector<std::string> PluginRegistry::ids(std::string_view kind) const {
  std::vector<std::string> out;
  for (const auto& info : list(kind)) out.push_back(info.id);
  return out;
}

}  // namespace interstice::host
