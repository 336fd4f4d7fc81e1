// A library the `missing_dependency` plugin links against; the test never puts it where the
// dynamic loader looks, so loading that plugin fails on a missing dependency.
#include <boost/config.hpp>

extern "C" BOOST_SYMBOL_EXPORT int interstice_test_vanishing_answer() { return 42; }
