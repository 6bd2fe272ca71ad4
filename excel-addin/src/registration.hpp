#pragma once
// What Excel is told about each worksheet function, all of it read from the
// KPI registry: names, type text, the Function Wizard's help, the category.
// Nothing about a KPI is written here a second time.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kpilot/registry.hpp"

namespace kpilot::xll {

inline constexpr std::string_view function_category = "kpilot";

struct WorksheetFunction {
    enum class Kind { kpi, explain, catalog, eval, load_model, attribution };
    Kind kind = Kind::kpi;
    std::size_t kpi_index = 0;               // position in the registry, for a KPI
    std::string export_name;                 // the DLL export Excel calls: "KPI_ROMI"
    std::string type_text;                   // "QQQQ$": returns and takes XLOPER12s, thread-safe
    std::string worksheet_name;              // what users type: "KPI.ROMI"
    std::string argument_names;              // "incremental_revenue,contribution_margin,marketing_spend"
    std::string function_help;               // the Function Wizard's description
    std::vector<std::string> argument_help;  // one per argument, each within Excel's 255 characters

    std::size_t argument_count() const { return type_text.size() - 2; }  // less the result and the '$'
};

// "KPI.ROMI" -> "KPI_ROMI": a C identifier for the export, from the worksheet name.
std::string export_name(std::string_view worksheet_name);

// 'Q' for a single value: Excel resolves references before the call, which is
// cheapest. 'U' for a range: Excel passes the reference itself, so a multi-area
// reference such as (A1:A5,C1:C5) reaches the KPI whole, as it reaches AVERAGE.
char argument_type(const Parameter& parameter);

// The description, then unit, domain, choices and default within Excel's limit:
// "What the marketing cost (currency; >= 0)".
std::string argument_help(const Parameter& parameter);

// KPI.EXPLAIN takes a function's name and then as many arguments as the longest
// function it explains: a KPI or KPI.ATTRIBUTION.
std::size_t explain_argument_count(const Registry& registry);

// KPI.EVAL takes a model KPI's name and then up to this many measures.
inline constexpr std::size_t eval_input_count = 30;

// Every KPI in registry order, then KPI.EXPLAIN, KPI.CATALOG, KPI.EVAL, KPI.LOADMODEL and KPI.ATTRIBUTION.
std::vector<WorksheetFunction> worksheet_functions(const Registry& registry);

// Cuts UTF-8 text to at most `limit` UTF-16 units (Excel counts those), ending in "…" when cut.
std::string within_excel_limit(std::string text, std::size_t limit);

struct Registration {
    double register_id = 0;  // what xlfRegister returned; xlfUnregister takes it back
    std::string worksheet_name;
};

// Calls xlfRegister for each function, with the XLL's own path (from xlGetName)
// as the module; returns the ones Excel accepted.
std::vector<Registration> register_with_excel(std::span<const WorksheetFunction> functions);
// Undoes it: xlfUnregister by id, then xlfSetName without a definition to delete
// the hidden name xlfRegister made, so the Function Wizard stops listing it.
void unregister_from_excel(std::span<const Registration> registrations);

}  // namespace kpilot::xll
