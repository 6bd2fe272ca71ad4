#include <cmath>

#include "models.hpp"

namespace kpilot::attribution {

namespace {

Error bad_option(const std::string& what) { return Error{ErrorKind::num, what}; }

bool is_share(double x) { return std::isfinite(x) && x >= 0.0 && x <= 1.0; }

// Paths as attribute() takes them: numbers finite and not negative, at least one touch.
std::optional<Error> problem_in(const PathSet& paths) {
    const auto& all = paths.paths();
    for (std::size_t p = 0; p < all.size(); ++p) {
        const Path& path = all[p];
        auto name = [p] { return "path " + std::to_string(p + 1); };
        if (path.touches.empty()) return Error{ErrorKind::value, name() + " has no touches"};
        for (double x : {path.conversions, path.value, path.nulls})
            if (!std::isfinite(x) || x < 0.0)
                return Error{ErrorKind::num, name() + ": conversions, value and nulls cannot be negative"};
        for (ChannelId c : path.touches)
            if (c >= paths.channels().size()) return Error{ErrorKind::value, name() + " names an unknown channel"};
    }
    return std::nullopt;
}

}  // namespace

Result<bool> check_options(const ModelOptions& o) {
    if (!is_share(o.position_first) || !is_share(o.position_last) || o.position_first + o.position_last > 1.0 ||
        o.position_first + o.position_last <= 0.0)
        return bad_option("position-based shares of the first and last touch must be between 0 and 1, summing to "
                          "more than 0 and at most 1");
    if (!std::isfinite(o.half_life_days) || o.half_life_days <= 0.0)
        return bad_option("the time-decay half-life must be more than 0 days");
    const double w = o.w_first + o.w_lead + o.w_opportunity;
    if (!is_share(o.w_first) || !is_share(o.w_lead) || !is_share(o.w_opportunity) || w > 1.0 || w <= 0.0)
        return bad_option("W-shaped shares of the first, lead and opportunity touches must be between 0 and 1, "
                          "summing to more than 0 and at most 1");
    if (o.markov_order < 1 || o.markov_order > 4) return bad_option("the Markov order must be 1, 2, 3 or 4");
    return true;
}

Result<Attribution> attribute(const PathSet& paths, Model model, const ModelOptions& options) {
    if (auto ok = check_options(options); !ok) return ok.error();
    if (auto problem = problem_in(paths)) return *problem;
    if (paths.total_conversions() <= 0.0)
        return Error{ErrorKind::div0, "the paths hold no conversions: there is nothing to attribute"};
    switch (model) {
        case Model::markov: return attribute_by_removal_effect(paths, options);
        case Model::shapley: return attribute_by_shapley_value(paths);
        default: return attribute_by_touch_shares(paths, model, options);
    }
}

}  // namespace kpilot::attribution
