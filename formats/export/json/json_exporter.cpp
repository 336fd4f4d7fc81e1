// The `json` exporter: one JSON array of record objects, the same objects `log-query` prints in
// its `transactions` (record_json.hpp), one per line so large exports stay diffable. The output
// is a valid document even when no record matched (`[]`).
//
// Each record is its own text (`\n{...}`), the `,` between records is the base class's
// separator and the footer is told how many records came, so the exporter keeps no state and
// its records are formatted on every spare CPU.
#include "interstice/sdk/exporter.hpp"

namespace {

namespace sdk = interstice::sdk;

class JsonExporter final : public sdk::TextExporter {
 public:
  JsonExporter() : TextExporter({.independent_records = true, .separator = ","}) {}

 protected:
  void header(sdk::ExportState&, const sdk::ExportTarget&, std::string& out) const override { out += '['; }

  void write_record(sdk::ExportState&, const sdk::ExportRecord& record, std::string& out) const override {
    out += '\n';
    sdk::append_record_json(out, record);
  }

  void footer(sdk::ExportState&, std::string& out, std::uint64_t records) const override {
    out += records == 0 ? "]\n" : "\n]\n";
  }
};

}  // namespace

INTERSTICE_PLUGIN(JsonExporter, "json", INTERSTICE_PLUGIN_VERSION, "One JSON array of record objects (the log-query record shape)")
