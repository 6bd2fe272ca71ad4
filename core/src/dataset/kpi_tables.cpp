#include "kpilot/kpi_tables.hpp"

#include <cmath>

namespace kpilot {

namespace {

Value text_or_empty(const std::optional<std::string>& text) { return text ? Value(*text) : Value(); }

Value number_or_empty(const Value& v) { return v.is_number() ? v : Value(); }

// The key columns both forms share: grain, period, period start, dimensions, level.
void add_key_columns(KpiTable& table, const KpiResults& results) {
    if (results.grain) {
        table.columns.push_back({"grain", ColumnKind::text});
        table.columns.push_back({"period", ColumnKind::text});
        table.columns.push_back({"period_start", ColumnKind::date, Unit::date});
    }
    for (const auto& d : results.dimensions) table.columns.push_back({d, ColumnKind::text});
    table.columns.push_back({"level", ColumnKind::text});
}

void add_key_cells(std::vector<Value>& cells, const KpiRow& row, const KpiResults& results) {
    if (results.grain) {
        cells.emplace_back(std::string(to_string(*results.grain)));
        cells.push_back(row.period ? Value(row.period_label) : Value("all"));
        cells.push_back(row.period_start ? Value(static_cast<double>(*row.period_start)) : Value());
    }
    for (const auto& d : row.dimensions) cells.push_back(text_or_empty(d));
    cells.emplace_back(std::string(row_level_name(row, results)));
}

}  // namespace

std::string_view row_level_name(const KpiRow& row, const KpiResults& results) {
    if (row.level == results.dimensions.size() && (row.period || !results.grain)) return "detail";
    if (row.level == 0 && !row.period) return "total";
    return "subtotal";
}

KpiTable long_form_table(const KpiResults& results, const KpiModel& model, bool target_columns) {
    target_columns = target_columns || results.has_targets;
    KpiTable table;
    table.columns.push_back({"kpi", ColumnKind::text});
    add_key_columns(table, results);
    table.key_columns = table.columns.size();
    table.columns.push_back({"value", ColumnKind::number});
    table.columns.push_back({"unit", ColumnKind::text});
    if (results.grain) {
        table.columns.push_back({"previous_value", ColumnKind::number});
        table.columns.push_back({"change", ColumnKind::number});
        table.columns.push_back({"relative_change", ColumnKind::number, Unit::ratio});
        table.columns.push_back({"running_value", ColumnKind::number});
        if (results.trailing_periods > 0)
            table.columns.push_back({"trailing_" + std::to_string(results.trailing_periods) + "_value", ColumnKind::number});
    }
    if (target_columns) {
        table.columns.push_back({"target", ColumnKind::number});
        table.columns.push_back({"attainment", ColumnKind::number, Unit::ratio});
        table.columns.push_back({"status", ColumnKind::text});
    }
    table.columns.push_back({"error", ColumnKind::text});
    table.columns.push_back({"error_message", ColumnKind::text});

    for (const auto& row : results.rows) {
        for (std::size_t k = 0; k < model.kpis.size(); ++k) {
            std::vector<Value> cells;
            cells.emplace_back(model.kpis[k].name);
            add_key_cells(cells, row, results);
            const Value& value = row.kpis[k];
            cells.push_back(value.is_error() ? Value() : value);
            cells.emplace_back(std::string(to_string(model.kpis[k].unit)));
            if (results.grain) {
                if (row.period) {
                    const Value& previous = row.previous[k];
                    cells.push_back(number_or_empty(previous));
                    if (value.is_number() && previous.is_number()) {
                        const double change = value.number() - previous.number();
                        cells.emplace_back(change);
                        cells.push_back(previous.number() != 0 ? Value(change / std::fabs(previous.number())) : Value());
                    } else {
                        cells.insert(cells.end(), 2, Value());
                    }
                    cells.push_back(number_or_empty(row.running[k]));
                    if (results.trailing_periods > 0) cells.push_back(number_or_empty(row.trailing[k]));
                } else {
                    cells.insert(cells.end(), results.trailing_periods > 0 ? 5 : 4, Value());
                }
            }
            if (results.has_targets) {
                cells.push_back(row.targets[k] ? Value(*row.targets[k]) : Value());
                cells.push_back(number_or_empty(row.attainment[k]));
                cells.push_back(row.status[k].is_text() ? row.status[k] : Value());
            } else if (target_columns) {
                cells.insert(cells.end(), 3, Value());
            }
            cells.push_back(value.is_error() ? Value(std::string(error_code(value.error().kind))) : Value());
            cells.push_back(value.is_error() ? Value(value.error().message) : Value());
            table.rows.push_back(std::move(cells));
            table.row_units.push_back(model.kpis[k].unit);
        }
    }
    return table;
}

KpiTable wide_form_table(const KpiResults& results, const KpiModel& model) {
    KpiTable table;
    add_key_columns(table, results);
    table.key_columns = table.columns.size();
    for (const auto& kpi : model.kpis)
        table.columns.push_back({kpi.name, kpi.unit == Unit::status ? ColumnKind::text : ColumnKind::number, kpi.unit});
    for (const auto& row : results.rows) {
        std::vector<Value> cells;
        add_key_cells(cells, row, results);
        for (const Value& v : row.kpis) cells.push_back(v.is_error() ? Value() : v);
        table.rows.push_back(std::move(cells));
    }
    return table;
}

}  // namespace kpilot
