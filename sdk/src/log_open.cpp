// placeholder
#include "interstice/sdk/log_open.hpp"
