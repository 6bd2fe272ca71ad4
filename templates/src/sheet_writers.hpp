#pragma once
// One writer per sheet of a template workbook. Each writes its rows top to
// bottom, which libxlsxwriter's constant-memory mode requires.

#include <xlsxwriter.h>

#include <string>
#include <vector>

#include "kpilot/targets_file.hpp"
#include "workbook_plan.hpp"
#include "workbook_style.hpp"

namespace kpilot::templates {

inline constexpr const char* readme_sheet = "Read me";
inline constexpr const char* kpis_sheet = "KPIs";
inline constexpr const char* targets_sheet = "Targets";
inline constexpr const char* measures_sheet = "Measures";
inline constexpr const char* data_sheet = "Data";
inline constexpr const char* rejected_sheet = "Rejected rows";

// Defined names the sheets share: the Read me's KPI catalogue, the KPIs
// sheet's values and lookup keys, which the Targets sheet's formulas read.
inline constexpr const char* kpi_names_name = "KpiNames";
inline constexpr const char* kpi_directions_name = "KpiDirections";
inline constexpr const char* kpi_header_name = "KpiHeader";
inline constexpr const char* kpi_values_name = "KpiValues";
inline constexpr const char* kpi_keys_name = "KpiKeys";
inline constexpr const char* group_values_name = "GroupValues";

struct TemplateContext {
    lxw_workbook* workbook = nullptr;
    WorkbookStyle* style = nullptr;
    const KpiModel* model = nullptr;
    const KpiResults* results = nullptr;
    const TemplateOptions* options = nullptr;
    const DataLayout* data = nullptr;
    const KpiLayout* layout = nullptr;
    const FormulaPlanner* formulas = nullptr;
    const TargetsTable* targets = nullptr;
    std::string data_name;  // the data file's name, without its folder
    std::vector<std::string>* notes = nullptr;
};

void write_readme_sheet(const TemplateContext& context, lxw_worksheet* sheet);
void write_kpis_sheet(const TemplateContext& context, lxw_worksheet* sheet);
void write_measures_sheet(const TemplateContext& context, lxw_worksheet* sheet);
void write_targets_sheet(const TemplateContext& context, lxw_worksheet* sheet);
// The rows compute_kpis used, in the file's order; the rejected ones are left
// out (they are listed on the Rejected rows sheet). How many it wrote, or why it stopped.
Result<std::size_t> write_data_sheet(const TemplateContext& context, lxw_worksheet* sheet);
void write_rejected_sheet(const TemplateContext& context, lxw_worksheet* sheet);

// A formula with its cached result, or the value alone (italic on grey) when it has no formula.
void write_planned_cell(const TemplateContext& context, lxw_worksheet* sheet, std::uint32_t row, std::uint16_t column,
                        const PlannedCell& planned, Unit unit);
// A formula whose cached result is a core value (a number, a text, an error as its code).
void write_formula_with_value(lxw_worksheet* sheet, std::uint32_t row, std::uint16_t column, const std::string& formula,
                              const Value& cached, lxw_format* format);
// The first row key columns of a KPIs or Measures row: month, group value.
void write_row_keys(const TemplateContext& context, lxw_worksheet* sheet, const SheetRow& row);

// Print setup every sheet shares: landscape, one page wide, header rows repeated.
void set_print_layout(lxw_worksheet* sheet, std::uint32_t repeat_from, std::uint32_t repeat_to);

// libxlsxwriter takes char* where it only reads; the strings outlive the call.
inline char* writable(const std::string& text) { return const_cast<char*>(text.c_str()); }

}  // namespace kpilot::templates
