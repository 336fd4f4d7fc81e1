// `interstice word-count <PATH> [FORMAT]`: lines, words and bytes of a file, like `wc`.
// An example third-party command: it includes only the SDK and works with every output format.
#include <interstice/sdk/command.hpp>

#include <cctype>
#include <fstream>
#include <iterator>
#include <string>

namespace sdk = interstice::sdk;

namespace {

class WordCount final : public sdk::Command {
 public:
  void declare(sdk::CommandSyntax& syntax) const override {
    syntax.positional("path", "PATH", "the file to count").trailing_format();
    syntax.options()("min-length", boost::program_options::value<unsigned>()->default_value(1),
                     "count only words at least this many bytes long");
  }

  sdk::Report run(sdk::CommandContext& context) override {
    auto path = context.require<std::string>("path");
    auto min_length = context.require<unsigned>("min-length");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw sdk::Error::input("cannot open file", sdk::Location::in_file(path));
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

    std::uint64_t lines = 0, words = 0, word_length = 0;
    for (char c : text + ' ') {
      if (c == '\n') ++lines;
      if (!std::isspace(static_cast<unsigned char>(c))) {
        ++word_length;
      } else {
        if (word_length >= min_length && word_length > 0) ++words;
        word_length = 0;
      }
    }

    sdk::Report report;
    report.data = boost::json::object{{"path", path}, {"lines", lines}, {"words", words}, {"bytes", text.size()}};
    report.presentation.title = "Word count";
    return report;
  }
};

}  // namespace

INTERSTICE_PLUGIN(WordCount, "word-count", "1.0.0", "Count the lines, words and bytes of a file, like wc")
