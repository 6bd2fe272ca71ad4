#pragma once
// The worksheet functions behind the XLL's exports: every KPI of the registry,
// KPI.EXPLAIN and KPI.CATALOG. Each catches everything: whatever happens comes
// back to Excel as a value, never as an exception or a crash.

#include <cstddef>
#include <span>
#include <string>

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

// KPI.ROMI(...) and the others: the registry's KPI at `index`, with Excel's arguments.
XLOPER12* call_kpi(std::size_t index, std::span<XLOPER12* const> opers) noexcept;

// KPI.EXPLAIN("KPI.ROMI", ...): why that call gives an error, as text: "" when it
// gives a value, "#DIV/0! marketing_spend is zero, ..." when it does not.
// opers[0] names the KPI (worksheet name or id, any case); the rest are its arguments.
XLOPER12* explain_kpi_call(std::span<XLOPER12* const> opers) noexcept;
// The text KPI.EXPLAIN shows for an answer.
std::string explanation(const KpiAnswer& answer);

// KPI.CATALOG(): a header row, then one row per KPI: worksheet name, title, unit, direction, formula.
XLOPER12* kpi_catalog() noexcept;

}  // namespace kpilot::xll
