#pragma once
// How a KPI model reads the columns of a data file: which are numbers, which
// text, which dates. compute_kpis types columns by this rule; a front end
// that lays the rows out again (a template workbook's Data sheet) types its
// cells by the same rule, so a cell is a number in the sheet exactly when the
// engine read it as one.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kpilot/kpi_model.hpp"

namespace kpilot {

// Rows read from the start of a file to type its columns.
inline constexpr std::size_t rows_sampled_for_column_types = 1000;

// A number as the engine reads one from a cell: surrounding spaces and tabs
// ignored, then the common spelling, then the spellings exports use
// ("1,234.56", "1 234,56" with decimal_comma, "25%"). nullopt for a blank cell
// or anything that spells no number.
std::optional<double> read_number_cell(std::string_view text, bool decimal_comma);

// Per header column: declared in the model's "columns"; else a number when a
// measure sums, averages, or takes the min or max of it; else a number when
// nine in ten of its non-blank sampled cells read as numbers; else text.
// The date column is a date only when declared so: its type here is what
// filters see, and filters compare an undeclared date column as text.
std::vector<ColumnType> infer_column_types(const KpiModel& model, const std::vector<std::string>& header,
                                           std::span<const std::vector<std::string>> sample, bool decimal_comma);

}  // namespace kpilot
