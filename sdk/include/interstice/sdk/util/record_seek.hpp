// An optional capability a log codec's reader may offer beside `LogReader`: starting at a record
// boundary instead of the file's first byte. A hash stream (`determinism --checkpoints`) is a
// sparse index of such boundaries (every N records: the index and byte offset where the next
// record starts), built in one pass; with it a tool jumps to a window of a big log instead of
// reading up to it. Found with `dynamic_cast` (`record_seek_of`), like the JSON transcoder.
//
// Helper layer (interstice/sdk/util/): outside the ABI promise; a codec that implements it is
// rebuilt with the SDK it ships with.
#pragma once

#include <cstdint>

namespace interstice::sdk {

class LogReader;

class BOOST_SYMBOL_VISIBLE RecordSeek {
 public:
  virtual ~RecordSeek() = default;
  /// The next `next` reads the record numbered `index` starting at byte `offset`, which must be
  /// a record boundary this format's reader reported (a record's offset, or the offset after it).
  /// Clears any damage. Views handed out before are no longer valid. A wrong offset is read as
  /// whatever starts there: v1's checksums report it as damage, a framed log has none to tell.
  virtual void seek(std::uint64_t offset, std::uint64_t index) = 0;
};

/// The reader's seek, or nullptr when it cannot start anywhere but at the beginning.
INTERSTICE_SDK_API RecordSeek* record_seek_of(LogReader& reader);

}  // namespace interstice::sdk
