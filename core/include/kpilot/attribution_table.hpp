#pragma once
// Several attribution models over one path set, side by side: what the
// command line writes, the worksheet spills and the bridge serves.
//
//   auto models = kpilot::attribution::parse_model_list("all");   // or "linear, markov"
//   auto runs = kpilot::attribution::run_models(paths, models.value(), options);
//   for (const auto& row : kpilot::attribution::long_form(paths, runs)) ...

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kpilot/attribution.hpp"
#include "kpilot/kpi_tables.hpp"
#include "kpilot/value.hpp"

namespace kpilot::attribution {

// "all", or model ids separated by commas, in any case, with spaces or hyphens for
// underscores ("Last Touch"). #VALUE! naming an unknown id.
Result<std::vector<Model>> parse_model_list(std::string_view text);

// One run per model; a model the data cannot feed keeps its error, the others still run.
std::vector<ModelRun> run_models(const PathSet& paths, std::span<const Model> models, const ModelOptions& options);

// One row per model and channel (channels in the order the input first
// named them). A model that failed gives its error in every value column.
struct AttributionRow {
    Model model;
    std::string channel;
    Value conversions;     // attributed conversions
    Value value;           // attributed conversion value
    Value share;           // conversions / total conversions (a fraction)
    Value removal_effect;  // Markov only; empty for other models
};
std::vector<AttributionRow> long_form(const PathSet& paths, const std::vector<ModelRun>& runs);

// The long form as a table for files (model, channel, attributed_conversions,
// attributed_value, share, removal_effect, error, error_message): an error is
// never a number, its code and message stand in their own columns.
KpiTable attribution_long_table(const PathSet& paths, const std::vector<ModelRun>& runs);

enum class AttributedMeasure { conversions, value, share };
// "conversions", "value", "share" (in any case); nullopt for anything else.
std::optional<AttributedMeasure> attributed_measure_from_string(std::string_view name);
// Their names in AttributedMeasure's order, as a help text lists them.
std::span<const std::string_view> attributed_measure_names();
// One row per channel, one column per model (its id), holding the measure.
KpiTable attribution_wide_table(const PathSet& paths, const std::vector<ModelRun>& runs, AttributedMeasure measure);

}  // namespace kpilot::attribution
