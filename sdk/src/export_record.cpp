// ExportRecord: a thin handle on the ScannedRecord a scan hands over (so exporters' header needs
// none of the scan's types), or on a record made by hand from its decoded form.
#include "interstice/sdk/export_record.hpp"

#include "interstice/sdk/record_json.hpp"
#include "interstice/sdk/scanned_record.hpp"
#include "interstice/sdk/transaction.hpp"

namespace interstice::sdk {

// A hand-made record's own view and scanned record, which `view` and `record_` point into.
struct ExportRecord::HandMade {
  HandMade(const Transaction& decoded, const TransactionView& record_view)
      : view(record_view), record(view, decoded) {
    view.index = decoded.index;
    view.offset = decoded.offset;
    view.size = decoded.size;
    view.operation = decoded.operation;
    view.module = decoded.module;
    view.table = decoded.table;
    view.has_old_row = decoded.old_row.has_value();
    view.timestamp = decoded.timestamp;
    view.checksum = decoded.checksum;
  }
  TransactionView view;
  ScannedRecord record;
};

ExportRecord::ExportRecord(const ScannedRecord& record) : view(record.view()), record_(&record) {}

ExportRecord::ExportRecord(const Transaction& decoded, const TransactionView& record_view)
    : hand_made_(std::make_unique<HandMade>(decoded, record_view)),
      view(hand_made_->view),
      record_(&hand_made_->record) {}

ExportRecord::~ExportRecord() = default;

const Transaction& ExportRecord::transaction() const { return record_->transaction(); }

void ExportRecord::append_json(RowPart part, std::string& out) const { record_->append_json(part, out); }

bool ExportRecord::has_old_row() const { return record_->has_old_row(); }

std::string_view ExportRecord::data_hash() const {
  if (!hashed_) write_data_hash(view.row, hash_);
  hashed_ = true;
  return {hash_, sizeof hash_};
}

void append_record_json(std::string& out, const ExportRecord& record) {
  append_record_json(out, record.scanned(), record.data_hash());
}

}  // namespace interstice::sdk
