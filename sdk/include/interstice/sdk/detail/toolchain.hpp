// The toolchain tag a plugin's descriptor carries (INTERSTICE_SDK_TOOLCHAIN): the compiler, the
// standard library and Boost this translation unit is compiled with. The host refuses a plugin
// whose tag differs from its own. Also pins Boost: plugins must use the host's Boost 1.81.0.
// Implementation detail of abi.hpp and INTERSTICE_PLUGIN; plugin authors never need to read it.
#pragma once

#include <boost/config.hpp>
#include <boost/version.hpp>

#include <version>  // the standard library's own version macros

static_assert(BOOST_VERSION == 108100,
              "Interstice plugins must be built against Boost 1.81.0, the same Boost as the host");

#define INTERSTICE_SDK_STR_(x) #x
#define INTERSTICE_SDK_STR(x) INTERSTICE_SDK_STR_(x)
#if defined(__clang__)
#define INTERSTICE_SDK_COMPILER \
  "clang " INTERSTICE_SDK_STR(__clang_major__) "." INTERSTICE_SDK_STR(__clang_minor__) "." INTERSTICE_SDK_STR(__clang_patchlevel__)
#elif defined(__GNUC__)
#define INTERSTICE_SDK_COMPILER \
  "gcc " INTERSTICE_SDK_STR(__GNUC__) "." INTERSTICE_SDK_STR(__GNUC_MINOR__) "." INTERSTICE_SDK_STR(__GNUC_PATCHLEVEL__)
#else
#define INTERSTICE_SDK_COMPILER "unknown compiler"
#endif
#if defined(_LIBCPP_VERSION)
#define INTERSTICE_SDK_STDLIB "libc++ " INTERSTICE_SDK_STR(_LIBCPP_VERSION)
#elif defined(__GLIBCXX__)
#define INTERSTICE_SDK_STDLIB "libstdc++ " INTERSTICE_SDK_STR(_GLIBCXX_RELEASE) " (" INTERSTICE_SDK_STR(__GLIBCXX__) ")"
#else
#define INTERSTICE_SDK_STDLIB "unknown standard library"
#endif
/// The compiler, standard library and Boost of this translation unit, as one string literal,
/// e.g. "gcc 12.2.0; libstdc++ 12 (20220819); boost 108100".
#define INTERSTICE_SDK_TOOLCHAIN INTERSTICE_SDK_COMPILER "; " INTERSTICE_SDK_STDLIB "; boost " INTERSTICE_SDK_STR(BOOST_VERSION)

/// Marks a function or class defined in the SDK library as part of its exported surface.
#define INTERSTICE_SDK_API BOOST_SYMBOL_VISIBLE
