#pragma once
// What Excel calls in the XLL besides the worksheet functions. xlAutoOpen is
// required; xlAutoFree12 is required as soon as a result carries xlbitDLLFree.

#include <cstddef>

#include "excel_c_api.hpp"

KPILOT_XLL_EXPORT int KPILOT_XLL_STDCALL xlAutoOpen();
KPILOT_XLL_EXPORT int KPILOT_XLL_STDCALL xlAutoClose();
KPILOT_XLL_EXPORT void KPILOT_XLL_STDCALL xlAutoFree12(XLOPER12* oper);
KPILOT_XLL_EXPORT XLOPER12* KPILOT_XLL_STDCALL xlAddInManagerInfo12(XLOPER12* action);

// Not registered with Excel: let the test host check that every xlbitDLLFree
// block came back through xlAutoFree12, and tell the add-in's warm range
// buffers (kept on purpose, at most 64 MB) from memory left behind.
KPILOT_XLL_EXPORT std::size_t KPILOT_XLL_STDCALL kpilot_blocks_held_by_excel();
KPILOT_XLL_EXPORT std::size_t KPILOT_XLL_STDCALL kpilot_kept_number_buffer_bytes();
