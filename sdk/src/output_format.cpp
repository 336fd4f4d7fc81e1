// The SDK side of output formats: DocumentFormat's collecting writer (so render-only formats such
// as junit keep one `render` override), the default item_json, and rendering a whole Report.
#include "interstice/sdk/document_format.hpp"
#include "interstice/sdk/error.hpp"
#include "interstice/sdk/output_format.hpp"

#include <boost/json/parse.hpp>

namespace json = boost::json;

namespace interstice::sdk {

namespace {

class DocumentWriter final : public ResultWriter {
 public:
  DocumentWriter(const DocumentFormat& format, std::ostream& out, RenderOptions options)
      : format_(format), out_(out), options_(std::move(options)) {}

  void begin(const Report& header) override { header_ = header; }
  void item(const json::value& item) override { items_.push_back(item); }
  void end(const Report& summary) override {
    format_.render(assemble_report(std::move(header_), std::move(items_), summary), out_, options_);
  }

 private:
  const DocumentFormat& format_;
  std::ostream& out_;
  RenderOptions options_;
  Report header_;
  json::array items_;
};

}  // namespace

void ResultWriter::item_json(std::string_view compact_json) {
  boost::system::error_code ec;
  json::value value = json::parse(compact_json, ec);
  if (ec) throw Error::internal("an item is not valid JSON: " + ec.message());
  item(value);
}

std::unique_ptr<ResultWriter> DocumentFormat::open(std::ostream& out, const RenderOptions& options) const {
  return std::make_unique<DocumentWriter>(*this, out, options);
}

void render_report(const OutputFormat& format, const Report& report, std::ostream& out, const RenderOptions& options) {
  auto writer = format.open(out, options);
  writer->begin(report);
  Report summary;
  summary.outcome = report.outcome;
  writer->end(summary);
}

}  // namespace interstice::sdk
