#pragma once
// A KPI model's formulas and row filters written as Excel formulas:
//
//   (revenue * 0.6 - spend) / spend   ->  (Measures!$K5*0.6-Measures!$C5)/Measures!$C5
//   KPI.CTR(clicks, impressions)      ->  KPI.CTR(SUMIFS(Data[clicks],...),SUMIFS(Data[impressions],...))
//   stage == 'won' and amount >= 1000 ->  criteria pairs for SUMIFS / COUNTIFS:
//   Data[stage],"=won",Data[amount],">=1000"
//
// A translation is exact or absent: where Excel would compute something else
// (a filter with `or`, a text compared by order, a blank cell that kpilot reads
// as 0 in a comparison but SUMIFS skips), the result says why, and the caller
// writes the value kpilot computed instead of a formula.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kpilot/kpi_model.hpp"
#include "kpilot/registry.hpp"

namespace kpilot::templates {

// An Excel formula without its leading '=', or the reason there is none.
struct ExcelFormula {
    std::string text;
    std::string untranslatable;  // non-empty: why the formula cannot be written for Excel

    bool ok() const { return untranslatable.empty(); }
    static ExcelFormula of(std::string text) { return {std::move(text), {}}; }
    static ExcelFormula cannot(std::string why) { return {{}, std::move(why)}; }
};

// Excel refuses longer formulas.
inline constexpr std::size_t longest_excel_formula = 8192;

// What each name of a formula (a measure, a KPI) is in the workbook.
using NameInExcel = std::function<ExcelFormula(std::string_view name)>;

// A KPI formula of the model language as an Excel formula, with kpilot's
// semantics kept: power binds tighter than unary minus, `and` and `or`
// short-circuit, safe_divide passes an error in its numerator through.
ExcelFormula excel_formula(std::string_view formula, const NameInExcel& names,
                           const Registry& registry = Registry::builtin());

// One condition of a *IFS function: the column it tests and its criteria
// argument as Excel text, such as "\">=9\"" or "\"=won\"".
struct Criterion {
    std::string column;
    std::string criteria;
};

struct CriteriaTranslation {
    std::vector<Criterion> criteria;
    std::string untranslatable;  // non-empty: why the filter has no *IFS form
    bool ok() const { return untranslatable.empty(); }
};

// How the Data sheet holds a column: text, number or date; nullopt when there is no such column.
using ColumnTypeOf = std::function<std::optional<ColumnType>(std::string_view column)>;

// A measure's row filter as *IFS criteria. `aggregated_column` is the column
// the measure sums or counts (empty when it counts rows): a condition on it
// may skip blank cells freely, since a blank adds nothing to that measure.
CriteriaTranslation excel_criteria(std::string_view filter, const ColumnTypeOf& column_type,
                                   std::string_view aggregated_column, const Registry& registry = Registry::builtin());

// A name passed straight to a built-in KPI: in KPI.ROAS(revenue, spend),
// spend is KPI.ROAS's ad_spend, so a spend column is money and never negative.
struct NamedArgument {
    const KpiDefinition* kpi = nullptr;
    std::size_t parameter = 0;
    std::string name;
};
std::vector<NamedArgument> named_kpi_arguments(std::string_view formula,
                                               const Registry& registry = Registry::builtin());

// The criteria argument matching cells equal to a text, its wildcards
// escaped: "=Paid ~*Search", or "" (blank cells) for an empty text.
std::string text_equal_criterion(std::string_view text);

// ASCII lower case: how the model language matches keywords and function names.
std::string lowercase(std::string_view text);

// A text as an Excel string literal: "Paid ""Search""".
std::string excel_string(std::string_view text);
// A number as an Excel formula spells it: the shortest text that reads back
// as the same double, with an upper-case exponent.
std::string excel_number(double x);

}  // namespace kpilot::templates
