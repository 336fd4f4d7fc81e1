// interstice-plugin-scanner: the child process the host probes plugins in (plugin_prober.hpp).
// For each file on its command line it runs everything the host would run to use the plugin
// (dlopen with static initialisers, the descriptor checks, the factory, the interface check) and
// answers on kScannerAnswerFd. If a plugin exits, aborts or hangs, only this process goes.
#include "plugin_loader.hpp"
#include "plugin_scanner_protocol.hpp"
#include "probe_json.hpp"

#include "interstice/sdk/plugin_catalog.hpp"

#include <boost/json/serialize.hpp>

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace host = interstice::host;
namespace sdk = interstice::sdk;

namespace {

// The services a probed plugin object is created with: it is made, checked and never used.
class ProbeServices final : public sdk::HostServices, sdk::PluginCatalog, sdk::Logger {
 public:
  sdk::Logger& log() override { return *this; }
  std::unique_ptr<sdk::Progress> progress(std::string, std::uint64_t) override { return nullptr; }
  bool cancelled() const override { return false; }
  const sdk::PluginCatalog& plugins() const override { return *this; }
  sdk::Tracer* tracer() override { return nullptr; }
  sdk::CommandRun run_command(const std::vector<std::string>&) override {
    throw sdk::Error::internal("a plugin being probed cannot run commands");
  }
  sdk::Plugin* find(std::string_view, std::string_view) const override { return nullptr; }
  std::vector<sdk::PluginInfo> list(std::string_view) const override { return {}; }
  bool enabled(sdk::LogLevel) const override { return false; }
  void write(const sdk::LogEvent&) override {}
};

bool write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  ProbeServices services;
  // Kept until the end: unloading would run plugin code again (destructors) for nothing.
  std::vector<host::PluginRecord> records;
  for (int i = 1; i < argc; ++i) {
    host::PluginRecord record = host::open_plugin(argv[i], false);
    host::instantiate_plugin(record, services);
    boost::json::object answer{{"path", argv[i]}, {"probe", host::probe_to_json(record)}};
    if (!write_all(host::kScannerAnswerFd, boost::json::serialize(answer) + "\n")) return 3;
    records.push_back(std::move(record));
  }
  std::fflush(nullptr);
  std::_Exit(0);  // no plugin's static destructors or atexit handlers: the answers are given
}
