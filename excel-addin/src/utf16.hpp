#pragma once
// Excel's strings are UTF-16; the core's are UTF-8. Malformed input (a lone
// surrogate from a damaged workbook, a broken UTF-8 byte) becomes U+FFFD rather
// than an exception, because a cell's text must never take Excel down.

#include <string>
#include <string_view>

namespace kpilot::xll {

std::u16string utf16_from_utf8(std::string_view text);
std::string utf8_from_utf16(std::u16string_view text);

}  // namespace kpilot::xll
