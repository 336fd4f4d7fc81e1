// The whole Interstice plugin SDK in one include.
#pragma once

#include "interstice/sdk/abi.hpp"
#include "interstice/sdk/atomic_file.hpp"
#include "interstice/sdk/command.hpp"
#include "interstice/sdk/command_context.hpp"
#include "interstice/sdk/command_syntax.hpp"
#include "interstice/sdk/error.hpp"
#include "interstice/sdk/json_text.hpp"
#include "interstice/sdk/logger.hpp"
#include "interstice/sdk/output_format.hpp"
#include "interstice/sdk/plugin.hpp"
#include "interstice/sdk/plugin_catalog.hpp"
#include "interstice/sdk/progress.hpp"
#include "interstice/sdk/report.hpp"
#include "interstice/sdk/schema.hpp"
#include "interstice/sdk/schema_json.hpp"
#include "interstice/sdk/wording.hpp"
