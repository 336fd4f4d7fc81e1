// The page's files (HTML, JS, CSS), compiled into the plugin from plugins/serve/assets/ by
// assets/CMakeLists.txt: a fixed table looked up by exact URL path, never a file on disk.
#pragma once

#include <string_view>

namespace interstice::serve {

struct Asset {
  std::string_view path;          ///< "/app.js"
  std::string_view content_type;  ///< "text/javascript; charset=utf-8"
  std::string_view body;
};

/// The asset served at `path`, or nullptr.
const Asset* find_asset(std::string_view path);

}  // namespace interstice::serve
