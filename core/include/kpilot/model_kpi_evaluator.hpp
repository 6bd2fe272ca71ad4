#pragma once
// A model's KPIs as functions of their measures, for front ends that take the
// measures from elsewhere (a worksheet's cells through KPI.EVAL): the inputs of
// a KPI are the measures it reads, directly or through other KPIs, in the
// order the model declares them.

#include <span>
#include <string>
#include <vector>

#include "kpilot/arguments.hpp"
#include "kpilot/kpi_model.hpp"

namespace kpilot {

class ModelKpiEvaluator {
public:
    explicit ModelKpiEvaluator(KpiModel model);
    ~ModelKpiEvaluator();
    ModelKpiEvaluator(const ModelKpiEvaluator&) = delete;
    ModelKpiEvaluator& operator=(const ModelKpiEvaluator&) = delete;

    const KpiModel& model() const { return model_; }
    // The measure names a KPI takes, in order; empty for an unknown KPI.
    std::vector<std::string> inputs_of(std::string_view kpi) const;
    // #VALUE! for an unknown KPI, a missing or extra input, or text where a
    // measure's number belongs; an input error comes back unchanged. Thread-safe.
    Result<Value> evaluate(std::string_view kpi, std::span<const Argument> inputs) const;

private:
    KpiModel model_;
    std::vector<std::vector<std::size_t>> inputs_;  // per KPI, measure indices
    struct Formulas;
    std::unique_ptr<Formulas> formulas_;
};

}  // namespace kpilot
