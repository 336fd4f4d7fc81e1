// Shared JSON for log formats, damage and replay anomalies (see log_report.hpp).
#include "interstice/sdk/log_report.hpp"

namespace interstice::sdk {

boost::json::object format_json(const OpenedLog& log) {
  // The generation is the variant's last dash-separated part: "v1", "g2".
  auto generation = log.variant;
  if (auto dash = generation.rfind('-'); dash != std::string::npos) generation = generation.substr(dash + 1);
  return {{"codec", log.codec_id}, {"variant", log.variant}, {"generation", generation}, {"detected_by", log.how}};
}

boost::json::object damage_json(const LogDamage& damage) {
  return {{"index", damage.index}, {"offset", damage.offset}, {"reason", damage.reason},
          {"truncated", damage.incomplete}};
}

boost::json::object anomalies_json(const ReplayAnomalies& anomalies) {
  boost::json::object out;
  for (std::size_t i = 0; i < kAnomalyKinds; ++i) {
    const auto kind = static_cast<Anomaly>(i);
    out[anomaly_name(kind)] = anomalies[kind];
  }
  return out;
}

}  // namespace interstice::sdk
