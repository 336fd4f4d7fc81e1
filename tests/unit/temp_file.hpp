// A JSON document written to a unique temp file for a test, removed when the test ends.
#pragma once

#include "interstice/sdk/json_text.hpp"

#include <boost/json/value.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace interstice::test {

class TempJson {
 public:
  explicit TempJson(const boost::json::value& document, const std::string& name = "doc") {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("interstice-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" + name + ".json");
    std::ofstream out(path_);
    sdk::write_json(out, document, 2);
  }
  ~TempJson() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace interstice::test
