#include "kpilot/targets_file.hpp"

#include <algorithm>

#include "errors_as_values.hpp"
#include "kpilot/number_text.hpp"

namespace kpilot {

namespace {
std::string trimmed(const std::string& text) {
    const auto b = text.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    return text.substr(b, text.find_last_not_of(" \t") - b + 1);
}

Result<TargetsTable> targets_from_rows(const std::string& path, const CsvOptions& options) {
    auto csv = read_csv_file(path, options);
    if (!csv) return csv.error();
    const CsvTable& table = csv.value();
    auto column = [&](const std::string& name) -> std::optional<std::size_t> {
        auto it = std::find(table.header.begin(), table.header.end(), name);
        if (it == table.header.end()) return std::nullopt;
        return static_cast<std::size_t>(it - table.header.begin());
    };
    const auto kpi = column("kpi"), target = column("target"), period = column("period");
    const auto on_track = column("on_track_at"), at_risk = column("at_risk_at");
    if (!kpi || !target)
        return make_error(ErrorKind::value, path + ": a targets file needs a \"kpi\" and a \"target\" column");
    TargetsTable targets;
    targets.source_name = path;
    for (const auto& r : table.rejected) targets.rejected.emplace_back(r.line, r.reason);
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        const auto& row = table.rows[i];
        TargetEntry entry;
        entry.line = table.row_lines[i];
        entry.kpi = trimmed(row[*kpi]);
        if (period) entry.period = trimmed(row[*period]);
        auto value = parse_number_text(row[*target], options.decimal_comma);
        if (entry.kpi.empty() || !value) {
            targets.rejected.emplace_back(
                entry.line, entry.kpi.empty() ? "no kpi named" : "target \"" + row[*target] + "\" is not a number");
            continue;
        }
        entry.target = *value;
        bool thresholds_ok = true;
        for (auto [c, field] :
             {std::pair{on_track, &entry.thresholds.on_track_at}, std::pair{at_risk, &entry.thresholds.at_risk_at}}) {
            if (!c || trimmed(row[*c]).empty()) continue;
            auto threshold = parse_number_text(row[*c], options.decimal_comma);
            if (!threshold) {
                targets.rejected.emplace_back(entry.line, table.header[*c] + " \"" + row[*c] + "\" is not a number");
                thresholds_ok = false;
            } else {
                *field = *threshold;
            }
        }
        if (!thresholds_ok) continue;
        for (std::size_t c = 0; c < table.header.size(); ++c) {
            if (c == *kpi || c == *target || c == period || c == on_track || c == at_risk) continue;
            const std::string value_text = trimmed(row[c]);
            if (!value_text.empty()) entry.dimensions.emplace_back(table.header[c], value_text);
        }
        targets.entries.push_back(std::move(entry));
    }
    return targets;
}

}  // namespace

Result<TargetsTable> read_targets_file(const std::string& path, const CsvOptions& options) {
    return errors_as_values(path, [&] { return targets_from_rows(path, options); });
}

}  // namespace kpilot
