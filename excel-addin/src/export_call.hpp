#pragma once
// Calling a worksheet-function export the way Excel does: with exactly its
// number of XLOPER12* arguments, in the __stdcall convention on 32-bit
// Windows, through an address known only at run time (GetProcAddress in the
// wine host, generated_entry_points in native tests and the fuzzer).

#include <array>
#include <cstddef>
#include <span>
#include <utility>

#include "excel_c_api.hpp"

namespace kpilot::xll {

// The most arguments call_export_at can pass; more than any kpilot function takes.
inline constexpr std::size_t max_export_arguments = 32;  // KPI.EVAL: a name and 30 measures

// Any function's address: casting to and from void (*)() is the one cast GCC does not warn about.
using ExportAddress = void (*)();

namespace export_call_detail {

template <std::size_t>
using Oper = XLOPER12*;

template <std::size_t... I>
XLOPER12* call_with(ExportAddress address, [[maybe_unused]] std::span<XLOPER12* const> a, std::index_sequence<I...>) {
    using Function = XLOPER12*(KPILOT_XLL_STDCALL*)(Oper<I>...);
    return reinterpret_cast<Function>(address)(a[I]...);
}

template <std::size_t... N>
constexpr auto make_callers(std::index_sequence<N...>) {
    using Caller = XLOPER12* (*)(ExportAddress, std::span<XLOPER12* const>);
    return std::array<Caller, sizeof...(N)>{[](ExportAddress f, std::span<XLOPER12* const> a) {
        return call_with(f, a, std::make_index_sequence<N>());
    }...};
}

// callers[n] calls an export of n arguments.
inline constexpr auto callers = make_callers(std::make_index_sequence<max_export_arguments + 1>());

}  // namespace export_call_detail

// Calls the export at `address`, which must take exactly arguments.size() arguments; null when there are too many.
inline XLOPER12* call_export_at(ExportAddress address, std::span<XLOPER12* const> arguments) {
    if (!address || arguments.size() > max_export_arguments) return nullptr;
    return export_call_detail::callers[arguments.size()](address, arguments);
}

}  // namespace kpilot::xll
