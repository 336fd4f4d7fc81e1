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
# -O1 and line tables only: about half the compile time of -O2 -g with every check instrumented,
# and still the speed and the symbolised stack traces fuzzing needs.
add_compile_options(-fsanitize=fuzzer-no-link ${INTERSTICE_SANITIZER_FLAGS} -O1 -gline-tables-only)
add_link_options(-fsanitize=fuzzer-no-link ${INTERSTICE_SANITIZER_FLAGS})

# An instrumented shared object leaves the __asan_* / __ubsan_* symbols to the executable's
# sanitizer runtime, so it cannot be linked with --no-undefined (clang's AddressSanitizer docs),
# which every plugin is (interstice_add_plugin). Called once every target exists: drops that
# option from the shared libraries and plugins of this build tree only.
function(interstice_fuzz_allow_runtime_symbols directory)
  get_property(targets DIRECTORY ${directory} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target ${targets})
    get_target_property(options ${target} LINK_OPTIONS)
    if(options)
      list(REMOVE_ITEM options "LINKER:--no-undefined")
      set_target_properties(${target} PROPERTIES LINK_OPTIONS "${options}")
    endif()
  endforeach()
  get_property(subdirectories DIRECTORY ${directory} PROPERTY SUBDIRECTORIES)
  foreach(subdirectory ${subdirectories})
    interstice_fuzz_allow_runtime_symbols(${subdirectory})
  endforeach()
endfunction()
