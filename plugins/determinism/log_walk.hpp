// One transaction log read front to back the way every determinism mode needs it: opened with
// the command's --log-format and --schema, records from the shared RecordCursor, progress on a
// terminal, and a damaged record turned into an input error that names the file, the record and
// the byte (a replay that stopped early would compare half a log).
#pragma once

#include "interstice/sdk/command_context.hpp"
#include "interstice/sdk/log_open.hpp"
#include "interstice/sdk/record_cursor.hpp"

#include <memory>
#include <string>
#include <vector>

namespace interstice::determinism {

namespace sdk = interstice::sdk;

class LogWalk {
 public:
  /// `progress` false: no progress bar (the second log of a comparison, read in step with the first).
  LogWalk(sdk::CommandContext& context, std::string path, const std::vector<sdk::ModuleSchema>& schemas,
          bool progress = true);

  /// The next record, or null at the end; throws `Error::input` at a damaged record.
  const sdk::ScannedRecord* next();

  const std::string& path() const { return path_; }
  sdk::OpenedLog& log() { return log_; }
  std::uint64_t size() const { return log_.input->size(); }
  /// Goes on from the record numbered `records`, which starts at byte `offset` (a boundary this
  /// log's reader reported): the next `next` reads it. False, and nothing changes, when the
  /// format's reader cannot start anywhere but at the beginning (`sdk::RecordSeek`).
  bool seek(std::uint64_t offset, std::uint64_t records);
  /// `seek` can work: the format's reader can start at a record boundary.
  bool can_seek() const;

  /// Records read so far (those before a `seek` target included).
  std::uint64_t records() const { return base_ + cursor_->summary().records; }
  /// Where the last record read ends (the log's size once `next` returned null).
  std::uint64_t position() const { return log_.reader->position(); }

 private:
  std::string path_;
  sdk::OpenedLog log_;
  std::unique_ptr<sdk::Progress> progress_;
  std::unique_ptr<sdk::RecordCursor> cursor_;
  std::uint64_t base_ = 0;  ///< the record the cursor started at
};

}  // namespace interstice::determinism
