// `fuzz-replay HARNESS PATH...`: runs one harness over saved inputs, each file one input, a
// directory every file in it (sorted). The CTest tests fuzz_replay_<harness> run it over the
// committed seeds (fuzz/corpus) and every input a fuzzer once crashed on (fuzz/regressions), so
// the normal build checks the harnesses' properties without libFuzzer. A missing directory is
// skipped (a harness may have no regressions yet). Exit 0 when every input passed; a failing
// property aborts, naming the harness and the file just before it.
#include "harness.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::vector<unsigned char> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<fs::path> inputs_in(const fs::path& path) {
  std::vector<fs::path> files;
  if (fs::is_directory(path)) {
    for (const auto& entry : fs::directory_iterator(path))
      if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
  } else if (fs::exists(path)) {
    files.push_back(path);
  }
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: fuzz-replay HARNESS [FILE|DIR]...\nharnesses:");
    for (const auto& name : interstice::fuzz::target_names()) std::fprintf(stderr, " %s", name.c_str());
    std::fprintf(stderr, "\n");
    return 2;
  }
  const auto target = interstice::fuzz::find_target(argv[1]);
  if (!target) {
    std::fprintf(stderr, "fuzz-replay: no harness named %s\n", argv[1]);
    return 2;
  }
  std::size_t count = 0;
  for (int i = 2; i < argc; ++i) {
    for (const auto& file : inputs_in(argv[i])) {
      std::fprintf(stderr, "%s: %s\n", argv[1], file.c_str());
      const auto bytes = read_file(file);
      target(bytes);
      ++count;
    }
  }
  std::printf("%s: %zu inputs passed\n", argv[1], count);
  return 0;
}
