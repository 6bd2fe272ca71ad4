#include <sstream>

#include "kpilot/catalog.hpp"

namespace kpilot {

namespace {

std::string default_text(const Parameter& p) {
    if (!p.optional) return "required";
    return "optional, default " + (p.default_value.is_text() ? "\"" + p.default_value.text() + "\""
                                                              : to_display_text(p.default_value));
}

std::string escaped(std::string text) {
    std::string out;
    for (char c : text) {
        if (c == '|') out += "\\|";
        else if (c == '*') out += "\\*";
        else out += c;
    }
    return out;
}

std::string anchor(const KpiDefinition& kpi) { return kpi.id; }

}  // namespace

std::string worksheet_signature(const KpiDefinition& kpi) {
    std::string text = kpi.worksheet_name + "(";
    for (std::size_t i = 0; i < kpi.parameters.size(); ++i) {
        const auto& p = kpi.parameters[i];
        text += (i ? ", " : "") + (p.optional ? "[" + p.name + "]" : p.name);
    }
    return text + ")";
}

std::string catalog_markdown(const Registry& registry) {
    std::ostringstream md;
    md << "# KPI catalogue\n\n"
          "Generated from the KPI registry in `core/src/kpis/` by `kpilot docs`; do not edit by hand "
          "(`cmake --build build --target update-docs` rewrites it, and a test fails when it is stale).\n\n"
          "## Conventions\n\n"
          "- Ratios are fractions: 0.25 means 25%. NPS alone is in points, -100 to 100.\n"
          "- `#DIV/0!`: a zero or empty denominator. `#VALUE!`: an argument of the wrong type (text where a number "
          "belongs, an unknown option) or a required argument missing. `#NUM!`: a number outside the KPI's domain "
          "(negative spend, a score off its scale, a rate above 100% that cannot be). `#N/A`: data that is missing.\n"
          "- An error value among the arguments comes back unchanged (the first one, in argument order).\n"
          "- A single-value argument reads an empty cell as 0 and numeric text as its number. A range argument "
          "skips blanks, text and booleans, as AVERAGE does; paired ranges (created and closed dates) are read "
          "position by position.\n"
          "- Over groups or periods, sum the inputs and compute the KPI once (ratio of sums), never average the "
          "KPI.\n\n"
          "## Index\n\n"
          "| Worksheet function | KPI | Unit | Better | Family | Timing |\n"
          "|---|---|---|---|---|---|\n";
    for (const auto& kpi : registry.all())
        md << "| [`" << kpi.worksheet_name << "`](#" << anchor(kpi) << ") | " << kpi.title << " | " << to_string(kpi.unit)
           << " | " << (kpi.direction == Direction::higher_is_better ? "higher" : "lower") << " | "
           << to_string(kpi.family) << " | " << to_string(kpi.timing) << " |\n";
    for (const auto& kpi : registry.all()) {
        md << "\n## " << kpi.title << " <a id=\"" << anchor(kpi) << "\"></a>\n\n"
           << "`" << worksheet_signature(kpi) << "` · id `" << kpi.id << "`\n\n"
           << kpi.description << "\n\n"
           << "**Definition:** `" << kpi.formula << "`\n\n"
           << "| Argument | Kind | Unit | Domain (else #NUM!) | | Meaning |\n|---|---|---|---|---|---|\n";
        for (const auto& p : kpi.parameters) {
            std::string domain = p.domain_text();
            if (!p.choices.empty()) {
                for (const auto& c : p.choices) domain += (domain.empty() ? "" : ", ") + ("\"" + c + "\"");
                domain = "one of " + domain + " (else #VALUE!)";
            }
            md << "| `" << p.name << "` | " << to_string(p.kind) << " | " << to_string(p.unit) << " | "
               << escaped(domain) << " | " << default_text(p) << " | " << escaped(p.description) << " |\n";
        }
        md << "\n**Result:** " << to_string(kpi.unit) << ", " << to_string(kpi.direction) << "; "
           << to_string(kpi.family) << ", " << to_string(kpi.timing) << ".\n\n"
           << "**Source:** " << kpi.source << "\n";
        if (!kpi.notes.empty()) md << "\n**Notes:** " << kpi.notes << "\n";
    }
    return md.str();
}

}  // namespace kpilot
