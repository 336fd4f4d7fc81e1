# Included by the top-level CMakeLists.txt when INTERSTICE_FUZZ is ON, before any target exists:
# every target (SDK, host, plugins, tests, harnesses) is then built with clang's coverage
# instrumentation for libFuzzer and with ASan + UBSan, so a plugin dlopen'ed into an instrumented
# host (or harness) is instrumented too. With INTERSTICE_FUZZ OFF (the default) nothing here
# runs and the build's flags are the usual ones.
#
#   cmake -S . -B build-fuzz -G Ninja -DINTERSTICE_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++-16
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "INTERSTICE_FUZZ needs clang (libFuzzer): -DCMAKE_CXX_COMPILER=clang++-16")
endif()
# -fno-sanitize-recover: undefined behaviour aborts like an ASan report, so libFuzzer keeps the
# input and a test fails, instead of a line on stderr that nobody reads.
set(INTERSTICE_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
add_compile_options(-fsanitize=fuzzer-no-link ${INTERSTICE_SANITIZER_FLAGS})
add_link_options(-fsanitize=fuzzer-no-link ${INTERSTICE_SANITIZER_FLAGS})
