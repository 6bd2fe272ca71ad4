// Reading Excel's arguments, references included, against the fake Excel.
#include "excel_arguments.hpp"

#include <gtest/gtest.h>

#include "excel_callback.hpp"
#include "excel_opers.hpp"
#include "fake_excel.hpp"

namespace kpilot::xll {
namespace {

using fake::FakeExcel;
using fake::Opers;

class ExcelArgumentsTest : public ::testing::Test {
protected:
    void SetUp() override {
        FakeExcel::instance().reset(u"C:\\addins\\kpilot-x64.xll");
        set_excel_entry_point(&fake::fake_md_callback12);
    }
    void TearDown() override {
        EXPECT_EQ(FakeExcel::instance().blocks_outstanding(), 0u) << "xlCoerce results not given back with xlFree";
        EXPECT_TRUE(FakeExcel::instance().problems().empty());
        set_excel_entry_point(nullptr);
    }
    ExcelArguments read(std::vector<XLOPER12*> list) { return read_arguments(list); }
    Opers opers;
};

TEST_F(ExcelArgumentsTest, ReadsCellsAsTheCoreSeesThem) {
    const auto in = read({opers.number(2.5), opers.text(u"40%"), opers.value(Value(true)), opers.nil(),
                          opers.integer(7), opers.missing()});
    ASSERT_EQ(in.arguments.size(), 6u);
    EXPECT_EQ(in.arguments[0].cells().front(), Value(2.5));
    EXPECT_EQ(in.arguments[1].cells().front(), Value("40%"));
    EXPECT_EQ(in.arguments[2].cells().front(), Value(true));
    EXPECT_TRUE(in.arguments[3].cells().front().is_empty());
    EXPECT_EQ(in.arguments[3].shape(), Argument::Shape::scalar) << "an empty cell is given, not omitted";
    EXPECT_EQ(in.arguments[4].cells().front(), Value(7.0));
    EXPECT_TRUE(in.arguments[5].is_omitted());
    EXPECT_FALSE(in.first_error_code);
}

TEST_F(ExcelArgumentsTest, ReadsArraysRowByRow) {
    std::vector<XLOPER12> cells{opers.cell(1),       opers.cell(2),   opers.cell(3),
                                opers.cell(Value()), opers.cell("x"), opers.cell(6)};
    const auto in = read({opers.multi(2, 3, cells)});
    const std::vector<Value> expected{1, 2, 3, Value(), "x", 6};
    EXPECT_EQ(in.arguments[0].shape(), Argument::Shape::range);
    EXPECT_EQ(in.arguments[0].cells(), expected);
}

TEST_F(ExcelArgumentsTest, RemembersTheFirstErrorInArgumentThenRowOrder) {
    std::vector<XLOPER12> cells{opers.cell(1), *opers.error(xlerrRef), *opers.error(xlerrNA)};
    const auto in = read({opers.number(1), opers.multi(1, 3, cells), opers.error(xlerrNull)});
    ASSERT_TRUE(in.first_error_code);
    EXPECT_EQ(*in.first_error_code, xlerrRef);
    EXPECT_EQ(in.first_error_argument, 1u);
    EXPECT_TRUE(in.arguments[1].cells()[2].is_error());
    EXPECT_EQ(in.arguments[1].cells()[2].error().kind, ErrorKind::na);
}

TEST_F(ExcelArgumentsTest, ReadsAReferenceThroughXlCoerceAndFreesIt) {
    auto& excel = FakeExcel::instance();
    excel.set_cell(0, 0, 10);
    excel.set_cell(1, 0, "n/a");
    excel.set_cell(3, 0, 6);  // row 2 stays empty
    const auto in = read({opers.sref({0, 3, 0, 0})});
    const std::vector<Value> expected{10, "n/a", Value(), 6};
    EXPECT_EQ(in.arguments[0].cells(), expected);
    EXPECT_EQ(excel.coerce_calls(), 1u);
}

TEST_F(ExcelArgumentsTest, AOneCellReferenceIsThatCell) {
    FakeExcel::instance().set_cell(4, 2, 0.4);
    const auto in = read({opers.ref({{4, 4, 2, 2}}, FakeExcel::sheet_id)});
    EXPECT_EQ(in.arguments[0].shape(), Argument::Shape::scalar);
    EXPECT_EQ(in.arguments[0].cells().front(), Value(0.4));
}

TEST_F(ExcelArgumentsTest, ReadsEachAreaOfAMultiAreaReference) {
    auto& excel = FakeExcel::instance();
    for (RW r = 0; r < 3; ++r) excel.set_cell(r, 0, r + 1);
    for (RW r = 0; r < 2; ++r) excel.set_cell(r, 2, 10 * (r + 1));
    const auto in = read({opers.ref({{0, 2, 0, 0}, {0, 1, 2, 2}}, FakeExcel::sheet_id)});
    const std::vector<Value> expected{1, 2, 3, 10, 20};
    EXPECT_EQ(in.arguments[0].cells(), expected);
    EXPECT_EQ(excel.coerce_calls(), 2u);
}

TEST_F(ExcelArgumentsTest, SaysWhenExcelMustCalculateAnInputFirst) {
    FakeExcel::instance().set_uncalculated(1, 0, true);
    const auto in = read({opers.number(1), opers.sref({0, 2, 0, 0}), opers.number(3)});
    EXPECT_TRUE(in.uncalculated);
    EXPECT_FALSE(in.complete());
    EXPECT_EQ(in.arguments.size(), 2u) << "reading stops at the uncalculated input";
}

TEST_F(ExcelArgumentsTest, NamesAReferenceExcelCannotRead) {
    const auto in = read({opers.number(1), opers.ref({{0, 0, 0, 0}}, 0xBAD)});
    ASSERT_TRUE(in.unreadable_argument);
    EXPECT_EQ(*in.unreadable_argument, 1u);
}

TEST_F(ExcelArgumentsTest, ARangeOfNumbersIsReadIntoABufferTheNextCallReuses) {
    release_number_buffers();
    std::vector<XLOPER12> cells;
    for (int i = 0; i < 1000; ++i) cells.push_back(opers.cell(i % 11));
    XLOPER12* range = opers.multi(1000, 1, cells);
    const double* first_buffer = nullptr;
    {
        const auto in = read({range});
        ASSERT_TRUE(in.arguments[0].holds_only_numbers());
        first_buffer = in.arguments[0].numbers().data();
        EXPECT_EQ(in.arguments[0].numbers().size(), 1000u);
        EXPECT_EQ(in.arguments[0].numbers()[999], 999 % 11);
        EXPECT_EQ(number_buffer_pool_state().buffers, 0u) << "lent while the call runs";
    }
    EXPECT_EQ(number_buffer_pool_state().buffers, 1u) << "given back when the call is over";
    EXPECT_GE(number_buffer_pool_state().bytes, 1000 * sizeof(double));
    const auto again = read({range});
    EXPECT_EQ(again.arguments[0].numbers().data(), first_buffer) << "the warm buffer is used again";
    EXPECT_EQ(again.arguments[0].numbers()[10], 10.0);
}

TEST_F(ExcelArgumentsTest, ARangeThatTurnsOutToHoldTextIsReadAsCellsAfterTheNumbersBefore) {
    std::vector<XLOPER12> cells{opers.cell(1), opers.cell(2), opers.cell("n/a"), opers.cell(4)};
    const auto in = read({opers.multi(4, 1, cells)});
    EXPECT_FALSE(in.arguments[0].holds_only_numbers());
    const std::vector<Value> expected{1, 2, "n/a", 4};
    EXPECT_EQ(in.arguments[0].cells(), expected);
}

TEST_F(ExcelArgumentsTest, EachRangeArgumentHasItsOwnBufferAndThePoolKeepsABoundedNumber) {
    release_number_buffers();
    std::vector<std::vector<XLOPER12>> columns(20);
    std::vector<XLOPER12*> list;
    for (std::size_t k = 0; k < columns.size(); ++k) {
        for (int i = 0; i < 3; ++i) columns[k].push_back(opers.cell(static_cast<double>(k * 10 + i)));
        list.push_back(opers.multi(3, 1, columns[k]));
    }
    {
        const auto in = read(list);
        for (std::size_t k = 0; k < columns.size(); ++k) {
            ASSERT_TRUE(in.arguments[k].holds_only_numbers());
            EXPECT_EQ(in.arguments[k].numbers()[2], static_cast<double>(k * 10 + 2)) << "argument " << k;
        }
    }
    EXPECT_EQ(number_buffer_pool_state().buffers, 16u) << "20 buffers came back; 16 are kept, 4 freed";
    release_number_buffers();
    EXPECT_EQ(number_buffer_pool_state().buffers, 0u);
    EXPECT_EQ(number_buffer_pool_state().bytes, 0u);
}

TEST(ExcelArgumentsWithoutExcel, AReferenceIsUnreadableWhenNoExcelAnswers) {
    set_excel_entry_point(nullptr);
    Opers opers;
    std::vector<XLOPER12*> list{opers.sref({0, 0, 0, 0})};
    const auto in = read_arguments(list);
    EXPECT_TRUE(in.unreadable_argument);
}

}  // namespace
}  // namespace kpilot::xll
