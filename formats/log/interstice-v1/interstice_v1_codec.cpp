// The `interstice-v1` log-codec plugin: the runtime's own transaction-log format, readable and
// writable. Everything format-specific lives in the reader, parser and writer beside this file.
#include "v1_reader.hpp"
#include "v1_writer.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/log_codec.hpp"

#include <fmt/format.h>

namespace interstice::v1_codec {

namespace {

void require_variant(std::string_view variant) {
  if (variant != kVariantId)
    throw sdk::Error::usage(
        fmt::format("log codec interstice-v1 has no variant '{}' (it has: {})", variant, kVariantId));
}

class V1Codec final : public sdk::LogCodec {
 public:
  std::vector<sdk::LogVariant> variants() const override {
    return {{std::string(kVariantId),
             "Interstice transaction log v1: bincode rows, a CRC-32 per record (the runtime's own log)"}};
  }

  std::unique_ptr<sdk::LogReader> open(sdk::LogInput& input, std::string_view variant) const override {
    require_variant(variant);
    return std::make_unique<V1Reader>(input);
  }

  std::unique_ptr<sdk::LogWriter> writer(std::ostream& out, std::string_view variant) const override {
    require_variant(variant);
    return std::make_unique<V1Writer>(out);
  }
};

}  // namespace

}  // namespace interstice::v1_codec

INTERSTICE_PLUGIN(interstice::v1_codec::V1Codec, "interstice-v1", INTERSTICE_PLUGIN_VERSION,
                  "Reads and writes the Interstice runtime's transaction log v1")
