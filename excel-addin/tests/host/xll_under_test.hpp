#pragma once
// An XLL loaded the way Excel loads it, with its exports called the way Excel
// calls them: through the registered export, with exactly the registered number
// of XLOPER12* arguments, in the __stdcall convention on 32-bit Windows.

#include <windows.h>

#include <cstddef>
#include <span>
#include <string>

#include "excel_c_api.hpp"

namespace kpilot::xll::host {

class XllUnderTest {
public:
    explicit XllUnderTest(const std::string& path);
    ~XllUnderTest();
    XllUnderTest(const XllUnderTest&) = delete;
    XllUnderTest& operator=(const XllUnderTest&) = delete;

    bool loaded() const { return module_ != nullptr; }
    const std::string& load_error() const { return load_error_; }
    // The full Windows path, as Excel's xlGetName reports it.
    const std::wstring& full_path() const { return full_path_; }

    FARPROC find(const std::string& export_name) const;
    int auto_open() const;
    int auto_close() const;
    void auto_free(XLOPER12* oper) const;
    XLOPER12* add_in_manager_info(XLOPER12* action) const;
    // The add-in's count of xlbitDLLFree blocks not yet handed back; -1 without the export.
    long long blocks_held() const;
    // Bytes of the warm buffers the add-in keeps for ranges (number_buffers.hpp); -1 without the export.
    long long kept_number_buffer_bytes() const;

private:
    HMODULE module_ = nullptr;
    std::string load_error_;
    std::wstring full_path_;
};

// Calls a worksheet-function export with these arguments; null when there are too many.
XLOPER12* call_export(FARPROC address, std::span<XLOPER12* const> arguments);

}  // namespace kpilot::xll::host
