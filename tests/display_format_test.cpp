#include <gtest/gtest.h>

#include "kpilot/display_format.hpp"

namespace kpilot {
namespace {

TEST(DisplayFormat, ReadsAsAPersonExpectsByUnit) {
    EXPECT_EQ(format_for_display(Value(0.25), Unit::ratio), "25.0%");
    EXPECT_EQ(format_for_display(Value(4.0), Unit::multiple), "4.00x");
    EXPECT_EQ(format_for_display(Value(1234567.891), Unit::currency), "1,234,567.89");
    EXPECT_EQ(format_for_display(Value(-1234.5), Unit::currency), "-1,234.50");
    EXPECT_EQ(format_for_display(Value(999.0), Unit::currency), "999.00");
    EXPECT_EQ(format_for_display(Value(1500.0), Unit::count), "1,500");
    EXPECT_EQ(format_for_display(Value(20.0), Unit::score), "20.0");
    EXPECT_EQ(format_for_display(Value(Error{ErrorKind::div0, "x"}), Unit::ratio), "#DIV/0!");
    EXPECT_EQ(format_for_display(Value("on track"), Unit::status), "on track");
}

TEST(DisplayFormat, GivesSpreadsheetFormatCodes) {
    EXPECT_EQ(spreadsheet_number_format(Unit::ratio), "0.0%");
    EXPECT_EQ(spreadsheet_number_format(Unit::currency), "#,##0.00");
}

}  // namespace
}  // namespace kpilot
