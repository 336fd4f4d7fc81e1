// Loading one plugin with Boost.DLL: RTLD_NOW so a missing symbol fails here and not mid-run, the
// ABI version read before anything else (then the toolchain tag), and reasons a person can act on.
#include "plugin_loader.hpp"
#include "plugin_kinds.hpp"

#include <boost/dll/shared_library.hpp>
#include <fmt/format.h>

#include <cctype>
#include <string_view>

namespace dll = boost::dll;

namespace interstice::host {

std::string PluginRecord::status_text() const {
  switch (status) {
    case PluginStatus::loaded: return "loaded";
    case PluginStatus::shadowed: return "shadowed: " + reason;
    case PluginStatus::rejected: return "rejected: " + reason;
  }
  return "?";
}

namespace {

// Boost wraps dlerror() as "boost::dll::shared_library::load() failed (dlerror system message:
// <path>: <reason>): Bad file descriptor"; keep only <reason>.
std::string dlerror_reason(const std::string& what, const std::filesystem::path& path) {
  std::string text = what;
  const std::string marker = "dlerror system message: ";
  if (auto at = text.find(marker); at != std::string::npos) {
    text = text.substr(at + marker.size());
    if (auto end = text.rfind("): "); end != std::string::npos) text = text.substr(0, end);
  }
  const std::string prefix = path.string() + ": ";
  if (text.rfind(prefix, 0) == 0) text = text.substr(prefix.size());
  if (text.find("invalid ELF header") != std::string::npos || text.find("file too short") != std::string::npos)
    return "not a shared library (" + text + ")";
  if (text.find("cannot open shared object file") != std::string::npos)
    return "a library it needs cannot be found: " + text;
  if (text.find("undefined symbol") != std::string::npos) return "unresolved symbol: " + text;
  return "cannot be loaded: " + text;
}

bool is_kebab_case(std::string_view id) {
  if (id.empty() || id.front() == '-' || id.back() == '-') return false;
  for (char c : id)
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-'))
      return false;
  return true;
}

PluginRecord reject(PluginRecord record, std::string reason) {
  record.status = PluginStatus::rejected;
  record.reason = std::move(reason);
  record.factory = nullptr;
  return record;
}

}  // namespace

PluginRecord open_plugin(const std::filesystem::path& path, bool builtin) {
  PluginRecord record;
  record.path = path;
  record.builtin = builtin;
  record.id = path.stem().string();

  // dlopen would block on a FIFO and read a device for ever: only regular files are opened.
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return reject(std::move(record), "not a regular file; it was not opened");
  auto library = std::make_shared<dll::shared_library>();
  try {
    library->load(path, dll::load_mode::rtld_now | dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    return reject(std::move(record), dlerror_reason(e.what(), path));
  }
  record.library = library;

  if (!library->has(sdk::kDescriptorSymbol))
    return reject(std::move(record),
                  fmt::format("exports no '{}' symbol (not an Interstice plugin?)", sdk::kDescriptorSymbol));
  const auto& descriptor = library->get<const sdk::PluginDescriptor>(sdk::kDescriptorSymbol);
  record.abi = descriptor.abi_version;  // the only field read before the version is known
  if (descriptor.abi_version != sdk::kAbiVersion)
    return reject(std::move(record), fmt::format("built for SDK ABI {}, this host speaks ABI {}; rebuild it against this SDK",
                                                 descriptor.abi_version, sdk::kAbiVersion));
  // The same ABI built by another compiler, standard library or Boost may still disagree on the
  // layout of std:: and boost:: types the interfaces use: the tags must match exactly.
  const std::string_view toolchain = descriptor.toolchain ? descriptor.toolchain : "no toolchain tag";
  if (toolchain != INTERSTICE_SDK_TOOLCHAIN)
    return reject(std::move(record), fmt::format("built with {}, this host was built with {}; rebuild it with the "
                                                 "host's toolchain", toolchain, INTERSTICE_SDK_TOOLCHAIN));

  auto text = [](const char* field) { return field ? std::string(field) : std::string(); };
  if (!descriptor.id || !is_kebab_case(descriptor.id))
    return reject(std::move(record), fmt::format("descriptor id '{}' is not kebab-case", text(descriptor.id)));
  record.id = descriptor.id;
  record.kind = text(descriptor.kind);
  record.version = text(descriptor.version);
  record.description = text(descriptor.description);
  if (!is_known_kind(record.kind))
    return reject(std::move(record),
                  fmt::format("unknown plugin kind '{}' (this host knows {})", record.kind, known_kinds_text()));
  if (!descriptor.create) return reject(std::move(record), "descriptor has no factory");
  record.factory = descriptor.create;
  record.status = PluginStatus::loaded;
  return record;
}

void instantiate_plugin(PluginRecord& record, sdk::HostServices& host) {
  if (record.status != PluginStatus::loaded || record.instance) return;
  sdk::Plugin* raw = nullptr;
  try {
    raw = record.factory(host);
  } catch (const std::exception& e) {
    record = reject(std::move(record), std::string("its factory threw: ") + e.what());  // copied while loaded
    return;
  } catch (...) {
    record = reject(std::move(record), "its factory threw a non-standard exception");
    return;
  }
  if (!raw) {
    record = reject(std::move(record), "its factory returned no object");
    return;
  }
  // The deleter holds the library: plugin code runs the destructor, then the mapping may go.
  std::shared_ptr<void> library = record.library;
  record.instance = std::shared_ptr<sdk::Plugin>(raw, [library](sdk::Plugin* plugin) { delete plugin; });
  if (!implements_kind(*record.instance, record.kind)) {
    record.instance.reset();
    record = reject(std::move(record), fmt::format("its object does not implement the '{}' interface", record.kind));
  }
}

}  // namespace interstice::host
