// RegistryCache: Boost.JSON in and out, written through the SDK's AtomicFile.
#include "registry_cache.hpp"
#include "probe_json.hpp"

#include "interstice/sdk/atomic_file.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_to.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

namespace fs = std::filesystem;
namespace json = boost::json;

namespace interstice::host {

namespace {

json::array identity_json(const FileIdentity& id) {
  return {id.device, id.inode, id.size, id.mtime_ns, id.ctime_ns};
}

FileIdentity identity_from_json(const json::value& value) {
  const json::array& a = value.as_array();
  return {json::value_to<std::uint64_t>(a.at(0)), json::value_to<std::uint64_t>(a.at(1)),
          json::value_to<std::uint64_t>(a.at(2)), json::value_to<std::int64_t>(a.at(3)),
          json::value_to<std::int64_t>(a.at(4))};
}

// Someone else's cache, or one others may write, could claim a plugin is safe to load.
bool ours_and_private(const fs::path& file) {
  struct stat st {};
  return ::stat(file.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == ::geteuid() &&
         !(st.st_mode & (S_IWGRP | S_IWOTH));
}

}  // namespace

std::optional<fs::path> default_registry_cache() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/')
    return fs::path(xdg) / "interstice" / "registry";
  if (const char* home = std::getenv("HOME"); home && *home == '/')
    return fs::path(home) / ".cache" / "interstice" / "registry";
  return std::nullopt;
}

RegistryCache::RegistryCache(std::optional<fs::path> file, std::string host_key)
    : file_(std::move(file)), host_key_(std::move(host_key)) {
  if (!file_ || !ours_and_private(*file_)) return;
  std::ifstream in(*file_, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  try {
    json::object cache = json::parse(text).as_object();
    if (cache.at("host").as_string() == host_key_) entries_ = std::move(cache.at("plugins").as_object());
  } catch (const std::exception&) {
    entries_.clear();  // unreadable: probe again and rewrite it
    dirty_ = true;
  }
}

bool RegistryCache::lookup(const fs::path& path, const FileIdentity& identity, PluginRecord& record) const {
  const json::value* entry = entries_.if_contains(path.string());
  if (!entry) return false;
  try {
    if (identity_from_json(entry->at("identity")) != identity) return false;
    PluginRecord probed = record;
    probe_from_json(entry->at("probe").as_object(), probed);
    record = std::move(probed);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

void RegistryCache::store(const fs::path& path, const FileIdentity& identity, const PluginRecord& record) {
  entries_[path.string()] = json::object{{"identity", identity_json(identity)}, {"probe", probe_to_json(record)}};
  dirty_ = true;
}

std::string RegistryCache::save() {
  if (!dirty_ || !file_) return {};
  json::object kept;
  for (const auto& [path, entry] : entries_) {
    auto identity = identify(std::string(path));
    try {
      if (identity && identity_from_json(entry.at("identity")) == *identity) kept[path] = entry;
    } catch (const std::exception&) {
    }
  }
  try {
    std::error_code ec;
    fs::create_directories(file_->parent_path(), ec);
    sdk::AtomicFile out(*file_);
    fs::permissions(out.temp_path(), fs::perms::owner_read | fs::perms::owner_write);
    out.stream() << json::serialize(json::object{{"host", host_key_}, {"plugins", std::move(kept)}}) << '\n';
    out.commit();
  } catch (const std::exception& e) {
    return e.what();
  }
  dirty_ = false;
  return {};
}

}  // namespace interstice::host
