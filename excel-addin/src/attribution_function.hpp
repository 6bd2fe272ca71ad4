#pragma once
// =KPI.ATTRIBUTION(paths, conversions, [values], [nulls], [models], [measure], [separator], [days],
//                  [lead_touches], [opportunity_touches], [options]):
// multi-touch attribution of a path table on the sheet, spilled as a table of
// channels (rows, in the order the paths first name them) by models (columns):
//
//   channel       first_touch  linear  markov ...
//   Paid Search   2            1.17    1.87
//   Email         2            2.83    2.13
//
// A model the data cannot feed fills its column with its error (#N/A for
// time_decay without days, w_shaped without lead and opportunity touches;
// #NUM! for every model when an option is out of range); when every model fails the same way
// (no conversions at all: #DIV/0!) the call is that one error.
// KPI.EXPLAIN("KPI.ATTRIBUTION", ...) gives the reasons.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "attribution_arguments.hpp"
#include "excel_c_api.hpp"
#include "kpilot/attribution_table.hpp"
#include "worksheet_functions.hpp"

namespace kpilot::xll {

inline constexpr std::string_view attribution_worksheet_name = "KPI.ATTRIBUTION";

// Whether KPI.EXPLAIN's first argument names KPI.ATTRIBUTION ("KPI.ATTRIBUTION" or "attribution", any case).
bool names_attribution(std::string_view name);

// The Function Wizard's description.
std::string attribution_function_help();
// "KPI.ATTRIBUTION(paths, conversions, [values], ...)": as the README lists it.
std::string attribution_signature();

using AttributionTable = std::vector<std::vector<Value>>;

// The table for runs of the core's models over `paths`: the header row, then one
// row per channel with the measure of each model, a failed model's error in its
// column. The one error when every model failed with the same kind.
Result<AttributionTable> attribution_table(const attribution::PathSet& paths,
                                           const std::vector<attribution::ModelRun>& runs,
                                           attribution::AttributedMeasure measure);

struct AttributionAnswer {
    KpiAnswer failure;  // an error (or a retry) when the call gives no table; else its value is empty
    AttributionTable table;
    // Each model that failed while others gave a table: "time_decay: #N/A time decay needs ...".
    std::vector<std::string> failed_models;
};

// From arguments in the core's terms (the README's example, the unit tests) ...
AttributionAnswer answer_attribution(std::span<const Argument> arguments);
// ... and from Excel's: references read through xlCoerce, Excel-only errors passed through.
AttributionAnswer answer_attribution_call(std::span<XLOPER12* const> opers);

// What KPI.EXPLAIN shows: the error and why, or each failed model's reason, or
// "" when every cell of the table holds a value.
std::string explanation(const AttributionAnswer& answer);

// The export's work: the table as an xltypeMulti for xlAutoFree12 to free, or an error value.
XLOPER12* attribution_call(std::span<XLOPER12* const> opers) noexcept;

}  // namespace kpilot::xll
