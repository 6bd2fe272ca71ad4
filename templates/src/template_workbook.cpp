#include "kpilot/template_workbook.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "kpilot/column_types.hpp"
#include "kpilot/csv_stream.hpp"
#include "sheet_writers.hpp"
#include "xlsx_finish.hpp"

namespace kpilot::templates {

namespace {

// A fixed creation date (2026-01-01 00:00 UTC) keeps docProps/core.xml, and so
// the whole file, the same from run to run: the checked-in templates are
// compared with freshly made ones.
constexpr std::time_t fixed_creation_time = 1767225600;
constexpr std::size_t largest_zip32_cells = 50'000'000;

Result<std::vector<std::vector<std::string>>> sample_rows(const std::string& path, const CsvOptions& csv,
                                                          std::vector<std::string>& header) {
    auto stream = CsvStream::open_file(path, csv);
    if (!stream) return stream.error();
    header = stream.value().header();
    std::vector<std::vector<std::string>> rows;
    while (rows.size() < rows_sampled_for_column_types) {
        auto more = stream.value().next();
        if (!more) return more.error();
        if (!more.value()) break;
        rows.emplace_back(stream.value().fields().begin(), stream.value().fields().end());
    }
    return rows;
}

std::string csv_field(std::string_view text, char separator) {
    if (text.find_first_of(std::string{separator, '"', '\n', '\r'}) == std::string_view::npos) return std::string(text);
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

// A copy of the file without the rejected rows, for a second pass that must not read them.
Result<std::filesystem::path> copy_without(const std::string& path, const CsvOptions& csv,
                                           const std::vector<InputRejection>& rejected) {
    auto stream = CsvStream::open_file(path, csv);
    if (!stream) return stream.error();
    std::string name = (std::filesystem::temp_directory_path() / "kpilot-template-XXXXXX").string();
    const int fd = ::mkstemp(name.data());
    if (fd < 0)
        return make_error(ErrorKind::value,
                          "cannot create a temporary file in " + std::filesystem::temp_directory_path().string());
    std::FILE* out = ::fdopen(fd, "w");
    if (!out) {
        ::close(fd);
        std::filesystem::remove(name);
        return make_error(ErrorKind::value, "cannot write the temporary file " + name);
    }
    std::vector<std::size_t> lines;
    for (const auto& r : rejected) lines.push_back(r.line);
    std::sort(lines.begin(), lines.end());
    const char separator = stream.value().separator();
    auto write_record = [&](const auto& fields) {
        std::string line;
        for (std::size_t i = 0; i < fields.size(); ++i)
            line += (i ? std::string(1, separator) : "") + csv_field(fields[i], separator);
        line += '\n';
        std::fwrite(line.data(), 1, line.size(), out);
    };
    write_record(stream.value().header());
    while (true) {
        auto more = stream.value().next();
        if (!more || !more.value()) break;
        if (!std::binary_search(lines.begin(), lines.end(), stream.value().line()))
            write_record(stream.value().fields());
    }
    std::fclose(out);
    return std::filesystem::path(name);
}

// Each group over all periods. compute_kpis rolls up period first, so these
// need a pass without a grain; without one it reads no dates, so when the first
// pass rejected rows for their date, the second reads a copy without them.
Result<std::vector<KpiRow>> all_periods_by_group(const KpiModel& model, const std::string& path, ComputeOptions options,
                                                 const KpiResults& by_month) {
    options.grain.reset();
    auto computed = compute_kpis(model, path, options);
    if (!computed) return computed.error();
    auto lines = [](const KpiResults& r) {
        std::vector<std::size_t> out;
        for (const auto& rejection : r.rejected) out.push_back(rejection.line);
        std::sort(out.begin(), out.end());
        return out;
    };
    if (lines(computed.value()) != lines(by_month)) {
        auto copy = copy_without(path, options.csv, by_month.rejected);
        if (!copy) return copy.error();
        computed = compute_kpis(model, copy.value().string(), options);
        std::error_code ignored;
        std::filesystem::remove(copy.value(), ignored);
        if (!computed) return computed.error();
    }
    std::vector<KpiRow> rows;
    for (auto& row : computed.value().rows)
        if (row.level == 1) rows.push_back(std::move(row));
    return rows;
}

}  // namespace

Result<TemplateReport> write_template_workbook(const KpiModel& model, const TemplateOptions& options) {
    TemplateReport report;
    std::optional<TargetsTable> targets;
    if (!options.targets_path.empty()) {
        auto loaded = read_targets_file(options.targets_path, options.compute.csv);
        if (!loaded) return loaded.error();
        targets = std::move(loaded).value();
        for (const auto& [line, reason] : targets->rejected)
            report.notes.push_back(targets->source_name + ": line " + std::to_string(line) + ": " + reason +
                                   "; target ignored");
    }

    // By month and the first grouping's first column: the layout every chart and lookup reads.
    const std::string group = !model.groupings.empty() && !model.groupings.front().by.empty()
                                  ? model.groupings.front().by.front()
                                  : std::string();
    ComputeOptions compute = options.compute;
    compute.by = group.empty() ? std::vector<std::string>{} : std::vector<std::string>{group};
    compute.grain = model.date_column.empty() ? std::nullopt : std::optional(Grain::month);
    compute.fiscal_year_start_month = 1;
    compute.trailing_periods = 0;
    compute.subtotals = true;
    auto computed = compute_kpis(model, options.data_path, compute);
    if (!computed) return computed.error();
    report.results = std::move(computed).value();
    if (compute.grain && !group.empty()) {
        ComputeOptions quiet = compute;
        quiet.progress = nullptr;
        auto groups = all_periods_by_group(model, options.data_path, quiet, report.results);
        if (!groups) return groups.error();
        for (auto& row : groups.value()) report.results.rows.push_back(std::move(row));
    }

    std::vector<std::string> header;
    auto sample = sample_rows(options.data_path, compute.csv, header);
    if (!sample) return sample.error();

    report.constant_memory = options.constant_memory || report.results.rows_used > largest_table_data_sheet;
    const DataLayout data = plan_data_sheet(model, header, sample.value(), options.kind, !report.constant_memory,
                                            report.results.rows_used, compute.csv.decimal_comma, group);
    KpiLayout layout = plan_kpi_rows(model, report.results, compute.grain.has_value(), !group.empty(), group);
    const FormulaPlanner formulas(model, data, layout);
    for (std::size_t k = 0; k < model.kpis.size(); ++k)
        if (!layout.kpi_untranslatable[k].empty())
            report.notes.push_back("kpi '" + model.kpis[k].name +
                                   "' is written as values, not formulas: " + layout.kpi_untranslatable[k]);
    for (std::size_t m = 0; m < model.measures.size(); ++m)
        if (!layout.measure_untranslatable[m].empty())
            report.notes.push_back("measure '" + model.measures[m].name +
                                   "' is written as values, not formulas: " + layout.measure_untranslatable[m]);

    lxw_workbook_options workbook_options{};
    workbook_options.constant_memory = report.constant_memory ? LXW_TRUE : LXW_FALSE;
    // Past about 4 GB of sheet XML the zip needs its 64-bit extensions.
    workbook_options.use_zip64 = report.results.rows_used * header.size() > largest_zip32_cells ? LXW_TRUE : LXW_FALSE;
    lxw_workbook* workbook = workbook_new_opt(options.output_path.c_str(), &workbook_options);
    if (!workbook) return make_error(ErrorKind::value, "cannot create " + options.output_path);

    const std::string title = model.name + ": KPI workbook";
    const std::string subject = "KPIs from " + std::filesystem::path(options.data_path).filename().string();
    const std::string author = "kpilot";
    const std::string comments = "Made by kpilot template (" + std::string(to_string(options.kind)) + ")";
    lxw_doc_properties properties{};
    properties.title = writable(title);
    properties.subject = writable(subject);
    properties.author = writable(author);
    properties.comments = writable(comments);
    properties.created = fixed_creation_time;
    workbook_set_properties(workbook, &properties);

    WorkbookStyle style(workbook);
    TemplateContext context;
    context.workbook = workbook;
    context.style = &style;
    context.model = &model;
    context.results = &report.results;
    context.options = &options;
    context.data = &data;
    context.layout = &layout;
    context.formulas = &formulas;
    context.targets = targets ? &*targets : nullptr;
    context.data_name = std::filesystem::path(options.data_path).filename().string();
    context.notes = &report.notes;

    // Tabs in reading order; the KPIs sheet opens first.
    lxw_worksheet* readme = workbook_add_worksheet(workbook, readme_sheet);
    lxw_worksheet* kpis = workbook_add_worksheet(workbook, kpis_sheet);
    lxw_worksheet* targets_tab = workbook_add_worksheet(workbook, targets_sheet);
    lxw_worksheet* measures = workbook_add_worksheet(workbook, measures_sheet);
    lxw_worksheet* data_tab = workbook_add_worksheet(workbook, data_sheet);
    lxw_worksheet* rejected =
        report.results.rejected.empty() ? nullptr : workbook_add_worksheet(workbook, rejected_sheet);
    worksheet_activate(kpis);

    write_readme_sheet(context, readme);
    write_kpis_sheet(context, kpis);
    write_targets_sheet(context, targets_tab);
    write_measures_sheet(context, measures);
    auto written = write_data_sheet(context, data_tab);
    if (rejected) write_rejected_sheet(context, rejected);
    const lxw_error closed = workbook_close(workbook);
    if (!written) return written.error();
    if (closed != LXW_NO_ERROR)
        return make_error(ErrorKind::value, "cannot write " + options.output_path + ": " + lxw_strerror(closed));
    // libxlsxwriter numbers the sheet parts in the order the sheets were added.
    auto finished = finish_xlsx(options.output_path,
                                {"xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml", "xl/worksheets/sheet4.xml"});
    if (!finished) return finished.error();
    report.data_rows_written = written.value();
    return report;
}

}  // namespace kpilot::templates
