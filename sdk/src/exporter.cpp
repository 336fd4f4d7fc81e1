// TextExporter's session: one reusable buffer, flushed to the stream in large blocks, so a
// typical exporter writes at memory speed without thinking about I/O; exporters whose records
// format independently get their records formatted on the spare CPUs too (parallel_formatter.hpp).
#include "interstice/sdk/exporter.hpp"

#include "parallel_formatter.hpp"

#include "interstice/sdk/atomic_file.hpp"
#include "interstice/sdk/error.hpp"
#include "interstice/sdk/record_json.hpp"
#include "interstice/sdk/value_json.hpp"
#include "interstice/sdk/util/csv.hpp"
#include "interstice/sdk/util/json_chars.hpp"

#include <algorithm>
#include <memory>

namespace interstice::sdk {

namespace {
constexpr std::size_t kFlushAt = std::size_t{1} << 20;
}

class TextExporter::Session final : public ExportSession {
 public:
  Session(const TextExporter& exporter, const ExportTarget& target)
      : exporter_(exporter), target_(target), state_(exporter.start(target)) {
    if (!state_) state_ = std::make_unique<ExportState>();
    buffer_.reserve(kFlushAt + (kFlushAt >> 2));
    exporter_.header(*state_, target_, buffer_);
    if (exporter_.traits_.independent_records)
      parallel_ = ParallelFormatter::start(
          [this](const ExportRecord& record, std::string& out) { exporter_.write_record(*state_, record, out); },
          [this](std::string_view text, std::size_t records) { write_out(text, records); },
          std::string(separator_));
  }

  void write(const ExportRecord& record) override {
    if (parallel_) {
      if (record.scanned().reader()) {
        parallel_->add(record.scanned());
        return;
      }
      // A hand-made record (no reader to format a copy with): everything before it first.
      parallel_->finish();
    }
    if (records_written_) buffer_ += separator_;
    exporter_.write_record(*state_, record, buffer_);
    ++records_written_;
    if (buffer_.size() >= kFlushAt) flush();
  }

  void end() override {
    if (parallel_) parallel_->finish();
    exporter_.footer(*state_, buffer_, records_written_);
    flush();
    target_.stream.flush();
    if (!target_.stream) throw write_failed();
  }

 private:
  Error write_failed() const {
    return Error::input("could not write the export: " + write_failure_reason(),
                        Location::in_file(target_.final_path.string()));
  }

  void flush() {
    target_.stream.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
    if (!target_.stream) throw write_failed();
  }

  /// Text formatted in parallel, in record order (after whatever the buffer holds: the header,
  /// records written here before).
  void write_out(std::string_view text, std::size_t records) {
    if (records == 0) return;
    if (records_written_) buffer_ += separator_;
    if (!buffer_.empty()) flush();
    target_.stream.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!target_.stream) throw write_failed();
    records_written_ += records;
  }

  const TextExporter& exporter_;
  const ExportTarget& target_;
  std::unique_ptr<ExportState> state_;
  const std::string_view separator_ = exporter_.traits_.separator;
  std::uint64_t records_written_ = 0;
  std::string buffer_;
  std::unique_ptr<ParallelFormatter> parallel_;  // last: its workers stop before the rest goes
};

std::unique_ptr<ExportSession> TextExporter::begin(const ExportTarget& target) {
  return std::make_unique<Session>(*this, target);
}

void append_csv_field(std::string& out, std::string_view field, CsvGuard guard) {
  ScratchBuffer<256> buffer(csv_field_room(field.size()));
  out.append(buffer.data(), write_csv_field(buffer.data(), field, guard));
}

char* write_csv_field(char* out, std::string_view field, CsvGuard guard) {
  const bool guarded = guard == CsvGuard::formulas && csv_formula_start(field);
  // One pass over the bytes (find_first_of would search the four specials once per byte).
  if (!guarded &&
      std::none_of(field.begin(), field.end(), [](char c) { return c == ',' || c == '"' || c == '\r' || c == '\n'; }))
    return std::copy(field.begin(), field.end(), out);
  *out++ = '"';
  if (guarded) *out++ = '\'';
  for (char c : field) {
    if (c == '"') *out++ = '"';
    *out++ = c;
  }
  *out++ = '"';
  return out;
}

void append_csv_json_field(std::string& out, const ExportRecord& record, RowPart part) {
  out += '"';
  record.scanned().append_json(part, out, JsonQuoting::csv_doubled);
  out += '"';
}

void append_csv_key_and_row_fields(std::string& out, const ExportRecord& record) {
  out += '"';
  record.scanned().append_key_and_row("\",\"", out, JsonQuoting::csv_doubled);
  out += '"';
}

}  // namespace interstice::sdk
