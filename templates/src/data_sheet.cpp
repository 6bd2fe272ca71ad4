// The Data sheet: the rows kpilot used, typed as it read them, in one pass
// over the file; and the rows it rejected, on a sheet of their own.
#include <algorithm>

#include "kpilot/column_types.hpp"
#include "kpilot/csv_stream.hpp"
#include "kpilot/dates.hpp"
#include "sheet_writers.hpp"

namespace kpilot::templates {

namespace {

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

double width_for(const DataColumn& column) {
    if (column.type == ColumnType::date) return 11;
    if (column.type == ColumnType::number) return 12;
    return 16;
}

void add_input_rule(lxw_worksheet* sheet, std::uint16_t column, const DataColumn& data_column) {
    lxw_data_validation rule{};
    std::string message;
    if (data_column.type == ColumnType::date && data_column.csv_index) {
        rule.validate = LXW_VALIDATION_TYPE_DATE_NUMBER;
        rule.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
        rule.value_number = 1;
        message = data_column.name + " is a date, such as 2026-07-31.";
    } else if (data_column.rule) {
        const Parameter& domain = data_column.rule->domain;
        rule.validate = domain.whole_number ? LXW_VALIDATION_TYPE_INTEGER : LXW_VALIDATION_TYPE_DECIMAL;
        if (domain.minimum && domain.maximum) {
            rule.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
            rule.minimum_number = *domain.minimum;
            rule.maximum_number = *domain.maximum;
        } else if (domain.minimum) {
            rule.criteria = domain.minimum_exclusive ? LXW_VALIDATION_CRITERIA_GREATER_THAN
                                                     : LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
            rule.value_number = *domain.minimum;
        } else if (domain.maximum) {
            rule.criteria = LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO;
            rule.value_number = *domain.maximum;
        } else {
            return;
        }
        message = data_column.name + " must be " + domain.domain_text() + ": " + data_column.rule->because + ".";
    } else {
        return;
    }
    if (message.size() > 255) message.resize(255);  // Excel's limit
    rule.error_message = writable(message);
    worksheet_data_validation_range(sheet, 1, column, LXW_ROW_MAX - 1, column, &rule);
}

}  // namespace

Result<std::size_t> write_data_sheet(const TemplateContext& context, lxw_worksheet* sheet) {
    const DataLayout& data = *context.data;
    WorkbookStyle& style = *context.style;
    const ComputeOptions& compute = context.options->compute;
    const DateOrder date_order = compute.date_order.value_or(context.model->date_order);
    const auto last_column = static_cast<std::uint16_t>(data.columns.size() - 1);

    std::vector<lxw_format*> formats;
    for (const DataColumn& column : data.columns)
        formats.push_back(column.type == ColumnType::date ? (column.csv_index ? style.date : style.month)
                                                          : style.number(column.unit));

    // Column names as the table or the header row holds them; kept alive until the table is added.
    std::vector<std::string> month_key_formulas;
    if (data.as_table) {
        std::vector<lxw_table_column> columns(data.columns.size());
        std::vector<lxw_table_column*> pointers;
        const std::string calculated = data.month_key_column ? month_key_formula(data, 1) : std::string();
        for (std::size_t c = 0; c < data.columns.size(); ++c) {
            columns[c].header = writable(data.columns[c].name);
            if (data.month_key_column == c) columns[c].formula = writable(calculated);
            pointers.push_back(&columns[c]);
        }
        pointers.push_back(nullptr);
        lxw_table_options table{};
        const std::string name = data_sheet;
        table.name = writable(name);
        table.columns = pointers.data();
        table.style_type = LXW_TABLE_STYLE_TYPE_LIGHT;
        table.style_type_number = 9;
        const auto last_row = static_cast<lxw_row_t>(std::max<std::size_t>(data.rows, 1));
        if (worksheet_add_table(sheet, 0, 0, last_row, last_column, &table) != LXW_NO_ERROR)
            return make_error(ErrorKind::value, "cannot add the Data table");
    } else {
        for (std::size_t c = 0; c < data.columns.size(); ++c)
            worksheet_write_string(sheet, 0, static_cast<std::uint16_t>(c), data.columns[c].name.c_str(), style.header);
        worksheet_autofilter(sheet, 0, 0, static_cast<lxw_row_t>(std::max<std::size_t>(data.rows, 1)), last_column);
        for (const DataColumn& column : data.columns) {
            const auto index = static_cast<std::uint16_t>(&column - data.columns.data());
            const std::string range =
                "=" + sheet_prefix(data_sheet) + cell(1, index, true, true) + ":" +
                cell(static_cast<std::uint32_t>(std::max<std::size_t>(data.rows, 1)), index, true, true);
            workbook_define_name(context.workbook, column.defined_name.c_str(), range.c_str());
        }
    }

    auto stream = CsvStream::open_file(context.options->data_path, compute.csv);
    if (!stream) return stream.error();
    CsvStream& csv = stream.value();
    std::vector<std::size_t> rejected;
    for (const auto& r : context.results->rejected) rejected.push_back(r.line);
    std::sort(rejected.begin(), rejected.end());
    auto next_rejected = rejected.begin();

    std::uint32_t row = 0;
    std::string text;
    while (true) {
        auto more = csv.next();
        if (!more) return more.error();
        if (!more.value()) break;
        while (next_rejected != rejected.end() && *next_rejected < csv.line()) ++next_rejected;
        if (next_rejected != rejected.end() && *next_rejected == csv.line()) continue;
        const auto fields = csv.fields();
        if (fields.size() != csv.header().size())
            return make_error(ErrorKind::value, csv.source_name() + ": line " + std::to_string(csv.line()) +
                                                    " changed while the workbook was written");
        ++row;
        std::optional<std::int32_t> day;
        for (std::size_t c = 0; c < data.columns.size(); ++c) {
            const DataColumn& column = data.columns[c];
            const auto x = static_cast<std::uint16_t>(c);
            if (!column.csv_index) {
                if (day) {
                    const CivilDate civil = civil_from_serial(*day);
                    const std::string formula = month_key_formula(data, row);
                    worksheet_write_formula_num(sheet, row, x, formula.c_str(), formats[c],
                                                serial_from_civil({civil.year, civil.month, 1}));
                }
                continue;
            }
            const std::string_view field = trimmed(fields[*column.csv_index]);
            if (field.empty()) continue;
            if (column.type == ColumnType::date) {
                if ((day = parse_date(field, date_order))) {
                    worksheet_write_number(sheet, row, x, *day, formats[c]);
                    continue;
                }
            } else if (column.type == ColumnType::number) {
                if (const auto number = read_number_cell(field, compute.csv.decimal_comma)) {
                    worksheet_write_number(sheet, row, x, *number, formats[c]);
                    continue;
                }
            }
            // Text, or a cell no measure reads as a number: kept as the export spelled it.
            text.assign(field);
            worksheet_write_string(sheet, row, x, text.c_str(), nullptr);
        }
    }
    if (row != context.results->rows_used)
        return make_error(ErrorKind::value, context.options->data_path + " changed while the workbook was written: " +
                                                std::to_string(context.results->rows_used) + " rows were used, " +
                                                std::to_string(row) + " read again");

    for (std::size_t c = 0; c < data.columns.size(); ++c) {
        worksheet_set_column(sheet, static_cast<std::uint16_t>(c), static_cast<std::uint16_t>(c),
                             width_for(data.columns[c]), nullptr);
        add_input_rule(sheet, static_cast<std::uint16_t>(c), data.columns[c]);
    }
    worksheet_freeze_panes(sheet, 1, 0);
    set_print_layout(sheet, 0, 0);
    return std::size_t{row};
}

void write_rejected_sheet(const TemplateContext& context, lxw_worksheet* sheet) {
    WorkbookStyle& style = *context.style;
    worksheet_write_string(sheet, 0, 0, ("Rows of " + context.data_name + " kpilot did not use").c_str(), style.title);
    worksheet_write_string(sheet, 1, 0,
                           "Each is left out of the Data sheet and of every KPI. Correct it in the file and make the "
                           "workbook again, or paste the corrected row into the Data table.",
                           style.subtitle);
    worksheet_write_string(sheet, 3, 0, "line", style.header);
    worksheet_write_string(sheet, 3, 1, "column", style.header);
    worksheet_write_string(sheet, 3, 2, "reason", style.header);
    std::uint32_t row = 4;
    for (const InputRejection& r : context.results->rejected) {
        worksheet_write_number(sheet, row, 0, static_cast<double>(r.line), nullptr);
        if (!r.column.empty()) worksheet_write_string(sheet, row, 1, r.column.c_str(), nullptr);
        worksheet_write_string(sheet, row, 2, r.reason.c_str(), nullptr);
        ++row;
    }
    worksheet_set_column(sheet, 0, 0, 8, nullptr);
    worksheet_set_column(sheet, 1, 1, 16, nullptr);
    worksheet_set_column(sheet, 2, 2, 60, nullptr);
    worksheet_freeze_panes(sheet, 4, 0);
    set_print_layout(sheet, 3, 3);
}

}  // namespace kpilot::templates
