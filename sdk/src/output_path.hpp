// Where an output file named on the command line really goes, decided before anything is written
// (private to the SDK; AtomicFile is its user): the empty name is refused, `-` and any name for
// the process's own stdout or stderr are written in place, a symlink is followed to the file it
// names, a device or FIFO is written in place, and a regular file is replaced through a temp file
// next to it. Temp files carry the writer's pid, so a later run can remove those of dead writers.
#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <optional>
#include <string>

namespace interstice::sdk::detail {

struct OutputPath {
  std::filesystem::path path;        ///< symlinks in the last component followed
  bool direct = false;               ///< written in place (device, FIFO, stdout, stderr)
  bool append = false;               ///< one of the process's own streams: add to it, never truncate
  bool standard_output = false;      ///< it is this process's stdout
  std::optional<struct stat> existing;  ///< the regular file being replaced
};

/// Throws a usage `Error` for an empty name and an input `Error` for a directory.
OutputPath resolve_output(const std::string& name);

/// "<target>.tmp-<pid>-XXXXXX", for mkstemp.
std::string temp_pattern(const std::filesystem::path& target);

/// Removes "<target>.tmp-<pid>-*" files of ours whose process is gone (killed with SIGKILL, a
/// power cut). Best effort: errors are ignored.
void remove_stale_temp_files(const std::filesystem::path& target);

}  // namespace interstice::sdk::detail
