// The Read me sheet: where to paste, what each KPI means (from the model and
// the registry), what each measure and column is, what the add-in adds.
#include <algorithm>

#include "sheet_writers.hpp"

namespace kpilot::templates {

namespace {

class Lines {
public:
    Lines(lxw_worksheet* sheet, WorkbookStyle& style, std::vector<std::size_t> widths)
        : sheet_(sheet), style_(style), widths_(std::move(widths)) {
        for (std::size_t c = 0; c < widths_.size(); ++c)
            worksheet_set_column(sheet, static_cast<std::uint16_t>(c), static_cast<std::uint16_t>(c),
                                 static_cast<double>(widths_[c]), nullptr);
    }

    void heading(const std::string& text) {
        ++row_;
        worksheet_write_string(sheet_, row_++, 0, text.c_str(), style_.section);
    }
    void line(const std::string& text, lxw_format* format = nullptr) {
        worksheet_write_string(sheet_, row_++, 0, text.c_str(), format);
    }
    // A table: header, then rows; returns the sheet rows of the first and last data row.
    std::pair<std::uint32_t, std::uint32_t> table(const std::vector<std::string>& header,
                                                  const std::vector<std::vector<std::string>>& rows) {
        for (std::size_t c = 0; c < header.size(); ++c)
            worksheet_write_string(sheet_, row_, static_cast<std::uint16_t>(c), header[c].c_str(), style_.header);
        ++row_;
        const std::uint32_t first = row_;
        for (const auto& r : rows) {
            // libxlsxwriter cannot fit a row to wrapped text, so the height is estimated from the longest cell.
            std::size_t lines = 1;
            for (std::size_t c = 0; c < r.size() && c < widths_.size(); ++c)
                lines = std::max(lines, (r[c].size() + widths_[c] - 1) / widths_[c]);
            if (lines > 1) worksheet_set_row(sheet_, row_, 15.0 * static_cast<double>(lines), nullptr);
            for (std::size_t c = 0; c < r.size(); ++c)
                if (!r[c].empty())
                    worksheet_write_string(sheet_, row_, static_cast<std::uint16_t>(c), r[c].c_str(), style_.wrap);
            ++row_;
        }
        return {first, row_ == first ? first : row_ - 1};
    }
    std::uint32_t row() const { return row_; }

private:
    lxw_worksheet* sheet_;
    WorkbookStyle& style_;
    std::vector<std::size_t> widths_;  // in characters, per column
    std::uint32_t row_ = 0;
};

std::string unit_words(Unit unit) {
    switch (unit) {
        case Unit::ratio: return "ratio (shown as %)";
        case Unit::multiple: return "multiple (x)";
        default: return std::string(to_string(unit));
    }
}

std::string rule_words(const DataColumn& column) {
    if (!column.rule) return column.type == ColumnType::date ? "a date" : "";
    const std::string domain = column.rule->domain.domain_text();
    return (domain.empty() ? std::string("any number") : domain) + " (" + column.rule->because + ")";
}

}  // namespace

void write_readme_sheet(const TemplateContext& context, lxw_worksheet* sheet) {
    const KpiModel& model = *context.model;
    const DataLayout& data = *context.data;
    const KpiLayout& layout = *context.layout;
    const KindWording words = wording(context.options->kind);
    WorkbookStyle& style = *context.style;
    Lines out(sheet, style, {28, 32, 16, 16, 48, 48, 36, 36});

    out.line(model.name + ": KPI workbook", style.title);
    if (!model.description.empty()) out.line(model.description, style.subtitle);
    out.line("Made by kpilot from " + context.data_name + " (" + std::string(words.rows_are) + ").", style.subtitle);

    out.heading("How to use it");
    if (data.as_table) {
        out.line("1. Data: paste " + std::string(words.paste_from) +
                 " into the table on the Data sheet, under its header,");
        out.line(
            "   in place of the rows there. The table grows as you paste; keep the column names. Do not fill the " +
            (data.month_key_column ? data.columns[*data.month_key_column].name : std::string("last")) +
            " column: it is a formula (the month of each row).");
    } else {
        out.line("1. Data: the Data sheet holds " + std::to_string(data.rows) +
                 " rows, too many for an Excel table in a file written in bounded memory, so it is a plain range.");
        out.line("   Formulas read its columns through the names Data_<column> (Formulas > Name Manager), rows 2 to " +
                 std::to_string(data.rows + 1) + "; extend those names if you add rows.");
    }
    out.line(
        "2. KPIs: every cell is a live formula over the Data sheet and recalculates when the data changes. Built-in");
    out.line("   KPIs are calls of the kpilot add-in's functions (=KPI.CTR(SUMIFS(...), SUMIFS(...))); the others are");
    out.line("   plain arithmetic over the Measures sheet. A line chart by month and a column chart by " +
             (layout.by_group ? layout.group_name : std::string("group")) + " sit under the table.");
    out.line(
        "3. Targets: edit the shaded cells (kpi, period, " +
        (layout.by_group ? layout.group_name + ", " : std::string()) +
        "target, thresholds). Actual, attainment and status follow; green is on track, amber at risk, red off track.");
    out.line("4. Measures: what each KPI is computed from, as SUMIFS, COUNTIFS, AVERAGEIFS over the Data sheet.");
    out.line(
        "Cells in italics on grey hold values kpilot computed, not formulas: no Excel formula says the same (the "
        "notes");
    out.line("under the KPIs and Measures tables say why). They do not follow edits to the Data sheet.", style.note);

    out.heading("The kpilot add-in");
    out.line(
        "The KPI.* functions come with the kpilot Excel add-in: kpilot-x64.xll for 64-bit Excel, kpilot-x86.xll for");
    out.line(
        "32-bit (File > Options > Add-ins > Manage Excel Add-ins > Browse). With it, every KPI cell recalculates from");
    out.line(
        "the data and =KPI.EXPLAIN(...) with the same arguments says why a cell is an error. Without it, the values");
    out.line("saved in this file show until Excel recalculates, and then the KPI.* cells read #NAME?; the Measures,");
    out.line("Targets and plain-arithmetic KPI cells work in any spreadsheet.");

    out.heading("KPIs");
    std::vector<std::vector<std::string>> kpis;
    for (std::size_t k = 0; k < model.kpis.size(); ++k) {
        const ModelKpi& kpi = model.kpis[k];
        std::string definition = kpi.formula;
        if (kpi.builtin) definition += " = " + kpi.builtin->formula;
        std::string in_excel = layout.kpi_untranslatable[k].empty()
                                   ? (kpi.builtin ? kpi.builtin->worksheet_name + " over SUMIFS of the Data sheet"
                                                  : "arithmetic over the Measures sheet")
                                   : "values only: " + layout.kpi_untranslatable[k];
        kpis.push_back({kpi.name, kpi.title, unit_words(kpi.unit), std::string(to_string(kpi.direction)), definition,
                        kpi.description, in_excel, kpi.builtin ? kpi.builtin->source : std::string()});
    }
    const auto [first_kpi, last_kpi] =
        out.table({"kpi", "title", "unit", "direction", "definition", "description", "in Excel", "source"}, kpis);
    if (!model.kpis.empty()) {
        const std::string names =
            "=" + sheet_prefix(readme_sheet) + cell(first_kpi, 0, true, true) + ":" + cell(last_kpi, 0, true, true);
        const std::string directions =
            "=" + sheet_prefix(readme_sheet) + cell(first_kpi, 3, true, true) + ":" + cell(last_kpi, 3, true, true);
        workbook_define_name(context.workbook, kpi_names_name, names.c_str());
        workbook_define_name(context.workbook, kpi_directions_name, directions.c_str());
    }

    out.heading("Measures");
    std::vector<std::vector<std::string>> measures;
    for (std::size_t m = 0; m < model.measures.size(); ++m) {
        const MeasureDefinition& measure = model.measures[m];
        measures.push_back({measure.name, std::string(to_string(measure.aggregate)), measure.column, measure.filter,
                            layout.measure_untranslatable[m].empty()
                                ? "a formula on the Measures sheet"
                                : "values only: " + layout.measure_untranslatable[m]});
    }
    out.table({"measure", "aggregate", "column", "filter", "in Excel"}, measures);

    out.heading("Data columns");
    std::vector<std::vector<std::string>> columns;
    for (const DataColumn& column : data.columns) {
        std::string read_by;
        for (const auto& m : column.measures) read_by += (read_by.empty() ? "" : ", ") + m;
        if (!column.csv_index) read_by = "the month of " + data.columns[*data.date_column].name + ", a formula";
        columns.push_back({column.name, column.csv_index ? std::string(to_string(column.type)) : "date (formula)",
                           column.unit == Unit::any ? "" : std::string(to_string(column.unit)), read_by,
                           rule_words(column)});
    }
    out.table({"column", "type", "unit", "read by", "allowed values"}, columns);

    out.heading("This workbook");
    const KpiResults& results = *context.results;
    out.line(context.data_name + ": read " + std::to_string(results.rows_read) + " rows, used " +
             std::to_string(results.rows_used) + ", rejected " + std::to_string(results.rejected.size()) +
             (results.rejected.empty() ? "." : " (listed on the Rejected rows sheet)."));
    if (!context.options->generated_by.empty()) out.line("Made with: " + context.options->generated_by);
    out.line("Definitions: docs/kpis.md in kpilot, or =KPI.CATALOG() with the add-in.");
    set_print_layout(sheet, 0, 0);
}

}  // namespace kpilot::templates
