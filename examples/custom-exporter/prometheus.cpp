// `interstice log-export LOG --to prometheus --out FILE`: how many records each module, table and
// operation has, as Prometheus text. A third-party exporter: only the SDK, one TextExporter.
#include <interstice/sdk/exporter.hpp>
#include <map>
#include <string>
#include <tuple>

namespace sdk = interstice::sdk;
namespace {
std::string escaped(std::string_view value) {  // a label value: \ " and newline get a backslash
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"' || c == '\n') out += '\\';
    out += c == '\n' ? 'n' : c;
  }
  return out;
}

struct Counts final : sdk::ExportState {  // one per export: the exporter object is shared
  std::map<std::tuple<std::string, std::string, std::string_view>, std::uint64_t> by_key;
};

class Prometheus final : public sdk::TextExporter {
  std::unique_ptr<sdk::ExportState> start(const sdk::ExportTarget&) const override { return std::make_unique<Counts>(); }
  void header(sdk::ExportState&, const sdk::ExportTarget&, std::string& out) const override {
    out += "# HELP interstice_log_records_total Log records by module, table and operation.\n"
           "# TYPE interstice_log_records_total counter\n";
  }
  void write_record(sdk::ExportState& s, const sdk::ExportRecord& r, std::string&) const override {
    ++static_cast<Counts&>(s).by_key[{std::string(r.view.module), std::string(r.view.table), sdk::to_lower_string(r.view.operation)}];
  }
  void footer(sdk::ExportState& s, std::string& out, std::uint64_t) const override {
    for (const auto& [key, count] : static_cast<Counts&>(s).by_key)
      out += "interstice_log_records_total{module=\"" + escaped(std::get<0>(key)) + "\",table=\"" + escaped(std::get<1>(key)) +
             "\",operation=\"" + escaped(std::get<2>(key)) + "\"} " + std::to_string(count) + "\n";
  }
};
}  // namespace

INTERSTICE_PLUGIN(Prometheus, "prometheus", "1.0.0", "Per-table record counts as Prometheus text")
