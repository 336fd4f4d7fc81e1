// The `ndjson` exporter: one record object per line, exactly the objects `log-query` prints in
// its `transactions` (record_json.hpp), so `jq`, `grep` and line-oriented tools can stream them.
#include "interstice/sdk/exporter.hpp"

namespace {

namespace sdk = interstice::sdk;

class NdjsonExporter final : public sdk::TextExporter {
 public:
  NdjsonExporter() : TextExporter({.independent_records = true}) {}

 protected:
  void write_record(sdk::ExportState&, const sdk::ExportRecord& record, std::string& out) const override {
    sdk::append_record_json(out, record);
    out += '\n';
  }
};

}  // namespace

INTERSTICE_PLUGIN(NdjsonExporter, "ndjson", INTERSTICE_PLUGIN_VERSION, "Newline-delimited JSON: one record object per line")
