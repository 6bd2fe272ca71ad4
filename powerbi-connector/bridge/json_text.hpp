#pragma once
// JSON strings as the bridge writes them. Every reply must be valid UTF-8
// (RFC 8259 section 8.1): request bytes echoed in an error, a CSV exported in
// Latin-1 or a cut-off message would otherwise make a client reject the whole
// payload. Invalid sequences become U+FFFD, as WHATWG's decoder does.

#include <string>
#include <string_view>

namespace kpilot::bridge {

bool is_valid_utf8(std::string_view text);

// text with every ill-formed sequence replaced by U+FFFD (one per maximal
// invalid subpart, as Unicode 15 section 3.9 recommends).
std::string valid_utf8(std::string_view text);

// Appends text as a quoted JSON string: control characters escaped, invalid UTF-8 replaced.
void append_json_string(std::string& out, std::string_view text);

}  // namespace kpilot::bridge
