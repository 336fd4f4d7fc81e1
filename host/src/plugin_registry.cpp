// Plugin resolution: trust checks, then the probe (registry cache or plugin scanner), then
// built-in ids are reserved, the first directory in search order wins and later duplicates are
// shadowed. A plugin is loaded into the host only when something looks it up.
#include "plugin_registry.hpp"
#include "file_identity.hpp"
#include "plugin_loader.hpp"
#include "plugin_prober.hpp"
#include "plugin_trust.hpp"
#include "registry_cache.hpp"
#include "stdout_guard.hpp"

#include "interstice/sdk/abi.hpp"
#include "interstice/sdk/tracer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

namespace fs = std::filesystem;

namespace interstice::host {

namespace {

// A cache written by another build of the host (or with another scanner) is not trusted.
std::string host_key(const fs::path& scanner) {
  auto id = identify(scanner);
  return fmt::format("interstice {} ABI {}; {}; scanner {}:{}:{}", INTERSTICE_VERSION, sdk::kAbiVersion,
                     sdk::kToolchain, id ? id->inode : 0, id ? id->size : 0, id ? id->mtime_ns : 0);
}

PluginRecord refused(const fs::path& path, bool builtin, std::string reason) {
  PluginRecord record;
  record.path = path;
  record.builtin = builtin;
  record.id = (path.has_stem() ? path.stem() : path.filename()).string();
  record.reason = std::move(reason);
  return record;
}

}  // namespace

RegistryOptions RegistryOptions::defaults() { return {default_plugin_scanner(), default_registry_cache()}; }

void PluginRegistry::add_directory(const PluginDirectory& dir, PluginTrust& trust, std::vector<std::size_t>& to_probe) {
  if (auto why = trust.directory(dir.path)) {
    records_.push_back(refused(dir.path, dir.builtin, "refused plugin directory: " + *why));
    records_.back().id = dir.path.filename().string();
    return;
  }
  for (const auto& file : plugin_files(dir.path)) {
    if (auto why = trust.file(file)) {
      records_.push_back(refused(file, dir.builtin, "refused: " + *why));
      continue;
    }
    records_.push_back(refused(file, dir.builtin, ""));
    to_probe.push_back(records_.size() - 1);
  }
}

void PluginRegistry::load(const std::vector<PluginDirectory>& dirs, sdk::HostServices& host,
                          const RegistryOptions& options) {
  host_ = &host;
  sdk::Logger& log = host.log();
  std::vector<std::size_t> candidates;
  PluginTrust trust;
  for (const auto& dir : dirs) {
    std::error_code ec;
    if (!fs::is_directory(dir.path, ec)) {
      if (dir.explicit_) log.warn("plugin directory {} (from {}) does not exist", dir.path.string(), dir.origin);
      else log.debug("plugin directory {} (from {}): not there", dir.path.string(), dir.origin);
      continue;
    }
    const std::size_t before = candidates.size();
    add_directory(dir, trust, candidates);
    log.debug("plugin directory {} (from {}): {} plugin files", dir.path.string(), dir.origin, candidates.size() - before);
  }

  // Known files from the cache; the rest through the scanner, all in one go.
  RegistryCache cache(options.cache, host_key(options.scanner));
  std::vector<std::size_t> unknown;
  std::vector<fs::path> unknown_files;
  std::vector<std::optional<FileIdentity>> identities(records_.size());
  for (std::size_t i : candidates) {
    identities[i] = identify(records_[i].path);
    if (identities[i] && cache.lookup(records_[i].path, *identities[i], records_[i])) continue;
    unknown.push_back(i);
    unknown_files.push_back(records_[i].path);
  }
  log.debug("plugin registry cache {}: {} of {} plugins known, {} to probe", options.cache ? options.cache->string() : std::string("(none)"),
            candidates.size() - unknown.size(), candidates.size(), unknown.size());
  if (!unknown.empty()) {
    sdk::ScopedSpan span(sdk::Tracer::active(), "probe plugins");
    span.attribute("plugins", unknown.size());
    auto probed = probe_plugins(options.scanner, unknown_files, options.probe_timeout);
    for (std::size_t n = 0; n < unknown.size(); ++n) {
      PluginRecord& record = records_[unknown[n]];
      bool builtin = record.builtin;
      record = std::move(probed[n]);
      record.builtin = builtin;
      if (identities[unknown[n]] && !record.probe_failed) cache.store(record.path, *identities[unknown[n]], record);
    }
    if (auto why = cache.save(); !why.empty()) log.debug("the plugin registry cache was not saved: {}", why);
  }

  resolve_shadowing();
  for (const auto& record : records_)
    if (record.status != PluginStatus::loaded) log.warn("plugin {}: {}", record.path.string(), record.status_text());
}

// Built-ins claim their ids first; everything else in search order.
void PluginRegistry::resolve_shadowing() {
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
      continue;
    }
    active_.emplace(std::move(key), i);
  }
}

sdk::Plugin* PluginRegistry::find(std::string_view kind, std::string_view id) const {
  std::lock_guard lock(loading_);
  auto it = active_.find(std::make_pair(std::string(kind), std::string(id)));
  if (it == active_.end()) return nullptr;
  PluginRecord& record = records_[it->second];
  if (record.instance) return record.instance.get();

  // It passed the probe; load it here. The file may have changed since: check it is the same one.
  PluginRecord loaded;
  {
    sdk::ScopedSpan span(sdk::Tracer::active(), "load plugin");
    span.attribute("plugin", record.id).attribute("kind", record.kind).attribute("path", record.path.string());
    StdoutGuard quiet;
    loaded = open_plugin(record.path, record.builtin);
    if (loaded.status == PluginStatus::loaded && (loaded.kind != record.kind || loaded.id != record.id)) {
      loaded.status = PluginStatus::rejected;
      loaded.reason = "the file changed after it was probed";
    }
    if (loaded.status == PluginStatus::loaded) instantiate_plugin(loaded, *host_);
  }
  if (loaded.status != PluginStatus::loaded) {
    record.status = PluginStatus::rejected;
    record.reason = loaded.reason;
    active_.erase(it);
    host_->log().warn("plugin {}: {}", record.path.string(), record.status_text());
    return nullptr;
  }
  record.library = std::move(loaded.library);
  record.factory = loaded.factory;
  record.instance = std::move(loaded.instance);
  host_->log().debug("loaded {} '{}' from {}", record.kind, record.id, record.path.string());
  return record.instance.get();
}

std::vector<sdk::PluginInfo> PluginRegistry::list(std::string_view kind) const {
  std::lock_guard lock(loading_);
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
