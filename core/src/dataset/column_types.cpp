#include "kpilot/csv.hpp"
#include "kpilot/column_types.hpp"

#include <algorithm>
#include <charconv>

#include "kpilot/number_text.hpp"

namespace kpilot {

namespace {

}  // namespace

std::optional<double> read_number_cell(std::string_view text, bool decimal_comma) {
    text = trimmed_cell(text);
    if (text.empty()) return std::nullopt;
    // The plain spelling without the general reader's work.
    if (!decimal_comma) {
        double x = 0;
        const char* last = text.data() + text.size();
        const auto [end, ec] = std::from_chars(text.data(), last, x);
        if (ec == std::errc() && end == last) return x;
    }
    return parse_number_text(text, decimal_comma);
}

std::vector<ColumnType> infer_column_types(const KpiModel& model, const std::vector<std::string>& header,
                                           std::span<const std::vector<std::string>> sample, bool decimal_comma) {
    auto column = [&](const std::string& name) -> std::optional<std::size_t> {
        auto it = std::find(header.begin(), header.end(), name);
        if (it == header.end()) return std::nullopt;
        return static_cast<std::size_t>(it - header.begin());
    };
    std::vector<ColumnType> types(header.size(), ColumnType::text);
    // One typo in the first rows must not turn a spend column into text.
    for (std::size_t c = 0; c < header.size(); ++c) {
        std::size_t filled = 0, numbers = 0;
        for (const auto& row : sample) {
            if (row.size() != header.size() || trimmed_cell(row[c]).empty()) continue;
            ++filled;
            if (read_number_cell(row[c], decimal_comma)) ++numbers;
        }
        if (filled > 0 && numbers * 10 >= filled * 9) types[c] = ColumnType::number;
    }
    for (const auto& m : model.measures)
        if (auto c = column(m.column); c && m.aggregate != Aggregate::count && m.aggregate != Aggregate::count_distinct)
            types[*c] = ColumnType::number;
    for (const auto& declared : model.columns)
        if (auto c = column(declared.name)) types[*c] = declared.type;
    return types;
}

}  // namespace kpilot
