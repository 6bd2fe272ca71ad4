// The KPIs sheet (live formulas, colour scales, charts) and the Measures
// sheet it reads, row for row.
#include <algorithm>
#include <map>

#include "kpilot/column_types.hpp"
#include "kpilot/display_format.hpp"
#include "sheet_writers.hpp"

namespace kpilot::templates {

namespace {

constexpr std::size_t most_chart_series = 8;
constexpr double chart_scale = 1.3;
constexpr std::int32_t chart_width = 480, chart_gap = 24;  // libxlsxwriter's default chart width, in pixels
constexpr lxw_color_t scale_low = 0xF8696B, scale_middle = 0xFFEB84, scale_high = 0x63BE7B;

std::string range(std::string_view sheet, std::uint32_t first_row, std::uint16_t first_column, std::uint32_t last_row,
                  std::uint16_t last_column) {
    return "=" + sheet_prefix(sheet) + cell(first_row, first_column, true, true) + ":" +
           cell(last_row, last_column, true, true);
}

std::string describe(const MeasureDefinition& m) {
    std::string text(to_string(m.aggregate));
    if (m.aggregate == Aggregate::count && m.column.empty())
        text = "count of rows";
    else
        text += " of " + m.column;
    if (!m.filter.empty()) text += " where " + m.filter;
    return text;
}

// The untranslatable reasons of a sheet's columns, listed under its rows.
std::uint32_t write_notes(const TemplateContext& context, lxw_worksheet* sheet, std::uint32_t row,
                          const std::vector<std::string>& names, const std::vector<std::string>& reasons) {
    bool any = false;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (reasons[i].empty()) continue;
        if (!any) {
            row += 1;
            worksheet_write_string(sheet, row++, 0, "Notes", context.style->bold);
            any = true;
        }
        const std::string text = names[i] +
                                 ": values only, computed by kpilot; they do not follow edits to the Data sheet. " +
                                 "No Excel formula says the same, because " + reasons[i] + ".";
        worksheet_write_string(sheet, row++, 0, text.c_str(), context.style->note);
    }
    return row;
}

// Colour by how good a value is for its KPI: green where higher is better and
// high, or lower is better and low.
void colour_scale(lxw_worksheet* sheet, const std::vector<const SheetRow*>& rows, std::uint16_t column,
                  Direction direction) {
    if (rows.size() < 2) return;
    lxw_conditional_format scale{};
    scale.type = LXW_CONDITIONAL_3_COLOR_SCALE;
    scale.min_color = direction == Direction::higher_is_better ? scale_low : scale_high;
    scale.mid_color = scale_middle;
    scale.max_color = direction == Direction::higher_is_better ? scale_high : scale_low;
    worksheet_conditional_format_range(sheet, rows.front()->row, column, rows.back()->row, column, &scale);
}

void add_charts(const TemplateContext& context, lxw_worksheet* sheet, std::uint32_t at_row) {
    const KpiLayout& layout = *context.layout;
    if (context.model->kpis.empty()) return;
    const std::size_t k = 0;  // the model's headline KPI, its first
    const ModelKpi& kpi = context.model->kpis[k];
    const std::string number_format = spreadsheet_number_format(kpi.unit);
    const std::uint16_t column = layout.kpi_column(k);
    std::int32_t x_offset = 0;  // the column chart sits right of the line chart

    const auto months = layout.rows_of(RowKind::period_total);
    if (layout.by_period && !months.empty()) {
        lxw_chart* chart = workbook_add_chart(context.workbook, LXW_CHART_LINE);
        const std::string categories = range(kpis_sheet, months.front()->row, 0, months.back()->row, 0);
        lxw_chart_series* total =
            chart_add_series(chart, categories.c_str(),
                             range(kpis_sheet, months.front()->row, column, months.back()->row, column).c_str());
        chart_series_set_name(total, layout.by_group ? "All" : kpi.title.c_str());
        chart_series_set_marker_type(total, LXW_CHART_MARKER_CIRCLE);
        std::size_t series = 1;
        if (layout.by_group) {
            // One line per group whose months are the total's months, so the points line up.
            const auto details = layout.rows_of(RowKind::detail);
            for (std::size_t i = 0; i < details.size() && series < most_chart_series;) {
                std::size_t j = i;
                while (j < details.size() && details[j]->result->dimensions[0] == details[i]->result->dimensions[0])
                    ++j;
                bool aligned = j - i == months.size();
                for (std::size_t m = 0; aligned && m < months.size(); ++m)
                    aligned = details[i + m]->result->period == months[m]->result->period;
                if (aligned) {
                    lxw_chart_series* line = chart_add_series(
                        chart, categories.c_str(),
                        range(kpis_sheet, details[i]->row, column, details[j - 1]->row, column).c_str());
                    const std::string& name = *details[i]->result->dimensions[0];
                    chart_series_set_name(line, name.empty() ? std::string(blank_group_label).c_str() : name.c_str());
                    ++series;
                }
                i = j;
            }
        }
        const std::string title = kpi.title + " by month";
        chart_title_set_name(chart, title.c_str());
        chart_axis_set_num_format(chart->x_axis, "yyyy-mm");
        chart_axis_set_name(chart->x_axis, "Month");
        if (number_format != "General") chart_axis_set_num_format(chart->y_axis, number_format.c_str());
        chart_axis_set_name(chart->y_axis, std::string(to_string(kpi.unit)).c_str());
        chart_legend_set_position(chart, series > 1 ? LXW_CHART_LEGEND_BOTTOM : LXW_CHART_LEGEND_NONE);
        chart_axis_set_label_position(chart->x_axis, LXW_CHART_AXIS_LABEL_POSITION_LOW);
        lxw_chart_options placement{};
        placement.x_scale = chart_scale;
        placement.y_scale = chart_scale;
        worksheet_insert_chart_opt(sheet, at_row, 0, chart, &placement);
        x_offset = static_cast<std::int32_t>(chart_width * chart_scale) + chart_gap;
    }
    const auto groups = layout.rows_of(RowKind::group_total);
    if (layout.by_group && !groups.empty()) {
        lxw_chart* chart = workbook_add_chart(context.workbook, LXW_CHART_COLUMN);
        const std::uint16_t group_column = layout.group_column();
        lxw_chart_series* bars = chart_add_series(
            chart, range(kpis_sheet, groups.front()->row, group_column, groups.back()->row, group_column).c_str(),
            range(kpis_sheet, groups.front()->row, column, groups.back()->row, column).c_str());
        chart_series_set_name(bars, kpi.title.c_str());
        const std::string title = kpi.title + " by " + layout.group_name + (layout.by_period ? ", all months" : "");
        chart_title_set_name(chart, title.c_str());
        chart_axis_set_name(chart->x_axis, layout.group_name.c_str());
        if (number_format != "General") chart_axis_set_num_format(chart->y_axis, number_format.c_str());
        chart_axis_set_name(chart->y_axis, std::string(to_string(kpi.unit)).c_str());
        chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
        chart_axis_set_label_position(chart->x_axis, LXW_CHART_AXIS_LABEL_POSITION_LOW);
        lxw_chart_options placement{};
        placement.x_offset = x_offset;
        placement.x_scale = chart_scale;
        placement.y_scale = chart_scale;
        worksheet_insert_chart_opt(sheet, at_row, 0, chart, &placement);
    }
}

// The header rows both sheets share: title, subtitle, a line per column, names.
void write_header(const TemplateContext& context, lxw_worksheet* sheet, const std::string& title,
                  const std::string& subtitle, const std::vector<std::string>& names,
                  const std::vector<std::string>& descriptions) {
    const KpiLayout& layout = *context.layout;
    WorkbookStyle& style = *context.style;
    worksheet_write_string(sheet, layout.title_row, 0, title.c_str(), style.title);
    worksheet_write_string(sheet, layout.title_row + 1, 0, subtitle.c_str(), style.subtitle);
    worksheet_set_row(sheet, layout.header_row - 1, 48, nullptr);
    for (std::size_t i = 0; i < descriptions.size(); ++i)
        worksheet_write_string(sheet, layout.header_row - 1, static_cast<std::uint16_t>(layout.key_columns() + i),
                               descriptions[i].c_str(), style.header_wrap);
    if (layout.by_period)
        worksheet_write_string(sheet, layout.header_row, layout.period_column(), "month", style.header);
    if (layout.by_group)
        worksheet_write_string(sheet, layout.header_row, layout.group_column(), layout.group_name.c_str(),
                               style.header);
    if (!layout.by_period && !layout.by_group)
        worksheet_write_string(sheet, layout.header_row, 0, "group", style.header);
    for (std::size_t i = 0; i < names.size(); ++i)
        worksheet_write_string(sheet, layout.header_row, static_cast<std::uint16_t>(layout.key_columns() + i),
                               names[i].c_str(), style.header);
    worksheet_freeze_panes(sheet, layout.first_row(), layout.key_columns());
    worksheet_set_column(sheet, 0, static_cast<std::uint16_t>(layout.key_columns() - 1), 14, nullptr);
    for (std::size_t i = 0; i < names.size(); ++i) {
        const auto column = static_cast<std::uint16_t>(layout.key_columns() + i);
        worksheet_set_column(sheet, column, column,
                             static_cast<double>(std::clamp<std::size_t>(names[i].size() + 2, 12, 26)), nullptr);
    }
    set_print_layout(sheet, layout.header_row - 1, layout.header_row);
}

}  // namespace

