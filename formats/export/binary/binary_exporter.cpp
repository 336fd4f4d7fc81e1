// The `binary` exporter: the selected records as a valid `interstice-v1` log, so a filtered
// export can be read, inspected or replayed by every tool that reads logs.
//
// From an interstice-v1 source each record's stored bytes are copied verbatim: the copy keeps the
// original CRC and timestamp and is byte-identical to the source record. Any other source (a
// framed log) is re-encoded by the interstice-v1 codec's writer, which the host loaded as a
// plugin; framed logs carry no timestamps, so those records get timestamp 0, and a value v1 has no
// tag for (a Struct, say) fails the export naming the record.
#include "interstice/sdk/atomic_file.hpp"
#include "interstice/sdk/error.hpp"
#include "interstice/sdk/exporter.hpp"
#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/plugin_catalog.hpp"
#include "interstice/sdk/transaction.hpp"

#include <fmt/format.h>

namespace {

namespace sdk = interstice::sdk;

constexpr std::string_view kFormat = "interstice-v1";

std::unique_ptr<sdk::LogWriter> v1_writer(const sdk::ExportTarget& target) {
  const auto* codec = target.plugins ? target.plugins->find<sdk::LogCodec>(kFormat) : nullptr;
  auto writer = codec ? codec->writer(target.stream, kFormat) : nullptr;
  if (!writer)
    throw sdk::Error::input(fmt::format("the binary exporter needs the {} log codec to write {}, and it is not loaded",
                                        kFormat, target.final_path.string()));
  return writer;
}

class BinarySession final : public sdk::ExportSession {
 public:
  explicit BinarySession(const sdk::ExportTarget& target)
      : target_(target), writer_(v1_writer(target)), copy_raw_(target.source_format == kFormat) {}

  void write(const sdk::ExportRecord& record) override {
    if (copy_raw_ && !record.view.raw.empty()) {
      target_.stream.write(reinterpret_cast<const char*>(record.view.raw.data()),
                           static_cast<std::streamsize>(record.view.raw.size()));
      if (!target_.stream) throw write_error();
      return;
    }
    try {
      writer_->write(record.transaction());
    } catch (const sdk::Error& error) {
      // The writer knows the record's index only; say which file and byte it came from.
      auto location = error.location();
      if (location.file.empty()) location.file = target_.source_path;
      if (!location.record_index) location.record_index = record.view.index;
      if (!location.byte_offset) location.byte_offset = record.view.offset;
      throw sdk::Error(error.kind(), fmt::format("cannot export to {}: {}", kFormat, error.message()),
                       std::move(location));
    }
  }

  void end() override {
    writer_->finish();  // flushes target_.stream, which raw copies share
    if (!target_.stream) throw write_error();
  }

 private:
  sdk::Error write_error() const {
    return sdk::Error::input("could not write the export: " + sdk::write_failure_reason(),
                             sdk::Location::in_file(target_.final_path.string()));
  }

  const sdk::ExportTarget& target_;
  std::unique_ptr<sdk::LogWriter> writer_;
  bool copy_raw_;
};

class BinaryExporter final : public sdk::Exporter {
 public:
  std::unique_ptr<sdk::ExportSession> begin(const sdk::ExportTarget& target) override {
    return std::make_unique<BinarySession>(target);
  }
};

}  // namespace

INTERSTICE_PLUGIN(BinaryExporter, "binary", INTERSTICE_PLUGIN_VERSION,
                  "An interstice-v1 log holding exactly the selected records (byte-exact from v1 logs)")
