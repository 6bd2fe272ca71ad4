// What Excel calls to load, unload and talk to the add-in (the xlAuto
// functions). Excel calls these on its main thread only, except xlAutoFree12,
// which it calls on the thread that received the result being freed.
#include <algorithm>
#include <cstdio>
#include <string_view>
#include <vector>

#include "addin_exports.hpp"
#include "excel_callback.hpp"
#include "excel_results.hpp"
#include "excel_values.hpp"
#include "floating_point_state.hpp"
#include "kpi_entry_points.hpp"
#include "model_functions.hpp"
#include "number_buffers.hpp"
#include "registration.hpp"

namespace {

using namespace kpilot::xll;

// Main thread only (xlAutoOpen and xlAutoClose), so no lock.
std::vector<Registration>& registrations() {
    static std::vector<Registration> list;
    return list;
}

// Registering a function whose export is missing or takes a different number of
// arguments would let Excel call into the wrong stack frame; leave it out instead.
bool has_matching_export(const WorksheetFunction& f) {
    return std::any_of(generated_entry_points.begin(), generated_entry_points.end(), [&](const EntryPoint& e) {
        return f.export_name == e.export_name && f.argument_count() == e.argument_count;
    });
}

// A consultant ships kpilot-model.json in the XLL's folder; its KPIs are there from the start.
void load_model_beside_xll() {
    ExcelOwned dll_path;
    if (excel12(xlGetName, dll_path.fill(), {}) != xlretSuccess) return;
    dll_path.adopt();
    if (base_type(dll_path.value()) != xltypeStr) return;
    std::string path = text_of(dll_path.value());
    const std::size_t slash = path.find_last_of("\\/");
    path =
        (slash == std::string::npos ? std::string() : path.substr(0, slash + 1)) + std::string(model_file_beside_xll);
    if (FILE* f = std::fopen(path.c_str(), "rb")) {
        std::fclose(f);
        load_model_file(path);
    }
}

}  // namespace

KPILOT_XLL_EXPORT int KPILOT_XLL_STDCALL xlAutoOpen() {
    // The model beside the XLL is read in the state its KPIs will be computed in.
    const CalculationFloatingPoint known_floating_point;
    try {
        std::vector<WorksheetFunction> functions = worksheet_functions(kpilot::Registry::builtin());
        std::erase_if(functions, [](const WorksheetFunction& f) { return !has_matching_export(f); });
        unregister_from_excel(registrations());  // opened again without a close: start afresh
        registrations() = register_with_excel(functions);
        load_model_beside_xll();
        return 1;
    } catch (...) {
        return 0;
    }
}

KPILOT_XLL_EXPORT int KPILOT_XLL_STDCALL xlAutoClose() {
    try {
        unregister_from_excel(registrations());
        registrations().clear();
        release_number_buffers();
    } catch (...) {
    }
    return 1;
}

KPILOT_XLL_EXPORT void KPILOT_XLL_STDCALL xlAutoFree12(XLOPER12* oper) { free_for_excel(oper); }

// The name the Add-ins dialog shows. Excel asks with action 1.
KPILOT_XLL_EXPORT XLOPER12* KPILOT_XLL_STDCALL xlAddInManagerInfo12(XLOPER12* action) {
    static constexpr std::u16string_view name = u"kpilot: sales and marketing KPIs";
    // Static memory: Excel copies the text and frees nothing, so no xlbitDLLFree.
    static XCHAR text[1 + name.size()];
    static XLOPER12 answer{};
    const bool asks_name = action && ((base_type(*action) == xltypeNum && action->val.num == 1.0) ||
                                      (base_type(*action) == xltypeInt && action->val.w == 1));
    if (!asks_name) return error_for_excel(xlerrValue);
    text[0] = static_cast<XCHAR>(name.size());
    std::copy(name.begin(), name.end(), text + 1);
    answer.xltype = xltypeStr;
    answer.val.str = text;
    return &answer;
}

KPILOT_XLL_EXPORT std::size_t KPILOT_XLL_STDCALL kpilot_blocks_held_by_excel() { return blocks_held_by_excel(); }

KPILOT_XLL_EXPORT std::size_t KPILOT_XLL_STDCALL kpilot_kept_number_buffer_bytes() {
    return number_buffer_pool_state().bytes;
}
