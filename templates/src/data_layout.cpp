// The Data sheet's columns: typed as the engine types them, formatted and
// guarded by what the registry says of the KPI arguments they feed.
#include <algorithm>
#include <cctype>

#include "kpilot/column_types.hpp"
#include "workbook_plan.hpp"

namespace kpilot::templates {

namespace {

constexpr std::string_view month_key_name = "month_key";

// Characters that make a structured reference bracket the column name:
// Data[[first name]]; of these, [ ] # and ' are escaped with '.
bool needs_brackets(std::string_view name) {
    return name.find_first_of(" \t\n\r,:.[]#'\"{}$^&*+=-><") != std::string_view::npos;
}

std::string bracketed(std::string_view name) {
    std::string out = "[";
    for (char c : name) {
        if (c == '[' || c == ']' || c == '#' || c == '\'') out += '\'';
        out += c;
    }
    return out + "]";
}

// Excel names hold letters, digits, _ and . and must not read as a cell.
std::string defined_name_for(std::string_view column, const std::vector<DataColumn>& taken) {
    std::string name = "Data_";
    for (char c : column) name += std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' ? c : '_';
    std::string unique = name;
    for (int n = 2;
         std::any_of(taken.begin(), taken.end(), [&](const DataColumn& d) { return d.defined_name == unique; }); ++n)
        unique = name + "_" + std::to_string(n);
    return unique;
}

}  // namespace

const DataColumn* DataLayout::find(std::string_view name) const {
    for (const auto& c : columns)
        if (c.name == name) return &c;
    return nullptr;
}

std::optional<ColumnType> DataLayout::type_of(std::string_view name) const {
    const DataColumn* column = find(name);
    if (!column || !column->csv_index) return std::nullopt;
    return column->type;
}

Unit measure_unit(const KpiModel& model, std::size_t measure) {
    const MeasureDefinition& m = model.measures[measure];
    for (const auto& kpi : model.kpis)
        for (const auto& argument : named_kpi_arguments(kpi.formula))
            if (argument.name == m.name) {
                const Unit unit = argument.kpi->parameters[argument.parameter].unit;
                if (unit != Unit::any && unit != Unit::text) return unit;
            }
    if (m.aggregate == Aggregate::count || m.aggregate == Aggregate::count_distinct) return Unit::count;
    return Unit::any;
}

DataLayout plan_data_sheet(const KpiModel& model, const std::vector<std::string>& header,
                           std::span<const std::vector<std::string>> sample, TemplateKind kind, bool as_table,
                           std::size_t rows, bool decimal_comma, const std::string& group_column) {
    DataLayout data;
    data.as_table = as_table;
    data.rows = rows;
    const std::vector<ColumnType> types = infer_column_types(model, header, sample, decimal_comma);
    for (std::size_t c = 0; c < header.size(); ++c) {
        DataColumn column;
        column.name = header[c];
        column.csv_index = c;
        column.type = types[c];
        if (!model.date_column.empty() && header[c] == model.date_column) {
            column.type = ColumnType::date;
            column.unit = Unit::date;
            data.date_column = c;
        }
        if (!group_column.empty() && header[c] == group_column) data.group_column = c;
        data.columns.push_back(std::move(column));
    }
    if (data.date_column) {
        std::string name(month_key_name);
        for (int n = 2; data.find(name); ++n) name = std::string(month_key_name) + "_" + std::to_string(n);
        DataColumn month_key;
        month_key.name = name;
        month_key.type = ColumnType::date;
        month_key.unit = Unit::date;
        data.month_key_column = data.columns.size();
        data.columns.push_back(std::move(month_key));
    }

    // What the measures make of each column: its unit and the values it may hold.
    for (std::size_t m = 0; m < model.measures.size(); ++m) {
        const MeasureDefinition& measure = model.measures[m];
        auto it = std::find_if(data.columns.begin(), data.columns.end(),
                               [&](const DataColumn& c) { return c.csv_index && c.name == measure.column; });
        if (it == data.columns.end()) continue;
        it->measures.push_back(measure.name);
        const bool numeric = measure.aggregate != Aggregate::count && measure.aggregate != Aggregate::count_distinct;
        if (!numeric || it->type != ColumnType::number) continue;
        if (it->unit == Unit::any) it->unit = measure_unit(model, m);
    }
    for (const auto& kpi : model.kpis)
        for (const auto& argument : named_kpi_arguments(kpi.formula)) {
            const auto measure = std::find_if(model.measures.begin(), model.measures.end(),
                                              [&](const MeasureDefinition& m) { return m.name == argument.name; });
            if (measure == model.measures.end() || measure->aggregate == Aggregate::count ||
                measure->aggregate == Aggregate::count_distinct)
                continue;
            auto column = std::find_if(data.columns.begin(), data.columns.end(),
                                       [&](const DataColumn& c) { return c.csv_index && c.name == measure->column; });
            if (column == data.columns.end() || column->rule) continue;
            const Parameter& parameter = argument.kpi->parameters[argument.parameter];
            InputRule rule{parameter,
                           argument.kpi->worksheet_name + " reads it as its " + parameter.name + " argument"};
            // A sum keeps a lower bound of 0 and whole numbers; an upper bound holds for the sum, not each cell.
            if (measure->aggregate == Aggregate::sum) {
                rule.domain.maximum.reset();
                if (rule.domain.minimum && (*rule.domain.minimum < 0 || rule.domain.minimum_exclusive))
                    rule.domain.minimum.reset();
            }
            if (rule.domain.minimum || rule.domain.maximum || rule.domain.whole_number) column->rule = std::move(rule);
        }
    for (auto& column : data.columns) {
        if (!column.csv_index || column.type != ColumnType::number || column.rule) continue;
        if (kind == TemplateKind::satisfaction) column.rule = survey_scale(column.name);
        if (!column.rule && amounts_never_negative(kind) && !column.measures.empty()) {
            Parameter domain;
            domain.minimum = 0.0;
            column.rule = InputRule{domain, std::string(to_string(kind)) + " amounts and counts are never negative"};
        }
    }

    for (auto& column : data.columns) {
        if (as_table) {
            column.reference =
                "Data" + (needs_brackets(column.name) ? "[" + bracketed(column.name) + "]" : "[" + column.name + "]");
        } else {
            column.defined_name = defined_name_for(column.name, data.columns);
            column.reference = column.defined_name;
        }
    }
    // One column counts the rows: LibreOffice reads a bare table name as the table with its header.
    data.every_row = data.columns.empty() ? "Data" : data.columns.front().reference;
    return data;
}

// The calculated month_key column's formula for a Data row: in a table by
// [#This Row], which Excel files spell in full (the @ shorthand is display only).
std::string month_key_formula(const DataLayout& data, std::uint32_t row) {
    const DataColumn& date = data.columns[*data.date_column];
    const std::string day = data.as_table ? "Data[[#This Row]," + bracketed(date.name) + "]"
                                          : cell(row, static_cast<std::uint16_t>(*data.date_column));
    return "=DATE(YEAR(" + day + "),MONTH(" + day + "),1)";
}

}  // namespace kpilot::templates
