#pragma once
// The XLL's exports, one per worksheet function, generated at build time from
// the registry (kpilot-xll-gen exports). Each has exactly its function's number
// of arguments: 32-bit Excel calls them __stdcall, where the callee pops what
// the caller pushed, so a shared catch-all signature would corrupt the stack.

#include <cstddef>
#include <span>

#include "export_call.hpp"

namespace kpilot::xll {

struct EntryPoint {
    const char* export_name;
    std::size_t argument_count;
    ExportAddress address;  // call it with call_export_at, exactly argument_count arguments
};

// Defined in the generated kpi_exports.cpp.
extern const std::span<const EntryPoint> generated_entry_points;

}  // namespace kpilot::xll
