#include "text_table.hpp"

#include <algorithm>

namespace kpilot::cli {

namespace {
// Width as a terminal shows it: UTF-8 continuation bytes take no column.
std::size_t display_width(const std::string& text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}
}  // namespace

void print_text_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows, Alignment alignment) {
    std::vector<std::size_t> widths;
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c) {
            if (widths.size() <= c) widths.push_back(0);
            widths[c] = std::max(widths[c], display_width(row[c]));
        }
    for (const auto& row : rows) {
        for (std::size_t c = 0; c < row.size(); ++c) {
            const std::string pad(widths[c] - display_width(row[c]), ' ');
            const bool left = c == 0 || alignment == Alignment::all_left;
            const bool last = c + 1 == row.size();
            out << (c == 0 ? "" : "  ") << (left ? row[c] + (last ? "" : pad) : pad + row[c]);
        }
        out << '\n';
    }
}

}  // namespace kpilot::cli
