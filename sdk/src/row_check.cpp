// placeholder
#include "interstice/sdk/row_check.hpp"
