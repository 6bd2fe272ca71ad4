#pragma once
// Writing KPI tables as files: CSV and JSON in long form, xlsx as a workbook
// with a wide "KPIs" table and a long "Details" table, and text for a terminal.

#include <ostream>
#include <string>
#include <vector>

#include "kpilot/kpi_tables.hpp"

namespace kpilot::cli {

void write_csv(std::ostream& out, const KpiTable& table);
void write_json(std::ostream& out, const KpiTable& table, const KpiResults& results, const KpiModel& model);
// Returns an error message, or empty on success.
std::string write_xlsx(const std::string& path, const KpiResults& results, const KpiModel& model);
void write_text(std::ostream& out, const KpiResults& results, const KpiModel& model);

// Any tables as sheets of one workbook, each an Excel table named after its sheet.
struct NamedTable {
    std::string name;
    KpiTable table;
};
std::string write_tables_xlsx(const std::string& path, const std::vector<NamedTable>& sheets);

}  // namespace kpilot::cli
