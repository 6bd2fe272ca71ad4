#include "table_writers.hpp"

#include <xlsxwriter.h>

#include <map>
#include <nlohmann/json.hpp>

#include "kpilot/dates.hpp"
#include "kpilot/display_format.hpp"
#include "text_table.hpp"

namespace kpilot::cli {

namespace {

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

std::string csv_cell(const Value& v, ColumnKind kind) {
    if (v.is_empty()) return "";
    if (v.is_number())
        return kind == ColumnKind::date ? iso_date_text(static_cast<std::int32_t>(v.number()))
                                        : to_round_trip_text(v.number());
    return csv_field(to_display_text(v));
}

nlohmann::ordered_json json_cell(const Value& v, ColumnKind kind) {
    if (v.is_empty()) return nullptr;
    if (v.is_number())
        return kind == ColumnKind::date ? nlohmann::ordered_json(iso_date_text(static_cast<std::int32_t>(v.number())))
                                        : nlohmann::ordered_json(v.number());
    if (v.is_boolean()) return v.boolean();
    return to_display_text(v);
}

}  // namespace

void write_csv(std::ostream& out, const KpiTable& table) {
    for (std::size_t c = 0; c < table.columns.size(); ++c) out << (c ? "," : "") << csv_field(table.columns[c].name);
    out << '\n';
    for (const auto& row : table.rows) {
        for (std::size_t c = 0; c < row.size(); ++c) out << (c ? "," : "") << csv_cell(row[c], table.columns[c].kind);
        out << '\n';
    }
}

void write_json(std::ostream& out, const KpiTable& table, const KpiResults& results, const KpiModel& model) {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const auto& row : table.rows) {
        nlohmann::ordered_json object;
        for (std::size_t c = 0; c < row.size(); ++c)
            object[table.columns[c].name] = json_cell(row[c], table.columns[c].kind);
        rows.push_back(std::move(object));
    }
    nlohmann::ordered_json rejected = nlohmann::ordered_json::array();
    for (const auto& r : results.rejected)
        rejected.push_back({{"line", r.line}, {"column", r.column}, {"reason", r.reason}});
    nlohmann::ordered_json document{{"model", model.name},
                                    {"rows_read", results.rows_read},
                                    {"rows_used", results.rows_used},
                                    {"rows_rejected", results.rejected.size()},
                                    {"rejected", rejected},
                                    {"notes", results.notes},
                                    {"results", rows}};
    // Cells are the export's bytes, which need not be UTF-8: such a byte
    // becomes U+FFFD rather than an exception that loses the whole report.
    out << document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

namespace {

// One workbook sheet as an Excel table: typed cells, a number format per unit,
// the header frozen, an autofilter from the table.
bool write_sheet(lxw_workbook* workbook, const char* name, const KpiTable& table, std::vector<std::string>& headers) {
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, name);
    if (!sheet) return false;
    std::map<std::string, lxw_format*> formats;
    auto format_for = [&](Unit unit, ColumnKind kind) -> lxw_format* {
        const std::string code = kind == ColumnKind::date ? "yyyy-mm-dd" : spreadsheet_number_format(unit);
        if (code == "General") return nullptr;
        auto& f = formats[code];
        if (!f) {
            f = workbook_add_format(workbook);
            format_set_num_format(f, code.c_str());
        }
        return f;
    };
    const auto rows = static_cast<lxw_row_t>(table.rows.size());
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const auto& row = table.rows[r];
        for (std::size_t c = 0; c < row.size(); ++c) {
            const Value& v = row[c];
            const auto xr = static_cast<lxw_row_t>(r + 1);
            const auto xc = static_cast<lxw_col_t>(c);
            const TableColumn& column = table.columns[c];
            if (v.is_number()) {
                // In the long form the value columns take the unit of the row's KPI.
                Unit unit = column.unit;
                if (unit == Unit::any && !table.row_units.empty()) unit = table.row_units[r];
                worksheet_write_number(sheet, xr, xc, v.number(), format_for(unit, column.kind));
            } else if (v.is_text()) {
                worksheet_write_string(sheet, xr, xc, v.text().c_str(), nullptr);
            } else if (v.is_boolean()) {
                worksheet_write_boolean(sheet, xr, xc, v.boolean(), nullptr);
            }
        }
    }
    headers.clear();
    for (const auto& c : table.columns) headers.push_back(c.name);
    std::vector<lxw_table_column> columns(table.columns.size());
    std::vector<lxw_table_column*> column_pointers;
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        columns[c].header =
            const_cast<char*>(headers[c].c_str());  // libxlsxwriter's API is not const-correct; it only reads
        column_pointers.push_back(&columns[c]);
    }
    column_pointers.push_back(nullptr);
    lxw_table_options options{};
    options.name = const_cast<char*>(name);
    options.columns = column_pointers.data();
    options.style_type = LXW_TABLE_STYLE_TYPE_MEDIUM;
    options.style_type_number = 2;
    worksheet_add_table(sheet, 0, 0, rows == 0 ? 1 : rows, static_cast<lxw_col_t>(table.columns.size() - 1), &options);
    worksheet_freeze_panes(sheet, 1, static_cast<lxw_col_t>(table.key_columns));
    worksheet_set_column(sheet, 0, static_cast<lxw_col_t>(table.columns.size() - 1), 14, nullptr);
    return true;
}

}  // namespace

