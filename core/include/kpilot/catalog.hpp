#pragma once
// The KPI catalogue as a document, rendered from the registry: docs/kpis.md is
// this text, checked in, and a test fails when the two drift apart.

#include <string>

#include "kpilot/registry.hpp"

namespace kpilot {

std::string catalog_markdown(const Registry& registry);

// "KPI.ROMI(incremental_revenue, contribution_margin, marketing_spend)", optional ones in brackets.
std::string worksheet_signature(const KpiDefinition& kpi);

}  // namespace kpilot
