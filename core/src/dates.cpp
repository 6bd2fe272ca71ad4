#include "kpilot/dates.hpp"

#include <array>
#include <cstdio>

namespace kpilot {

namespace {

constexpr std::int32_t serial_of_unix_epoch = 25569;  // 1970-01-01 in spreadsheet serials
// Weeks are counted from Monday 1900-01-01 (serial 2 in this proleptic count),
// so every week index is non-negative for dates a spreadsheet can hold.
constexpr std::int32_t a_monday_serial = 2;

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : days[static_cast<std::size_t>(month - 1)];
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Reads 1..max_digits digits; false when there are none or too many.
bool read_number(std::string_view text, std::size_t& pos, std::size_t min_digits, std::size_t max_digits, int& out) {
    const std::size_t start = pos;
    out = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && pos - start < max_digits)
        out = out * 10 + (text[pos++] - '0');
    return pos - start >= min_digits && (pos >= text.size() || text[pos] < '0' || text[pos] > '9');
}

// What may follow a date: nothing, or a time of day introduced by 'T' or a space.
bool only_time_follows(std::string_view rest) {
    if (rest.empty()) return true;
    if (rest.front() != 'T' && rest.front() != ' ') return false;
    rest.remove_prefix(1);
    return !rest.empty() && rest.front() >= '0' && rest.front() <= '9';
}

std::optional<std::int32_t> checked(int year, int month, int day) {
    if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month))
        return std::nullopt;
    return serial_from_civil({year, month, day});
}

std::string two_digits(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

}  // namespace

std::optional<DateOrder> date_order_from_string(std::string_view name) {
    if (name == "iso") return DateOrder::iso;
    if (name == "dmy" || name == "day_first") return DateOrder::day_first;
    if (name == "mdy" || name == "month_first") return DateOrder::month_first;
    return std::nullopt;
}

// Howard Hinnant's days_from_civil, shifted to spreadsheet serials.
std::int32_t serial_from_civil(CivilDate date) {
    const int y = date.year - (date.month <= 2);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned mp = static_cast<unsigned>(date.month > 2 ? date.month - 3 : date.month + 9);
    const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(date.day) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int32_t>(era * 146097 + static_cast<int>(doe) - 719468) + serial_of_unix_epoch;
}

CivilDate civil_from_serial(std::int32_t serial) {
    const int z = serial - serial_of_unix_epoch + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int y = static_cast<int>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return {y + (m <= 2), m, d};
}

std::optional<std::int32_t> parse_date(std::string_view text, DateOrder order) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    std::size_t pos = 0;
    int a = 0, b = 0, c = 0;
    if (!read_number(text, pos, 1, 4, a) || pos >= text.size()) return std::nullopt;
    const char separator = text[pos];
    if (separator != '-' && separator != '/' && separator != '.') return std::nullopt;
    const bool year_first = pos == 4;
    ++pos;
    if (!read_number(text, pos, 1, 2, b) || pos >= text.size() || text[pos] != separator) return std::nullopt;
    ++pos;
    if (!read_number(text, pos, year_first ? 1 : 4, year_first ? 2 : 4, c)) return std::nullopt;
    if (!only_time_follows(text.substr(pos))) return std::nullopt;
    if (year_first) return checked(a, b, c);  // ISO, whatever the order asked for
    if (order == DateOrder::day_first) return checked(c, b, a);
    if (order == DateOrder::month_first) return checked(c, a, b);
    return std::nullopt;  // 03/04/2026 is ambiguous until the order is told
}

std::string iso_date_text(std::int32_t serial) {
    const CivilDate d = civil_from_serial(serial);
    return std::to_string(d.year) + "-" + two_digits(d.month) + "-" + two_digits(d.day);
}

std::optional<Grain> grain_from_string(std::string_view name) {
    for (Grain g : {Grain::day, Grain::week, Grain::month, Grain::quarter, Grain::year, Grain::fiscal_year})
        if (to_string(g) == name) return g;
    return std::nullopt;
}

std::string_view to_string(Grain grain) {
    switch (grain) {
        case Grain::day: return "day";
        case Grain::week: return "week";
        case Grain::month: return "month";
        case Grain::quarter: return "quarter";
        case Grain::year: return "year";
        case Grain::fiscal_year: return "fiscal_year";
    }
    return "?";
}

std::int64_t Calendar::period_of(std::int32_t serial) const {
    const CivilDate d = civil_from_serial(serial);
    switch (grain) {
        case Grain::day: return serial;
        case Grain::week: return floor_div(serial - a_monday_serial, 7);
        case Grain::month: return std::int64_t{d.year} * 12 + (d.month - 1);
        case Grain::quarter: return std::int64_t{d.year} * 4 + (d.month - 1) / 3;
        case Grain::year: return d.year;
        case Grain::fiscal_year:
            // Numbered by the calendar year the fiscal year ends in.
            return fiscal_year_start_month == 1 || d.month < fiscal_year_start_month ? d.year : d.year + 1;
    }
    return 0;
}

std::int32_t Calendar::start_of(std::int64_t period) const {
    switch (grain) {
        case Grain::day: return static_cast<std::int32_t>(period);
        case Grain::week: return static_cast<std::int32_t>(period * 7 + a_monday_serial);
        case Grain::month:
            return serial_from_civil({static_cast<int>(floor_div(period, 12)), static_cast<int>(period - floor_div(period, 12) * 12) + 1, 1});
        case Grain::quarter:
            return serial_from_civil({static_cast<int>(floor_div(period, 4)), static_cast<int>(period - floor_div(period, 4) * 4) * 3 + 1, 1});
        case Grain::year: return serial_from_civil({static_cast<int>(period), 1, 1});
        case Grain::fiscal_year:
            return fiscal_year_start_month == 1
                       ? serial_from_civil({static_cast<int>(period), 1, 1})
                       : serial_from_civil({static_cast<int>(period) - 1, fiscal_year_start_month, 1});
    }
    return 0;
}

std::string Calendar::label_of(std::int64_t period) const {
    const std::int32_t start = start_of(period);
    const CivilDate d = civil_from_serial(start);
    switch (grain) {
        case Grain::day: return iso_date_text(start);
        case Grain::week: {
            // The ISO week belongs to the year of its Thursday.
            const CivilDate thursday = civil_from_serial(start + 3);
            const int week = (start + 3 - serial_from_civil({thursday.year, 1, 1})) / 7 + 1;
            return std::to_string(thursday.year) + "-W" + two_digits(week);
        }
        case Grain::month: return std::to_string(d.year) + "-" + two_digits(d.month);
        case Grain::quarter: return std::to_string(d.year) + "-Q" + std::to_string((d.month - 1) / 3 + 1);
        case Grain::year: return std::to_string(d.year);
        case Grain::fiscal_year: return "FY" + std::to_string(period);
    }
    return "";
}

}  // namespace kpilot
