// Broken on purpose: a perfectly good shared library that is not an Interstice plugin.
#include <boost/config.hpp>

extern "C" BOOST_SYMBOL_EXPORT int some_other_library_function() { return 42; }
