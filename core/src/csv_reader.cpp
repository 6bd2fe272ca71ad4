// One pass over the buffer: fields are cut out of it as ranges and only
// quoted fields with "" or embedded newlines are assembled piece by piece,
// because exports run to millions of rows.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <new>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <unordered_map>

#include "kpilot/csv.hpp"

namespace kpilot {

namespace {

constexpr std::string_view utf8_byte_order_mark = "\xEF\xBB\xBF";

bool is_line_break(char c) { return c == '\n' || c == '\r'; }

std::string_view trim_spaces_and_tabs(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// "samples/deals.csv: what", or just "what" for text with no name.
Error named_error(std::string_view source_name, std::string_view what) {
    std::string message;
    if (!source_name.empty()) message.append(source_name).append(": ");
    message.append(what);
    return make_error(ErrorKind::value, std::move(message));
}

Error csv_error(std::string_view source_name, std::size_t line, std::string_view what) {
    return named_error(source_name, "line " + std::to_string(line) + ": " + std::string(what));
}

// The candidate seen most often on the header line, outside quotes; ties go to
// the earlier of ',', ';', '\t', and a one-column file reads with ','.
char detect_separator(std::string_view text) {
    std::size_t pos = 0;
    while (pos < text.size() && is_line_break(text[pos])) ++pos;  // blank lines before the header
    std::size_t commas = 0, semicolons = 0, tabs = 0;
    bool in_quotes = false;
    for (; pos < text.size(); ++pos) {
        const char c = text[pos];
        if (c == '"')
            in_quotes = !in_quotes;
        else if (in_quotes)
            continue;
        else if (is_line_break(c))
            break;
        else if (c == ',')
            ++commas;
        else if (c == ';')
            ++semicolons;
        else if (c == '\t')
            ++tabs;
    }
    if (semicolons > commas && semicolons >= tabs) return ';';
    if (tabs > commas && tabs > semicolons) return '\t';
    return ',';
}

enum class RecordOutcome { record, end_of_input, quote_never_closed };

// Cuts records out of the text, counting physical lines as it goes (CR, LF
// and CRLF each end one, inside quotes too) so every row and every error can
// point at the line a user sees in an editor.
class RecordScanner {
public:
    RecordScanner(std::string_view text, char separator) : text_(text), separator_(separator) {}

    // Skips blank lines, then reads one record into `fields`.
    RecordOutcome next(std::vector<std::string>& fields) {
        while (!at_end() && is_line_break(text_[pos_])) consume_line_break();
        if (at_end()) return RecordOutcome::end_of_input;
        record_line_ = line_;
        while (true) {
            std::string& field = fields.emplace_back();
            if (!at_end() && text_[pos_] == '"' && !read_quoted(field)) return RecordOutcome::quote_never_closed;
            // After a closing quote this keeps any text up to the separator, as
            // Excel does with "ab"c; otherwise it is the whole unquoted field.
            read_unquoted(field);
            if (at_end()) return RecordOutcome::record;
            if (text_[pos_] == separator_) {
                ++pos_;
                continue;
            }
            consume_line_break();
            return RecordOutcome::record;
        }
    }

    std::size_t record_line() const { return record_line_; }
    std::size_t unclosed_quote_line() const { return unclosed_quote_line_; }

private:
    bool at_end() const { return pos_ >= text_.size(); }

    void consume_line_break() {
        if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
        ++pos_;
        ++line_;
    }

    void append_from(std::string& field, std::size_t start) const { field.append(text_.data() + start, pos_ - start); }

    // False when the text ends before the closing quote.
    bool read_quoted(std::string& field) {
        unclosed_quote_line_ = line_;
        ++pos_;
        std::size_t start = pos_;
        while (!at_end()) {
            const char c = text_[pos_];
            if (c == '"') {
                append_from(field, start);
                ++pos_;
                if (at_end() || text_[pos_] != '"') return true;
                field.push_back('"');
                start = ++pos_;
            } else if (is_line_break(c)) {
                append_from(field, start);
                field.push_back('\n');
                consume_line_break();
                start = pos_;
            } else {
                ++pos_;
            }
        }
        return false;
    }

    void read_unquoted(std::string& field) {
        const std::size_t start = pos_;
        while (!at_end() && text_[pos_] != separator_ && !is_line_break(text_[pos_])) ++pos_;
        append_from(field, start);
    }

    std::string_view text_;
    char separator_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    std::size_t record_line_ = 1;
    std::size_t unclosed_quote_line_ = 1;
};

std::string field_count_text(std::size_t count) { return std::to_string(count) + (count == 1 ? " field" : " fields"); }

// Names are looked up by the consumer, so an empty or repeated one would make
// a column unreachable or ambiguous.
std::optional<Error> check_header(std::vector<std::string>& header, std::string_view source_name, std::size_t line) {
    std::unordered_map<std::string_view, std::size_t> column_of_name;
    column_of_name.reserve(header.size());
    for (std::size_t i = 0; i < header.size(); ++i) {
        header[i] = std::string(trim_spaces_and_tabs(header[i]));
        const std::string column = "column " + std::to_string(i + 1);
        if (header[i].empty()) return csv_error(source_name, line, column + " of the header has no name");
        const auto [it, inserted] = column_of_name.emplace(header[i], i + 1);
        if (!inserted)
            return csv_error(
                source_name, line,
                column + " of the header, \"" + header[i] + "\", repeats column " + std::to_string(it->second));
    }
    return std::nullopt;
}

Result<CsvTable> parse_text(std::string_view text, const CsvOptions& options, std::string_view source_name) {
    if (text.starts_with(utf8_byte_order_mark)) text.remove_prefix(utf8_byte_order_mark.size());
    const char separator = options.separator != 0 ? options.separator : detect_separator(text);
    if (separator == '"' || is_line_break(separator))
        return csv_error(source_name, 1, "the separator cannot be a quote or a line break");

    CsvTable table;
    table.separator = separator;
    RecordScanner scanner(text, separator);

    switch (scanner.next(table.header)) {
        case RecordOutcome::end_of_input: return csv_error(source_name, 1, "no header line (the file is empty)");
        case RecordOutcome::quote_never_closed:
            return csv_error(source_name, scanner.unclosed_quote_line(), "quoted field never closed");
        case RecordOutcome::record: break;
    }
    if (auto error = check_header(table.header, source_name, scanner.record_line())) return *error;

    const std::size_t width = table.header.size();
    while (true) {
        std::vector<std::string> fields;
        fields.reserve(width);
        const RecordOutcome outcome = scanner.next(fields);
        if (outcome == RecordOutcome::end_of_input) return table;
        if (outcome == RecordOutcome::quote_never_closed)
            return csv_error(source_name, scanner.unclosed_quote_line(), "quoted field never closed");
        if (fields.size() != width) {
            table.rejected.push_back({scanner.record_line(), "has " + field_count_text(fields.size()) +
                                                                 ", the header has " + std::to_string(width)});
            continue;
        }
        table.rows.push_back(std::move(fields));
        table.row_lines.push_back(scanner.record_line());
    }
}

}  // namespace

Result<CsvTable> parse_csv(std::string_view text, const CsvOptions& options, std::string_view source_name) {
    // Errors are values across the core's API; running out of memory on a
    // huge export is one a user can act on.
    try {
        return parse_text(text, options, source_name);
    } catch (const std::bad_alloc&) {
        return named_error(source_name, "not enough memory to read the table");
    }
}

Result<CsvTable> read_csv_file(const std::string& path, const CsvOptions& options) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (status.type() == std::filesystem::file_type::not_found) return named_error(path, "no such file");
    if (ec) return named_error(path, "cannot be read: " + ec.message());
    if (std::filesystem::is_directory(status)) return named_error(path, "is a directory, not a CSV file");

    std::ifstream in(path, std::ios::binary);
    if (!in) return named_error(path, "cannot be opened for reading");
    std::string text;
    try {
        in.seekg(0, std::ios::end);
        const std::streamoff size = in.tellg();
        in.seekg(0, std::ios::beg);
        if (size > 0) {
            text.resize(static_cast<std::size_t>(size));
            in.read(text.data(), size);
            if (in.gcount() != size) return named_error(path, "could not be read to the end");
        } else if (size < 0) {
            // A pipe or device has no size to ask for; read it until it ends.
            in.clear();
            text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
            if (in.bad()) return named_error(path, "could not be read to the end");
        }
    } catch (const std::bad_alloc&) {
        return named_error(path, "too large to read into memory");
    } catch (const std::length_error&) {
        return named_error(path, "too large to read into memory");
    }
    return parse_csv(text, options, path);
}

}  // namespace kpilot
