#include "dataset/kpi_calculator.hpp"

namespace kpilot::dataset {

KpiCalculator::KpiCalculator(const KpiModel& model) : model_(model) {
    const ModelFormulaScope scope(model);
    for (const auto& kpi : model.kpis) {
        auto compiled = Expression::compile(kpi.formula, scope);
        // load_kpi_model has compiled every formula with this scope already.
        formulas_.push_back(std::move(std::get<Expression>(compiled)));
    }
}

std::vector<Value> KpiCalculator::evaluate(const std::vector<Value>& measures) const {
    std::vector<Scalar> slots;
    slots.reserve(measures.size() + formulas_.size());
    for (const Value& m : measures) slots.push_back(Scalar::from_value(m));
    slots.resize(measures.size() + formulas_.size());
    for (std::size_t k : model_.kpi_order) slots[measures.size() + k] = formulas_[k].evaluate(slots);
    std::vector<Value> kpis;
    kpis.reserve(formulas_.size());
    for (std::size_t k = 0; k < formulas_.size(); ++k) kpis.push_back(slots[measures.size() + k].to_value());
    return kpis;
}

}  // namespace kpilot::dataset
