// What says a plugin file is still the one that was probed: device, inode, size and both
// timestamps (GStreamer's registry keys its entries the same way). `touch -d` can forge mtime but
// not ctime, and a file replaced by rename gets a new inode.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

namespace interstice::host {

struct FileIdentity {
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::int64_t ctime_ns = 0;

  bool operator==(const FileIdentity&) const = default;
};

/// The identity of the file `path` resolves to (symlinks followed), or nullopt if it cannot be
/// examined.
std::optional<FileIdentity> identify(const std::filesystem::path& path);

}  // namespace interstice::host
