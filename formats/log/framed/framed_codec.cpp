// The `framed` log-codec plugin: the Interstice runtime's own transaction log (u32 length +
// postcard Transaction), one variant per generation g1..g4, each read and written.
#include "framed_reader.hpp"
#include "framed_writer.hpp"
#include "generation.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/log_codec.hpp"

#include <fmt/format.h>

namespace {

namespace framed = interstice::framed;
namespace sdk = interstice::sdk;

class FramedCodec final : public sdk::LogCodec {
 public:
  std::vector<sdk::LogVariant> variants() const override {
    std::vector<sdk::LogVariant> out;
    for (const auto& g : framed::generations()) out.push_back({std::string(g.id), std::string(g.description)});
    return out;
  }

  std::unique_ptr<sdk::LogReader> open(sdk::LogInput& input, std::string_view variant) const override {
    return std::make_unique<framed::FramedReader>(input, generation(variant));
  }

  std::unique_ptr<sdk::LogWriter> writer(std::ostream& out, std::string_view variant) const override {
    return std::make_unique<framed::FramedWriter>(out, generation(variant));
  }

 private:
  static const framed::Generation& generation(std::string_view variant) {
    const auto* generation = framed::find_generation(variant);
    if (generation == nullptr) {
      std::string known;
      for (const auto& g : framed::generations()) known += (known.empty() ? "" : ", ") + std::string(g.id);
      throw sdk::Error::usage(fmt::format("the framed codec has no variant '{}' (known: {})", variant, known));
    }
    return *generation;
  }
};

}  // namespace

INTERSTICE_PLUGIN(FramedCodec, "framed", INTERSTICE_PLUGIN_VERSION,
                  "Reads and writes the Interstice runtime's framed transaction log (u32 length + postcard), generations g1-g4")
