// Excel's entry point, exported by this program as EXCEL.EXE exports it: the
// XLL finds it with GetProcAddress(GetModuleHandle(NULL), "MdCallBack12").
#include "fake_excel.hpp"

extern "C" __declspec(dllexport) int KPILOT_XLL_STDCALL
    MdCallBack12(int xlfn, int count, XLOPER12** opers, XLOPER12* result) {
    return kpilot::xll::fake::fake_md_callback12(xlfn, count, opers, result);
}
