#pragma once
// The one place where every KPI is defined: its names, arguments, units, help
// text, error rules, definition and source, beside the code that computes it.
// Front ends and docs iterate this registry; nothing is described twice.

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kpilot/arguments.hpp"
#include "kpilot/inputs.hpp"
#include "kpilot/parameter.hpp"
#include "kpilot/result.hpp"
#include "kpilot/units.hpp"

namespace kpilot {

using KpiCompute = std::function<Result<Value>(const Inputs&)>;

struct KpiDefinition {
    std::string id;              // stable, snake_case: "lead_to_opportunity_ratio"
    std::string worksheet_name;  // what users type in a cell: "KPI.LEADTOOPP"
    std::string title;           // "Lead-to-opportunity ratio"
    std::string description;     // one line, for the Function Wizard and tooltips
    std::vector<Parameter> parameters;
    Unit unit = Unit::ratio;
    Direction direction = Direction::higher_is_better;
    Family family = Family::outcome;
    Timing timing = Timing::lagging;
    std::string formula;  // the definition, in words a reader can check by hand
    std::string source;   // where the definition comes from
    std::string notes;    // variants, conventions and edge cases worth knowing
    KpiCompute compute;

    std::size_t required_parameter_count() const;
};

class Registry {
public:
    // Every KPI kpilot ships, built once on first use (thread-safe).
    static const Registry& builtin();

    const std::vector<KpiDefinition>& all() const { return kpis_; }
    // By id ("romi") or by worksheet name ("KPI.ROMI", any case); null when unknown.
    const KpiDefinition* find(std::string_view id_or_worksheet_name) const;

    void add(KpiDefinition kpi);

private:
    std::vector<KpiDefinition> kpis_;
};

// Checks the arguments against the KPI's declaration, then computes it.
// An error value among the arguments comes back unchanged (the first one).
Result<Value> evaluate(const KpiDefinition& kpi, std::span<const Argument> arguments);
// The same, looked up by id or worksheet name; an unknown name is #VALUE!.
Result<Value> evaluate(std::string_view id_or_worksheet_name, std::span<const Argument> arguments);

}  // namespace kpilot
