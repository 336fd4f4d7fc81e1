// Exporter tier (c): an exporter made of one function (plus fixed header and footer text), for
// the simplest formats. See exporter.hpp for the other tiers.
#pragma once

#include "interstice/sdk/exporter.hpp"

#include <functional>
#include <string>
#include <utility>

namespace interstice::sdk {

class BOOST_SYMBOL_VISIBLE FunctionExporter : public TextExporter {
 public:
  using WriteFunction = std::function<void(const ExportRecord&, std::string&)>;
  explicit FunctionExporter(WriteFunction write, std::string header_text = {}, std::string footer_text = {})
      : write_(std::move(write)), header_(std::move(header_text)), footer_(std::move(footer_text)) {}

 protected:
  void header(ExportState&, const ExportTarget&, std::string& out) const override { out += header_; }
  void write_record(ExportState&, const ExportRecord& record, std::string& out) const override { write_(record, out); }
  void footer(ExportState&, std::string& out, std::uint64_t) const override { out += footer_; }

 private:
  WriteFunction write_;
  std::string header_;
  std::string footer_;
};

}  // namespace interstice::sdk

/// Exports an exporter made from a function:
///
///     INTERSTICE_EXPORTER_FUNCTION("keys", "1.0.0", "One primary key per line",
///         [](const interstice::sdk::ExportRecord& r, std::string& out) { out += r.view.table; out += '\n'; })
#define INTERSTICE_EXPORTER_FUNCTION(Id, Version, Description, ...)                          \
  namespace {                                                                               \
  struct IntersticeFunctionExporter final : ::interstice::sdk::FunctionExporter {          \
    IntersticeFunctionExporter() : ::interstice::sdk::FunctionExporter(__VA_ARGS__) {}     \
  };                                                                                        \
  }                                                                                         \
  INTERSTICE_PLUGIN(IntersticeFunctionExporter, Id, Version, Description)
