#include "kpilot/model_kpi_evaluator.hpp"

#include <algorithm>

#include "kpilot/number_text.hpp"

namespace kpilot {

struct ModelKpiEvaluator::Formulas {
    std::vector<Expression> by_kpi;
};

ModelKpiEvaluator::ModelKpiEvaluator(KpiModel model)
    : model_(std::move(model)), formulas_(std::make_unique<Formulas>()) {
    const ModelFormulaScope scope(model_);
    const std::size_t measures = model_.measures.size();
    for (const auto& kpi : model_.kpis)
        // A loaded model has had every formula compiled with this scope already.
        formulas_->by_kpi.push_back(std::move(std::get<Expression>(Expression::compile(kpi.formula, scope))));
    // The measures each KPI reads, through the KPIs it reads too, built in the
    // model's order (a KPI after the KPIs it uses) so each KPI's set is made
    // once: following the uses afresh from every KPI is exponential when
    // KPIs share KPIs (k2 = k1 + k0, k3 = k2 + k1, ...: 40 of them never load).
    std::vector<std::vector<bool>> used(model_.kpis.size(), std::vector<bool>(measures, false));
    for (std::size_t k : model_.kpi_order)
        for (std::size_t slot : formulas_->by_kpi[k].slots_used()) {
            if (slot < measures) {
                used[k][slot] = true;
                continue;
            }
            const std::vector<bool>& through = used[slot - measures];
            for (std::size_t m = 0; m < measures; ++m)
                if (through[m]) used[k][m] = true;
        }
    for (std::size_t k = 0; k < model_.kpis.size(); ++k) {
        std::vector<std::size_t> list;
        for (std::size_t m = 0; m < measures; ++m)
            if (used[k][m]) list.push_back(m);
        inputs_.push_back(std::move(list));
    }
}

ModelKpiEvaluator::~ModelKpiEvaluator() = default;

std::vector<std::string> ModelKpiEvaluator::inputs_of(std::string_view kpi) const {
    std::vector<std::string> names;
    for (std::size_t k = 0; k < model_.kpis.size(); ++k)
        if (model_.kpis[k].name == kpi)
            for (std::size_t m : inputs_[k]) names.push_back(model_.measures[m].name);
    return names;
}

Result<Value> ModelKpiEvaluator::evaluate(std::string_view kpi, std::span<const Argument> inputs) const {
    const auto found =
        std::find_if(model_.kpis.begin(), model_.kpis.end(), [&](const ModelKpi& k) { return k.name == kpi; });
    if (found == model_.kpis.end())
        return make_error(ErrorKind::value, "the model has no KPI \"" + std::string(kpi) + "\"");
    const auto k = static_cast<std::size_t>(found - model_.kpis.begin());
    const auto& wanted = inputs_[k];
    std::size_t given = inputs.size();
    while (given > 0 && inputs[given - 1].is_omitted()) --given;
    if (given != wanted.size()) {
        std::string names;
        for (std::size_t m : wanted) names += (names.empty() ? "" : ", ") + model_.measures[m].name;
        return make_error(ErrorKind::value, std::string(kpi) + " takes " + std::to_string(wanted.size()) + " inputs (" +
                                                names + "), got " + std::to_string(given));
    }
    const std::size_t measures = model_.measures.size();
    std::vector<Scalar> slots(measures + model_.kpis.size(),
                              Scalar::of_error(ErrorKind::na, "not an input of this KPI"));
    for (std::size_t i = 0; i < wanted.size(); ++i) {
        const std::string& name = model_.measures[wanted[i]].name;
        const Argument& input = inputs[i];
        if (input.size() != 1) return make_error(ErrorKind::value, "input '" + name + "' takes one value");
        const Value& v = input.cells().front();
        if (v.is_error()) return v.error();
        std::optional<double> x;
        if (v.is_number())
            x = v.number();
        else if (v.is_empty())
            x = 0.0;  // an empty cell reads as 0, as in =A1+1
        else if (v.is_text())
            x = parse_number_text(v.text(), false);
        if (!x) return make_error(ErrorKind::value, "input '" + name + "' must be a number");
        slots[wanted[i]] = Scalar::of_number(*x);
    }
    for (std::size_t j : model_.kpi_order) {
        slots[measures + j] = formulas_->by_kpi[j].evaluate(slots);
        if (j == k) break;
    }
    Value result = slots[measures + k].to_value();
    if (result.is_error()) return result.error();
    return result;
}

}  // namespace kpilot
