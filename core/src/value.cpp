#include "kpilot/value.hpp"

#include <charconv>
#include <cmath>

namespace kpilot {

std::string_view error_code(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::div0: return "#DIV/0!";
        case ErrorKind::value: return "#VALUE!";
        case ErrorKind::num: return "#NUM!";
        case ErrorKind::na: return "#N/A";
    }
    return "#VALUE!";
}

std::string to_display_text(const Value& value) {
    if (value.is_empty()) return "";
    if (value.is_text()) return value.text();
    if (value.is_boolean()) return value.boolean() ? "TRUE" : "FALSE";
    if (value.is_error()) return std::string(error_code(value.error().kind));
    const double x = value.number();
    if (std::isnan(x)) return "NaN";
    // Shortest text that reads back as the same double, as spreadsheets show up to 15 digits.
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::general, 15);
    if (ec != std::errc()) return "?";
    return std::string(buffer, end);
}

std::string to_round_trip_text(double number) {
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, number);
    return ec == std::errc() ? std::string(buffer, end) : "NaN";
}

}  // namespace kpilot
