#include "template_kinds.hpp"

#include <cctype>

#include "excel_formula.hpp"

namespace kpilot::templates {

namespace {

// "nps" in "nps_score" or "score_nps", but not in "snpsx".
bool names_word(const std::string& column, std::string_view word) {
    for (std::size_t at = column.find(word); at != std::string::npos; at = column.find(word, at + 1)) {
        const bool starts = at == 0 || !std::isalpha(static_cast<unsigned char>(column[at - 1]));
        const std::size_t end = at + word.size();
        const bool ends = end == column.size() || !std::isalpha(static_cast<unsigned char>(column[end]));
        if (starts && ends) return true;
    }
    return false;
}

}  // namespace

std::optional<TemplateKind> template_kind_from_string(std::string_view name) {
    for (TemplateKind kind :
         {TemplateKind::marketing, TemplateKind::sales, TemplateKind::satisfaction, TemplateKind::custom})
        if (to_string(kind) == name) return kind;
    return std::nullopt;
}

std::string_view to_string(TemplateKind kind) {
    switch (kind) {
        case TemplateKind::marketing: return "marketing";
        case TemplateKind::sales: return "sales";
        case TemplateKind::satisfaction: return "satisfaction";
        case TemplateKind::custom: return "custom";
    }
    return "custom";
}

KindWording wording(TemplateKind kind) {
    switch (kind) {
        case TemplateKind::marketing:
            return {"one row per campaign and day, as the ad platforms and the CRM export them",
                    "your ad platforms' daily campaign reports (spend, impressions, clicks) joined with the CRM's "
                    "funnel counts"};
        case TemplateKind::sales:
            return {"one row per opportunity, as the CRM exports it",
                    "your CRM's opportunity report (one row per opportunity with its stage and amount)"};
        case TemplateKind::satisfaction:
            return {"one row per survey response",
                    "your survey tool's response export (one row per response with its scores)"};
        case TemplateKind::custom: break;
    }
    return {"the rows of your export", "your export, with the columns named as below"};
}

bool amounts_never_negative(TemplateKind kind) {
    return kind == TemplateKind::marketing || kind == TemplateKind::sales;
}

std::optional<InputRule> survey_scale(std::string_view column, const Registry& registry) {
    const std::string name = lowercase(column);
    for (std::string_view kpi_name : {"KPI.NPS", "KPI.CSAT", "KPI.CES"}) {
        const KpiDefinition* kpi = registry.find(kpi_name);
        if (!kpi || kpi->parameters.empty()) continue;
        if (!names_word(name, lowercase(kpi_name.substr(4)))) continue;
        InputRule rule{kpi->parameters.front(), ""};
        // CSAT and CES scales end at the KPI's default scale_max (5, 7).
        for (const Parameter& p : kpi->parameters)
            if (p.name == "scale_max" && p.default_value.is_number() && !rule.domain.maximum)
                rule.domain.maximum = p.default_value.number();
        rule.because = "an answer on the scale of " + kpi->worksheet_name + " (" + kpi->title + ")";
        return rule;
    }
    return std::nullopt;
}

}  // namespace kpilot::templates
