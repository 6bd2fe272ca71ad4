#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "kpilot/csv.hpp"
#include "kpilot/number_text.hpp"

namespace kpilot {
namespace {

using Rows = std::vector<std::vector<std::string>>;
using Lines = std::vector<std::size_t>;

CsvTable parsed(std::string_view text, CsvOptions options = {}) {
    auto table = parse_csv(text, options, "test.csv");
    EXPECT_TRUE(table) << (table ? "" : table.error().message);
    return table ? table.value() : CsvTable{};
}

std::string error_message(std::string_view text, std::string_view source_name, CsvOptions options = {}) {
    auto table = parse_csv(text, options, source_name);
    EXPECT_FALSE(table);
    if (table) return "";
    EXPECT_EQ(table.error().kind, ErrorKind::value);
    return table.error().message;
}

TEST(CsvReader, QuotedFieldsKeepSeparatorsNewlinesAndDoubledQuotes) {
    const auto t = parsed(
        "id,note,amount\n"
        "1,\"Hello, \"\"world\"\"\nsecond line\",10\n"
        "2,plain,20\n");
    EXPECT_EQ(t.header, (std::vector<std::string>{"id", "note", "amount"}));
    EXPECT_EQ(t.rows, (Rows{{"1", "Hello, \"world\"\nsecond line", "10"}, {"2", "plain", "20"}}));
    EXPECT_EQ(t.row_lines, (Lines{2, 4}));
    EXPECT_TRUE(t.rejected.empty());
}

TEST(CsvReader, NewlinesInsideQuotesBecomeLineFeedsAndCountAsLines) {
    // CRLF and a lone CR inside quotes each end a physical line.
    const auto t = parsed("a,b\r\n\"x\r\ny\",\"p\rq\"\r\n3,4\r\n");
    EXPECT_EQ(t.rows, (Rows{{"x\ny", "p\nq"}, {"3", "4"}}));
    EXPECT_EQ(t.row_lines, (Lines{2, 5}));
}

TEST(CsvReader, EmptyQuotedFieldAndQuotedHeader) {
    const auto t = parsed("\"Revenue, EUR\",\"\"\"Lead\"\" source\"\n\"\",x\n");
    EXPECT_EQ(t.header, (std::vector<std::string>{"Revenue, EUR", "\"Lead\" source"}));
    EXPECT_EQ(t.rows, (Rows{{"", "x"}}));
}

TEST(CsvReader, SkipsUtf8ByteOrderMark) {
    const auto t = parsed("\xEF\xBB\xBFname,value\nx,1\n");
    EXPECT_EQ(t.header, (std::vector<std::string>{"name", "value"}));
    EXPECT_EQ(t.rows, (Rows{{"x", "1"}}));
}

TEST(CsvReader, CrlfLineEnds) {
    const auto t = parsed("a,b\r\n1,2\r\n3,4\r\n");
    EXPECT_EQ(t.rows, (Rows{{"1", "2"}, {"3", "4"}}));
    EXPECT_EQ(t.row_lines, (Lines{2, 3}));
}

TEST(CsvReader, LastLineWithoutNewline) {
    const auto t = parsed("a,b\n1,2\n3,4");
    EXPECT_EQ(t.rows, (Rows{{"1", "2"}, {"3", "4"}}));
}

TEST(CsvReader, TrailingSeparatorIsAnEmptyLastField) {
    EXPECT_EQ(parsed("a,b\n1,\n").rows, (Rows{{"1", ""}}));
    EXPECT_EQ(parsed("a,b\n1,").rows, (Rows{{"1", ""}}));
}

TEST(CsvReader, BlankLinesAreNeitherRowsNorRejected) {
    const auto t = parsed("\na,b\n\n1,2\n\r\n\n3,4\n\n");
    EXPECT_EQ(t.header, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(t.rows, (Rows{{"1", "2"}, {"3", "4"}}));
    EXPECT_EQ(t.row_lines, (Lines{4, 7}));
    EXPECT_TRUE(t.rejected.empty());
}

TEST(CsvReader, HeaderNamesAreTrimmedButCellsAreNot) {
    const auto t = parsed(" a \t,\tb\n  x , y\n", {.separator = ','});
    EXPECT_EQ(t.header, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(t.rows, (Rows{{"  x ", " y"}}));
}

TEST(CsvReader, StrayQuoteInUnquotedFieldIsKept) {
    const auto t = parsed("a,b\nx\"y,2\n5\" screen,3\n");
    EXPECT_EQ(t.rows, (Rows{{"x\"y", "2"}, {"5\" screen", "3"}}));
}

TEST(CsvReader, TextAfterClosingQuoteIsKeptAsExcelDoes) {
    EXPECT_EQ(parsed("a,b\n\"ab\"c,d\n").rows, (Rows{{"abc", "d"}}));
}

TEST(CsvReader, RaggedRowsAreRejectedWithTheirPhysicalLine) {
    const auto t = parsed(
        "id,name,amount\n"
        "1,\"two\nlines\",5\n"  // lines 2-3
        "2,short\n"             // line 4
        "3,x,7,extra\n"         // line 5
        "4,y,8\n");             // line 6
    EXPECT_EQ(t.rows, (Rows{{"1", "two\nlines", "5"}, {"4", "y", "8"}}));
    EXPECT_EQ(t.row_lines, (Lines{2, 6}));
    ASSERT_EQ(t.rejected.size(), 2u);
    EXPECT_EQ(t.rejected[0].line, 4u);
    EXPECT_EQ(t.rejected[0].reason, "has 2 fields, the header has 3");
    EXPECT_EQ(t.rejected[1].line, 5u);
    EXPECT_EQ(t.rejected[1].reason, "has 4 fields, the header has 3");
}

TEST(CsvReader, OneFieldRowReasonIsSingular) {
    const auto t = parsed("a,b\nonly\n");
    ASSERT_EQ(t.rejected.size(), 1u);
    EXPECT_EQ(t.rejected[0].reason, "has 1 field, the header has 2");
}

TEST(CsvReader, HeaderOnlyGivesNoRows) {
    const auto t = parsed("a,b\n");
    EXPECT_EQ(t.header, (std::vector<std::string>{"a", "b"}));
    EXPECT_TRUE(t.rows.empty());
    EXPECT_TRUE(t.row_lines.empty());
}

TEST(CsvReader, UnterminatedQuoteNamesFileAndLineWhereItOpened) {
    EXPECT_EQ(error_message("a,b\n1,2\n3,\"never\nclosed\n", "samples/x.csv"),
              "samples/x.csv: line 3: quoted field never closed");
    EXPECT_EQ(error_message("\"a,b\n", "h.csv"), "h.csv: line 1: quoted field never closed");
}

TEST(CsvReader, DuplicateHeaderNameIsAnErrorNamingTheColumns) {
    EXPECT_EQ(error_message("id,name, id\n1,2,3\n", "samples/dup.csv"),
              "samples/dup.csv: line 1: column 3 of the header, \"id\", repeats column 1");
}

TEST(CsvReader, EmptyHeaderNameIsAnErrorNamingTheColumn) {
    EXPECT_EQ(error_message("\n\na, ,c\n", "e.csv"), "e.csv: line 3: column 2 of the header has no name");
    EXPECT_EQ(error_message("a,b,\n", "e.csv"), "e.csv: line 1: column 3 of the header has no name");
}

TEST(CsvReader, EmptyTextIsAnError) {
    EXPECT_EQ(error_message("", "empty.csv"), "empty.csv: line 1: no header line (the file is empty)");
    EXPECT_EQ(error_message("\xEF\xBB\xBF\n\r\n", "empty.csv"),
              "empty.csv: line 1: no header line (the file is empty)");
}

TEST(CsvReader, QuoteCannotBeTheSeparator) {
    EXPECT_EQ(error_message("a\"b\n", "q.csv", {.separator = '"'}),
              "q.csv: line 1: the separator cannot be a quote or a line break");
}

TEST(CsvSeparator, DetectsSemicolon) {
    const auto t = parsed("date;revenue;cost\n2024-01-01;1 234,56;100\n", {.decimal_comma = true});
    EXPECT_EQ(t.separator, ';');
    EXPECT_EQ(t.header, (std::vector<std::string>{"date", "revenue", "cost"}));
    EXPECT_EQ(t.rows, (Rows{{"2024-01-01", "1 234,56", "100"}}));
}

TEST(CsvSeparator, DetectsTab) {
    const auto t = parsed("a\tb, c\td\n1\t2,5\t3");
    EXPECT_EQ(t.separator, '\t');
    EXPECT_EQ(t.header, (std::vector<std::string>{"a", "b, c", "d"}));
    EXPECT_EQ(t.rows, (Rows{{"1", "2,5", "3"}}));
}

TEST(CsvSeparator, DetectsCommaAndDefaultsToIt) {
    EXPECT_EQ(parsed("a,b\n1,2\n").separator, ',');
    EXPECT_EQ(parsed("a,b;c\td\n1,2;3\t4\n").separator, ',');  // a tie goes to ','
    EXPECT_EQ(parsed("only\nx\n").separator, ',');
}

TEST(CsvSeparator, IgnoresCandidatesInsideQuotes) {
    // Two ';' inside quotes, one ',' outside.
    const auto t = parsed("\"x;y;z\",w\n1,2\n");
    EXPECT_EQ(t.separator, ',');
    EXPECT_EQ(t.header, (std::vector<std::string>{"x;y;z", "w"}));
}

TEST(CsvSeparator, LooksOnlyAtTheHeaderLine) { EXPECT_EQ(parsed("a;b\n1,5;2,5,x\n").separator, ';'); }

TEST(CsvSeparator, GivenSeparatorOverridesDetection) {
    const auto t = parsed("a,b;c\n1,2;3\n", {.separator = ';'});
    EXPECT_EQ(t.separator, ';');
    EXPECT_EQ(t.header, (std::vector<std::string>{"a,b", "c"}));
    EXPECT_EQ(t.rows, (Rows{{"1,2", "3"}}));
}

TEST(CsvFile, ReadsTheWholeFile) {
    const std::string path = testing::TempDir() + "kpilot_csv_reader_test.csv";
    {
        std::ofstream out(path, std::ios::binary);
        out << "\xEF\xBB\xBF"
               "channel;spend\r\n\"Paid; search\";1 200,50\r\nEmail;80\r\n";
    }
    auto table = read_csv_file(path, {});
    std::remove(path.c_str());
    ASSERT_TRUE(table) << table.error().message;
    EXPECT_EQ(table.value().separator, ';');
    EXPECT_EQ(table.value().header, (std::vector<std::string>{"channel", "spend"}));
    EXPECT_EQ(table.value().rows, (Rows{{"Paid; search", "1 200,50"}, {"Email", "80"}}));
    EXPECT_EQ(table.value().row_lines, (Lines{2, 3}));
}

TEST(CsvFile, ErrorsNameTheFile) {
    const std::string path = testing::TempDir() + "kpilot_csv_reader_test_unclosed.csv";
    {
        std::ofstream out(path, std::ios::binary);
        out << "a,b\n1,\"2\n";
    }
    auto table = read_csv_file(path, {});
    std::remove(path.c_str());
    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().message, path + ": line 2: quoted field never closed");
}

TEST(CsvFile, MissingFileIsAValueErrorNamingThePath) {
    const std::string path = testing::TempDir() + "kpilot_no_such_export.csv";
    auto table = read_csv_file(path, {});
    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().kind, ErrorKind::value);
    EXPECT_EQ(table.error().message, path + ": no such file");
}

TEST(CsvFile, DirectoryIsAValueErrorNamingThePath) {
    auto table = read_csv_file(testing::TempDir(), {});
    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().kind, ErrorKind::value);
    EXPECT_NE(table.error().message.find(testing::TempDir()), std::string::npos);
}

struct NumberCase {
    std::string_view text;
    bool decimal_comma;
    std::optional<double> expected;
};

// Values are compared exactly: from_chars rounds correctly, and percentages
// go through the exponent, so "12.3%" is the double nearest 0.123.
// One case a line, even where a hex escape has to split the literal.
// clang-format off
const NumberCase number_cases[] = {
    // Point decimal mark, ',' between thousands.
    {"42", false, 42.0},
    {"-3.5", false, -3.5},
    {"+7", false, 7.0},
    {" \t12.25\t ", false, 12.25},
    {"007", false, 7.0},
    {"1,234.56", false, 1234.56},
    {"1,234,567", false, 1234567.0},
    {"-1,000", false, -1000.0},
    {"1e3", false, 1000.0},
    {"2.5E-2", false, 0.025},
    {"1.5e+2", false, 150.0},
    {".5", false, 0.5},
    {"5.", false, 5.0},
    {"25%", false, 0.25},
    {"-12.5%", false, -0.125},
    {"12.3%", false, 0.123},
    {"0.07%", false, 0.0007},
    {"1,234%", false, 12.34},
    {"5e2%", false, 5.0},
    {"25 %", false, 0.25},
    {"", false, std::nullopt},
    {"   ", false, std::nullopt},
    {"%", false, std::nullopt},
    {"1,23", false, std::nullopt},
    {"1,2345", false, std::nullopt},
    {"12,34,567", false, std::nullopt},
    {"1234,567", false, std::nullopt},
    {",123", false, std::nullopt},
    {"1,,234", false, std::nullopt},
    {"1,234,", false, std::nullopt},
    {"0,123", false, std::nullopt},
    {"1.2.3", false, std::nullopt},
    {"1 234", false, std::nullopt},
    {"1.234,5", false, std::nullopt},
    {"abc", false, std::nullopt},
    {"12abc", false, std::nullopt},
    {"1e", false, std::nullopt},
    {"1e+", false, std::nullopt},
    {".", false, std::nullopt},
    {".e3", false, std::nullopt},
    {"--1", false, std::nullopt},
    {"+-1", false, std::nullopt},
    {"- 1", false, std::nullopt},
    {"inf", false, std::nullopt},
    {"nan", false, std::nullopt},
    {"0x1A", false, std::nullopt},
    {"1e400", false, std::nullopt},
    {"25%%", false, std::nullopt},
    // Comma decimal mark, space, U+00A0, U+202F or '.' between thousands.
    {"3,5", true, 3.5},
    {"-0,5", true, -0.5},
    {"1 234,56", true, 1234.56},
    {"1\xC2\xA0" "234,56", true, 1234.56},
    {"1\xE2\x80\xAF" "234,5", true, 1234.5},
    {"1.234.567,8", true, 1234567.8},
    {"12 345 678", true, 12345678.0},
    {"1.234", true, 1234.0},
    {"12,5%", true, 0.125},
    {"12,5\xC2\xA0%", true, 0.125},
    {"12,5\xE2\x80\xAF%", true, 0.125},
    {"1,5e3", true, 1500.0},
    {"1.5", true, std::nullopt},
    {"1,234.56", true, std::nullopt},
    {"1 23,4", true, std::nullopt},
    {"1,2,3", true, std::nullopt},
    {"1 234.567,8", true, std::nullopt},
    {"1\xC2\xA0" "234 567", true, std::nullopt},
    {"1\xC2" "234", true, std::nullopt},
    {"0.123", true, std::nullopt},
    {"1 234 ,5", true, std::nullopt},
    {"", true, std::nullopt},
};
// clang-format on

TEST(NumberText, ReadsExportSpellings) {
    for (const auto& c : number_cases) {
        SCOPED_TRACE(testing::Message() << "\"" << c.text << "\" decimal_comma=" << c.decimal_comma);
        EXPECT_EQ(parse_number_text(c.text, c.decimal_comma), c.expected);
    }
}

TEST(NumberText, LongTextIsStillRead) {
    // Longer than any cell needs, to cover the text that does not fit the stack buffer.
    const std::string text = "0." + std::string(100, '0') + "1";
    EXPECT_EQ(parse_number_text(text, false), 1e-101);
}

}  // namespace
}  // namespace kpilot