void set_print_layout(lxw_worksheet* sheet, std::uint32_t repeat_from, std::uint32_t repeat_to) {
    worksheet_set_landscape(sheet);
    worksheet_fit_to_pages(sheet, 1, 0);
    worksheet_repeat_rows(sheet, repeat_from, repeat_to);
}

void write_formula_with_value(lxw_worksheet* sheet, std::uint32_t row, std::uint16_t column, const std::string& formula,
                              const Value& cached, lxw_format* format) {
    const std::string text = formula.starts_with('=') ? formula : "=" + formula;
    if (cached.is_number()) {
        worksheet_write_formula_num(sheet, row, column, text.c_str(), format, cached.number());
    } else {
        // libxlsxwriter 1.1.4 caches a result as a number or a string only: an
        // error goes in as its code in text, and finish_xlsx makes it an error (t="e").
        const std::string shown =
            cached.is_error() ? std::string(error_code(cached.error().kind)) : to_display_text(cached);
        worksheet_write_formula_str(sheet, row, column, text.c_str(), format, shown.c_str());
    }
}

void write_planned_cell(const TemplateContext& context, lxw_worksheet* sheet, std::uint32_t row, std::uint16_t column,
                        const PlannedCell& planned, Unit unit) {
    if (planned.formula.ok()) {
        write_formula_with_value(sheet, row, column, planned.formula.text, planned.cached, context.style->number(unit));
        return;
    }
    lxw_format* value_only = context.style->number(unit, true);
    if (planned.cached.is_number())
        worksheet_write_number(sheet, row, column, planned.cached.number(), value_only);
    else if (planned.cached.is_error())
        worksheet_write_string(sheet, row, column, std::string(error_code(planned.cached.error().kind)).c_str(),
                               value_only);
    else if (!planned.cached.is_empty())
        worksheet_write_string(sheet, row, column, to_display_text(planned.cached).c_str(), value_only);
}

