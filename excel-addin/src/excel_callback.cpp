#include "excel_callback.hpp"

#include <atomic>
#include <vector>

#if defined(_WIN32)
#include <windows.h>
#endif

namespace kpilot::xll {

namespace {
std::atomic<MdCallBack12Proc> entry{nullptr};

MdCallBack12Proc find_entry_point() {
#if defined(_WIN32)
    // EXCEL.EXE exports MdCallBack12; the SDK's XLCALL32.LIB finds it the same way.
    const FARPROC found = GetProcAddress(GetModuleHandleW(nullptr), "MdCallBack12");
    // Through a generic function pointer: GCC warns about casts between unrelated function types.
    return reinterpret_cast<MdCallBack12Proc>(reinterpret_cast<void (*)()>(found));
#else
    return nullptr;
#endif
}
}  // namespace

void set_excel_entry_point(MdCallBack12Proc entry_point) { entry.store(entry_point); }

int excel12v(int xlfn, XLOPER12* result, int count, XLOPER12** opers) {
    MdCallBack12Proc call = entry.load();
    if (!call) {
        call = find_entry_point();
        if (!call) return xlretFailed;
        entry.store(call);
    }
    // Excel may write to `result` even when it is not wanted; give it somewhere to write.
    XLOPER12 ignored{};
    return call(xlfn, count, opers, result ? result : &ignored);
}

int excel12(int xlfn, XLOPER12* result, std::initializer_list<XLOPER12*> opers) {
    // xlCoerce and xlFree run once per referenced argument: keep them off the heap.
    constexpr std::size_t on_stack = 8;
    if (opers.size() <= on_stack) {
        XLOPER12* list[on_stack];
        std::size_t n = 0;
        for (XLOPER12* oper : opers) list[n++] = oper;
        return excel12v(xlfn, result, static_cast<int>(n), list);
    }
    std::vector<XLOPER12*> list(opers);
    return excel12v(xlfn, result, static_cast<int>(list.size()), list.data());
}

ExcelOwned::~ExcelOwned() {
    if (owned_) excel12(xlFree, nullptr, {&value_});
}

}  // namespace kpilot::xll
