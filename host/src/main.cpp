// Entry point of the `interstice` executable.
#include "app.hpp"

#include <string>
#include <vector>

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  return interstice::host::run_interstice(args);
}
