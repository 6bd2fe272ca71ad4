// A whole CSV table in memory, read through CsvStream so that there is one
// CSV parser in kpilot.
#include "errors_as_values.hpp"
#include "kpilot/csv.hpp"
#include "kpilot/csv_stream.hpp"

namespace kpilot {

namespace {

std::string field_count_text(std::size_t count) { return std::to_string(count) + (count == 1 ? " field" : " fields"); }

Result<CsvTable> read_all(Result<CsvStream> opened) {
    if (!opened) return opened.error();
    CsvStream& stream = opened.value();
    CsvTable table;
    table.header = stream.header();
    table.separator = stream.separator();
    const std::size_t width = table.header.size();
    while (true) {
        auto more = stream.next();
        if (!more) return more.error();
        if (!more.value()) return table;
        const auto fields = stream.fields();
        if (fields.size() != width) {
            table.rejected.push_back({stream.line(), "has " + field_count_text(fields.size()) + ", the header has " +
                                                         std::to_string(width)});
            continue;
        }
        table.rows.emplace_back(fields.begin(), fields.end());
        table.row_lines.push_back(stream.line());
    }
}

}  // namespace

Result<CsvTable> parse_csv(std::string_view text, const CsvOptions& options, std::string_view source_name) {
    // Errors are values across the core's API; running out of memory on a
    // huge export is one a user can act on.
    return errors_as_values(source_name, [&] { return read_all(CsvStream::over_text(text, options, source_name)); });
}

Result<CsvTable> read_csv_file(const std::string& path, const CsvOptions& options) {
    return errors_as_values(path, [&] { return read_all(CsvStream::open_file(path, options)); });
}

std::string_view trimmed_cell(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

std::optional<std::size_t> column_named(const std::vector<std::string>& header, std::string_view name) {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return i;
    return std::nullopt;
}

}  // namespace kpilot
