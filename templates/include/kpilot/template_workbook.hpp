#pragma once
// Template workbooks that consultants hand out: paste your exports into the
// Data sheet, and the KPI page, the charts and the red/amber/green against
// targets fill themselves in.
//
//   kpilot::templates::TemplateOptions options;
//   options.kind = kpilot::templates::TemplateKind::marketing;
//   options.data_path = "samples/marketing/data.csv";
//   options.output_path = "marketing.xlsx";
//   auto written = kpilot::templates::write_template_workbook(model, options);
//   if (!written) return written.error();           // unreadable data, a model that does not fit
//   for (const auto& r : written.value().results.rejected) warn(r.line, r.column, r.reason);
//
// Sheets: "Read me" (what each KPI means, where to paste, what the add-in
// adds), "KPIs" (one row per month and value of the model's first grouping
// column, every cell a live formula: KPI.* calls of the kpilot add-in over
// SUMIFS of the Data table, or plain arithmetic over the Measures sheet), with
// a line chart by month and a column chart by group), "Targets" (edited by the
// user; attainment and status are formulas, coloured by status), "Measures"
// (each measure as SUMIFS, COUNTIFS, AVERAGEIFS...), "Data" (the rows as a
// typed Excel table with validation) and, when rows were rejected, "Rejected rows".
// Every formula cell carries the value kpilot computed as its cached result.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kpilot/kpi_engine.hpp"
#include "kpilot/kpi_model.hpp"

namespace kpilot::templates {

// What the rows are; sets the wording of the Read me and the input rules
// (marketing and sales amounts are never negative, survey answers lie on their scale).
enum class TemplateKind { marketing, sales, satisfaction, custom };
std::optional<TemplateKind> template_kind_from_string(std::string_view name);
std::string_view to_string(TemplateKind kind);

// Data sheets longer than this are written in libxlsxwriter's constant-memory
// mode: rows go to disk as they are written, so memory does not grow with the
// file. That mode has no Excel tables, so the Data sheet is then a plain range
// whose columns are defined names (Data_spend) rather than Data[spend].
inline constexpr std::size_t largest_table_data_sheet = 100000;

struct TemplateOptions {
    TemplateKind kind = TemplateKind::custom;
    std::string data_path;
    std::string targets_path;  // empty: no targets file; the Targets sheet lists each KPI with no target yet
    std::string output_path;
    ComputeOptions compute;        // CSV spelling and date order; grouping and grain are the template's
    bool constant_memory = false;  // also for a short Data sheet
    // Shown on the Read me sheet: how the workbook was made. Keep paths out
    // of it, so the same command gives the same file on every machine.
    std::string generated_by;
};

struct TemplateReport {
    KpiResults results;              // what the core computed: rows read, used, rejected
    std::vector<std::string> notes;  // KPIs and measures written as values, targets that fit nothing
    bool constant_memory = false;
    std::size_t data_rows_written = 0;
};

// #VALUE! naming the file when the data cannot be read, the model does not
// fit it, the targets file is unreadable, or the workbook cannot be written.
Result<TemplateReport> write_template_workbook(const KpiModel& model, const TemplateOptions& options);

}  // namespace kpilot::templates