std::string write_tables_xlsx(const std::string& path, const std::vector<NamedTable>& sheets) {
    lxw_workbook* workbook = workbook_new(path.c_str());
    if (!workbook) return "cannot create " + path;
    std::vector<std::vector<std::string>> headers(sheets.size());  // the workbook reads them at close
    for (std::size_t i = 0; i < sheets.size(); ++i)
        write_sheet(workbook, sheets[i].name.c_str(), sheets[i].table, headers[i]);
    const lxw_error error = workbook_close(workbook);
    if (error != LXW_NO_ERROR) return "cannot write " + path + ": " + lxw_strerror(error);
    return "";
}

std::string write_xlsx(const std::string& path, const KpiResults& results, const KpiModel& model) {
    return write_tables_xlsx(path,
                             {{"KPIs", wide_form_table(results, model)}, {"Details", long_form_table(results, model)}});
}

void write_text(std::ostream& out, const KpiResults& results, const KpiModel& model) {
    auto group_label = [&](const KpiRow& row) {
        std::string label = results.grain ? (row.period ? row.period_label : "All periods") : "";
        bool any_dimension = false;
        for (const auto& d : row.dimensions)
            if (d) {
                label += (label.empty() ? "" : " / ") + (d->empty() ? std::string("(blank)") : *d);
                any_dimension = true;
            }
        if (!any_dimension && !results.dimensions.empty()) label += label.empty() ? "Total" : " / Total";
        if (label.empty()) label = "Total";
        return label;
    };
    auto cell = [](const Value& v, Unit unit) {
        return v.is_error() ? std::string(error_code(v.error().kind)) : format_for_display(v, unit);
    };
    // Against targets, a mark after each value: on track, at risk, off track.
    auto marked = [&](const KpiRow& row, std::size_t k) {
        std::string text = cell(row.kpis[k], model.kpis[k].unit);
        if (!results.has_targets || !row.status[k].is_text()) return text;
        const std::string& status = row.status[k].text();
        return text + (status == "on track" ? " ✓" : status == "at risk" ? " !" : " ✗");
    };
    std::vector<std::vector<std::string>> rows;
    if (!results.grain) {
        // Few groups: one column per group reads best.
        std::vector<std::string> header{"KPI"};
        for (const auto& row : results.rows) header.push_back(group_label(row));
        rows.push_back(header);
        for (std::size_t k = 0; k < model.kpis.size(); ++k) {
            const ModelKpi& kpi = model.kpis[k];
            std::vector<std::string> line{kpi.builtin ? kpi.title + " (" + kpi.builtin->worksheet_name + ")"
                                                      : kpi.title};
            for (const auto& row : results.rows) line.push_back(marked(row, k));
            rows.push_back(line);
        }
    } else {
        std::vector<std::string> header{"Group"};
        for (const auto& kpi : model.kpis) header.push_back(kpi.name);
        rows.push_back(header);
        for (const auto& row : results.rows) {
            std::vector<std::string> line{group_label(row)};
            for (std::size_t k = 0; k < model.kpis.size(); ++k) line.push_back(marked(row, k));
            rows.push_back(line);
        }
    }
    print_text_table(out, rows);
    if (results.has_targets) out << "Against targets: ✓ on track, ! at risk, ✗ off track\n";
}

}  // namespace kpilot::cli
