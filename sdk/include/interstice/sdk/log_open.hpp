// Opening a transaction log: every command that reads logs goes through `open_log`, so they all
// share one `--log-format` option, one detection procedure and one set of messages.
//
// Detection (`--log-format auto`) opens every variant of every loaded codec on the first
// `kProbeBytes` of the file and scores each:
// 1. a variant whose records carry a checksum that verifies (v1's CRC) wins outright;
// 2. otherwise variants that decode the whole probe without damage fit; if several fit and
//    their decoded records agree, the oldest is used; if they disagree, `schemas` (when given)
//    picks the one whose rows fit them, else the oldest wins and a warning names the others;
// 3. otherwise the variant that read the most intact records is used (the log is damaged);
// 4. if none read a single record the file is not a log we know: `Error::input`.
// A variant whose checksums verify in the first 64 KiB stops probing there unless another
// variant's checksums verify too (only then do their record counts matter): the choice is the
// one the whole probe would make, and v1's own probe of a v1 log reads a sixteenth of it.
#pragma once

#include "interstice/sdk/command_context.hpp"
#include "interstice/sdk/command_syntax.hpp"
#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/logger.hpp"
#include "interstice/sdk/plugin_catalog.hpp"
#include "interstice/sdk/schema.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace interstice::sdk {

inline constexpr std::uint64_t kProbeBytes = std::uint64_t{1} << 20;

struct LogOpenOptions {
  std::string format = "auto";                 ///< "auto" or a variant id
  const std::vector<ModuleSchema>* schemas = nullptr;  ///< settles ambiguous detection
};

struct OpenedLog {
  std::unique_ptr<LogInput> input;
  std::unique_ptr<LogReader> reader;
  const LogCodec* codec = nullptr;
  std::string codec_id;  ///< the plugin id, e.g. "framed"
  std::string variant;   ///< e.g. "framed-g2"
  std::string how;       ///< how it was chosen: "--log-format", "checksum", "only fit", ...
};

/// Opens `path` and picks the codec. Unknown `--log-format` values are usage errors listing the
/// known ones; unreadable or unrecognisable files are input errors naming the file.
INTERSTICE_SDK_API OpenedLog open_log(const PluginCatalog& plugins, const std::filesystem::path& path,
                                      const LogOpenOptions& options, Logger& log);

/// Every variant id of every loaded codec, in detection order.
INTERSTICE_SDK_API std::vector<std::string> log_format_ids(const PluginCatalog& plugins);

/// Adds `--log-format` (default auto) to a command's syntax.
INTERSTICE_SDK_API void add_log_format_option(CommandSyntax& syntax);

/// `open_log` with the command's own `--log-format`, its catalog and logger: what a command
/// that declared `add_log_format_option` calls. `schemas` may be empty.
INTERSTICE_SDK_API OpenedLog open_log(CommandContext& context, const std::filesystem::path& path,
                                      const std::vector<ModuleSchema>& schemas);

}  // namespace interstice::sdk
