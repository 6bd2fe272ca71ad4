#pragma once
// What goes where in a template workbook, decided before a cell is written:
// the Data sheet's columns (types, formats, input rules, how formulas name
// them) and the rows of the KPIs and Measures sheets with each cell's formula
// or the reason it holds a value only. The sheet writers only lay this out.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "excel_formula.hpp"
#include "kpilot/kpi_engine.hpp"
#include "template_kinds.hpp"

namespace kpilot::templates {

// ---- The Data sheet ---------------------------------------------------------

struct DataColumn {
    std::string name;
    std::optional<std::size_t> csv_index;  // nullopt: the month_key column the template adds
    ColumnType type = ColumnType::text;    // how its cells are written; the model's date column holds dates
    Unit unit = Unit::any;                 // its number format
    std::optional<InputRule> rule;         // data validation on its cells
    std::string reference;                 // in formulas: Data[spend], or the defined name Data_spend
    std::string defined_name;              // without an Excel table only
    std::vector<std::string> measures;     // the measures that read it
};

struct DataLayout {
    std::vector<DataColumn> columns;  // the file's columns in its order, then month_key
    std::optional<std::size_t> date_column;
    std::optional<std::size_t> month_key_column;
    std::optional<std::size_t> group_column;  // the model's first grouping column
    bool as_table = true;                     // an Excel table named Data; false in constant-memory mode
    std::size_t rows = 0;
    std::string every_row;  // what ROWS() counts: the first column's reference

    const DataColumn* find(std::string_view name) const;
    // The column's type as a filter of the model sees it (the date column compares as a date here, so not at all).
    std::optional<ColumnType> type_of(std::string_view name) const;
};

// Types each column by the core's rule, and derives formats and input rules:
// a column a built-in KPI reads takes that argument's unit and domain
// (spend through KPI.ROAS's ad_spend: money, >= 0).
DataLayout plan_data_sheet(const KpiModel& model, const std::vector<std::string>& header,
                           std::span<const std::vector<std::string>> sample, TemplateKind kind, bool as_table,
                           std::size_t rows, bool decimal_comma, const std::string& group_column);

// The formula of the month_key column in a Data row (0-based sheet row): the
// first day of the row's month, which the KPIs sheet's month column matches.
std::string month_key_formula(const DataLayout& data, std::uint32_t row);

// The unit a measure is in: the unit of the KPI argument it feeds, a count for counts.
Unit measure_unit(const KpiModel& model, std::size_t measure);

// ---- The KPIs and Measures sheets ---------------------------------------------

enum class RowKind { section, period_total, grand_total, group_total, detail };

struct SheetRow {
    RowKind kind = RowKind::section;
    std::uint32_t row = 0;  // 0-based sheet row
    std::string title;      // a section's heading
    const KpiRow* result = nullptr;
};

// A cell: the formula, or the reason there is none; and the value the core computed.
struct PlannedCell {
    ExcelFormula formula;
    Value cached;
};

struct KpiLayout {
    bool by_period = false;  // a month column and a row per month
    bool by_group = false;   // a column for the first grouping's values
    std::string group_name;  // "channel"
    std::uint32_t title_row = 0;
    std::uint32_t header_row = 3;                     // KPI names (row 3 holds their titles)
    std::vector<SheetRow> rows;                       // in sheet order, from header_row + 1
    std::vector<std::string> kpi_untranslatable;      // per model KPI: why its cells hold values only
    std::vector<std::string> measure_untranslatable;  // per measure

    std::uint16_t key_columns() const { return static_cast<std::uint16_t>(by_period && by_group ? 2 : 1); }
    std::uint16_t period_column() const { return 0; }
    std::uint16_t group_column() const { return by_period ? 1 : 0; }
    std::uint16_t kpi_column(std::size_t kpi) const { return static_cast<std::uint16_t>(key_columns() + kpi); }
    std::uint16_t measure_column(std::size_t measure) const {
        return static_cast<std::uint16_t>(key_columns() + measure);
    }
    std::uint32_t first_row() const { return header_row + 1; }
    std::uint32_t last_row() const { return rows.empty() ? first_row() : rows.back().row; }

    // The rows of one kind, in sheet order (contiguous by construction).
    std::vector<const SheetRow*> rows_of(RowKind kind) const;
};

inline constexpr std::string_view all_periods_label = "All periods";
inline constexpr std::string_view total_label = "Total";
inline constexpr std::string_view blank_group_label = "(blank)";

// Sections: the total by month (then all periods), by group over all periods,
// then each group month by month, so every chart reads one contiguous range.
KpiLayout plan_kpi_rows(const KpiModel& model, const KpiResults& results, bool by_period, bool by_group,
                        const std::string& group_name);

// Each measure's and KPI's formula for a row, or why it has none. Built-in
// KPI calls take their measures inline (=KPI.CTR(SUMIFS(...),SUMIFS(...)));
// other KPI formulas refer to the Measures sheet's cells of the same row.
class FormulaPlanner {
public:
    FormulaPlanner(const KpiModel& model, const DataLayout& data, KpiLayout& layout);

    PlannedCell measure_cell(std::size_t measure, const SheetRow& row) const;
    PlannedCell kpi_cell(std::size_t kpi, const SheetRow& row) const;
    // The text in the row's key columns: a period, a group value, "All periods", "Total".
    std::string lookup_key_formula(const SheetRow& row) const;
    std::string lookup_key_value(const SheetRow& row) const;

private:
    ExcelFormula measure_formula(std::size_t measure, const SheetRow& row) const;
    ExcelFormula kpi_formula(std::size_t kpi, const SheetRow& row) const;
    std::vector<std::pair<std::string, std::string>> row_criteria(const SheetRow& row) const;

    const KpiModel& model_;
    const DataLayout& data_;
    KpiLayout& layout_;
};

// Row and column (0-based) as A1 text, with $ where asked: cell(4, 2, true, false) is "$C5".
std::string cell(std::uint32_t row, std::uint16_t column, bool absolute_column = false, bool absolute_row = false);
// A quoted sheet name for references: 'Read me'!
std::string sheet_prefix(std::string_view sheet);

}  // namespace kpilot::templates
