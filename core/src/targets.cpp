#include "kpilot/targets.hpp"

#include "kpis/kpi_math.hpp"

namespace kpilot {

std::string_view to_string(Status status) {
    switch (status) {
        case Status::on_track: return "on track";
        case Status::at_risk: return "at risk";
        case Status::off_track: return "off track";
    }
    return "";
}

Result<double> attainment(double actual, double target, Direction direction) {
    if (target < 0) return kpis::out_of_domain("target must be >= 0, got " + kpis::number_text(target));
    if (direction == Direction::higher_is_better) {
        if (target == 0) return kpis::division_by_zero("target");
        return actual / target;
    }
    if (actual < 0)
        return kpis::out_of_domain("actual must be >= 0 when lower is better, got " + kpis::number_text(actual));
    if (actual == 0) return kpis::division_by_zero("actual (lower is better, so attainment is target / actual)");
    return target / actual;
}

Result<Status> status_against_target(double actual, double target, Direction direction, StatusThresholds thresholds) {
    if (thresholds.on_track_at <= 0 || thresholds.at_risk_at <= 0)
        return kpis::out_of_domain("status thresholds must be above 0");
    if (thresholds.at_risk_at > thresholds.on_track_at)
        return kpis::out_of_domain("at_risk_at (" + kpis::number_text(thresholds.at_risk_at) +
                                   ") cannot exceed on_track_at (" + kpis::number_text(thresholds.on_track_at) + ")");
    // Nothing beats zero when lower is better, although target / 0 has no value.
    if (direction == Direction::lower_is_better && actual == 0 && target >= 0) return Status::on_track;
    auto ratio = attainment(actual, target, direction);
    if (!ratio) return ratio.error();
    if (ratio.value() >= thresholds.on_track_at) return Status::on_track;
    if (ratio.value() >= thresholds.at_risk_at) return Status::at_risk;
    return Status::off_track;
}

}  // namespace kpilot
