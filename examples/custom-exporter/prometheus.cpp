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

class Prometheus final : public sdk::TextExporter {
  std::map<std::tuple<std::string, std::string, std::string_view>, std::uint64_t> counts_;  // not records
  void header(const sdk::ExportTarget&, std::string& out) override {
    counts_.clear();
    out += "# HELP interstice_log_records_total Log records by module, table and operation.\n"
           "# TYPE interstice_log_records_total counter\n";
  }
  void write_record(const sdk::ExportRecord& r, std::string&) override {
    ++counts_[{std::string(r.view.module), std::string(r.view.table), sdk::to_lower_string(r.view.operation)}];
  }
  void footer(std::string& out, std::uint64_t) override {
    for (const auto& [key, count] : counts_) {
      const auto& [module, table, operation] = key;
      out += "interstice_log_records_total{module=\"" + escaped(module) + "\",table=\"" + escaped(table) +
             "\",operation=\"" + escaped(operation) + "\"} " + std::to_string(count) + "\n";
    }
  }
};
}  // namespace

INTERSTICE_PLUGIN(Prometheus, "prometheus", "1.0.0", "Per-table record counts as Prometheus text")
