// The `json` exporter: one JSON array of record objects, the same objects `log-query` prints in
// its `transactions` (record_json.hpp), one per line so large exports stay diffable. The output
// is a valid document even when no record matched (`[]`).
#include "interstice/sdk/exporter.hpp"

namespace {

class JsonExporter final : public interstice::sdk::TextExporter {
 protected:
  // The separator depends on whether a record came before, so the exporter keeps that one bit.
  // The host runs one export at a time per plugin object, and `header` starts every session.
  void header(const interstice::sdk::ExportTarget&, std::string& out) override {
    out += '[';
    empty_ = true;
  }

  void write_record(const interstice::sdk::ExportRecord& record, std::string& out) override {
    out += empty_ ? "\n" : ",\n";
    empty_ = false;
    append_record_json(out, record);
  }

  void footer(std::string& out) override { out += empty_ ? "]\n" : "\n]\n"; }

 private:
  bool empty_ = true;
};

}  // namespace

INTERSTICE_PLUGIN(JsonExporter, "json", "0.1.0", "One JSON array of record objects (the log-query record shape)")
