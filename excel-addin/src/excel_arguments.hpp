#pragma once
// What a worksheet function receives, read into the core's terms: a missing
// argument is omitted, an empty cell is empty, an array or range is a range of
// cells in row-major order, and a reference (type U arguments) is read through
// xlCoerce, each area in turn, as AVERAGE reads (A1:A5,C1:C5).

#include <optional>
#include <span>
#include <vector>

#include "excel_c_api.hpp"
#include "kpilot/arguments.hpp"
#include "number_buffers.hpp"

namespace kpilot::xll {

struct ExcelArguments {
    std::vector<Argument> arguments;
    // The numbers of ranges that hold only numbers, which the arguments view
    // in place (moving this moves no number).
    std::vector<NumberBuffer> range_numbers;
    // The first error value among the inputs, in argument order and row-major
    // within a range, which is the one the core returns. Kept here because the
    // core has no kind for some of Excel's errors (#REF!, #NAME?, #NULL!) and the
    // add-in must return those unchanged itself.
    std::optional<int> first_error_code;
    std::size_t first_error_argument = 0;
    // xlCoerce met a cell Excel has not calculated yet: Excel ignores this call's
    // result and calls again once the cell is calculated.
    bool uncalculated = false;
    // An argument whose reference Excel could not read.
    std::optional<std::size_t> unreadable_argument;

    bool complete() const { return !uncalculated && !unreadable_argument; }
};

// Stops at the first argument that cannot be read completely.
ExcelArguments read_arguments(std::span<XLOPER12* const> opers);

}  // namespace kpilot::xll
