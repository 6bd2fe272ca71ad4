#pragma once
// The models behind PathAttributor, each taking the paths one at a time and
// keeping only per-channel credits (or, for Markov, transition counts).
// PathAttributor has checked the options; each path is checked before it
// reaches them (numbers finite and not negative, at least one touch).

#include <memory>
#include <span>
#include <vector>

#include "kpilot/attribution.hpp"

namespace kpilot::attribution {

// "line 17" of a file, "row 7" of a range, else "path 3" (from 1).
std::string path_name(const Path& path, std::size_t index);

// first touch .. W-shaped, all at once: each path's touches get shares
// summing to 1 under each model, and a channel earns its touches' shares.
class RuleBasedCredit {
public:
    // `channels` is the dictionary the paths' ids come from; it may grow as paths arrive.
    RuleBasedCredit(const PathSet& channels, std::span<const Model> models, const ModelOptions& options);
    ~RuleBasedCredit();
    RuleBasedCredit(RuleBasedCredit&&) noexcept;
    void add(const Path& path, std::size_t index);
    // One result per model, in the order given.
    std::vector<Result<Attribution>> finish(std::size_t channel_count) &&;

private:
    struct Run;
    std::vector<Run> runs_;
    double total_conversions_ = 0.0;
    double total_value_ = 0.0;
};

// Markov: counts transitions, then solves the chain once per channel removed.
class RemovalEffectCredit {
public:
    explicit RemovalEffectCredit(const ModelOptions& options);
    ~RemovalEffectCredit();
    RemovalEffectCredit(RemovalEffectCredit&&) noexcept;
    void add(const Path& path);
    Result<Attribution> finish(std::size_t channel_count, int order) &&;

private:
    struct Counts;
    bool use_nulls_;
    std::unique_ptr<Counts> counts_;
    double total_conversions_ = 0.0;
    double total_value_ = 0.0;
};

class ShapleyCredit {
public:
    void add(const Path& path);
    Result<Attribution> finish(std::size_t channel_count) &&;

private:
    std::vector<ChannelId> members_;  // reused from path to path
    std::vector<ChannelCredit> credits_;
    double total_conversions_ = 0.0;
    double total_value_ = 0.0;
};

bool is_rule_based(Model model);

// Shares the totals out in proportion to the channels' weights (which sum to more than 0).
void share_in_proportion(Attribution& result, const std::vector<double>& weights);

}  // namespace kpilot::attribution
