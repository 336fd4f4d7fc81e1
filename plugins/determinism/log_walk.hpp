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
  /// Records read so far.
  std::uint64_t records() const { return cursor_->summary().records; }
  /// Where the last record read ends (the log's size once `next` returned null).
  std::uint64_t position() const { return log_.reader->position(); }

 private:
  std::string path_;
  sdk::OpenedLog log_;
  std::unique_ptr<sdk::Progress> progress_;
  std::unique_ptr<sdk::RecordCursor> cursor_;
};

}  // namespace interstice::determinism
