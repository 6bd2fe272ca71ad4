#include "kpilot/text_case.hpp"

#include <algorithm>
#include <cctype>

#include "kpilot/csv.hpp"

namespace kpilot {

namespace {
char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
}  // namespace

std::string lowercase(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = lower(c);
    return out;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::string canonical_choice(std::string_view text) {
    std::string out;
    for (char c : trimmed_cell(text)) out += (c == ' ' || c == '-') ? '_' : lower(c);
    return out;
}

}  // namespace kpilot
