// The `ndjson` exporter: one record object per line, exactly the objects `log-query` prints in
// its `transactions` (record_json.hpp), so `jq`, `grep` and line-oriented tools can stream them.
#include "interstice/sdk/exporter.hpp"

namespace {

class NdjsonExporter final : public interstice::sdk::TextExporter {
 protected:
  bool formats_records_independently() const override { return true; }

  void write_record(const interstice::sdk::ExportRecord& record, std::string& out) override {
    append_record_json(out, record);
    out += '\n';
  }
};

}  // namespace

INTERSTICE_PLUGIN(NdjsonExporter, "ndjson", INTERSTICE_PLUGIN_VERSION, "Newline-delimited JSON: one record object per line")
