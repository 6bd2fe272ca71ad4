#pragma once
// KPI.ATTRIBUTION's arguments in the core's terms: a path table given as
// ranges side by side (paths, conversions, values, nulls, and for time decay
// and W-shaped days, lead_touches and opportunity_touches: one row per path),
// the models to run, the measure each cell shows, the touch separator and the
// models' options as name/value rows.
//
// The add-in's rules for every function, applied row by row: the first error
// value among the inputs comes back unchanged; a row blank in every column is
// skipped, as SUM skips a blank row; any other row the core could not read
// right (a blank path beside numbers, a touch without a channel name, a
// negative or text count) makes the whole call #VALUE!, naming the row, so a
// table never silently leaves a journey out. Conversions and values must be
// given on every path's row and a blank nulls cell is 0, as
// attribution::read_paths_csv reads a paths export, so a sheet pasted from one
// reads the same. Days, lead and opportunity touches follow the paths
// reader's columns too: blank is "not known" (the models needing them then
// answer #N/A naming the row), "12 > 3 > 0" gives a path's days with its
// separator, a touch is counted from 1 and must be one of the path's.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kpilot/arguments.hpp"
#include "kpilot/attribution.hpp"
#include "kpilot/attribution_table.hpp"
#include "kpilot/result.hpp"

namespace kpilot::xll {

// The measures a cell can show, as the help lists them: "conversions"
// (attributed conversions), "value" (attributed conversion value), "share"
// (a fraction of all conversions): the core's attributed_measure_names().
std::span<const std::string_view> measure_names();

// KPI.ATTRIBUTION's parameters, in the order of the call.
enum class AttributionParameter : std::size_t {
    paths,
    conversions,
    values,
    nulls,
    models,
    measure,
    separator,
    days,
    lead_touches,
    opportunity_touches,
    options,
};
inline constexpr std::size_t attribution_parameter_count = 11;

struct AttributionParameterInfo {
    std::string name;  // as Excel shows it: "paths"
    bool optional = false;
    bool range = false;  // a range (registered 'U', so references arrive whole); else one value ('Q')
    std::string help;    // the Function Wizard's text, within Excel's 255 characters
};
// All eleven, in order. The models' help lists attribution::all_models() and
// says which of them need days or lead and opportunity touches, both asked of the core.
const std::vector<AttributionParameterInfo>& attribution_parameters();

// The models that need more than paths and counts (touch times for time decay,
// lead and opportunity touches for W-shaped): the core answers #N/A for them
// unless the call gives days, or lead_touches and opportunity_touches.
std::vector<attribution::Model> models_needing_more_than_paths();

// What each of those models needs, as the help says it: "time_decay needs days".
struct ModelNeed {
    attribution::Model model;
    std::vector<AttributionParameter> needs;  // the arguments that, given, feed it
};
std::vector<ModelNeed> model_needs();

// The names the options argument takes, ModelOptions' fields: "position_first", ...
std::span<const std::string_view> option_names();

struct AttributionRequest {
    attribution::PathSet paths;
    std::vector<attribution::Model> models;
    attribution::AttributedMeasure measure = attribution::AttributedMeasure::conversions;
    attribution::ModelOptions options;  // the core's defaults, changed by the options argument
};

// The call's arguments (an omitted one as Argument::omitted) read into a
// request, or the error the call gives, its message naming the argument and row:
// "row 7 of paths: touch 2 has no channel name".
Result<AttributionRequest> read_attribution_request(std::span<const Argument> arguments);

// Where the first error value of argument `position` sits, for a message:
// "row 3 of conversions" in a range, "argument 'measure'" for one value.
std::string error_location(std::span<const Argument> arguments, std::size_t position);

}  // namespace kpilot::xll
