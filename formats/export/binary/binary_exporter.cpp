// The `binary` exporter: the selected records as a valid log in the source's own format and
// variant, so a filtered export can be read, inspected or replayed by every tool that reads logs,
// and every log that can be read can be exported.
//
// Records are copied verbatim when the output format is the source's: an interstice-v1 record
// keeps its CRC and timestamp, and a framed record (u32 length + postcard payload, with no file
// header, sequence number or checksum: spec §2) is a valid record wherever it sits, so any
// selection of them back to back is a valid log of the same generation. `--as FORMAT` asks for
// another writable format (e.g. `--as interstice-v1`); records are then re-encoded by that
// format's codec writer, which fails naming the record and the value when a value has no
// encoding there (a Struct in v1, say).
#include "interstice/sdk/atomic_file.hpp"
#include "interstice/sdk/error.hpp"
#include "interstice/sdk/exporter.hpp"
#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/plugin_catalog.hpp"
#include "interstice/sdk/transaction.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace {

namespace sdk = interstice::sdk;

constexpr std::string_view kAs = "as";

bool offers(const sdk::LogCodec& codec, std::string_view format) {
  const auto variants = codec.variants();
  return std::ranges::any_of(variants, [&](const sdk::LogVariant& v) { return v.id == format; });
}

/// A writer for `format`: the source's codec when it offers that variant, else any loaded codec
/// that does; nullptr when none can write it.
std::unique_ptr<sdk::LogWriter> writer_for(const sdk::ExportTarget& target, std::string_view format) {
  if (target.source_codec && offers(*target.source_codec, format))
    if (auto writer = target.source_codec->writer(target.stream, format)) return writer;
  if (!target.plugins) return nullptr;
  for (const auto& info : target.plugins->list(sdk::LogCodec::kind)) {
    const auto* codec = target.plugins->find<sdk::LogCodec>(info.id);
    if (codec && offers(*codec, format))
      if (auto writer = codec->writer(target.stream, format)) return writer;
  }
  return nullptr;
}

/// Every format a loaded codec can write, for the error that names an unknown `--as`.
std::string writable_formats(const sdk::ExportTarget& target) {
  std::string out;
  if (target.plugins)
    for (const auto& info : target.plugins->list(sdk::LogCodec::kind))
      if (const auto* codec = target.plugins->find<sdk::LogCodec>(info.id))
        for (const auto& variant : codec->variants())
          if (codec->writer(target.stream, variant.id)) out += (out.empty() ? "" : ", ") + variant.id;
  return out.empty() ? "none loaded" : out;
}

class BinarySession final : public sdk::ExportSession {
 public:
  explicit BinarySession(const sdk::ExportTarget& target)
      : target_(target), format_(output_format(target)), copy_raw_(format_ == target.source_format) {
    writer_ = writer_for(target, format_);
    if (writer_ || copy_raw_) return;
    if (target.options.contains(kAs))
      throw sdk::Error::usage(fmt::format("--as {}: no loaded log codec writes that format (writable: {})", format_,
                                          writable_formats(target)));
    throw sdk::Error::input(fmt::format("the binary exporter needs the {} log codec to write {}, and it is not loaded",
                                        format_, target.final_path.string()));
  }

  void write(const sdk::ExportRecord& record) override {
    if (copy_raw_ && !record.view.raw.empty()) {
      target_.stream.write(reinterpret_cast<const char*>(record.view.raw.data()),
                           static_cast<std::streamsize>(record.view.raw.size()));
      if (!target_.stream) throw write_error();
      return;
    }
    if (!writer_)
      throw sdk::Error::input(fmt::format("the binary exporter needs the {} log codec to re-encode a record", format_),
                              sdk::Location::at_record(target_.source_path, record.view.index, record.view.offset));
    try {
      writer_->write(record.transaction());
    } catch (const sdk::Error& error) {
      // The writer knows the record's index only; say which file and byte it came from.
      auto location = error.location();
      if (location.file.empty()) location.file = target_.source_path;
      if (!location.record_index) location.record_index = record.view.index;
      if (!location.byte_offset) location.byte_offset = record.view.offset;
      throw sdk::Error(error.kind(), fmt::format("cannot export to {}: {}", format_, error.message()),
                       std::move(location));
    }
  }

  void end() override {
    if (writer_) writer_->finish();  // flushes target_.stream, which raw copies share
    target_.stream.flush();
    if (!target_.stream) throw write_error();
  }

 private:
  static std::string output_format(const sdk::ExportTarget& target) {
    const auto as = target.options.find(kAs);
    return as != target.options.end() ? as->second : target.source_format;
  }

  sdk::Error write_error() const {
    return sdk::Error::input("could not write the export: " + sdk::write_failure_reason(),
                             sdk::Location::in_file(target_.final_path.string()));
  }

  const sdk::ExportTarget& target_;
  std::string format_;  ///< the variant written: the source's, or `--as`
  bool copy_raw_;
  std::unique_ptr<sdk::LogWriter> writer_;  ///< nullptr only when copying and no codec can write
};

class BinaryExporter final : public sdk::Exporter {
 public:
  std::unique_ptr<sdk::ExportSession> begin(const sdk::ExportTarget& target) override {
    return std::make_unique<BinarySession>(target);
  }

  std::vector<sdk::ExporterOption> options() const override {
    return {{.name = std::string(kAs),
             .help = "write this log format instead of the source's own (e.g. interstice-v1, framed-g3)",
             .value_name = "FORMAT"}};
  }
};

}  // namespace

INTERSTICE_PLUGIN(BinaryExporter, "binary", INTERSTICE_PLUGIN_VERSION,
                  "A log in the source's own format holding exactly the selected records (byte-exact copies)")
