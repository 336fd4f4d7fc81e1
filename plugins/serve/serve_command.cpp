// `interstice serve FILE... [--schema FILE] [--host ADDR] [--port N|0] [--token T] [--open]`: a
// local web page to browse transaction logs (overview, records, table state at any record),
// schemas (with validate findings and schema-diff) and traces (flame graph, summary). This file
// is the command: options, sorting the files, binding, printing the URL, running until Ctrl-C.
// The server loop is http_server.cpp, the URL table routes.cpp, each view's JSON views.cpp.
#include "command_bridge.hpp"
#include "http_server.hpp"
#include "served_files.hpp"

#include "interstice/sdk/command.hpp"
#include "interstice/sdk/host_services.hpp"
#include "interstice/sdk/log_scan.hpp"
#include "interstice/sdk/logger.hpp"

#include <boost/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <spawn.h>
#include <sys/wait.h>

extern char** environ;

namespace po = boost::program_options;

namespace interstice::serve {
namespace {

/// A private directory for this run's temporary exports, removed when the server stops.
class TempDir {
 public:
  TempDir() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() / ("interstice-serve-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directory(path_);
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string string() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

void open_browser(const std::string& url, sdk::Logger& log) {
  pid_t pid = 0;
  const char* argv[] = {"xdg-open", url.c_str(), nullptr};
  if (posix_spawnp(&pid, "xdg-open", nullptr, nullptr, const_cast<char* const*>(argv), environ) != 0) {
    log.warn("serve: --open: could not run xdg-open; open the URL yourself");
    return;
  }
  // Not waited for here: the browser may live longer than the server.
}

class ServeCommand final : public sdk::Command {
 public:
  void declare(sdk::CommandSyntax& syntax) const override {
    syntax.repeated_positional("files", "FILE", "logs, schemas and trace files (told apart by their content)", true);
    syntax.options()
        ("schema", po::value<std::vector<std::string>>()->composing()->value_name("SCHEMA.json"),
         "a module schema to serve (repeatable; any FILE that is a schema is one too)")
        ("host", po::value<std::string>()->default_value("127.0.0.1")->value_name("ADDR"),
         "the address to listen on; anything but loopback is reachable from other machines")
        ("port", po::value<unsigned>()->default_value(8080)->value_name("N"), "the port; 0 picks a free one")
        ("token", po::value<std::string>()->value_name("SECRET"),
         "require this secret on every request (it is in the printed URL): for shared machines")
        ("open", po::bool_switch(), "open the page in the default browser (xdg-open)")
        ("threads", po::value<unsigned>()->default_value(4)->value_name("N"), "request threads (1-64)");
  }

  sdk::Report run(sdk::CommandContext& context) override {
    ServerOptions options;
    options.host = context.require<std::string>("host");
    const auto port = context.require<unsigned>("port");
    if (port > 65535) throw sdk::Error::usage("--port must be between 0 and 65535");
    options.port = static_cast<std::uint16_t>(port);
    options.token = context.get<std::string>("token").value_or("");
    if (options.token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != std::string::npos)
      throw sdk::Error::usage("--token may hold only letters, digits, '-' and '_'");
    options.threads = context.require<unsigned>("threads");
    if (options.threads < 1 || options.threads > 64) throw sdk::Error::usage("--threads must be between 1 and 64");
    if (options.host != "127.0.0.1" && options.host != "::1" && options.host != "localhost")
      context.log().warn("serve: --host {} is not a loopback address: other machines can reach the page", options.host);

    use_server_memory_policy();
    ServedFiles files = sort_files(context.plugins(), context.all("files"), context.all("schema"));
    TempDir temp;
    Routes routes(context.plugins(), host(), files, temp.string());
    sdk::InterruptScope interrupt;  // Ctrl-C / SIGTERM stop the loop below
    HttpServer server(routes, options);
    const std::string shown_host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
    const std::string url = "http://" + shown_host + ":" + std::to_string(server.port()) + "/" +
                            (options.token.empty() ? "" : "?token=" + options.token);
    context.out() << url << std::endl;  // one line on stdout, so scripts and tests can read it
    context.log().info("serve: {} logs, {} schemas, {} traces at {}", files.logs.size(), files.schemas.size(),
                       files.traces.size(), url);
    if (context.get<bool>("open").value_or(false)) open_browser(url, context.log());
    const std::uint64_t answered = server.run([this] { return host().cancelled() || sdk::InterruptScope::interrupted(); });

    sdk::Report report;
    report.data = boost::json::object{{"url", url}, {"requests", answered}};
    report.presentation.listing = true;
    report.presentation.summary = "stopped after " + std::to_string(answered) + " requests";
    return report;
  }
};

}  // namespace
}  // namespace interstice::serve

INTERSTICE_PLUGIN(interstice::serve::ServeCommand, "serve", INTERSTICE_PLUGIN_VERSION,
                  "A local web page to browse logs, schemas, table state at any record and traces")
