// LogWalk (log_walk.hpp).
#include "log_walk.hpp"

#include "interstice/sdk/error.hpp"

namespace interstice::determinism {

LogWalk::LogWalk(sdk::CommandContext& context, std::string path, const std::vector<sdk::ModuleSchema>& schemas,
                 bool progress)
    : path_(std::move(path)), log_(sdk::open_log(context, path_, schemas)) {
  if (progress) progress_ = context.progress("replaying " + path_, log_.input->size());
  cursor_ = std::make_unique<sdk::RecordCursor>(log_, sdk::CursorOptions{.progress = progress_.get()});
}

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
