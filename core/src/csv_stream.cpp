// One pass over a chunked buffer: unquoted fields are views into it, and only
// quoted fields with "" or embedded line breaks are rebuilt, because exports
// run to millions of rows. A record cut by the end of a chunk is scanned again
// once the rest is read.
#include "kpilot/csv_stream.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <unordered_map>
#include <utility>

namespace kpilot {

namespace {

constexpr std::string_view utf8_byte_order_mark = "\xEF\xBB\xBF";
// A record this long is almost surely a quote that never closes; stop before
// reading the rest of a huge file into memory looking for it.
constexpr std::size_t longest_record = std::size_t{64} << 20;

bool is_line_break(char c) { return c == '\n' || c == '\r'; }

std::string_view trim_spaces_and_tabs(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

Error named_error(std::string_view source_name, std::string_view what) {
    std::string message;
    if (!source_name.empty()) message.append(source_name).append(": ");
    message.append(what);
    return make_error(ErrorKind::value, std::move(message));
}

// The candidate seen most often on the header line, outside quotes; ties go to
// the earlier of ',', ';', '\t', and a one-column file reads with ','.
// line_ended says whether the header line's end was in text, i.e. whether
// the verdict saw the whole line.
char detect_separator(std::string_view text, bool& line_ended) {
    line_ended = false;
    std::size_t pos = 0;
    while (pos < text.size() && is_line_break(text[pos])) ++pos;
    std::size_t commas = 0, semicolons = 0, tabs = 0;
    bool in_quotes = false;
    for (; pos < text.size(); ++pos) {
        const char c = text[pos];
        if (c == '"')
            in_quotes = !in_quotes;
        else if (in_quotes)
            continue;
        else if (is_line_break(c)) {
            line_ended = true;
            break;
        } else if (c == ',')
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

}  // namespace

CsvStream::CsvStream(CsvStream&& other) noexcept { *this = std::move(other); }

CsvStream& CsvStream::operator=(CsvStream&& other) noexcept {
    if (this == &other) return *this;
    if (file_) std::fclose(file_);
    source_name_ = std::move(other.source_name_);
    file_ = std::exchange(other.file_, nullptr);
    owned_ = std::move(other.owned_);  // a moved vector keeps its buffer, so data_ stays valid
    data_ = other.data_;
    size_ = other.size_;
    pos_ = other.pos_;
    at_eof_ = other.at_eof_;
    consumed_before_buffer_ = other.consumed_before_buffer_;
    total_bytes_ = other.total_bytes_;
    separator_ = other.separator_;
    header_ = std::move(other.header_);
    fields_.clear();
    spans_.clear();
    unescaped_.clear();
    line_ = other.line_;
    record_line_ = other.record_line_;
    quote_line_ = other.quote_line_;
    return *this;
}

CsvStream::~CsvStream() {
    if (file_) std::fclose(file_);
}

Error CsvStream::error_at(std::size_t line, std::string_view what) const {
    return named_error(source_name_, "line " + std::to_string(line) + ": " + std::string(what));
}

Result<CsvStream> CsvStream::open_file(const std::string& path, const CsvOptions& options, std::size_t chunk_bytes) {
    chunk_bytes = std::max<std::size_t>(chunk_bytes, 1);
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (status.type() == std::filesystem::file_type::not_found) return named_error(path, "no such file");
    if (ec) return named_error(path, "cannot be read: " + ec.message());
    if (std::filesystem::is_directory(status)) return named_error(path, "is a directory, not a CSV file");
    CsvStream stream;
    stream.source_name_ = path;
    stream.file_ = std::fopen(path.c_str(), "rb");
    if (!stream.file_) return named_error(path, "cannot be opened for reading");
    if (std::filesystem::is_regular_file(status)) {
        const auto size = std::filesystem::file_size(path, ec);
        stream.total_bytes_ = ec ? 0 : size;  // file_size gives -1 on failure
    }
    stream.at_eof_ = false;
    // A small file (a model's targets, a test's rows) gets a buffer its size,
    // not a chunk: one byte more, so the first read already meets the end.
    const bool small = stream.total_bytes_ > 0 && stream.total_bytes_ < chunk_bytes;
    stream.owned_.resize(small ? static_cast<std::size_t>(stream.total_bytes_) + 1 : chunk_bytes);
    stream.data_ = stream.owned_.data();
    stream.refill(0);
    stream.separator_ = options.separator;
    auto header = stream.read_header();
    if (!header) return header.error();
    return stream;
}

Result<CsvStream> CsvStream::over_text(std::string_view text, const CsvOptions& options, std::string_view source_name) {
    CsvStream stream;
    stream.source_name_ = std::string(source_name);
    stream.data_ = text.data();
    stream.size_ = text.size();
    stream.total_bytes_ = text.size();
    stream.separator_ = options.separator;
    auto header = stream.read_header();
    if (!header) return header.error();
    return stream;
}

bool CsvStream::refill(std::size_t keep_from) {
    if (!file_ || at_eof_) return false;
    const std::size_t kept = size_ - keep_from;
    if (kept > 0 && keep_from > 0) std::memmove(owned_.data(), owned_.data() + keep_from, kept);
    consumed_before_buffer_ += keep_from;
    pos_ -= std::min(pos_, keep_from);
    size_ = kept;
    if (size_ == owned_.size()) owned_.resize(owned_.size() * 2);
    data_ = owned_.data();
    const std::size_t got = std::fread(owned_.data() + size_, 1, owned_.size() - size_, file_);
    size_ += got;
    if (got == 0) {
        at_eof_ = true;
        std::fclose(file_);
        file_ = nullptr;
        return false;
    }
    return true;
}

Result<bool> CsvStream::read_header() {
    // The byte order mark is looked for only once all of its bytes could be there.
    while (size_ < utf8_byte_order_mark.size() && refill(0)) {
    }
    if (std::string_view(data_, size_).starts_with(utf8_byte_order_mark)) pos_ = utf8_byte_order_mark.size();
    if (separator_ == 0) {
        // Judged on the whole header line: a file read in small chunks, or a
        // header longer than one, must not be judged on its first part.
        bool line_ended = false;
        separator_ = detect_separator(std::string_view(data_ + pos_, size_ - pos_), line_ended);
        while (!line_ended && size_ - pos_ < longest_record && refill(0))
            separator_ = detect_separator(std::string_view(data_ + pos_, size_ - pos_), line_ended);
    }
    if (separator_ == '"' || is_line_break(separator_))
        return error_at(1, "the separator cannot be a quote or a line break");
    auto more = next();
    if (!more) return more.error();
    if (!more.value()) return error_at(1, "no header line (the file is empty)");
    // Names are looked up by the consumer, so an empty or repeated one would
    // make a column unreachable or ambiguous.
    std::unordered_map<std::string_view, std::size_t> column_of_name;
    header_.reserve(fields_.size());
    for (std::string_view field : fields_) header_.emplace_back(trim_spaces_and_tabs(field));
    for (std::size_t i = 0; i < header_.size(); ++i) {
        const std::string column = "column " + std::to_string(i + 1);
        if (header_[i].empty()) return error_at(record_line_, column + " of the header has no name");
        const auto [it, inserted] = column_of_name.emplace(header_[i], i + 1);
        if (!inserted)
            return error_at(record_line_, column + " of the header, \"" + header_[i] + "\", repeats column " +
                                              std::to_string(it->second));
    }
    return true;
}

Result<bool> CsvStream::next() {
    while (true) {
        // Blank lines between records are neither rows nor rejected.
        while (pos_ < size_ && is_line_break(data_[pos_])) {
            if (data_[pos_] == '\r' && pos_ + 1 == size_ && !at_eof_) break;
            if (data_[pos_] == '\r' && pos_ + 1 < size_ && data_[pos_ + 1] == '\n') ++pos_;
            ++pos_;
            ++line_;
        }
        if (pos_ < size_ && !(data_[pos_] == '\r' && pos_ + 1 == size_ && !at_eof_)) {
            const std::size_t line_before = line_;
            switch (scan_record(pos_)) {
                case Scan::record: return true;
                case Scan::unclosed_quote: return error_at(quote_line_, "quoted field never closed");
                case Scan::need_more: break;
            }
            line_ = line_before;
            if (size_ - pos_ >= longest_record)
                return error_at(line_, "a record runs past 64 MiB; is a quote never closed?");
        }
        if (!refill(pos_)) {
            if (pos_ >= size_) return false;
            at_eof_ = true;  // text mode: what is there is all there is
        }
    }
}

CsvStream::Scan CsvStream::scan_record(std::size_t start) {
    const char* const d = data_;
    const std::size_t n = size_;
    const char sep = separator_;
    std::size_t p = start;
    std::size_t lines = line_;
    spans_.clear();
    unescaped_.clear();
    while (true) {
        FieldSpan span{false, p, 0};
        if (p < n && d[p] == '"') {
            quote_line_ = lines;
            ++p;
            std::size_t segment = p;
            span.offset = p;
            auto rebuild = [&](std::size_t upto) {
                if (!span.rebuilt) {
                    span.rebuilt = true;
                    span.offset = unescaped_.size();
                }
                unescaped_.append(d + segment, upto - segment);
            };
            while (true) {
                if (p >= n) return at_eof_ ? Scan::unclosed_quote : Scan::need_more;
                const char c = d[p];
                if (c == '"') {
                    if (p + 1 >= n && !at_eof_) return Scan::need_more;
                    if (p + 1 < n && d[p + 1] == '"') {
                        rebuild(p + 1);  // keeps one quote of the pair
                        p += 2;
                        segment = p;
                        continue;
                    }
                    if (span.rebuilt)
                        rebuild(p);
                    else
                        span.length = p - span.offset;
                    ++p;
                    break;
                }
                if (is_line_break(c)) {
                    if (c == '\r' && p + 1 >= n && !at_eof_) return Scan::need_more;
                    rebuild(p);
                    unescaped_.push_back('\n');
                    p += (c == '\r' && p + 1 < n && d[p + 1] == '\n') ? 2 : 1;
                    ++lines;
                    segment = p;
                    continue;
                }
                ++p;
            }
            // Text after the closing quote is kept, as Excel keeps "ab"c.
            const std::size_t tail = p;
            while (p < n && d[p] != sep && !is_line_break(d[p])) ++p;
            if (p >= n && !at_eof_) return Scan::need_more;
            if (p > tail) {
                if (!span.rebuilt) {
                    const std::size_t content = span.offset;
                    span.rebuilt = true;
                    span.offset = unescaped_.size();
                    unescaped_.append(d + content, span.length);
                }
                unescaped_.append(d + tail, p - tail);
            }
            if (span.rebuilt) span.length = unescaped_.size() - span.offset;
        } else {
            const char* end = d + n;
            const char* q = d + p;
            while (q < end && *q != sep && *q != '\n' && *q != '\r') ++q;
            p = static_cast<std::size_t>(q - d);
            if (p >= n && !at_eof_) return Scan::need_more;
            span.length = p - span.offset;
        }
        spans_.push_back(span);
        if (p >= n) break;
        if (d[p] == sep) {
            ++p;
            continue;
        }
        // A line break ends the record.
        if (d[p] == '\r' && p + 1 >= n && !at_eof_) return Scan::need_more;
        p += (d[p] == '\r' && p + 1 < n && d[p + 1] == '\n') ? 2 : 1;
        ++lines;
        break;
    }
    record_line_ = line_;
    line_ = lines;
    pos_ = p;
    fields_.resize(spans_.size());
    for (std::size_t i = 0; i < spans_.size(); ++i) {
        const FieldSpan& s = spans_[i];
        fields_[i] = s.rebuilt ? std::string_view(unescaped_.data() + s.offset, s.length)
                               : std::string_view(d + s.offset, s.length);
    }
    return Scan::record;
}

}  // namespace kpilot
