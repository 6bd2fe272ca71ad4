#include <algorithm>
#include <cmath>

#include "models.hpp"

namespace kpilot::attribution {

namespace {

Error bad_option(const std::string& what) { return Error{ErrorKind::num, what}; }

bool is_share(double x) { return std::isfinite(x) && x >= 0.0 && x <= 1.0; }

// A path as the models take it: numbers finite and not negative, at least one known touch.
std::optional<Error> problem_in(const Path& path, std::size_t index, std::size_t channel_count) {
    if (path.touches.empty()) return Error{ErrorKind::value, path_name(path, index) + " has no touches"};
    for (double x : {path.conversions, path.value, path.nulls})
        if (!std::isfinite(x) || x < 0.0)
            return Error{ErrorKind::num, path_name(path, index) + ": conversions, value and nulls cannot be negative"};
    for (ChannelId c : path.touches)
        if (c >= channel_count) return Error{ErrorKind::value, path_name(path, index) + " names an unknown channel"};
    return std::nullopt;
}

}  // namespace

Result<bool> check_options(const ModelOptions& o) {
    if (!is_share(o.position_first) || !is_share(o.position_last) || o.position_first + o.position_last > 1.0 ||
        o.position_first + o.position_last <= 0.0)
        return bad_option(
            "position-based shares of the first and last touch must be between 0 and 1, summing to "
            "more than 0 and at most 1");
    if (!std::isfinite(o.half_life_days) || o.half_life_days <= 0.0)
        return bad_option("the time-decay half-life must be more than 0 days");
    const double w = o.w_first + o.w_lead + o.w_opportunity;
    if (!is_share(o.w_first) || !is_share(o.w_lead) || !is_share(o.w_opportunity) || w > 1.0 || w <= 0.0)
        return bad_option(
            "W-shaped shares of the first, lead and opportunity touches must be between 0 and 1, "
            "summing to more than 0 and at most 1");
    if (o.markov_order < 1 || o.markov_order > 4) return bad_option("the Markov order must be 1, 2, 3 or 4");
    return true;
}

bool is_rule_based(Model model) { return model != Model::markov && model != Model::shapley; }

struct PathAttributor::Models {
    Models(const PathSet& dictionary, std::vector<Model> wanted, ModelOptions model_options)
        : channels(dictionary),
          models(std::move(wanted)),
          options(std::move(model_options)),
          rule_based(dictionary, rule_based_of(models), options),
          removal_effect(options),
          markov_wanted(wants(Model::markov)),
          shapley_wanted(wants(Model::shapley)) {
        if (auto ok = check_options(options); !ok) problem = ok.error();
    }

    static std::vector<Model> rule_based_of(const std::vector<Model>& models) {
        std::vector<Model> r;
        for (Model m : models)
            if (is_rule_based(m)) r.push_back(m);
        return r;
    }
    bool wants(Model m) const { return std::find(models.begin(), models.end(), m) != models.end(); }

    const PathSet& channels;
    std::vector<Model> models;
    ModelOptions options;
    RuleBasedCredit rule_based;
    RemovalEffectCredit removal_effect;
    ShapleyCredit shapley;
    bool markov_wanted;  // decided once, not per path
    bool shapley_wanted;
    std::optional<Error> problem;  // fails every model
    std::size_t paths = 0;
    double total_conversions = 0.0;
};

PathAttributor::PathAttributor(const PathSet& channels, std::vector<Model> models, ModelOptions options)
    : models_(std::make_unique<Models>(channels, std::move(models), std::move(options))) {}
PathAttributor::~PathAttributor() = default;
PathAttributor::PathAttributor(PathAttributor&&) noexcept = default;

void PathAttributor::add(const Path& path) {
    Models& m = *models_;
    const std::size_t index = m.paths++;
    if (m.problem) return;
    if ((m.problem = problem_in(path, index, m.channels.channels().size()))) return;
    m.total_conversions += path.conversions;
    m.rule_based.add(path, index);
    if (m.markov_wanted) m.removal_effect.add(path);
    if (m.shapley_wanted) m.shapley.add(path);
}

std::vector<ModelRun> PathAttributor::finish() && {
    Models& m = *models_;
    if (!m.problem && m.total_conversions <= 0.0)
        m.problem = Error{ErrorKind::div0, "the paths hold no conversions: there is nothing to attribute"};
    std::vector<ModelRun> runs;
    if (m.problem) {
        for (Model model : m.models) runs.push_back({model, *m.problem});
        return runs;
    }
    const std::size_t channel_count = m.channels.channels().size();
    auto rule_based = std::move(m.rule_based).finish(channel_count);
    std::size_t next_rule_based = 0;
    for (Model model : m.models) {
        if (is_rule_based(model))
            runs.push_back({model, std::move(rule_based[next_rule_based++])});
        else if (model == Model::markov)
            runs.push_back({model, std::move(m.removal_effect).finish(channel_count, m.options.markov_order)});
        else
            runs.push_back({model, std::move(m.shapley).finish(channel_count)});
    }
    return runs;
}

Result<Attribution> attribute(const PathSet& paths, Model model, const ModelOptions& options) {
    PathAttributor attributor(paths, {model}, options);
    for (const Path& path : paths.paths()) attributor.add(path);
    return std::move(std::move(attributor).finish().front().result);
}

}  // namespace kpilot::attribution
