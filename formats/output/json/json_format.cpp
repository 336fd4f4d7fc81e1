// The `json` output format: the report's data, pretty-printed, exactly as commands document it.
#include "interstice/sdk/json_text.hpp"
#include "interstice/sdk/output_format.hpp"

namespace {

class JsonFormat final : public interstice::sdk::OutputFormat {
 public:
  void render(const interstice::sdk::Report& report, std::ostream& out,
              const interstice::sdk::RenderOptions&) const override {
    interstice::sdk::write_json(out, report.data, 2);
    out << '\n';
  }
};

}  // namespace

INTERSTICE_PLUGIN(JsonFormat, "json", INTERSTICE_PLUGIN_VERSION, "Pretty-printed JSON: the machine-readable result of any command")
