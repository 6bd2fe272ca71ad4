// The rows of the KPIs and Measures sheets, and each cell's formula.
#include <xlsxwriter.h>

#include <algorithm>

#include "workbook_plan.hpp"

namespace kpilot::templates {

namespace {

std::optional<std::size_t> measure_index(const KpiModel& model, std::string_view name) {
    for (std::size_t i = 0; i < model.measures.size(); ++i)
        if (model.measures[i].name == name) return i;
    return std::nullopt;
}

std::optional<std::size_t> kpi_index(const KpiModel& model, std::string_view name) {
    for (std::size_t i = 0; i < model.kpis.size(); ++i)
        if (model.kpis[i].name == name) return i;
    return std::nullopt;
}

// A group value a *IFS criterion cannot take from its cell as is: one that
// starts with a comparison, holds a wildcard, or is blank.
bool needs_literal_criterion(const std::string& value) {
    return value.empty() || value.find_first_of("*?~") != std::string::npos || value.front() == '=' ||
           value.front() == '<' || value.front() == '>';
}

}  // namespace

std::string cell(std::uint32_t row, std::uint16_t column, bool absolute_column, bool absolute_row) {
    char name[LXW_MAX_CELL_NAME_LENGTH];
    lxw_rowcol_to_cell_abs(name, row, column, absolute_row, absolute_column);
    return name;
}

std::string sheet_prefix(std::string_view sheet) {
    if (sheet.find_first_of(" -'()") == std::string_view::npos) return std::string(sheet) + "!";
    std::string quoted = "'";
    for (char c : sheet) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    return quoted + "'!";
}

std::vector<const SheetRow*> KpiLayout::rows_of(RowKind kind) const {
    std::vector<const SheetRow*> out;
    for (const auto& r : rows)
        if (r.kind == kind) out.push_back(&r);
    return out;
}

KpiLayout plan_kpi_rows(const KpiModel& model, const KpiResults& results, bool by_period, bool by_group,
                        const std::string& group_name) {
    KpiLayout layout;
    layout.by_period = by_period;
    layout.by_group = by_group;
    layout.group_name = group_name;
    layout.kpi_untranslatable.resize(model.kpis.size());
    layout.measure_untranslatable.resize(model.measures.size());

    std::vector<const KpiRow*> period_totals, group_totals, details;
    const KpiRow* grand_total = nullptr;
    for (const auto& r : results.rows) {
        if (r.period && r.level == 0)
            period_totals.push_back(&r);
        else if (r.period)
            details.push_back(&r);
        else if (r.level == 0)
            grand_total = &r;
        else
            group_totals.push_back(&r);
    }
    // Each group's months together, so a chart series per group reads one range.
    std::stable_sort(details.begin(), details.end(),
                     [](const KpiRow* a, const KpiRow* b) { return a->dimensions[0] < b->dimensions[0]; });

    std::uint32_t row = layout.first_row();
    auto section = [&](std::string title) {
        layout.rows.push_back({RowKind::section, row++, std::move(title), nullptr});
    };
    auto add = [&](RowKind kind, const KpiRow* result) {
        if (result) layout.rows.push_back({kind, row++, "", result});
    };
    if (by_period) {
        section(by_group ? "Total by month" : "By month");
        for (const KpiRow* r : period_totals) add(RowKind::period_total, r);
        add(RowKind::grand_total, grand_total);
    }
    if (by_group) {
        section("By " + group_name + (by_period ? ", all months" : ""));
        for (const KpiRow* r : group_totals) add(RowKind::group_total, r);
        if (!by_period) add(RowKind::grand_total, grand_total);
        if (by_period) {
            section("By " + group_name + " and month");
            for (const KpiRow* r : details) add(RowKind::detail, r);
        }
    }
    if (!by_period && !by_group) add(RowKind::grand_total, grand_total);
    return layout;
}

FormulaPlanner::FormulaPlanner(const KpiModel& model, const DataLayout& data, KpiLayout& layout)
    : model_(model), data_(data), layout_(layout) {
    // Whether a measure or KPI has a formula does not depend on the row: decide
    // once, on any row, KPIs after the KPIs they use.
    const auto probe =
        std::find_if(layout_.rows.begin(), layout_.rows.end(), [](const SheetRow& r) { return r.result; });
    if (probe == layout_.rows.end()) return;
    for (std::size_t m = 0; m < model_.measures.size(); ++m) {
        const ExcelFormula f = measure_formula(m, *probe);
        if (!f.ok()) layout_.measure_untranslatable[m] = f.untranslatable;
    }
    for (std::size_t k : model_.kpi_order) {
        const ExcelFormula f = kpi_formula(k, *probe);
        if (!f.ok()) layout_.kpi_untranslatable[k] = f.untranslatable;
    }
}

std::vector<std::pair<std::string, std::string>> FormulaPlanner::row_criteria(const SheetRow& row) const {
    std::vector<std::pair<std::string, std::string>> criteria;
    if (layout_.by_group && row.result->dimensions[0]) {
        const std::string& value = *row.result->dimensions[0];
        const DataColumn& column = data_.columns[*data_.group_column];
        std::string criterion = cell(row.row, layout_.group_column(), true, false);
        if (column.type == ColumnType::text && needs_literal_criterion(value)) criterion = text_equal_criterion(value);
        criteria.emplace_back(column.reference, criterion);
    }
    if (layout_.by_period && row.result->period)
        criteria.emplace_back(data_.columns[*data_.month_key_column].reference,
                              cell(row.row, layout_.period_column(), true, false));
    return criteria;
}

ExcelFormula FormulaPlanner::measure_formula(std::size_t measure, const SheetRow& row) const {
    const MeasureDefinition& m = model_.measures[measure];
    if (m.aggregate == Aggregate::count_distinct)
        return ExcelFormula::cannot("it counts distinct values, which no *IFS function does");
    const DataColumn* column = m.column.empty() ? nullptr : data_.find(m.column);
    if (!m.column.empty() && !column) return ExcelFormula::cannot("the data has no column '" + m.column + "'");
    auto criteria = row_criteria(row);
    if (!m.filter.empty()) {
        const CriteriaTranslation filter = excel_criteria(
            m.filter, [this](std::string_view name) { return data_.type_of(name); }, m.column);
        if (!filter.ok()) return ExcelFormula::cannot("its filter '" + m.filter + "': " + filter.untranslatable);
        for (const Criterion& c : filter.criteria) criteria.emplace_back(data_.find(c.column)->reference, c.criteria);
    }
    std::string pairs;
    for (const auto& [range, criterion] : criteria) pairs += (pairs.empty() ? "" : ",") + range + "," + criterion;
    const std::string values = column ? column->reference : "";
    std::string text;
    switch (m.aggregate) {
        case Aggregate::sum:
            text = pairs.empty() ? "SUM(" + values + ")" : "SUMIFS(" + values + "," + pairs + ")";
            break;
        case Aggregate::count:
            // kpilot counts the non-blank cells of a column, or the rows.
            if (column)
                text = "COUNTIFS(" + values + ",\"<>\"" + (pairs.empty() ? "" : "," + pairs) + ")";
            else
                text = pairs.empty() ? "ROWS(" + data_.every_row + ")" : "COUNTIFS(" + pairs + ")";
            break;
        case Aggregate::average:
            text = pairs.empty() ? "AVERAGE(" + values + ")" : "AVERAGEIFS(" + values + "," + pairs + ")";
            break;
        case Aggregate::min:
        case Aggregate::max: {
            // MINIFS and MAXIFS give 0 where kpilot gives #N/A: no values.
            const std::string function = m.aggregate == Aggregate::min ? "MIN" : "MAX";
            text = pairs.empty() ? "IF(COUNT(" + values + ")=0,NA()," + function + "(" + values + "))"
                                 : "IF(COUNTIFS(" + values + ",\"<>\"," + pairs + ")=0,NA(),_xlfn." + function +
                                       "IFS(" + values + "," + pairs + "))";
            break;
        }
        case Aggregate::count_distinct: break;
    }
    if (text.size() + 1 > longest_excel_formula)
        return ExcelFormula::cannot("its Excel form is longer than Excel's " + std::to_string(longest_excel_formula) +
                                    " characters");
    return ExcelFormula::of(std::move(text));
}

ExcelFormula FormulaPlanner::kpi_formula(std::size_t kpi, const SheetRow& row) const {
    const ModelKpi& k = model_.kpis[kpi];
    const bool inline_measures = k.builtin != nullptr;
    return excel_formula(k.formula, [&](std::string_view name) {
        if (const auto m = measure_index(model_, name)) {
            if (!layout_.measure_untranslatable[*m].empty())
                return ExcelFormula::cannot("it uses measure '" + std::string(name) + "', and " +
                                            layout_.measure_untranslatable[*m]);
            if (inline_measures) return measure_formula(*m, row);
            return ExcelFormula::of("Measures!" + cell(row.row, layout_.measure_column(*m), true, false));
        }
        if (const auto other = kpi_index(model_, name)) {
            if (!layout_.kpi_untranslatable[*other].empty())
                return ExcelFormula::cannot("it uses KPI '" + std::string(name) +
                                            "', which has no formula: " + layout_.kpi_untranslatable[*other]);
            return ExcelFormula::of(cell(row.row, layout_.kpi_column(*other), true, false));
        }
        return ExcelFormula::cannot("'" + std::string(name) + "' is neither a measure nor a KPI of the model");
    });
}

PlannedCell FormulaPlanner::measure_cell(std::size_t measure, const SheetRow& row) const {
    PlannedCell out{ExcelFormula::cannot(layout_.measure_untranslatable[measure]), row.result->measures[measure]};
    if (layout_.measure_untranslatable[measure].empty()) out.formula = measure_formula(measure, row);
    return out;
}

PlannedCell FormulaPlanner::kpi_cell(std::size_t kpi, const SheetRow& row) const {
    PlannedCell out{ExcelFormula::cannot(layout_.kpi_untranslatable[kpi]), row.result->kpis[kpi]};
    if (layout_.kpi_untranslatable[kpi].empty()) out.formula = kpi_formula(kpi, row);
    return out;
}

std::string FormulaPlanner::lookup_key_formula(const SheetRow& row) const {
    std::string formula = cell(row.row, 0, true, false);
    if (layout_.key_columns() == 2) return formula + "&\"|\"&" + cell(row.row, 1, true, false);
    return formula + "&\"\"";
}

std::string FormulaPlanner::lookup_key_value(const SheetRow& row) const {
    const KpiRow& r = *row.result;
    std::string period = r.period_start ? std::to_string(*r.period_start) : std::string(all_periods_label);
    std::string group = r.dimensions.empty() || !r.dimensions[0]
                            ? std::string(total_label)
                            : (r.dimensions[0]->empty() ? std::string(blank_group_label) : *r.dimensions[0]);
    if (layout_.by_period && layout_.by_group) return period + "|" + group;
    if (layout_.by_period) return period;
    if (layout_.by_group) return group;
    return std::string(total_label);
}

}  // namespace kpilot::templates
