#include "kpilot/grouped_kpis.hpp"

#include <algorithm>
#include <map>

#include "kpilot/number_text.hpp"

namespace kpilot {

namespace {

std::optional<std::size_t> column_index(const std::vector<std::string>& header, std::string_view name) {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) return std::nullopt;
    return static_cast<std::size_t>(it - header.begin());
}

// Whether the KPI can be computed from summed columns of this header.
bool computable_from_sums(const KpiDefinition& kpi, const std::vector<std::string>& header) {
    for (const auto& p : kpi.parameters) {
        if (p.optional) continue;
        if (p.kind != ParameterKind::number || !is_additive(p.unit) || !column_index(header, p.name)) return false;
    }
    return true;
}

std::string trimmed(const std::string& text) {
    const auto b = text.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    return text.substr(b, text.find_last_not_of(" \t") - b + 1);
}

std::string join(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& n : names) text += (text.empty() ? "" : ", ") + n;
    return text;
}

}  // namespace

Result<GroupedKpis> compute_builtin_kpis_by_group(const CsvTable& table, std::span<const std::string> group_by,
                                                  bool decimal_comma, const Registry& registry) {
    GroupedKpis out;
    out.group_columns.assign(group_by.begin(), group_by.end());
    std::vector<std::size_t> group_index;
    for (const auto& name : group_by) {
        auto i = column_index(table.header, name);
        if (!i) return make_error(ErrorKind::value, "no column \"" + name + "\" to group by; the columns are " + join(table.header));
        group_index.push_back(*i);
    }

    for (const auto& kpi : registry.all())
        if (computable_from_sums(kpi, table.header)) out.kpis.push_back(&kpi);
    if (out.kpis.empty())
        return make_error(ErrorKind::value, "no built-in KPI can be computed from the columns " + join(table.header) +
                                                "; name columns after KPI arguments (see kpilot list)");
    for (const KpiDefinition* kpi : out.kpis)
        for (const auto& p : kpi->parameters)
            if (p.kind == ParameterKind::number && is_additive(p.unit) && column_index(table.header, p.name) &&
                std::find(out.input_columns.begin(), out.input_columns.end(), p.name) == out.input_columns.end())
                out.input_columns.push_back(p.name);
    std::vector<std::size_t> input_index;
    for (const auto& name : out.input_columns) input_index.push_back(*column_index(table.header, name));

    for (const auto& r : table.rejected) out.rejected.push_back({r.line, "", r.reason});
    out.rows_read = table.rows.size() + table.rejected.size();

    std::map<std::vector<std::string>, KpiGroup> groups;
    KpiGroup total;
    total.sums.assign(input_index.size(), 0.0);
    std::vector<double> row_values(input_index.size());
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const auto& row = table.rows[r];
        bool usable = true;
        for (std::size_t c = 0; c < input_index.size() && usable; ++c) {
            const std::string& cell = row[input_index[c]];
            if (cell.find_first_not_of(" \t") == std::string::npos) {
                row_values[c] = 0.0;  // an empty cell adds nothing, as in SUM
                continue;
            }
            auto x = parse_number_text(cell, decimal_comma);
            if (!x) {
                out.rejected.push_back({table.row_lines[r], out.input_columns[c], "\"" + cell + "\" is not a number"});
                usable = false;
            } else {
                row_values[c] = *x;
            }
        }
        if (!usable) continue;
        std::vector<std::string> key;
        for (std::size_t g : group_index) key.push_back(trimmed(row[g]));
        KpiGroup& group = groups[key];
        if (group.sums.empty()) {
            group.key = key;
            group.sums.assign(input_index.size(), 0.0);
        }
        for (std::size_t c = 0; c < row_values.size(); ++c) {
            group.sums[c] += row_values[c];
            total.sums[c] += row_values[c];
        }
        ++group.rows;
        ++total.rows;
        ++out.rows_used;
    }
    std::sort(out.rejected.begin(), out.rejected.end(), [](const auto& a, const auto& b) { return a.line < b.line; });
    for (auto& [key, group] : groups) out.groups.push_back(std::move(group));
    out.groups.push_back(std::move(total));

    for (const auto& group : out.groups) {
        std::vector<Result<Value>> values;
        for (const KpiDefinition* kpi : out.kpis) {
            std::vector<Argument> args;
            for (const auto& p : kpi->parameters) {
                auto c = std::find(out.input_columns.begin(), out.input_columns.end(), p.name);
                if (p.kind == ParameterKind::number && c != out.input_columns.end())
                    args.push_back(Argument::scalar(Value(group.sums[static_cast<std::size_t>(c - out.input_columns.begin())])));
                else
                    args.push_back(Argument::omitted());
            }
            values.push_back(evaluate(*kpi, args));
        }
        out.values.push_back(std::move(values));
    }
    return out;
}

}  // namespace kpilot
