#pragma once
// The models behind attribute(), which has checked the options and the paths
// (non-negative finite numbers, at least one touch, some conversions).

#include "kpilot/attribution.hpp"

namespace kpilot::attribution {

// first touch .. W-shaped: each path's touches get shares summing to 1.
Result<Attribution> attribute_by_touch_shares(const PathSet& paths, Model model, const ModelOptions& options);
Result<Attribution> attribute_by_removal_effect(const PathSet& paths, const ModelOptions& options);
Result<Attribution> attribute_by_shapley_value(const PathSet& paths);

// Shares the totals out in proportion to the channels' weights (which sum to more than 0).
void share_in_proportion(Attribution& result, const std::vector<double>& weights);

}  // namespace kpilot::attribution
