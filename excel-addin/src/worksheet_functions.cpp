#include "worksheet_functions.hpp"

#include <vector>

#include "attribution_function.hpp"
#include "excel_arguments.hpp"
#include "excel_results.hpp"
#include "excel_values.hpp"

namespace kpilot::xll {

namespace {

std::string argument_name(const KpiDefinition& kpi, std::size_t position) {
    return position < kpi.parameters.size() ? kpi.parameters[position].name : std::to_string(position + 1);
}

XLOPER12* answer_for_excel(const KpiAnswer& answer) {
    if (answer.excel_error >= 0) return error_for_excel(answer.excel_error);
    return value_for_excel(answer.value);
}

}  // namespace

std::optional<KpiAnswer> answer_before_core(const ExcelArguments& in,
                                            const std::function<std::string(std::size_t)>& name,
                                            const std::function<std::string(std::size_t)>& error_place) {
    KpiAnswer answer;
    if (in.uncalculated) {
        // Excel discards this value and calls again once the input is calculated.
        answer.retry = true;
        answer.value = Error{ErrorKind::value, "an input is not calculated yet"};
        return answer;
    }
    if (in.unreadable_argument) {
        answer.value = Error{ErrorKind::value, "argument '" + name(*in.unreadable_argument) +
                                                   "': Excel could not read the referenced cells"};
        return answer;
    }
    if (in.first_error_code && !error_kind_from_excel(*in.first_error_code)) {
        // The core returns the first input error unchanged but cannot hold this one; do it here.
        answer.excel_error = *in.first_error_code;
        answer.value = Error{ErrorKind::value,
                             error_place(in.first_error_argument) + " holds " + excel_error_text(answer.excel_error)};
        return answer;
    }
    return std::nullopt;
}

KpiAnswer answer_kpi_call(const KpiDefinition& kpi, std::span<XLOPER12* const> opers) {
    const ExcelArguments in = read_arguments(opers);
    auto name = [&](std::size_t position) { return argument_name(kpi, position); };
    auto error_place = [&](std::size_t position) { return "argument '" + argument_name(kpi, position) + "'"; };
    if (auto early = answer_before_core(in, name, error_place)) return std::move(*early);
    KpiAnswer answer;
    const Result<Value> result = evaluate(kpi, in.arguments);
    answer.value = result ? result.value() : Value(result.error());
    return answer;
}

std::string explanation(const KpiAnswer& answer) {
    if (!answer.value.is_error()) return "";
    const std::string code = answer.excel_error >= 0 ? excel_error_text(answer.excel_error)
                                                     : std::string(error_code(answer.value.error().kind));
    return code + " " + answer.value.error().message;
}

XLOPER12* call_kpi(std::size_t index, std::span<XLOPER12* const> opers) noexcept {
    try {
        const auto& kpis = Registry::builtin().all();
        if (index >= kpis.size()) return error_for_excel(xlerrValue);
        return answer_for_excel(answer_kpi_call(kpis[index], opers));
    } catch (...) {
        // Out of memory while reading a huge range, or anything else: a value, not a crash.
        return error_for_excel(xlerrValue);
    }
}

XLOPER12* explain_kpi_call(std::span<XLOPER12* const> opers) noexcept {
    try {
        if (opers.empty() || !opers[0]) return error_for_excel(xlerrValue);
        const XLOPER12& name = *opers[0];
        if (base_type(name) != xltypeStr)
            return text_for_excel("#VALUE! the first argument must name a KPI, such as \"KPI.ROMI\"");
        const std::string kpi_name = text_of(name);
        if (names_attribution(kpi_name)) {
            const AttributionAnswer answer = answer_attribution_call(opers.subspan(1));
            if (answer.failure.retry) return error_for_excel(xlerrValue);
            return text_for_excel(explanation(answer));
        }
        const KpiDefinition* kpi = Registry::builtin().find(kpi_name);
        if (!kpi) return text_for_excel("#VALUE! unknown KPI \"" + kpi_name + "\"");
        const KpiAnswer answer = answer_kpi_call(*kpi, opers.subspan(1));
        if (answer.retry) return error_for_excel(xlerrValue);
        return text_for_excel(explanation(answer));
    } catch (...) {
        return error_for_excel(xlerrValue);
    }
}

XLOPER12* kpi_catalog() noexcept {
    try {
        std::vector<std::vector<Value>> rows;
        rows.push_back({"function", "title", "unit", "direction", "formula"});
        for (const auto& kpi : Registry::builtin().all())
            rows.push_back({kpi.worksheet_name, kpi.title, std::string(to_string(kpi.unit)),
                            std::string(to_string(kpi.direction)), kpi.formula});
        return table_for_excel(rows);
    } catch (...) {
        return error_for_excel(xlerrValue);
    }
}

}  // namespace kpilot::xll
