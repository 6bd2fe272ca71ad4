#pragma once
// The worksheet functions behind the XLL's exports: every KPI of the registry,
// KPI.EXPLAIN and KPI.CATALOG. Each catches everything: whatever happens comes
// back to Excel as a value, never as an exception or a crash.

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>

#include "excel_arguments.hpp"
#include "excel_c_api.hpp"
#include "kpilot/registry.hpp"

namespace kpilot::xll {

// The answer to one KPI call from Excel, before it becomes an XLOPER12.
struct KpiAnswer {
    Value value;           // the core's number or text, or an Error with its message
    int excel_error = -1;  // an error the add-in answers itself (#REF! passed through), else -1
    bool retry = false;    // an input was not calculated yet: Excel calls again
};

KpiAnswer answer_kpi_call(const KpiDefinition& kpi, std::span<XLOPER12* const> opers);

// What any call answers before its arguments reach the core: a retry for an
// input not calculated yet, #VALUE! for a reference Excel could not read, or an
// error the core has no kind for (#REF!, #NAME?, #NULL!) passed through; nullopt
// when the core answers. `name` gives an argument's name ("scores"),
// `error_place` where its first error value sits ("argument 'scores'").
std::optional<KpiAnswer> answer_before_core(const ExcelArguments& in,
                                            const std::function<std::string(std::size_t)>& name,
                                            const std::function<std::string(std::size_t)>& error_place);

// KPI.ROMI(...) and the others: the registry's KPI at `index`, with Excel's arguments.
XLOPER12* call_kpi(std::size_t index, std::span<XLOPER12* const> opers) noexcept;

// KPI.EXPLAIN("KPI.ROMI", ...): why that call gives an error, as text: "" when it
// gives a value, "#DIV/0! marketing_spend is zero, ..." when it does not.
// opers[0] names the KPI (worksheet name or id, any case) or KPI.ATTRIBUTION;
// the rest are its arguments.
XLOPER12* explain_kpi_call(std::span<XLOPER12* const> opers) noexcept;
// The text KPI.EXPLAIN shows for an answer.
std::string explanation(const KpiAnswer& answer);

// KPI.CATALOG(): a header row, then one row per KPI: worksheet name, title, unit, direction, formula.
XLOPER12* kpi_catalog() noexcept;

}  // namespace kpilot::xll
