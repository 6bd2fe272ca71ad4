#pragma once
// A custom KPI model (the JSON model of `kpilot compute`) in Excel: loaded from
// kpilot-model.json beside the XLL when Excel opens it, or by
// =KPI.LOADMODEL(path); its KPIs are then =KPI.EVAL("kpi", measure, ...), with
// the measures the KPI reads in the order the model declares them.

#include <span>
#include <string>

#include "excel_c_api.hpp"

namespace kpilot::xll {

// The file name looked for beside the XLL.
inline constexpr std::string_view model_file_beside_xll = "kpilot-model.json";

// Loads a model, replacing the one loaded before; returns "" or what is wrong.
std::string load_model_file(const std::string& path);

// KPI.LOADMODEL(path): "7 KPIs from PATH: romi(spend, revenue), ..." or #VALUE! with the problems as text.
XLOPER12* load_model_call(std::span<XLOPER12* const> opers) noexcept;
// KPI.EVAL("kpi", inputs...): the loaded model's KPI from its measures' values.
XLOPER12* eval_model_kpi(std::span<XLOPER12* const> opers) noexcept;

}  // namespace kpilot::xll
