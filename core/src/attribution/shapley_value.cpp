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

void ShapleyCredit::add(const Path& path) {
    if (path.conversions == 0.0 && path.value == 0.0) return;
    members_.assign(path.touches.begin(), path.touches.end());
    std::sort(members_.begin(), members_.end());
    members_.erase(std::unique(members_.begin(), members_.end()), members_.end());
    const double share = 1.0 / static_cast<double>(members_.size());
    if (members_.back() >= credits_.size()) credits_.resize(members_.back() + std::size_t{1});
    for (ChannelId c : members_) {
        credits_[c].conversions += share * path.conversions;
        credits_[c].value += share * path.value;
    }
    total_conversions_ += path.conversions;
    total_value_ += path.value;
}

Result<Attribution> ShapleyCredit::finish(std::size_t channels) && {
    Attribution result;
    result.model = Model::shapley;
    result.channels = std::move(credits_);
    result.channels.resize(channels);
    result.total_conversions = total_conversions_;
    result.total_value = total_value_;
    return result;
}

}  // namespace kpilot::attribution
