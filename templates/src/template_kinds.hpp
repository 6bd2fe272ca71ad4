#pragma once
// What differs between the kinds of template: the words a client reads and
// the rules their pasted numbers must follow. Everything else comes from the
// model and the registry.

#include <optional>
#include <string>
#include <string_view>

#include "kpilot/parameter.hpp"
#include "kpilot/registry.hpp"
#include "kpilot/template_workbook.hpp"

namespace kpilot::templates {

struct KindWording {
    std::string_view rows_are;    // "one row per campaign and day, as the ad platforms and the CRM export them"
    std::string_view paste_from;  // where the client's rows come from
};

KindWording wording(TemplateKind kind);

// The values a Data column may hold, and why: a domain as the registry
// declares one for a KPI argument (">= 0", "0 to 10, whole number").
struct InputRule {
    Parameter domain;
    std::string because;  // "KPI.ROAS takes it as ad_spend", "an answer on KPI.NPS's scale"
};

// Amounts and counts in marketing and sales exports are never negative, even
// where no built-in KPI reads the column.
bool amounts_never_negative(TemplateKind kind);

// For a satisfaction survey: the scale a score column's answers lie on, read
// from the registry KPI named in the column (nps_score: KPI.NPS, 0 to 10).
std::optional<InputRule> survey_scale(std::string_view column, const Registry& registry = Registry::builtin());

}  // namespace kpilot::templates
