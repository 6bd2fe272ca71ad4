#pragma once
// Reading a CSV export one record at a time, in bounded memory: a file of ten
// million rows is read in chunks, never held whole. Fields are views into the
// reader's buffer, valid until the next call to next().
//
//   auto reader = kpilot::CsvStream::open_file("deals.csv", {});
//   if (!reader) return reader.error();
//   auto& csv = reader.value();
//   while (true) {
//       auto more = csv.next();
//       if (!more) return more.error();        // a quoted field never closed
//       if (!more.value()) break;              // end of input
//       use(csv.fields(), csv.line());
//   }

#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kpilot/csv.hpp"

namespace kpilot {

class CsvStream {
public:
    // Reads the header; fails (#VALUE!, naming the file and line) on an empty
    // file, an empty or repeated header name, or a separator that cannot be one.
    // chunk_bytes is how much one read takes; tests and the fuzzer pass a few
    // bytes, so that records, quotes and line ends fall across chunk boundaries.
    static constexpr std::size_t default_chunk_bytes = std::size_t{4} << 20;
    static Result<CsvStream> open_file(const std::string& path, const CsvOptions& options,
                                       std::size_t chunk_bytes = default_chunk_bytes);
    // The same over text already in memory (not copied: it must outlive the stream).
    static Result<CsvStream> over_text(std::string_view text, const CsvOptions& options, std::string_view source_name);

    CsvStream(CsvStream&&) noexcept;
    CsvStream& operator=(CsvStream&&) noexcept;
    ~CsvStream();

    const std::vector<std::string>& header() const { return header_; }
    char separator() const { return separator_; }
    const std::string& source_name() const { return source_name_; }

    // The next record (blank lines are skipped): true, or false at the end.
    Result<bool> next();
    // The record's fields; their count may differ from the header's (the caller decides).
    std::span<const std::string_view> fields() const { return fields_; }
    // The physical line, from 1, where the record starts.
    std::size_t line() const { return record_line_; }

    // For progress: bytes consumed so far and the file's size (0 when unknown).
    std::uint64_t bytes_consumed() const { return consumed_before_buffer_ + pos_; }
    std::uint64_t total_bytes() const { return total_bytes_; }

private:
    CsvStream() = default;
    Result<bool> read_header();
    // Reads more of the file into the buffer, keeping [keep_from, end); false at end of file.
    bool refill(std::size_t keep_from);
    enum class Scan { record, need_more, unclosed_quote };
    Scan scan_record(std::size_t start);
    Error error_at(std::size_t line, std::string_view what) const;

    std::string source_name_;
    std::FILE* file_ = nullptr;
    std::vector<char> owned_;   // the buffer when reading a file
    const char* data_ = nullptr;
    std::size_t size_ = 0;      // valid bytes at data_
    std::size_t pos_ = 0;       // first byte not yet consumed
    bool at_eof_ = true;
    std::uint64_t consumed_before_buffer_ = 0;
    std::uint64_t total_bytes_ = 0;

    char separator_ = ',';
    std::vector<std::string> header_;
    std::vector<std::string_view> fields_;
    // Where each field of the current record lies: in the buffer, or in
    // unescaped_ when it had to be rebuilt (a quoted field with "" or line breaks).
    struct FieldSpan {
        bool rebuilt;
        std::size_t offset;
        std::size_t length;
    };
    std::vector<FieldSpan> spans_;
    std::string unescaped_;
    std::size_t line_ = 1;
    std::size_t record_line_ = 1;
    std::size_t quote_line_ = 1;
};

}  // namespace kpilot
