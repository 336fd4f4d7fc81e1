// The three query writers: streamed JSON (the seed's FilteredLogResult keys), streamed text
// lines, and an in-memory Report for every other output format.
#include "query_writers.hpp"

#include "interstice/sdk/log_report.hpp"
#include "interstice/sdk/record_json.hpp"
#include "interstice/sdk/value_json.hpp"
#include "interstice/sdk/wording.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

namespace json = boost::json;

namespace interstice::log_query {

namespace {

constexpr std::size_t kFlushAt = std::size_t{1} << 20;

json::value stopped_at(const sdk::ScanSummary& summary) {
  return summary.damage ? json::value(sdk::damage_json(*summary.damage)) : json::value(nullptr);
}

std::string summary_line(const QueryFacts& facts, const sdk::ScanSummary& summary) {
  auto text = fmt::format("{} of {} match (filter: {})", summary.matched,
                          sdk::plural(summary.scanned, "transaction"), facts.filter);
  if (summary.damage)
    text += fmt::format("; stopped at damaged record {} (byte {}): {}", summary.damage->index, summary.damage->offset,
                        summary.damage->reason);
  if (summary.interrupted) text += "; interrupted";
  return text;
}

sdk::Outcome outcome(const sdk::ScanSummary& summary) {
  return summary.damage ? sdk::Outcome::problems_found : sdk::Outcome::ok;
}

// Streams `{"file_path":…,"transactions":[…],"total_transactions":…}`: the header and the array
// first, the counts last, since they are known only at the end.
class JsonWriter final : public QueryWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) {}

  void begin(const QueryFacts& facts) override {
    flush_at_ = facts.follow ? 0 : kFlushAt;
    buffer_ += "{\n  \"file_path\": ";
    sdk::append_json_string(buffer_, facts.file);
    buffer_ += ",\n  \"format\": " + json::serialize(sdk::format_json(*facts.log));
    buffer_ += ",\n  \"filter_applied\": ";
    sdk::append_json_string(buffer_, facts.filter);
    buffer_ += ",\n  \"transactions\": [";
  }

  void record(const sdk::ScannedRecord& record) override {
    buffer_ += first_ ? "\n    " : ",\n    ";
    first_ = false;
    sdk::append_record_json(buffer_, record, sdk::data_hash(record.view().row));
    if (buffer_.size() >= flush_at_) flush();
  }

  sdk::Report end(const QueryFacts&, const sdk::ScanSummary& summary) override {
    buffer_ += first_ ? "],\n" : "\n  ],\n";
    buffer_ += fmt::format("  \"total_transactions\": {},\n  \"filtered_count\": {},\n", summary.scanned,
                           summary.matched);
    buffer_ += "  \"stopped_at\": " + json::serialize(stopped_at(summary)) + ",\n";
    buffer_ += fmt::format("  \"interrupted\": {}\n}}\n", summary.interrupted);
    flush();
    sdk::Report report;
    report.written = true;
    report.outcome = outcome(summary);
    return report;
  }

 private:
  void flush() {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    out_.flush();  // with --follow, each block should reach a pipe promptly
    buffer_.clear();
  }

  std::ostream& out_;
  std::string buffer_;
  std::size_t flush_at_ = kFlushAt;
  bool first_ = true;
};

// One line per record, as `tail -f` users want to read them.
class TextWriter final : public QueryWriter {
 public:
  explicit TextWriter(std::ostream& out) : out_(out) {}

  void begin(const QueryFacts& facts) override { follow_ = facts.follow; }

  void record(const sdk::ScannedRecord& record) override {
    const auto& view = record.view();
    line_.clear();
    line_ += fmt::format("#{} @{} {} {}.{}", view.index, view.offset, sdk::to_lower_string(view.operation),
                         view.module, view.table);
    if (view.timestamp) line_ += fmt::format(" t={}", *view.timestamp);
    line_ += " row=";
    record.append_json(sdk::RowPart::row, line_);
    if (record.has_old_row()) {
      line_ += " old_row=";
      record.append_json(sdk::RowPart::old_row, line_);
    }
    line_ += '\n';
    out_ << line_;
    if (follow_) out_.flush();
  }

  sdk::Report end(const QueryFacts& facts, const sdk::ScanSummary& summary) override {
    out_ << summary_line(facts, summary) << '\n';
    out_.flush();
    sdk::Report report;
    report.written = true;
    report.outcome = outcome(summary);
    return report;
  }

 private:
  std::ostream& out_;
  std::string line_;
  bool follow_ = false;
};

// Other formats (yaml, ...) render whole documents, so the records are collected first.
class ReportWriter final : public QueryWriter {
 public:
  void begin(const QueryFacts&) override {}

  void record(const sdk::ScannedRecord& record) override {
    text_.clear();
    sdk::append_record_json(text_, record, sdk::data_hash(record.view().row));
    transactions_.push_back(json::parse(text_));
  }

  sdk::Report end(const QueryFacts& facts, const sdk::ScanSummary& summary) override {
    sdk::Report report;
    report.data = json::object{{"file_path", facts.file},
                               {"format", sdk::format_json(*facts.log)},
                               {"filter_applied", facts.filter},
                               {"transactions", std::move(transactions_)},
                               {"total_transactions", summary.scanned},
                               {"filtered_count", summary.matched},
                               {"stopped_at", stopped_at(summary)},
                               {"interrupted", summary.interrupted}};
    report.presentation.summary = summary_line(facts, summary);
    report.outcome = outcome(summary);
    return report;
  }

 private:
  json::array transactions_;
  std::string text_;
};

}  // namespace

std::unique_ptr<QueryWriter> make_query_writer(const std::string& format, std::ostream& out) {
  if (format == "json") return std::make_unique<JsonWriter>(out);
  if (format == "text") return std::make_unique<TextWriter>(out);
  return std::make_unique<ReportWriter>();
}

}  // namespace interstice::log_query
