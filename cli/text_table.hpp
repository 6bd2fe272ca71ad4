#pragma once
// Columns aligned for a terminal.

#include <ostream>
#include <string>
#include <vector>

namespace kpilot::cli {

enum class Alignment { numbers_right, all_left };

// numbers_right: the first column left-aligned (labels), the rest right-aligned (figures).
void print_text_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows,
                      Alignment alignment = Alignment::numbers_right);

}  // namespace kpilot::cli
