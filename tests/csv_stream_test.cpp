// The streaming reader gives the same records from a file read in chunks as
// from the same text held whole, whatever falls on a chunk boundary.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "kpilot/csv_stream.hpp"
#include "temp_file.hpp"

namespace kpilot {
namespace {

struct Record {
    std::size_t line;
    std::vector<std::string> fields;
    bool operator==(const Record&) const = default;
};

std::vector<Record> drain(Result<CsvStream> opened) {
    EXPECT_TRUE(opened) << (opened ? "" : opened.error().message);
    std::vector<Record> records;
    if (!opened) return records;
    CsvStream& csv = opened.value();
    while (true) {
        auto more = csv.next();
        EXPECT_TRUE(more) << (more ? "" : more.error().message);
        if (!more || !more.value()) break;
        records.push_back({csv.line(), {csv.fields().begin(), csv.fields().end()}});
    }
    return records;
}

TEST(CsvStream, FileReadInChunksMatchesTextReadWhole) {
    std::mt19937 random(42);
    std::string text = "id;note;amount\r\n";
    const char* notes[] = {"plain", "\"quoted; with separator\"", "\"two\r\nlines\"", "\"say \"\"hi\"\"\"", "",
                           "\"\"", "\"a\nb\rc\""};
    for (int i = 0; text.size() < (std::size_t{9} << 20); ++i) {
        text += std::to_string(i) + ";" + notes[random() % 7] + ";" + std::to_string(random() % 100000) + "," +
                std::to_string(random() % 100);
        text += (random() % 3 == 0) ? "\r\n" : "\n";
        if (random() % 50 == 0) text += "\n";  // a blank line now and then
    }
    const auto path = std::filesystem::temp_directory_path() / "kpilot_csv_stream_test.csv";
    {
        std::ofstream out(path, std::ios::binary);
        out << text;
    }
    const auto from_file = drain(CsvStream::open_file(path.string(), {}));
    const auto from_text = drain(CsvStream::over_text(text, {}, "text"));
    std::filesystem::remove(path);
    ASSERT_GT(from_text.size(), 100000u);
    ASSERT_EQ(from_file.size(), from_text.size());
    for (std::size_t i = 0; i < from_text.size(); ++i) ASSERT_EQ(from_file[i], from_text[i]) << "record " << i;
}

TEST(CsvStream, EveryChunkSizeFromOneByteGivesTheRecordsOfTheWholeText) {
    // A quote, a doubled quote, CRLF split between chunks, a BOM, a blank line, a line break inside quotes.
    const std::string text =
        "\xEF\xBB\xBFid,note\r\n1,\"say \"\"hi\"\"\"\r\n\r\n2,\"two\r\nlines\"\n3,plain\r\n4,\"\"\n5,\"a,b\"";
    const testing::TempFile file(text);
    const auto whole = drain(CsvStream::over_text(text, {}, "text"));
    ASSERT_EQ(whole.size(), 5u);
    EXPECT_EQ(whole[0], (Record{2, {"1", "say \"hi\""}}));
    // A line break inside quotes reads as \n, as Excel keeps it in a cell, whichever the file used.
    EXPECT_EQ(whole[1], (Record{4, {"2", "two\nlines"}}));
    EXPECT_EQ(whole[4], (Record{8, {"5", "a,b"}}));
    for (std::size_t chunk = 1; chunk <= text.size() + 1; ++chunk) {
        ASSERT_EQ(drain(CsvStream::open_file(file.path(), {}, chunk)), whole) << "chunks of " << chunk << " bytes";
        // The byte order mark is skipped even when the first chunk holds only part of it (found by fuzz_csv_dataset).
        auto opened = CsvStream::open_file(file.path(), {}, chunk);
        ASSERT_TRUE(opened);
        EXPECT_EQ(opened.value().header(), (std::vector<std::string>{"id", "note"}))
            << "chunks of " << chunk << " bytes";
    }
}

TEST(CsvStream, TheSeparatorIsJudgedOnTheWholeHeaderLineWhateverTheChunkSize) {
    // The first chunk sees only the comma; the whole line holds three tabs (found by fuzz_csv_dataset).
    const std::string text = "date,channel\tspend\tclicks\tleads\n2026-04-01,x\t1\t2\t3\n";
    const testing::TempFile file(text);
    for (std::size_t chunk = 1; chunk <= text.size() + 1; ++chunk) {
        auto opened = CsvStream::open_file(file.path(), {}, chunk);
        ASSERT_TRUE(opened);
        EXPECT_EQ(opened.value().separator(), '\t') << "chunks of " << chunk << " bytes";
        EXPECT_EQ(opened.value().header().size(), 4u) << "chunks of " << chunk << " bytes";
    }
}

TEST(CsvStream, ReportsProgressInBytes) {
    const std::string text = "a,b\n1,2\n3,4\n";
    auto opened = CsvStream::over_text(text, {}, "t");
    ASSERT_TRUE(opened);
    auto& csv = opened.value();
    EXPECT_EQ(csv.total_bytes(), text.size());
    ASSERT_TRUE(csv.next().value());
    EXPECT_EQ(csv.bytes_consumed(), 8u);
    ASSERT_TRUE(csv.next().value());
    EXPECT_FALSE(csv.next().value());
    EXPECT_EQ(csv.bytes_consumed(), text.size());
}

TEST(CsvStream, AnUnclosedQuoteInABigFileStopsWithItsLine) {
    const auto path = std::filesystem::temp_directory_path() / "kpilot_csv_unclosed.csv";
    {
        std::ofstream out(path, std::ios::binary);
        out << "a,b\n1,2\n3,\"never closed\n";
        for (int i = 0; i < 200000; ++i) out << "5,6\n";
    }
    auto opened = CsvStream::open_file(path.string(), {});
    ASSERT_TRUE(opened);
    auto& csv = opened.value();
    ASSERT_TRUE(csv.next().value());
    auto more = csv.next();
    std::filesystem::remove(path);
    ASSERT_FALSE(more);
    EXPECT_NE(more.error().message.find("line 3: quoted field never closed"), std::string::npos) << more.error().message;
}

}  // namespace
}  // namespace kpilot
