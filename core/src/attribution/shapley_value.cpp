// Shapley value of the game v(S) = conversions of the paths whose channels
// all lie in S. That game is a sum of unanimity games, one per path's
// channel set T with weight conversions(T), and the Shapley value of a
// unanimity game splits its weight evenly among T's members (Harsanyi).
// So the exact value needs one pass over the paths, for any number of
// channels: no sampling, no error bound. tests/attribution checks it
// against the definition's sum over all coalitions.
#include <algorithm>

#include "models.hpp"

namespace kpilot::attribution {

Result<Attribution> attribute_by_shapley_value(const PathSet& paths) {
    Attribution result;
    result.model = Model::shapley;
    result.channels.assign(paths.channels().size(), {});
    std::vector<ChannelId> members;
    for (const Path& path : paths.paths()) {
        if (path.conversions == 0.0 && path.value == 0.0) continue;
        members.assign(path.touches.begin(), path.touches.end());
        std::sort(members.begin(), members.end());
        members.erase(std::unique(members.begin(), members.end()), members.end());
        const double share = 1.0 / static_cast<double>(members.size());
        for (ChannelId c : members) {
            result.channels[c].conversions += share * path.conversions;
            result.channels[c].value += share * path.value;
        }
        result.total_conversions += path.conversions;
        result.total_value += path.value;
    }
    return result;
}

}  // namespace kpilot::attribution
