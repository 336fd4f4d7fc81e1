// LogWalk (log_walk.hpp).
#include "log_walk.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/util/record_seek.hpp"

namespace interstice::determinism {

LogWalk::LogWalk(sdk::CommandContext& context, std::string path, const std::vector<sdk::ModuleSchema>& schemas,
                 bool progress)
    : path_(std::move(path)), log_(sdk::open_log(context, path_, schemas)) {
  if (progress) progress_ = context.progress("replaying " + path_, log_.input->size());
  cursor_ = std::make_unique<sdk::RecordCursor>(log_, sdk::CursorOptions{.progress = progress_.get()});
}

bool LogWalk::seek(std::uint64_t offset, std::uint64_t records) {
  sdk::RecordSeek* seek = sdk::record_seek_of(*log_.reader);
  if (!seek) return false;
  cursor_.reset();  // it may be reading ahead of the reader's position
  seek->seek(offset, records);
  base_ = records;
  cursor_ = std::make_unique<sdk::RecordCursor>(log_, sdk::CursorOptions{.progress = progress_.get()});
  return true;
}

bool LogWalk::can_seek() const { return sdk::record_seek_of(*log_.reader) != nullptr; }

const sdk::ScannedRecord* LogWalk::next() {
  if (const sdk::ScannedRecord* record = cursor_->next()) return record;
  if (!cursor_->damages().empty()) {
    const sdk::LogDamage& damage = cursor_->damages().front();
    throw sdk::Error::input("damaged record, cannot replay past it: " + damage.reason,
                            sdk::Location::at_record(path_, damage.index, damage.offset));
  }
  return nullptr;
}

}  // namespace interstice::determinism
