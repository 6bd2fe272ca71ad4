#pragma once
// Each family of KPIs registers itself from its own file; registry.cpp calls
// these in a fixed order so the catalogue reads the same every time.

#include "kpilot/registry.hpp"

namespace kpilot::kpis {

void register_marketing_kpis(Registry& registry);
void register_sales_kpis(Registry& registry);
void register_customer_kpis(Registry& registry);
void register_satisfaction_kpis(Registry& registry);
void register_operations_kpis(Registry& registry);
void register_goal_kpis(Registry& registry);

}  // namespace kpilot::kpis
