#pragma once
// Multi-touch attribution: which channels earned the conversions. A path is
// the ordered channels one journey (or many identical ones) touched; a model
// gives each channel a share of the path's conversions and value.
//
//   kpilot::attribution::PathSet paths;
//   paths.add_path({"search", "display", "email"}, 3, 240.0, 17);  // 3 conversions, 240 value, 17 did not convert
//   auto linear = kpilot::attribution::attribute(paths, kpilot::attribution::Model::linear, {});
//   // linear.value().channels[paths.find("email")].conversions == 1.0
//
// Every model returns, per channel, attributed conversions and value whose
// sums equal the path set's totals. Errors are values: no conversions at all
// is #DIV/0!, a model the data cannot feed (time decay without touch times,
// W-shaped without lead and opportunity touches) is #N/A, a bad option #NUM!.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kpilot/result.hpp"

namespace kpilot::attribution {

using ChannelId = std::uint32_t;

struct Path {
    std::vector<ChannelId> touches;  // oldest first; a channel may repeat
    double conversions = 0.0;
    double value = 0.0;  // conversion value of those conversions
    double nulls = 0.0;  // journeys along this path that did not convert
    // Per touch, days from the touch to the conversion (time decay); empty when unknown.
    std::vector<double> days_before_conversion;
    // Positions (from 0) of the touches that created the lead and the opportunity (W-shaped).
    std::optional<std::size_t> lead_touch;
    std::optional<std::size_t> opportunity_touch;
    // Where it came from, so a model's complaint names it: "line 17" of a file,
    // "row 7" of a worksheet range; "path 3" (its place in the set) when 0.
    std::size_t source_line = 0;
    std::string_view source_kind = "line";
};

class PathSet {
public:
    // The channel's id, adding it when new. Names are used as given (readers trim them).
    ChannelId channel(std::string_view name);
    std::optional<ChannelId> find(std::string_view name) const;
    const std::vector<std::string>& channels() const { return channels_; }

    void add(Path path) { paths_.push_back(std::move(path)); }
    // Convenience for code and tests: a path from channel names.
    void add_path(std::span<const std::string_view> names, double conversions, double value, double nulls = 0.0);
    void add_path(std::initializer_list<std::string_view> names, double conversions, double value, double nulls = 0.0);
    const std::vector<Path>& paths() const { return paths_; }
    std::vector<Path>& paths() { return paths_; }

    double total_conversions() const;
    double total_value() const;
    double total_nulls() const;

private:
    // Looked up by string_view without building a string for each touch read.
    struct NameHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
    };
    std::vector<std::string> channels_;
    std::unordered_map<std::string, ChannelId, NameHash, std::equal_to<>> ids_;
    std::vector<Path> paths_;
};

enum class Model {
    first_touch,
    last_touch,
    last_non_direct_touch,
    linear,
    position_based,
    time_decay,
    w_shaped,
    markov,
    shapley,
};

// In the order the command line, the worksheet and the bridge list them.
std::span<const Model> all_models();
std::string_view model_id(Model model);  // "first_touch", "markov", ...
std::optional<Model> model_from_id(std::string_view id);
std::string_view model_title(Model model);
std::string_view model_definition(Model model);
// Every model's title, id and definition as Markdown: the generated part of docs/attribution.md.
std::string models_markdown();

struct ModelOptions {
    // Position-based (U-shaped): shares of the first and last touch; the
    // middle touches share the rest evenly.
    double position_first = 0.4;
    double position_last = 0.4;
    // Time decay: a touch half_life_days before the conversion weighs half as
    // much as one at the conversion.
    double half_life_days = 7.0;
    // W-shaped: shares of the first touch, the lead-creating and the
    // opportunity-creating touch; the other touches share the rest.
    double w_first = 0.3;
    double w_lead = 0.3;
    double w_opportunity = 0.3;
    // Last non-direct touch skips these channels (compared case-insensitively).
    std::vector<std::string> direct_channels{"direct"};
    // Markov: states remember the last `markov_order` channels (1 to 4).
    int markov_order = 1;
    // Markov: count the non-converting journeys (the paths' nulls) in the chain.
    bool markov_use_nulls = true;
};

// Checks the options (#NUM! naming the bad one).
Result<bool> check_options(const ModelOptions& options);

struct ChannelCredit {
    double conversions = 0.0;
    double value = 0.0;
};

struct Attribution {
    Model model = Model::linear;
    std::vector<ChannelCredit> channels;  // by ChannelId
    double total_conversions = 0.0;
    double total_value = 0.0;
    // Markov only, by ChannelId: 1 - P(conversion without the channel) / P(conversion).
    std::vector<double> removal_effects;
    double conversion_probability = 0.0;  // Markov only: P(conversion) from the start state
};

Result<Attribution> attribute(const PathSet& paths, Model model, const ModelOptions& options);

struct ModelRun {
    Model model;
    Result<Attribution> result;
};

// Several models over paths that arrive one at a time, keeping per-channel
// credits and Markov's transition counts but not the paths: a paths file of
// any length is attributed in memory bounded by its channels (and states).
// A bad path (no touches, a negative number) fails every model with its
// line; a model the path cannot feed (time decay without days) fails alone.
//
//   PathSet channels;                      // the dictionary the paths' ids come from
//   PathAttributor attributor(channels, {Model::linear, Model::markov}, {});
//   for (...) attributor.add(path);
//   std::vector<ModelRun> runs = std::move(attributor).finish();
class PathAttributor {
public:
    PathAttributor(const PathSet& channels, std::vector<Model> models, ModelOptions options);
    ~PathAttributor();
    PathAttributor(PathAttributor&&) noexcept;
    PathAttributor& operator=(PathAttributor&&) = delete;
    PathAttributor(const PathAttributor&) = delete;
    PathAttributor& operator=(const PathAttributor&) = delete;

    void add(const Path& path);
    std::vector<ModelRun> finish() &&;

private:
    struct Models;
    std::unique_ptr<Models> models_;
};

}  // namespace kpilot::attribution
