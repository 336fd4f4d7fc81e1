// Log format detection (`--log-format auto`, log_open.hpp) over the built-in codec plugins as the
// host loads them: every file is either refused with an input error naming it, or opened with a
// variant whose reader then reads the file to its end under the reader contract
// (log_reading.hpp), through the plugin this time rather than the codec's sources.
#include "builtin_plugins.hpp"
#include "harness.hpp"
#include "log_reading.hpp"

#include "console.hpp"

#include "interstice/sdk/log_open.hpp"

#include <sstream>

namespace interstice::fuzz::detect {

namespace {

void detect_target(Input input) {
  static ScratchFile file("detect.log");
  file.write(input);
  std::ostringstream warnings;
  host::StreamLogger log(warnings);
  sdk::OpenedLog opened;
  try {
    opened = sdk::open_log(builtin_registry(), file.path(), {}, log);
  } catch (const sdk::Error& e) {
    FUZZ_CHECK(e.kind() == sdk::ErrorKind::input, std::string("detection failed with no input error: ") + e.what());
    FUZZ_CHECK(e.location().file == file.path().string(), std::string("the error does not name the file: ") + e.what());
    return;
  }
  FUZZ_CHECK(opened.codec && opened.reader && opened.input, "open_log returned no reader");
  FUZZ_CHECK(opened.reader->format() == opened.variant, "the reader reads " + opened.reader->format() + ", not " +
                                                            opened.variant);
  const auto* codec = opened.codec;
  const auto variant = opened.variant;
  read_log_two_ways(file.path(), [&](sdk::LogInput& in) { return codec->open(in, variant); });
}

}  // namespace

}  // namespace interstice::fuzz::detect

INTERSTICE_FUZZ_TARGET(log_detect, interstice::fuzz::detect::detect_target);
