#pragma once
// Attainment against a target and the on track / at risk / off track status,
// both respecting whether higher or lower is better for the KPI.

#include <string_view>

#include "kpilot/result.hpp"
#include "kpilot/units.hpp"

namespace kpilot {

enum class Status { on_track, at_risk, off_track };
std::string_view to_string(Status status);  // "on track", "at risk", "off track"

struct StatusThresholds {
    double on_track_at = 1.0;  // attainment at or above this is on track
    double at_risk_at = 0.9;   // at or above this (and below on_track_at) is at risk
};

// higher is better: actual / target. lower is better: target / actual, so
// beating a cost target by spending less also reads above 1.
Result<double> attainment(double actual, double target, Direction direction);

// #NUM! when the thresholds are not positive or at_risk_at exceeds on_track_at.
Result<Status> status_against_target(double actual, double target, Direction direction, StatusThresholds thresholds);

}  // namespace kpilot
