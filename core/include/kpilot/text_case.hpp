#pragma once
// How kpilot compares words a user typed: "Last Touch", "last-touch" and
// "last_touch" name the same choice; "Direct" and "direct" the same channel.

#include <string>
#include <string_view>

namespace kpilot {

std::string lowercase(std::string_view text);
bool equal_ignoring_case(std::string_view a, std::string_view b);
// Trimmed of spaces and tabs, lower case, ' ' and '-' as '_': the spelling choices are declared in.
std::string canonical_choice(std::string_view text);

}  // namespace kpilot
