#include "xll_under_test.hpp"

#include "export_call.hpp"

namespace kpilot::xll::host {

namespace {

// Through a generic function pointer: GCC warns about casts between unrelated function types.
template <class Function>
Function as(FARPROC address) {
    return reinterpret_cast<Function>(reinterpret_cast<void (*)()>(address));
}

}  // namespace

XllUnderTest::XllUnderTest(const std::string& path) {
    const std::wstring wide(path.begin(), path.end());
    wchar_t full[MAX_PATH * 4];
    const DWORD length = GetFullPathNameW(wide.c_str(), MAX_PATH * 4, full, nullptr);
    full_path_ = length > 0 ? std::wstring(full, length) : wide;
    module_ = LoadLibraryW(full_path_.c_str());
    if (!module_) load_error_ = "LoadLibrary failed with error " + std::to_string(GetLastError());
}

XllUnderTest::~XllUnderTest() {
    if (module_) FreeLibrary(module_);
}

FARPROC XllUnderTest::find(const std::string& export_name) const {
    return module_ ? GetProcAddress(module_, export_name.c_str()) : nullptr;
}

int XllUnderTest::auto_open() const {
    const FARPROC f = find("xlAutoOpen");
    return f ? as<int(KPILOT_XLL_STDCALL*)()>(f)() : -1;
}

int XllUnderTest::auto_close() const {
    const FARPROC f = find("xlAutoClose");
    return f ? as<int(KPILOT_XLL_STDCALL*)()>(f)() : -1;
}

void XllUnderTest::auto_free(XLOPER12* oper) const {
    if (const FARPROC f = find("xlAutoFree12")) as<void(KPILOT_XLL_STDCALL*)(XLOPER12*)>(f)(oper);
}

XLOPER12* XllUnderTest::add_in_manager_info(XLOPER12* action) const {
    const FARPROC f = find("xlAddInManagerInfo12");
    return f ? as<XLOPER12*(KPILOT_XLL_STDCALL*)(XLOPER12*)>(f)(action) : nullptr;
}

long long XllUnderTest::blocks_held() const {
    const FARPROC f = find("kpilot_blocks_held_by_excel");
    return f ? static_cast<long long>(as<std::size_t(KPILOT_XLL_STDCALL*)()>(f)()) : -1;
}

long long XllUnderTest::kept_number_buffer_bytes() const {
    const FARPROC f = find("kpilot_kept_number_buffer_bytes");
    return f ? static_cast<long long>(as<std::size_t(KPILOT_XLL_STDCALL*)()>(f)()) : -1;
}

XLOPER12* call_export(FARPROC address, std::span<XLOPER12* const> arguments) {
    return call_export_at(reinterpret_cast<ExportAddress>(address), arguments);
}

}  // namespace kpilot::xll::host
