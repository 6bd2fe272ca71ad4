#pragma once
// KPI results flattened into tables for files and feeds, the same for the
// command line (csv, json, xlsx) and the Power BI bridge:
//
// long form: one row per group and KPI, with the value, period-over-period,
//   running and trailing values, target, attainment, status and the error;
// wide form: one row per group, one column per KPI.
//
// A KPI that is an error has an empty value and its error code and message in
// their own columns: an error is never turned into 0.

#include <string>
#include <vector>

#include "kpilot/kpi_engine.hpp"

namespace kpilot {

enum class ColumnKind { text, number, integer, date, boolean };

struct TableColumn {
    std::string name;
    ColumnKind kind = ColumnKind::text;
    Unit unit = Unit::any;  // how a number in it reads (ratio, currency...); per row in long form
};

struct KpiTable {
    std::vector<TableColumn> columns;
    std::vector<std::vector<Value>> rows;  // Value() is an empty cell (null)
    std::vector<Unit> row_units;           // long form: the unit of each row's KPI
    std::size_t key_columns = 0;           // leading columns that identify a row
};

// target_columns: also when no targets were given (empty), so a feed keeps its
// columns whether or not a targets file is there.
KpiTable long_form_table(const KpiResults& results, const KpiModel& model, bool target_columns = false);
KpiTable wide_form_table(const KpiResults& results, const KpiModel& model);

// "detail", "subtotal" or "total".
std::string_view row_level_name(const KpiRow& row, const KpiResults& results);

}  // namespace kpilot
