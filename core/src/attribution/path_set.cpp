#include <algorithm>
#include <array>

#include "kpilot/attribution.hpp"

namespace kpilot::attribution {

ChannelId PathSet::channel(std::string_view name) {
    const auto found = ids_.find(name);
    if (found != ids_.end()) return found->second;
    const auto id = static_cast<ChannelId>(channels_.size());
    channels_.emplace_back(name);
    ids_.emplace(channels_.back(), id);
    return id;
}

std::optional<ChannelId> PathSet::find(std::string_view name) const {
    const auto found = ids_.find(name);
    if (found == ids_.end()) return std::nullopt;
    return found->second;
}

void PathSet::add_path(std::span<const std::string_view> names, double conversions, double value, double nulls) {
    Path path;
    path.touches.reserve(names.size());
    for (std::string_view name : names) path.touches.push_back(channel(name));
    path.conversions = conversions;
    path.value = value;
    path.nulls = nulls;
    add(std::move(path));
}

void PathSet::add_path(std::initializer_list<std::string_view> names, double conversions, double value, double nulls) {
    add_path(std::span<const std::string_view>(names.begin(), names.size()), conversions, value, nulls);
}

double PathSet::total_conversions() const {
    double total = 0.0;
    for (const Path& p : paths_) total += p.conversions;
    return total;
}

double PathSet::total_value() const {
    double total = 0.0;
    for (const Path& p : paths_) total += p.value;
    return total;
}

double PathSet::total_nulls() const {
    double total = 0.0;
    for (const Path& p : paths_) total += p.nulls;
    return total;
}

namespace {

struct ModelText {
    Model model;
    std::string_view id;
    std::string_view title;
    std::string_view definition;
};

constexpr std::array<ModelText, 9> model_texts{{
    {Model::first_touch, "first_touch", "First touch",
     "The first touch of each path takes all of its conversions and value."},
    {Model::last_touch, "last_touch", "Last touch",
     "The last touch of each path takes all of its conversions and value."},
    {Model::last_non_direct_touch, "last_non_direct_touch", "Last non-direct touch",
     "The last touch whose channel is not a direct channel (\"direct\" unless set otherwise) takes all; "
     "a path of direct touches only gives it to its last touch."},
    {Model::linear, "linear", "Linear", "Each of the path's n touches takes 1/n; a channel touched twice takes 2/n."},
    {Model::position_based, "position_based", "Position-based (U-shaped)",
     "First touch f (0.4), last touch l (0.4), the touches between share 1 - f - l evenly; "
     "two touches split f : l (evenly by default); one touch takes all."},
    {Model::time_decay, "time_decay", "Time decay",
     "Touch i weighs 2^(-d_i / h), d_i its days before the conversion and h the half-life (7 days); "
     "shares are the weights divided by their sum."},
    {Model::w_shaped, "w_shaped", "W-shaped",
     "First touch, the touch that created the lead and the one that created the opportunity take 0.3 each "
     "(added when they coincide); the other touches share the remaining 0.1 evenly, or it goes to the three "
     "in proportion when there are no others."},
    {Model::markov, "markov", "Markov chain (removal effect)",
     "States are channels (the last k channels for order k) with consecutive repeats collapsed, plus start, "
     "conversion and null; transition probabilities are counted from the paths. Removal effect "
     "RE_c = 1 - P(conversion with c removed) / P(conversion), each solved exactly on the absorbing chain; "
     "channel c takes RE_c / sum(RE) of the conversions and value."},
    {Model::shapley, "shapley", "Shapley value",
     "Players are channels; v(S) is the conversions of the paths whose channels all lie in S. Channel c takes "
     "its Shapley value sum over S of |S|!(n-|S|-1)!/n! (v(S+c) - v(S)), which for this game equals each "
     "path's conversions (and value) split evenly among its distinct channels; exact for any number of "
     "channels."},
}};

const ModelText& text_of(Model model) {
    return *std::find_if(model_texts.begin(), model_texts.end(), [&](const ModelText& t) { return t.model == model; });
}

constexpr std::array<Model, 9> models_in_order{Model::first_touch, Model::last_touch,     Model::last_non_direct_touch,
                                               Model::linear,      Model::position_based, Model::time_decay,
                                               Model::w_shaped,    Model::markov,         Model::shapley};

}  // namespace

std::span<const Model> all_models() { return models_in_order; }
std::string_view model_id(Model model) { return text_of(model).id; }
std::string_view model_title(Model model) { return text_of(model).title; }
std::string_view model_definition(Model model) { return text_of(model).definition; }

std::optional<Model> model_from_id(std::string_view id) {
    for (const ModelText& t : model_texts)
        if (t.id == id) return t.model;
    return std::nullopt;
}

}  // namespace kpilot::attribution
