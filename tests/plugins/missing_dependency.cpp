// Broken on purpose: needs libinterstice_test_vanishing.so, which is not on the loader's path.
#include "interstice/sdk/document_format.hpp"
#include "interstice/sdk/output_format.hpp"

extern "C" int interstice_test_vanishing_answer();

namespace {
class NeedsALibrary final : public interstice::sdk::DocumentFormat {
 public:
  void render(const interstice::sdk::Report&, std::ostream& out, const interstice::sdk::RenderOptions&) const override {
    out << interstice_test_vanishing_answer() << '\n';
  }
};
}  // namespace

INTERSTICE_PLUGIN(NeedsALibrary, "needs-a-library", "1.0.0", "an output format whose dependency is missing")
