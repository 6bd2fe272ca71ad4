#include "kpilot/units.hpp"

#include <array>
#include <utility>

namespace kpilot {

namespace {
constexpr std::array unit_names{
    std::pair{Unit::ratio, "ratio"},   std::pair{Unit::multiple, "multiple"}, std::pair{Unit::currency, "currency"},
    std::pair{Unit::count, "count"},   std::pair{Unit::days, "days"},         std::pair{Unit::hours, "hours"},
    std::pair{Unit::months, "months"}, std::pair{Unit::years, "years"},       std::pair{Unit::duration, "duration"},
    std::pair{Unit::date, "date"},     std::pair{Unit::score, "score"},       std::pair{Unit::text, "text"},
    std::pair{Unit::status, "status"}, std::pair{Unit::any, "any"},
};
}  // namespace

std::string_view to_string(Unit unit) {
    for (const auto& [u, name] : unit_names)
        if (u == unit) return name;
    return "?";
}

std::optional<Unit> unit_from_string(std::string_view name) {
    for (const auto& [u, n] : unit_names)
        if (name == n) return u;
    return std::nullopt;
}

std::string_view to_string(Direction direction) {
    return direction == Direction::higher_is_better ? "higher is better" : "lower is better";
}

std::string_view to_string(Family family) {
    switch (family) {
        case Family::activity: return "activity";
        case Family::efficiency: return "efficiency";
        case Family::outcome: return "outcome";
        case Family::qualitative: return "qualitative";
    }
    return "?";
}

std::string_view to_string(Timing timing) { return timing == Timing::leading ? "leading" : "lagging"; }

bool is_additive(Unit unit) {
    return unit == Unit::currency || unit == Unit::count || unit == Unit::duration;
}

}  // namespace kpilot
