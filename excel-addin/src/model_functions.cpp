#include "model_functions.hpp"

#include <memory>
#include <mutex>

#include "excel_arguments.hpp"
#include "excel_results.hpp"
#include "excel_values.hpp"
#include "kpilot/model_kpi_evaluator.hpp"

namespace kpilot::xll {

namespace {

// Excel may calculate KPI.EVAL on every core while a KPI.LOADMODEL replaces the
// model: readers take a shared pointer under the lock and compute outside it.
std::mutex model_mutex;
std::shared_ptr<const ModelKpiEvaluator> loaded_model;

std::shared_ptr<const ModelKpiEvaluator> current_model() {
    std::lock_guard lock(model_mutex);
    return loaded_model;
}

std::string signature(const ModelKpiEvaluator& model, const std::string& kpi) {
    std::string text = kpi + "(";
    const auto inputs = model.inputs_of(kpi);
    for (std::size_t i = 0; i < inputs.size(); ++i) text += (i ? ", " : "") + inputs[i];
    return text + ")";
}

struct ModelLoad {
    std::shared_ptr<const ModelKpiEvaluator> model;  // null when the file did not load
    std::string problems;
};

ModelLoad load(const std::string& path) {
    LoadedModel loaded = load_kpi_model(path);
    ModelLoad done;
    if (!loaded.model) {
        for (const auto& p : loaded.problems) done.problems += (done.problems.empty() ? "" : "; ") + p.text();
        return done;
    }
    done.model = std::make_shared<const ModelKpiEvaluator>(std::move(*loaded.model));
    std::lock_guard lock(model_mutex);
    loaded_model = done.model;
    return done;
}

}  // namespace

std::string load_model_file(const std::string& path) { return load(path).problems; }

XLOPER12* load_model_call(std::span<XLOPER12* const> opers) noexcept {
    try {
        if (opers.empty() || !opers[0] || base_type(*opers[0]) != xltypeStr) return error_for_excel(xlerrValue);
        const std::string path = text_of(*opers[0]);
        // The summary is of the model this call loaded, not of whatever another thread loaded since.
        const ModelLoad loaded = load(path);
        if (!loaded.model) return text_for_excel("#VALUE! " + loaded.problems);
        const auto& model = loaded.model;
        std::string summary = std::to_string(model->model().kpis.size()) + " KPIs from " + path + ": ";
        for (std::size_t k = 0; k < model->model().kpis.size(); ++k)
            summary += (k ? ", " : "") + signature(*model, model->model().kpis[k].name);
        return text_for_excel(summary);
    } catch (...) {
        return error_for_excel(xlerrValue);
    }
}

XLOPER12* eval_model_kpi(std::span<XLOPER12* const> opers) noexcept {
    try {
        if (opers.empty() || !opers[0] || base_type(*opers[0]) != xltypeStr) return error_for_excel(xlerrValue);
        const auto model = current_model();
        // No model loaded is missing data, as a lookup that finds nothing.
        if (!model) return error_for_excel(xlerrNA);
        const std::string kpi = text_of(*opers[0]);
        const ExcelArguments in = read_arguments(opers.subspan(1));
        if (in.uncalculated || in.unreadable_argument) return error_for_excel(xlerrValue);
        if (in.first_error_code) return error_for_excel(*in.first_error_code);
        return result_for_excel(model->evaluate(kpi, in.arguments));
    } catch (...) {
        return error_for_excel(xlerrValue);
    }
}

}  // namespace kpilot::xll
