#pragma once
// Writing KPI tables as files: CSV and JSON in long form, xlsx as a workbook
// with a wide "KPIs" table and a long "Details" table, and text for a terminal.

#include <ostream>
#include <string>

#include "kpilot/kpi_tables.hpp"

namespace kpilot::cli {

void write_csv(std::ostream& out, const KpiTable& table);
void write_json(std::ostream& out, const KpiTable& table, const KpiResults& results, const KpiModel& model);
// Returns an error message, or empty on success.
std::string write_xlsx(const std::string& path, const KpiResults& results, const KpiModel& model);
void write_text(std::ostream& out, const KpiResults& results, const KpiModel& model);

}  // namespace kpilot::cli
