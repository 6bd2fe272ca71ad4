#pragma once
// Reading CSV exports from CRMs, ad platforms and survey tools into header and
// rows of text. Cells stay text: which column is a number, a date or a label
// is the consumer's call (parse_number_text reads the numbers).
//
//   auto table = kpilot::read_csv_file("samples/deals.csv", {});
//   if (!table) return table.error();            // unreadable file, broken quoting, bad header
//   for (const auto& rejected : table.value().rejected)
//       warn(rejected.line, rejected.reason);    // "has 5 fields, the header has 6"
//
// Follows RFC 4180 and is lenient where Excel is: a stray quote inside an
// unquoted field is kept as a character.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kpilot/number_text.hpp"
#include "kpilot/result.hpp"

namespace kpilot {

struct CsvOptions {
    // 0 detects among ',', ';' and '\t' from the header line, outside quotes:
    // European Excel saves "CSV" with ';' because ',' is its decimal mark.
    char separator = 0;
    // Not used by the reader itself; it travels with the options so the code
    // that reads numbers from the cells knows how the file spells them.
    bool decimal_comma = false;
};

// A row left out of the table because its field count differs from the
// header's. Kept rather than dropped so a report can say what it skipped.
struct CsvRejectedRow {
    std::size_t line;    // physical 1-based line where the row starts
    std::string reason;  // "has 5 fields, the header has 6"
};

struct CsvTable {
    std::vector<std::string> header;             // names trimmed of surrounding spaces and tabs
    std::vector<std::vector<std::string>> rows;  // each has header.size() fields, text as in the file
    std::vector<std::size_t> row_lines;          // physical 1-based line where each row starts
    std::vector<CsvRejectedRow> rejected;
    char separator = ',';  // the one given or detected
};

// Fatal (#VALUE! Error naming source_name and the line): a quoted field never
// closed, an empty or duplicate header name, no header at all, a separator
// that cannot be one ('"', CR or LF). Blank lines are skipped; quoted fields
// keep embedded newlines as "\n"; a UTF-8 BOM at the start is skipped.
Result<CsvTable> parse_csv(std::string_view text, const CsvOptions& options, std::string_view source_name);

// A cell without the spaces and tabs around it, as every reader takes cells.
std::string_view trimmed_cell(std::string_view text);

// The position of the header column named `name`, if there is one.
std::optional<std::size_t> column_named(const std::vector<std::string>& header, std::string_view name);

// The whole file read in one go, then parse_csv with the path as source name.
// A missing or unreadable file is a #VALUE! Error naming the path.
Result<CsvTable> read_csv_file(const std::string& path, const CsvOptions& options);

}  // namespace kpilot
