#pragma once
// A model's KPIs compiled once and evaluated for any set of measure values.

#include <vector>

#include "kpilot/kpi_model.hpp"

namespace kpilot::dataset {

class KpiCalculator {
public:
    explicit KpiCalculator(const KpiModel& model);
    // Measure values in the model's order in; KPI values in the model's order out.
    std::vector<Value> evaluate(const std::vector<Value>& measures) const;

private:
    const KpiModel& model_;
    std::vector<Expression> formulas_;  // per KPI, in the model's order
};

}  // namespace kpilot::dataset
