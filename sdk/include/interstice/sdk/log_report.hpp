// The JSON pieces every log command reports the same way: which format was read (and why), and
// where a reader stopped. One definition, so `format` and damage objects never drift apart
// between log-inspect, log-query, log-export, validate --log and schema --log.
#pragma once

#include "interstice/sdk/log_codec.hpp"
#include "interstice/sdk/log_open.hpp"
#include "interstice/sdk/replay_anomalies.hpp"

#include <boost/json/object.hpp>

namespace interstice::sdk {

/// `{"codec":"framed","variant":"framed-g2","generation":"g2","detected_by":"..."}`
INTERSTICE_SDK_API boost::json::object format_json(const OpenedLog& log);

/// `{"index":…,"offset":…,"reason":"…","truncated":false}`
INTERSTICE_SDK_API boost::json::object damage_json(const LogDamage& damage);

/// `{"delete_missing_key":0,...}`: every kind, in the fixtures' `replay_anomalies` order.
INTERSTICE_SDK_API boost::json::object anomalies_json(const ReplayAnomalies& anomalies);

}  // namespace interstice::sdk
