#pragma once
// Results handed back to Excel, in one of two ways, both safe when Excel
// recalculates on many threads:
// - numbers, booleans and errors go in a per-thread XLOPER12, which Excel
//   copies before the same thread calls the add-in again;
// - text and arrays are one heap block each, flagged xlbitDLLFree, which Excel
//   hands back to xlAutoFree12 (free_for_excel) once it has copied them.

#include <cstddef>
#include <string_view>
#include <vector>

#include "excel_c_api.hpp"
#include "kpilot/result.hpp"

namespace kpilot::xll {

XLOPER12* number_for_excel(double number);
XLOPER12* error_for_excel(int code);
// Text is cut at xlMaxStringLength UTF-16 units, the most a cell holds.
XLOPER12* text_for_excel(std::string_view utf8);
XLOPER12* value_for_excel(const Value& value);
XLOPER12* result_for_excel(const Result<Value>& result);
// A rectangular table, row by row; rows shorter than the first are padded with empty cells.
XLOPER12* table_for_excel(const std::vector<std::vector<Value>>& rows);

// xlAutoFree12's work: releases a block made above. Anything else is left alone.
void free_for_excel(XLOPER12* oper);
// Blocks handed to Excel and not yet given back: 0 whenever Excel is idle.
std::size_t blocks_held_by_excel();

}  // namespace kpilot::xll
