#include "excel_results.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <thread>

#include "excel_opers.hpp"
#include "kpilot/registry.hpp"

namespace kpilot::xll {
namespace {

using fake::read_result;

TEST(ExcelResults, NumbersAndErrorsNeedNoFreeing) {
    const XLOPER12* number = number_for_excel(0.25);
    EXPECT_EQ(number->xltype, xltypeNum);
    EXPECT_EQ(number->val.num, 0.25);
    const XLOPER12* error = result_for_excel(Result<Value>(Error{ErrorKind::div0, "spend is zero"}));
    EXPECT_EQ(error->xltype, xltypeErr);
    EXPECT_EQ(error->val.err, xlerrDiv0);
    EXPECT_EQ(blocks_held_by_excel(), 0u);
}

TEST(ExcelResults, MapsEveryErrorKindToItsExcelCode) {
    const std::pair<ErrorKind, int> codes[] = {
        {ErrorKind::div0, 7}, {ErrorKind::value, 15}, {ErrorKind::num, 36}, {ErrorKind::na, 42}};
    for (auto [kind, code] : codes) EXPECT_EQ(value_for_excel(Value(Error{kind, ""}))->val.err, code);
}

TEST(ExcelResults, ANonFiniteNumberIsNum) {
    EXPECT_EQ(number_for_excel(std::nan(""))->val.err, xlerrNum);
    EXPECT_EQ(number_for_excel(INFINITY)->xltype, xltypeErr);
}

TEST(ExcelResults, TextIsOneBlockThatExcelHandsBack) {
    XLOPER12* text = text_for_excel("on track \u2265");
    EXPECT_EQ(text->xltype, xltypeStr | xlbitDLLFree);
    EXPECT_EQ(std::u16string(text->val.str + 1, text->val.str[0]), u"on track \u2265");
    EXPECT_EQ(blocks_held_by_excel(), 1u);
    free_for_excel(text);
    EXPECT_EQ(blocks_held_by_excel(), 0u);
}

TEST(ExcelResults, TextIsCutToWhatACellHolds) {
    XLOPER12* text = text_for_excel(std::string(40000, 'x'));
    EXPECT_EQ(text->val.str[0], xlMaxStringLength);
    free_for_excel(text);
}

TEST(ExcelResults, ATableIsRowMajorWithItsStringsInTheSameBlock) {
    XLOPER12* table = table_for_excel({{"function", "unit"}, {"KPI.ROMI", 1.5}, {Value(true)}});
    ASSERT_EQ(table->xltype, xltypeMulti | xlbitDLLFree);
    EXPECT_EQ(table->val.array.rows, 3);
    EXPECT_EQ(table->val.array.columns, 2);
    const XLOPER12* cells = table->val.array.lparray;
    EXPECT_EQ(read_result(&cells[0]).value, Value("function"));
    EXPECT_EQ(read_result(&cells[2]).value, Value("KPI.ROMI"));
    EXPECT_EQ(read_result(&cells[3]).value, Value(1.5));
    EXPECT_EQ(read_result(&cells[4]).value, Value(true));
    EXPECT_EQ(cells[5].xltype, xltypeNil) << "a short row is padded";
    EXPECT_EQ(blocks_held_by_excel(), 1u);
    free_for_excel(table);
    EXPECT_EQ(blocks_held_by_excel(), 0u);
}

TEST(ExcelResults, FreeIgnoresWhatItDidNotAllocate) {
    free_for_excel(nullptr);
    free_for_excel(number_for_excel(1));
    EXPECT_EQ(blocks_held_by_excel(), 0u);
}

TEST(ExcelResults, EachThreadHasItsOwnResultSlot) {
    const XLOPER12* mine = number_for_excel(1);
    const XLOPER12* theirs = nullptr;
    std::thread([&] { theirs = number_for_excel(2); }).join();
    EXPECT_NE(mine, theirs);
    EXPECT_EQ(mine->val.num, 1);
}

}  // namespace
}  // namespace kpilot::xll
