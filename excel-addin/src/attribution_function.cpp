#include "attribution_function.hpp"

#include <algorithm>
#include <cctype>

#include "excel_arguments.hpp"
#include "excel_results.hpp"
#include "excel_values.hpp"

namespace kpilot::xll {

namespace {

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
           });
}

std::string failure_text(const attribution::ModelRun& run) {
    const Error& e = run.result.error();
    return std::string(attribution::model_id(run.model)) + ": " + std::string(error_code(e.kind)) + " " + e.message;
}

// One error for the whole call when every model failed with the same kind, as
// no conversions at all does: a table of nothing but that error says less.
std::optional<Error> common_failure(const std::vector<attribution::ModelRun>& runs) {
    const auto failed_alike = [&](const attribution::ModelRun& run) {
        return !run.result && run.result.error().kind == runs.front().result.error().kind;
    };
    if (runs.front().result || !std::all_of(runs.begin(), runs.end(), failed_alike)) return std::nullopt;
    Error common = runs.front().result.error();
    const bool same_reason = std::all_of(runs.begin(), runs.end(), [&](const attribution::ModelRun& run) {
        return run.result.error().message == common.message;
    });
    if (!same_reason) {
        common.message.clear();
        for (const auto& run : runs)
            common.message += (common.message.empty() ? "" : "; ") + std::string(attribution::model_id(run.model)) +
                              ": " + run.result.error().message;
    }
    return common;
}

}  // namespace

bool names_attribution(std::string_view name) {
    constexpr std::string_view prefix = "KPI.";
    return equal_ignoring_case(name, attribution_worksheet_name) ||
           equal_ignoring_case(name, attribution_worksheet_name.substr(prefix.size()));
}

std::string attribution_function_help() {
    return "Multi-touch attribution: the conversions, value or share each model credits to each channel, as a "
           "table of channels (rows) by models (columns), from paths such as \"Search > Email\" (spills)";
}

std::string attribution_signature() {
    std::string text = std::string(attribution_worksheet_name) + "(";
    const auto& parameters = attribution_parameters();
    for (std::size_t i = 0; i < parameters.size(); ++i)
        text += (i ? ", " : "") + (parameters[i].optional ? "[" + parameters[i].name + "]" : parameters[i].name);
    return text + ")";
}

Result<AttributionTable> attribution_table(const attribution::PathSet& paths,
                                           const std::vector<attribution::ModelRun>& runs,
                                           attribution::AttributedMeasure measure) {
    if (runs.empty()) return Error{ErrorKind::value, "no attribution model named"};
    if (auto error = common_failure(runs)) return *error;
    // The core's wide form, as the command line writes it, with its column names as the header row.
    KpiTable wide = attribution::attribution_wide_table(paths, runs, measure);
    AttributionTable table;
    table.reserve(1 + wide.rows.size());
    auto& header = table.emplace_back();
    for (const auto& column : wide.columns) header.emplace_back(column.name);
    for (auto& row : wide.rows) table.push_back(std::move(row));
    return table;
}

AttributionAnswer answer_attribution(std::span<const Argument> arguments) {
    AttributionAnswer answer;
    const Result<AttributionRequest> request = read_attribution_request(arguments);
    if (!request) {
        answer.failure.value = request.error();
        return answer;
    }
    const AttributionRequest& r = request.value();
    const auto runs = attribution::run_models(r.paths, r.models, r.options);
    Result<AttributionTable> table = attribution_table(r.paths, runs, r.measure);
    if (!table) {
        answer.failure.value = table.error();
        return answer;
    }
    answer.table = std::move(table).value();
    for (const auto& run : runs)
        if (!run.result) answer.failed_models.push_back(failure_text(run));
    return answer;
}

AttributionAnswer answer_attribution_call(std::span<XLOPER12* const> opers) {
    const ExcelArguments in = read_arguments(opers);
    const auto& parameters = attribution_parameters();
    auto name = [&](std::size_t position) {
        return position < parameters.size() ? parameters[position].name : std::to_string(position + 1);
    };
    auto error_place = [&](std::size_t position) { return error_location(in.arguments, position); };
    if (auto early = answer_before_core(in, name, error_place)) {
        AttributionAnswer answer;
        answer.failure = std::move(*early);
        return answer;
    }
    return answer_attribution(in.arguments);
}

std::string explanation(const AttributionAnswer& answer) {
    if (answer.failure.value.is_error()) return explanation(answer.failure);
    std::string text;
    for (const auto& failed : answer.failed_models) text += (text.empty() ? "" : "; ") + failed;
    return text;
}

XLOPER12* attribution_call(std::span<XLOPER12* const> opers) noexcept {
    try {
        const AttributionAnswer answer = answer_attribution_call(opers);
        if (answer.failure.excel_error >= 0) return error_for_excel(answer.failure.excel_error);
        // A retry is #VALUE! too: Excel discards it and calls again once the input is calculated.
        if (answer.failure.value.is_error())
            return error_for_excel(excel_error_code(answer.failure.value.error().kind));
        return table_for_excel(answer.table);
    } catch (...) {
        // Out of memory on a huge path table, or anything else: a value, not a crash.
        return error_for_excel(xlerrValue);
    }
}

}  // namespace kpilot::xll
