#include "kpilot/display_format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace kpilot {

namespace {

std::string fixed(double x, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, x);
    return buffer;
}

// 1234567.891 -> "1,234,567.89"
std::string grouped(double x, int decimals) {
    const std::string digits = fixed(std::fabs(x), decimals);
    const std::size_t integer_end = std::min(digits.find('.'), digits.size());
    std::string text;
    for (std::size_t i = 0; i < integer_end; ++i) {
        if (i > 0 && (integer_end - i) % 3 == 0) text += ',';
        text += digits[i];
    }
    text.append(digits, integer_end, std::string::npos);
    const bool negative = x < 0 && text.find_first_not_of("0.,") != std::string::npos;
    return negative ? "-" + text : text;
}

}  // namespace

std::string format_for_display(const Value& value, Unit unit) {
    if (!value.is_number()) return to_display_text(value);
    const double x = value.number();
    switch (unit) {
        case Unit::ratio: return fixed(100.0 * x, 1) + "%";
        case Unit::multiple: return fixed(x, 2) + "x";
        case Unit::currency: return grouped(x, 2);
        case Unit::count: return grouped(x, x == std::floor(x) ? 0 : 2);
        case Unit::score:
        case Unit::days:
        case Unit::hours:
        case Unit::months:
        case Unit::years:
        case Unit::duration: return fixed(x, 1);
        default: return to_display_text(value);
    }
}

std::string spreadsheet_number_format(Unit unit) {
    switch (unit) {
        case Unit::ratio: return "0.0%";
        case Unit::multiple: return "0.00\"x\"";
        case Unit::currency: return "#,##0.00";
        case Unit::count: return "#,##0";
        case Unit::date: return "yyyy-mm-dd";
        case Unit::score:
        case Unit::days:
        case Unit::hours:
        case Unit::months:
        case Unit::years:
        case Unit::duration: return "0.0";
        default: return "General";
    }
}

}  // namespace kpilot
