// The Markov model: a chain whose states are the last `order` channels of a
// journey, counted from the paths; a channel's removal effect is how much
// the probability of converting falls when journeys reaching it are lost.
#include <algorithm>
#include <memory>
#include <unordered_map>

#include "absorbing_chain.hpp"
#include "models.hpp"

namespace kpilot::attribution {

namespace {

// A state is up to four channel ids, each stored +1 in 16 bits so that an
// empty slot is 0 and "A" differs from "A, A".
using StateKey = std::uint64_t;
constexpr std::uint32_t start_state = 0;

class ChainBuilder {
public:
    explicit ChainBuilder(int order) : order_(order), chain_(1) {}

    // Collapses consecutive repeats, then counts the path's transitions.
    void add(const Path& path, double weight, double conversions, double nulls) {
        collapsed_.clear();
        for (ChannelId c : path.touches)
            if (collapsed_.empty() || collapsed_.back() != c) collapsed_.push_back(c);
        std::uint32_t from = start_state;
        for (std::size_t i = 0; i < collapsed_.size(); ++i) {
            const std::uint32_t to = state_after(i);
            chain_.count_transition(from, to, weight);
            from = to;
        }
        if (conversions > 0.0) chain_.count_conversion(from, conversions);
        if (nulls > 0.0) chain_.count_null(from, nulls);
    }

    // The chain with its counts turned into probabilities.
    AbsorbingChain&& chain() && {
        chain_.normalise();
        return std::move(chain_);
    }

    // Per channel, the states that hold it: those a journey cannot pass once
    // it is removed. One pass over the states, not one per channel.
    std::vector<AbsorbingChain::StateSet> states_by_channel(std::size_t channels) const {
        std::vector<AbsorbingChain::StateSet> holding(channels);
        for (std::size_t s = 0; s < state_channels_.size(); ++s)
            for (ChannelId c : state_channels_[s]) {
                auto& states = holding[c];
                const auto state = static_cast<std::uint32_t>(s + 1);
                if (states.empty() || states.back() != state) states.push_back(state);
            }
        return holding;
    }

private:
    std::uint32_t state_after(std::size_t i) {
        if (order_ == 1) {
            // The common case, without hashing: a state per channel.
            const ChannelId c = collapsed_[i];
            if (c >= first_order_states_.size()) first_order_states_.resize(c + std::size_t{1}, 0);
            if (first_order_states_[c] == 0) first_order_states_[c] = id_of(c + StateKey{1}, i, i);
            return first_order_states_[c];
        }
        const std::size_t first =
            i + 1 >= static_cast<std::size_t>(order_) ? i + 1 - static_cast<std::size_t>(order_) : 0;
        StateKey key = 0;
        for (std::size_t k = first; k <= i; ++k) key = (key << 16) | (collapsed_[k] + StateKey{1});
        return id_of(key, first, i);
    }

    std::uint32_t id_of(StateKey key, std::size_t first, std::size_t last) {
        auto [it, added] = states_.try_emplace(key, 0);
        if (!added) return it->second;
        it->second = chain_.add_state();
        state_channels_.emplace_back(collapsed_.begin() + static_cast<std::ptrdiff_t>(first),
                                     collapsed_.begin() + static_cast<std::ptrdiff_t>(last) + 1);
        return it->second;
    }

    int order_;
    AbsorbingChain chain_;
    std::vector<ChannelId> collapsed_;
    std::unordered_map<StateKey, std::uint32_t> states_;
    std::vector<std::uint32_t> first_order_states_;       // by channel; 0 until met (0 is the start)
    std::vector<std::vector<ChannelId>> state_channels_;  // by state id - 1
};

}  // namespace

struct RemovalEffectCredit::Counts {
    explicit Counts(int order) : chain(order) {}
    ChainBuilder chain;
};

RemovalEffectCredit::RemovalEffectCredit(const ModelOptions& options)
    : use_nulls_(options.markov_use_nulls), counts_(std::make_unique<Counts>(options.markov_order)) {}
RemovalEffectCredit::~RemovalEffectCredit() = default;
RemovalEffectCredit::RemovalEffectCredit(RemovalEffectCredit&&) noexcept = default;

void RemovalEffectCredit::add(const Path& path) {
    const double nulls = use_nulls_ ? path.nulls : 0.0;
    const double journeys = path.conversions + nulls;
    total_conversions_ += path.conversions;
    total_value_ += path.value;
    if (journeys > 0.0) counts_->chain.add(path, journeys, path.conversions, nulls);
}

Result<Attribution> RemovalEffectCredit::finish(std::size_t channels, int order) && {
    if (order > 1 && channels >= 0xFFFF)
        return Error{ErrorKind::num, "a Markov chain of order above 1 takes at most 65534 channels"};
    Attribution result;
    result.model = Model::markov;
    result.total_conversions = total_conversions_;
    result.total_value = total_value_;
    ChainBuilder& builder = counts_->chain;
    const std::vector<AbsorbingChain::StateSet> removals = builder.states_by_channel(channels);
    const AbsorbingChain chain = std::move(builder).chain();
    auto probabilities = chain.conversion_probabilities(start_state, removals);
    if (!probabilities) return probabilities.error();
    const double full = probabilities.value()[0];
    if (full <= 0.0) return Error{ErrorKind::div0, "no journey converts: the removal effects divide by zero"};
    result.conversion_probability = full;
    result.removal_effects.assign(channels, 0.0);
    for (ChannelId c = 0; c < channels; ++c)
        // Rounding can leave a channel no path converts through at -1e-17.
        result.removal_effects[c] = std::max(0.0, 1.0 - probabilities.value()[c + 1] / full);
    double sum = 0.0;
    for (double e : result.removal_effects) sum += e;
    if (sum <= 0.0) return Error{ErrorKind::div0, "every removal effect is zero"};
    share_in_proportion(result, result.removal_effects);
    return result;
}

}  // namespace kpilot::attribution
