#pragma once
// Numbers as CRM, ad-platform and survey exports spell them in cells:
// "1,234.56", "1 234,56", "1.234.567,8", "25%". Read without the C locale or
// the machine's locale, so a file reads the same on every computer.

#include <optional>
#include <string_view>

namespace kpilot {

// The number spelled by `text`, or nullopt when it spells none (empty, blank,
// "n/a", badly grouped "1,23").
//
//   parse_number_text(" 1,234.5 ", false)   -> 1234.5
//   parse_number_text("1 234,5", true)      -> 1234.5   (also U+00A0, U+202F or '.' between groups)
//   parse_number_text("12,5 %", true)       -> 0.125
//   parse_number_text("1,23", false)        -> nullopt  (a group of two digits is a typo, not a thousand)
//
// decimal_comma: ',' is the decimal mark, as in French, German or Russian exports.
// Groups hold exactly three digits, and the first group cannot start with 0:
// "0,123" in a point-decimal file is far more likely a misread decimal comma
// than one hundred twenty-three.
std::optional<double> parse_number_text(std::string_view text, bool decimal_comma);

}  // namespace kpilot
