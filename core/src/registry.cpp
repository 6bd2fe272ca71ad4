#include "kpilot/text_case.hpp"
#include "kpilot/registry.hpp"

#include <algorithm>
#include <cctype>

#include "kpis/families.hpp"

namespace kpilot {

std::size_t KpiDefinition::required_parameter_count() const {
    return static_cast<std::size_t>(
        std::count_if(parameters.begin(), parameters.end(), [](const Parameter& p) { return !p.optional; }));
}

const Registry& Registry::builtin() {
    static const Registry registry = [] {
        Registry r;
        kpis::register_marketing_kpis(r);
        kpis::register_sales_kpis(r);
        kpis::register_customer_kpis(r);
        kpis::register_satisfaction_kpis(r);
        kpis::register_operations_kpis(r);
        kpis::register_goal_kpis(r);
        return r;
    }();
    return registry;
}

const KpiDefinition* Registry::find(std::string_view name) const {
    for (const auto& kpi : kpis_)
        if (kpi.id == name || equal_ignoring_case(kpi.worksheet_name, name)) return &kpi;
    return nullptr;
}

void Registry::add(KpiDefinition kpi) { kpis_.push_back(std::move(kpi)); }

}  // namespace kpilot