void write_row_keys(const TemplateContext& context, lxw_worksheet* sheet, const SheetRow& row) {
    const KpiLayout& layout = *context.layout;
    WorkbookStyle& style = *context.style;
    if (row.kind == RowKind::section) {
        worksheet_write_string(sheet, row.row, 0, row.title.c_str(), style.section);
        return;
    }
    const KpiRow& r = *row.result;
    lxw_format* label = row.kind == RowKind::grand_total ? style.bold : nullptr;
    if (layout.by_period) {
        if (r.period_start)
            worksheet_write_number(sheet, row.row, layout.period_column(), *r.period_start, style.month);
        else
            worksheet_write_string(sheet, row.row, layout.period_column(), std::string(all_periods_label).c_str(),
                                   label);
    }
    if (layout.by_group || !layout.by_period) {
        const std::uint16_t column = layout.group_column();
        if (!layout.by_group || !r.dimensions[0]) {
            worksheet_write_string(sheet, row.row, column, std::string(total_label).c_str(), label);
        } else if (r.dimensions[0]->empty()) {
            worksheet_write_string(sheet, row.row, column, std::string(blank_group_label).c_str(), nullptr);
        } else {
            // A number column's values are numbers here too, so its criterion matches the Data cells.
            const DataColumn& group = context.data->columns[*context.data->group_column];
            const auto number = group.type == ColumnType::number
                                    ? read_number_cell(*r.dimensions[0], context.options->compute.csv.decimal_comma)
                                    : std::nullopt;
            if (number)
                worksheet_write_number(sheet, row.row, column, *number, nullptr);
            else
                worksheet_write_string(sheet, row.row, column, r.dimensions[0]->c_str(), nullptr);
        }
    }
}

