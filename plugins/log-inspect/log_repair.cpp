// Copying a log's valid prefix through the block reader, so repair needs no more memory than
// inspection does.
#include "log_repair.hpp"

#include "interstice/sdk/atomic_file.hpp"
#include "interstice/sdk/error.hpp"
#include "interstice/sdk/log_scan.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace interstice::log_inspect {

void check_repair_target(const std::filesystem::path& log, const std::string& output) {
  if (output.empty()) throw sdk::Error::usage("--repair needs the name of the file to write");
  std::error_code error;
  if (std::filesystem::equivalent(log, output, error))
    throw sdk::Error::usage("--repair must name a new file, not the log being inspected (" + output + ")");
  if (std::filesystem::is_directory(output, error))
    throw sdk::Error::usage("--repair must name a file, and " + output + " is a directory");
}

void write_prefix(sdk::LogInput& input, std::uint64_t length, const std::string& output) {
  check_repair_target(input.path(), output);
  // Ctrl-C while copying must not leave OUT.tmp-XXXXXX behind: catch it, and let the
  // AtomicFile's destructor remove the temp file as the error unwinds.
  sdk::InterruptScope interrupt;
  sdk::AtomicFile file(output);
  std::uint64_t offset = 0;
  while (offset < length) {
    if (sdk::InterruptScope::interrupted())
      throw sdk::Error::input("interrupted; the repaired copy was not written", sdk::Location::in_file(output));
    auto bytes = input.window(offset, 1);
    if (bytes.empty()) throw sdk::Error::input("the file shrank while it was being read", sdk::Location::at_byte(input.display_name(), offset));
    auto take = std::min<std::uint64_t>(bytes.size(), length - offset);
    file.stream().write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(take));
    offset += take;
  }
  if (sdk::InterruptScope::interrupted())
    throw sdk::Error::input("interrupted; the repaired copy was not written", sdk::Location::in_file(output));
  file.commit();
}

}  // namespace interstice::log_inspect
