// Cancellation for plugins: the one Ctrl-C flag the SDK keeps (log_scan.hpp's InterruptScope).
#include "process_services.hpp"

#include "interstice/sdk/log_scan.hpp"

namespace interstice::host {

bool ProcessServices::cancelled() const { return sdk::InterruptScope::interrupted(); }

}  // namespace interstice::host