void write_kpis_sheet(const TemplateContext& context, lxw_worksheet* sheet) {
    const KpiLayout& layout = *context.layout;
    const KpiModel& model = *context.model;
    std::vector<std::string> names, titles;
    for (const auto& kpi : model.kpis) {
        names.push_back(kpi.name);
        titles.push_back(kpi.title.empty() ? kpi.name : kpi.title);
    }
    const std::string grouping = layout.by_period && layout.by_group ? " by month and " + layout.group_name
                                 : layout.by_period                  ? " by month"
                                 : layout.by_group                   ? " by " + layout.group_name
                                                                     : "";
    write_header(context, sheet, model.name + ": KPIs" + grouping,
                 "Live formulas over the Data sheet. KPI.* functions come with the kpilot add-in; the values shown are "
                 "kpilot's, computed from " +
                     context.data_name + " when this workbook was made.",
                 names, titles);
    const auto key_column = static_cast<std::uint16_t>(layout.key_columns() + model.kpis.size());
    worksheet_write_string(sheet, layout.header_row, key_column, "lookup key", context.style->header);
    lxw_row_col_options hidden{};
    hidden.hidden = 1;
    worksheet_set_column_opt(sheet, key_column, key_column, 20, nullptr, &hidden);

    for (const SheetRow& row : layout.rows) {
        write_row_keys(context, sheet, row);
        if (row.kind == RowKind::section) continue;
        for (std::size_t k = 0; k < model.kpis.size(); ++k)
            write_planned_cell(context, sheet, row.row, layout.kpi_column(k), context.formulas->kpi_cell(k, row),
                               model.kpis[k].unit);
        write_formula_with_value(sheet, row.row, key_column, context.formulas->lookup_key_formula(row),
                                 Value(context.formulas->lookup_key_value(row)), nullptr);
    }

    for (std::size_t k = 0; k < model.kpis.size(); ++k) {
        // Text has no scale, and a grey value-only column keeps its grey.
        if (model.kpis[k].unit == Unit::status || !layout.kpi_untranslatable[k].empty()) continue;
        for (RowKind kind : {RowKind::period_total, RowKind::group_total, RowKind::detail})
            colour_scale(sheet, layout.rows_of(kind), layout.kpi_column(k), model.kpis[k].direction);
    }

    // What the Targets sheet looks values up in.
    const std::uint16_t last_kpi = static_cast<std::uint16_t>(key_column - 1);
    if (!model.kpis.empty()) {
        workbook_define_name(
            context.workbook, kpi_header_name,
            range(kpis_sheet, layout.header_row, layout.key_columns(), layout.header_row, last_kpi).c_str());
        workbook_define_name(
            context.workbook, kpi_values_name,
            range(kpis_sheet, layout.first_row(), layout.key_columns(), layout.last_row(), last_kpi).c_str());
    }
    workbook_define_name(context.workbook, kpi_keys_name,
                         range(kpis_sheet, layout.first_row(), key_column, layout.last_row(), key_column).c_str());
    const auto groups = layout.rows_of(RowKind::group_total);
    if (layout.by_group && !groups.empty())
        workbook_define_name(
            context.workbook, group_values_name,
            range(kpis_sheet, groups.front()->row, layout.group_column(), groups.back()->row, layout.group_column())
                .c_str());

    std::vector<std::string> labels;
    for (const auto& kpi : model.kpis) labels.push_back("KPI '" + kpi.name + "'");
    const std::uint32_t after_notes =
        write_notes(context, sheet, layout.last_row() + 1, labels, layout.kpi_untranslatable);
    add_charts(context, sheet, after_notes + 1);
}

void write_measures_sheet(const TemplateContext& context, lxw_worksheet* sheet) {
    const KpiLayout& layout = *context.layout;
    const KpiModel& model = *context.model;
    std::vector<std::string> names, descriptions;
    for (const auto& m : model.measures) {
        names.push_back(m.name);
        descriptions.push_back(describe(m));
    }
    write_header(context, sheet, model.name + ": measures",
                 "Each measure as an Excel formula over the Data sheet, in the rows of the KPIs sheet, whose formulas "
                 "read these cells.",
                 names, descriptions);
    std::vector<Unit> units;
    for (std::size_t m = 0; m < model.measures.size(); ++m) units.push_back(measure_unit(model, m));
    for (const SheetRow& row : layout.rows) {
        write_row_keys(context, sheet, row);
        if (row.kind == RowKind::section) continue;
        for (std::size_t m = 0; m < model.measures.size(); ++m)
            write_planned_cell(context, sheet, row.row, layout.measure_column(m),
                               context.formulas->measure_cell(m, row), units[m]);
    }
    std::vector<std::string> labels;
    for (const auto& m : model.measures) labels.push_back("measure '" + m.name + "'");
    write_notes(context, sheet, layout.last_row() + 1, labels, layout.measure_untranslatable);
}

}  // namespace kpilot::templates
