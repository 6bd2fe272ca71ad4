#pragma once
// Dates as exports spell them, and the calendar periods KPIs are grouped by:
// day, ISO week, month, quarter, year, and a fiscal year starting in any month.
// Dates are spreadsheet serials (days since 1899-12-30), so a date kpilot
// writes is the date Excel shows.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kpilot {

// How an export orders day and month. ISO (2026-07-31) is read in every order.
enum class DateOrder { iso, day_first, month_first };
std::optional<DateOrder> date_order_from_string(std::string_view name);  // "iso", "dmy", "mdy"

struct CivilDate {
    int year;
    int month;  // 1..12
    int day;    // 1..31
};

std::int32_t serial_from_civil(CivilDate date);
CivilDate civil_from_serial(std::int32_t serial);

// "2026-07-31", "2026/07/31", "2026-07-31T14:05:00Z"; with day_first also
// "31/07/2026", "31.07.2026", "31-07-2026"; with month_first "07/31/2026".
// A time of day is read past and dropped. nullopt for anything else,
// including impossible dates such as 2026-02-30.
std::optional<std::int32_t> parse_date(std::string_view text, DateOrder order);

std::string iso_date_text(std::int32_t serial);  // "2026-07-31"

enum class Grain { day, week, month, quarter, year, fiscal_year };
std::optional<Grain> grain_from_string(std::string_view name);  // "day", "week", "month", "quarter", "year", "fiscal_year"
std::string_view to_string(Grain grain);

// A grain with its fiscal calendar. Periods are numbered consecutively, so
// the previous period is index - 1 and the last three are index - 2 .. index.
struct Calendar {
    Grain grain = Grain::month;
    int fiscal_year_start_month = 1;  // 4 for a fiscal year starting in April

    std::int64_t period_of(std::int32_t serial) const;
    std::int32_t start_of(std::int64_t period) const;
    // "2026-07-31", "2026-W31", "2026-07", "2026-Q3", "2026", and "FY2027" for
    // a fiscal year named, as is usual, after the calendar year it ends in.
    std::string label_of(std::int64_t period) const;
};

}  // namespace kpilot
