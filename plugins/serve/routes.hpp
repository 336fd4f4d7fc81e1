// The fixed route table of `interstice serve`: which URL paths exist, which query parameters each
// takes, and what answers them (the embedded page, a JSON twin, a download). A path not in the
// table is a 404; nothing maps a URL to a file path.
#pragma once

#include "served_files.hpp"

#include "interstice/sdk/host_services.hpp"
#include "interstice/sdk/plugin_catalog.hpp"

#include <string>
#include <utility>
#include <vector>

namespace interstice::serve {

/// What to send back. Either `body`, or `file` (a temporary file streamed and then removed).
struct Reply {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string file;
  std::vector<std::pair<std::string, std::string>> headers;  ///< extra: Link, Content-Disposition
};

class Routes {
 public:
  /// `host` runs the commands behind the JSON views (HostServices::run_command).
  Routes(const sdk::PluginCatalog& plugins, sdk::HostServices& host, ServedFiles files, std::string temp_dir);
  /// Answers a GET of `target`; never throws (client errors are 4xx replies with a message).
  Reply get(std::string_view target) const;

  const sdk::PluginCatalog& plugins() const { return plugins_; }
  sdk::Logger& log() const { return host_.log(); }
  sdk::HostServices& host() const { return host_; }
  const ServedFiles& files() const { return files_; }
  /// A fresh temporary file name in the server's private directory.
  std::string temp_file(const std::string& suffix) const;

 private:
  const sdk::PluginCatalog& plugins_;
  sdk::HostServices& host_;
  ServedFiles files_;
  std::string temp_dir_;
};

/// A JSON error reply: `{"error": message, "status": status}`.
Reply error_reply(unsigned status, const std::string& message);

}  // namespace interstice::serve
