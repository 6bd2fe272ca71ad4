// The rule-based models: each gives a path's touches shares that sum to 1,
// and a channel earns its touches' shares of the path's conversions and value.
#include <algorithm>
#include <cctype>
#include <cmath>

#include "models.hpp"

#include "kpilot/text_case.hpp"

namespace kpilot::attribution {

namespace {


}  // namespace

std::string path_name(const Path& path, std::size_t index) {
    if (path.source_line == 0) return "path " + std::to_string(index + 1);
    return std::string(path.source_kind) + " " + std::to_string(path.source_line);
}

class TouchShares {
public:
    TouchShares(const PathSet& channels, Model model, const ModelOptions& options)
        : channels_(channels), model_(model), options_(options) {}

    // Fills shares_ for the path (same length as its touches), or says why it cannot.
    std::optional<Error> share(const Path& path, std::size_t index) {
        const std::size_t n = path.touches.size();
        shares_.assign(n, 0.0);
        switch (model_) {
            case Model::first_touch: shares_.front() = 1.0; return std::nullopt;
            case Model::last_touch: shares_.back() = 1.0; return std::nullopt;
            case Model::last_non_direct_touch: {
                std::size_t k = n;
                while (k > 0 && is_direct(path.touches[k - 1])) --k;
                shares_[k > 0 ? k - 1 : n - 1] = 1.0;
                return std::nullopt;
            }
            case Model::linear:
                std::fill(shares_.begin(), shares_.end(), 1.0 / static_cast<double>(n));
                return std::nullopt;
            case Model::position_based: return position_based(n);
            case Model::time_decay: return time_decay(path, index);
            case Model::w_shaped: return w_shaped(path, index);
            case Model::markov:
            case Model::shapley: break;
        }
        return Error{ErrorKind::value, "not a rule-based model"};
    }

    const std::vector<double>& shares() const { return shares_; }

private:
    // Channels arrive while the paths are read, so whether one is direct is
    // decided the first time it is met.
    bool is_direct(ChannelId c) {
        while (direct_.size() <= c) {
            const std::string& name = channels_.channels()[direct_.size()];
            bool direct = false;
            for (const std::string& d : options_.direct_channels) direct = direct || equal_ignoring_case(name, d);
            direct_.push_back(direct);
        }
        return direct_[c];
    }

    std::optional<Error> position_based(std::size_t n) {
        const double first = options_.position_first, last = options_.position_last;
        if (n == 1) {
            shares_[0] = 1.0;
        } else if (n == 2) {
            // No middle to give the rest to: the two ends split in their own proportion.
            shares_[0] = first / (first + last);
            shares_[1] = last / (first + last);
        } else {
            const double middle = (1.0 - first - last) / static_cast<double>(n - 2);
            std::fill(shares_.begin(), shares_.end(), middle);
            shares_.front() = first;
            shares_.back() = last;
        }
        return std::nullopt;
    }

    std::optional<Error> time_decay(const Path& path, std::size_t index) {
        if (path.days_before_conversion.size() != path.touches.size())
            return Error{ErrorKind::na, "time decay needs each touch's time before the conversion, and " +
                                            path_name(path, index) + " has none"};
        double sum = 0.0;
        for (std::size_t i = 0; i < shares_.size(); ++i) {
            shares_[i] = std::exp2(-path.days_before_conversion[i] / options_.half_life_days);
            sum += shares_[i];
        }
        for (double& s : shares_) s /= sum;
        return std::nullopt;
    }

    std::optional<Error> w_shaped(const Path& path, std::size_t index) {
        const std::size_t n = path.touches.size();
        if (!path.lead_touch || !path.opportunity_touch)
            return Error{ErrorKind::na, "W-shaped needs the touches that created the lead and the opportunity, and " +
                                            path_name(path, index) + " does not say which"};
        if (*path.lead_touch >= n || *path.opportunity_touch >= n)
            return Error{ErrorKind::num,
                         path_name(path, index) + ": the lead or opportunity touch is past the path's end"};
        const std::size_t keys[3] = {0, *path.lead_touch, *path.opportunity_touch};
        shares_[keys[0]] += options_.w_first;
        shares_[keys[1]] += options_.w_lead;
        shares_[keys[2]] += options_.w_opportunity;
        const double key_total = options_.w_first + options_.w_lead + options_.w_opportunity;
        const auto is_key = [&](std::size_t i) { return i == keys[0] || i == keys[1] || i == keys[2]; };
        std::size_t others = 0;
        for (std::size_t i = 0; i < n; ++i) others += is_key(i) ? 0 : 1;
        if (others > 0) {
            const double each = (1.0 - key_total) / static_cast<double>(others);
            for (std::size_t i = 0; i < n; ++i)
                if (!is_key(i)) shares_[i] = each;
        } else {
            for (double& s : shares_) s /= key_total;  // the rest goes to the key touches in proportion
        }
        return std::nullopt;
    }

    const PathSet& channels_;
    Model model_;
    const ModelOptions& options_;
    std::vector<bool> direct_;
    std::vector<double> shares_;
};

struct RuleBasedCredit::Run {
    TouchShares shares;
    Attribution result;
    std::optional<Error> problem;
};

RuleBasedCredit::RuleBasedCredit(const PathSet& channels, std::span<const Model> models, const ModelOptions& options) {
    for (Model m : models) {
        runs_.push_back(Run{TouchShares(channels, m, options), {}, std::nullopt});
        runs_.back().result.model = m;
    }
}

RuleBasedCredit::~RuleBasedCredit() = default;
RuleBasedCredit::RuleBasedCredit(RuleBasedCredit&&) noexcept = default;

void RuleBasedCredit::add(const Path& path, std::size_t index) {
    if (path.conversions == 0.0 && path.value == 0.0) return;  // nothing of this path to share
    total_conversions_ += path.conversions;
    total_value_ += path.value;
    for (Run& run : runs_) {
        if (run.problem) continue;
        if ((run.problem = run.shares.share(path, index))) continue;
        const auto& s = run.shares.shares();
        auto& credits = run.result.channels;
        for (std::size_t i = 0; i < s.size(); ++i) {
            const ChannelId c = path.touches[i];
            if (c >= credits.size()) credits.resize(c + std::size_t{1});
            credits[c].conversions += s[i] * path.conversions;
            credits[c].value += s[i] * path.value;
        }
    }
}

std::vector<Result<Attribution>> RuleBasedCredit::finish(std::size_t channel_count) && {
    std::vector<Result<Attribution>> results;
    for (Run& run : runs_) {
        if (run.problem) {
            results.emplace_back(std::move(*run.problem));
            continue;
        }
        run.result.channels.resize(channel_count);
        run.result.total_conversions = total_conversions_;
        run.result.total_value = total_value_;
        results.emplace_back(std::move(run.result));
    }
    return results;
}

void share_in_proportion(Attribution& result, const std::vector<double>& weights) {
    double sum = 0.0;
    for (double w : weights) sum += w;
    result.channels.assign(weights.size(), {});
    for (std::size_t c = 0; c < weights.size(); ++c) {
        result.channels[c].conversions = result.total_conversions * weights[c] / sum;
        result.channels[c].value = result.total_value * weights[c] / sum;
    }
}

}  // namespace kpilot::attribution
