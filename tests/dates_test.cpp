#include <gtest/gtest.h>

#include "kpilot/dates.hpp"

namespace kpilot {
namespace {

TEST(Dates, SerialsAreTheOnesExcelShows) {
    EXPECT_EQ(serial_from_civil({1970, 1, 1}), 25569);
    EXPECT_EQ(serial_from_civil({2024, 1, 1}), 45292);  // =DATE(2024,1,1) in Excel
    EXPECT_EQ(serial_from_civil({1900, 3, 1}), 61);
    const CivilDate d = civil_from_serial(45292 + 59);  // 2024 is a leap year
    EXPECT_EQ(d.year, 2024);
    EXPECT_EQ(d.month, 2);
    EXPECT_EQ(d.day, 29);
}

TEST(Dates, ParsesIsoInEveryOrder) {
    EXPECT_EQ(parse_date("2026-07-31", DateOrder::iso), serial_from_civil({2026, 7, 31}));
    EXPECT_EQ(parse_date("2026/07/31", DateOrder::day_first), serial_from_civil({2026, 7, 31}));
    EXPECT_EQ(parse_date("2026-07-31T14:05:00Z", DateOrder::iso), serial_from_civil({2026, 7, 31}));
    EXPECT_EQ(parse_date("2026-07-31 14:05", DateOrder::iso), serial_from_civil({2026, 7, 31}));
    EXPECT_EQ(parse_date(" 2026-7-3 ", DateOrder::iso), serial_from_civil({2026, 7, 3}));
}

TEST(Dates, ParsesDayFirstAndMonthFirstOnlyWhenTold) {
    EXPECT_EQ(parse_date("03/04/2026", DateOrder::day_first), serial_from_civil({2026, 4, 3}));
    EXPECT_EQ(parse_date("03/04/2026", DateOrder::month_first), serial_from_civil({2026, 3, 4}));
    EXPECT_EQ(parse_date("31.07.2026", DateOrder::day_first), serial_from_civil({2026, 7, 31}));
    EXPECT_EQ(parse_date("03/04/2026", DateOrder::iso), std::nullopt);  // ambiguous
    EXPECT_EQ(parse_date("31/07/2026", DateOrder::month_first), std::nullopt);
}

TEST(Dates, RejectsWhatIsNotADate) {
    for (const char* text : {"", "2026-02-30", "2025-02-29", "2026-13-01", "2026-07", "July 4", "2026-07-31x",
                             "20260731", "1/2/26", "2026--07-31"})
        EXPECT_EQ(parse_date(text, DateOrder::day_first), std::nullopt) << text;
    EXPECT_TRUE(parse_date("2024-02-29", DateOrder::iso));
}

TEST(Calendar, MonthsQuartersAndYears) {
    const std::int32_t d = serial_from_civil({2026, 8, 15});
    Calendar month{Grain::month, 1};
    EXPECT_EQ(month.label_of(month.period_of(d)), "2026-08");
    EXPECT_EQ(month.start_of(month.period_of(d)), serial_from_civil({2026, 8, 1}));
    EXPECT_EQ(month.label_of(month.period_of(serial_from_civil({2026, 1, 1})) - 1), "2025-12");
    Calendar quarter{Grain::quarter, 1};
    EXPECT_EQ(quarter.label_of(quarter.period_of(d)), "2026-Q3");
    EXPECT_EQ(quarter.start_of(quarter.period_of(d)), serial_from_civil({2026, 7, 1}));
    Calendar year{Grain::year, 1};
    EXPECT_EQ(year.label_of(year.period_of(d)), "2026");
    Calendar day{Grain::day, 1};
    EXPECT_EQ(day.label_of(day.period_of(d)), "2026-08-15");
}

TEST(Calendar, IsoWeeksStartOnMondayAndBelongToTheYearOfTheirThursday) {
    Calendar week{Grain::week, 1};
    // 2026-08-15 is a Saturday; its week starts Monday 2026-08-10, ISO week 33.
    const auto w = week.period_of(serial_from_civil({2026, 8, 15}));
    EXPECT_EQ(week.start_of(w), serial_from_civil({2026, 8, 10}));
    EXPECT_EQ(week.label_of(w), "2026-W33");
    // 2027-01-01 is a Friday: it falls in 2026-W53.
    EXPECT_EQ(week.label_of(week.period_of(serial_from_civil({2027, 1, 1}))), "2026-W53");
    // 2024-12-30 is a Monday in 2025-W01.
    EXPECT_EQ(week.label_of(week.period_of(serial_from_civil({2024, 12, 30}))), "2025-W01");
    EXPECT_EQ(week.period_of(serial_from_civil({2024, 12, 29})) + 1, week.period_of(serial_from_civil({2024, 12, 30})));
}

TEST(Calendar, FiscalYearStartingInAnyMonth) {
    Calendar april{Grain::fiscal_year, 4};
    EXPECT_EQ(april.label_of(april.period_of(serial_from_civil({2026, 3, 31}))), "FY2026");
    EXPECT_EQ(april.label_of(april.period_of(serial_from_civil({2026, 4, 1}))), "FY2027");
    EXPECT_EQ(april.start_of(april.period_of(serial_from_civil({2026, 8, 15}))), serial_from_civil({2026, 4, 1}));
    Calendar january{Grain::fiscal_year, 1};
    EXPECT_EQ(january.label_of(january.period_of(serial_from_civil({2026, 8, 15}))), "FY2026");
    EXPECT_EQ(january.start_of(2026), serial_from_civil({2026, 1, 1}));
}

}  // namespace
}  // namespace kpilot
