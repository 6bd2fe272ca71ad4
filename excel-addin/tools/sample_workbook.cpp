#include "sample_workbook.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <string>
#include <vector>

#include "attribution_function.hpp"
#include "examples.hpp"
#include "kpilot/display_format.hpp"
#include "worksheet_functions.hpp"

namespace kpilot::xll {

namespace {

std::string cell_name(lxw_row_t row, lxw_col_t col) {
    char name[LXW_MAX_CELL_NAME_LENGTH];
    lxw_rowcol_to_cell(name, row, col);
    return name;
}

void write_cell(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const Value& v) {
    if (v.is_number())
        worksheet_write_number(sheet, row, col, v.number(), nullptr);
    else if (v.is_text())
        worksheet_write_string(sheet, row, col, v.text().c_str(), nullptr);
    else if (v.is_boolean())
        worksheet_write_boolean(sheet, row, col, v.boolean(), nullptr);
    // An empty cell stays blank; examples carry no error values (see examples.hpp).
}

// Writes the formula with the core's result cached in the cell.
void write_result(lxw_workbook* book, lxw_worksheet* sheet, lxw_row_t row, const std::string& formula,
                  const Value& result, Unit unit) {
    if (result.is_number()) {
        lxw_format* format = workbook_add_format(book);
        format_set_num_format(format, spreadsheet_number_format(unit).c_str());
        worksheet_write_formula_num(sheet, row, 1, formula.c_str(), format, result.number());
    } else {
        // libxlsxwriter cannot cache an error value; the code as text reads the same until Excel recalculates.
        const std::string text =
            result.is_error() ? std::string(error_code(result.error().kind)) : to_display_text(result);
        worksheet_write_formula_str(sheet, row, 1, formula.c_str(), nullptr, text.c_str());
    }
}

struct WrittenExample {
    lxw_row_t result_row = 0;
    std::vector<std::string> arguments;  // the cells the formula reads, "" for an omitted argument
};

// The KPI's arguments one per row (a range across the row), then the formula over them.
WrittenExample write_example(lxw_workbook* book, lxw_worksheet* sheet, lxw_row_t row, const KpiDefinition& kpi,
                             const testing::KpiCase& call, const Value& result, lxw_format* bold) {
    WrittenExample written;
    worksheet_write_string(sheet, row, 0, kpi.title.c_str(), bold);
    worksheet_write_string(sheet, row, 1, kpi.worksheet_name.c_str(), nullptr);
    ++row;
    for (std::size_t i = 0; i < call.arguments.size(); ++i) {
        const Argument& a = call.arguments[i];
        if (a.is_omitted()) {
            written.arguments.emplace_back();  // an empty slot, as in =KPI.WINRATE(20,30,,"all")
            continue;
        }
        const std::string name = i < kpi.parameters.size() ? kpi.parameters[i].name : "argument";
        worksheet_write_string(sheet, row, 0, name.c_str(), nullptr);
        const auto& cells = a.cells();
        for (std::size_t c = 0; c < cells.size(); ++c) write_cell(sheet, row, static_cast<lxw_col_t>(1 + c), cells[c]);
        if (a.shape() == Argument::Shape::range && !cells.empty())
            written.arguments.push_back(cell_name(row, 1) + ":" + cell_name(row, static_cast<lxw_col_t>(cells.size())));
        else
            written.arguments.push_back(cell_name(row, 1));
        ++row;
    }
    std::string formula = "=" + kpi.worksheet_name + "(";
    for (std::size_t i = 0; i < written.arguments.size(); ++i) formula += (i ? "," : "") + written.arguments[i];
    formula += ")";
    worksheet_write_string(sheet, row, 0, "Result", bold);
    write_result(book, sheet, row, formula, result, kpi.unit);
    written.result_row = row;
    return written;
}

// KPI.ATTRIBUTION over a path table on the sheet: each range argument a column under its
// name, each single value (the models) under its name one column further right, and the
// formula below them, spilling.
void write_attribution_sheet(lxw_workbook* book, lxw_format* bold) {
    lxw_worksheet* sheet = workbook_add_worksheet(book, "Attribution");
    worksheet_set_column(sheet, 0, 0, 30, nullptr);
    worksheet_set_column(sheet, 1, 12, 14, nullptr);
    const std::vector<Argument> example = attribution_example();
    const auto& parameters = attribution_parameters();
    std::size_t ranges = 0, rows = 0;
    for (const auto& a : example) {
        if (a.shape() != Argument::Shape::range) continue;
        ++ranges;
        rows = std::max(rows, a.size());
    }
    auto next_range = static_cast<lxw_col_t>(0);
    auto next_option = static_cast<lxw_col_t>(ranges + 1);
    std::vector<std::string> references;  // "" for an omitted argument: =KPI.ATTRIBUTION(A2:A5,B2:B5,,,F2)
    for (std::size_t i = 0; i < example.size(); ++i) {
        const Argument& a = example[i];
        if (a.is_omitted()) {
            references.emplace_back();
            continue;
        }
        const bool range = a.shape() == Argument::Shape::range;
        const lxw_col_t column = range ? next_range++ : next_option++;
        worksheet_write_string(sheet, 0, column, parameters[i].name.c_str(), bold);
        const auto& cells = a.cells();
        for (std::size_t r = 0; r < cells.size(); ++r)
            write_cell(sheet, static_cast<lxw_row_t>(1 + r), column, cells[r]);
        references.push_back(range
                                 ? cell_name(1, column) + ":" + cell_name(static_cast<lxw_row_t>(cells.size()), column)
                                 : cell_name(1, column));
    }
    std::string formula = "=" + std::string(attribution_worksheet_name) + "(";
    for (std::size_t i = 0; i < references.size(); ++i) formula += (i ? "," : "") + references[i];
    formula += ")";
    const auto formula_row = static_cast<lxw_row_t>(rows + 2);
    worksheet_write_string(sheet, formula_row, 0,
                           "Attribution by channel and model (spills below; older Excel: select the range and press "
                           "Ctrl+Shift+Enter):",
                           bold);
    worksheet_write_dynamic_formula(sheet, formula_row + 1, 0, formula.c_str(), nullptr);
}

}  // namespace

std::string write_sample_workbook(const std::string& path, const Registry& registry, const testing::CaseFile& cases) {
    lxw_workbook* book = workbook_new(path.c_str());
    if (!book) return "cannot create " + path;
    lxw_format* bold = workbook_add_format(book);
    format_set_bold(bold);
    lxw_format* heading = workbook_add_format(book);
    format_set_bold(heading);
    format_set_font_size(heading, 14);

    lxw_worksheet* sheet = workbook_add_worksheet(book, "KPIs");
    worksheet_set_column(sheet, 0, 0, 34, nullptr);
    worksheet_set_column(sheet, 1, 12, 14, nullptr);
    worksheet_write_string(sheet, 0, 0, "kpilot sample workbook", heading);
    worksheet_write_string(sheet, 1, 0,
                           "Load kpilot-x64.xll (64-bit Excel) or kpilot-x86.xll (32-bit Excel) first; see INSTALL.md. "
                           "Each block holds a KPI's example inputs and a live formula over them.",
                           nullptr);
    lxw_row_t row = 3;

    // KPI.EXPLAIN beside a call that gives an error, to show where the message is.
    if (const testing::KpiCase* c = explain_example(registry, cases)) {
        const KpiDefinition& kpi = registry.all().front();
        const Value error = evaluated(kpi, *c);
        worksheet_write_string(sheet, row++, 0, "Why an error? KPI.EXPLAIN gives the message", heading);
        const WrittenExample written = write_example(book, sheet, row, kpi, *c, error, bold);
        std::string explain = "=KPI.EXPLAIN(\"" + kpi.worksheet_name + "\"";
        for (const auto& argument : written.arguments) explain += "," + argument;
        explain += ")";
        KpiAnswer answer;
        answer.value = error;
        const std::string message = explanation(answer);
        worksheet_write_string(sheet, written.result_row, 2, "KPI.EXPLAIN:", bold);
        worksheet_write_formula_str(sheet, written.result_row, 3, explain.c_str(), nullptr, message.c_str());
        row = written.result_row + 2;
    }

    worksheet_write_string(sheet, row++, 0, "Every KPI", heading);
    for (const auto& e : kpi_examples(registry, cases))
        if (e.call) row = write_example(book, sheet, row, *e.kpi, *e.call, e.result, bold).result_row + 2;

    lxw_worksheet* catalog = workbook_add_worksheet(book, "Catalog");
    worksheet_set_column(catalog, 0, 0, 18, nullptr);
    worksheet_set_column(catalog, 1, 1, 44, nullptr);
    worksheet_set_column(catalog, 2, 3, 16, nullptr);
    worksheet_set_column(catalog, 4, 4, 70, nullptr);
    // A dynamic formula in one cell: Excel 365 spills it below and to the right when it
    // calculates. Writing the whole range would cache zeros in every cell until then.
    worksheet_write_dynamic_formula(catalog, 0, 0, "=KPI.CATALOG()", nullptr);

    write_attribution_sheet(book, bold);

    const lxw_error status = workbook_close(book);
    if (status != LXW_NO_ERROR) return "cannot write " + path + ": " + lxw_strerror(status);
    return "";
}

}  // namespace kpilot::xll
