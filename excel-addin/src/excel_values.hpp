#pragma once
// One cell's value between Excel and the core: numbers, text, booleans, empty
// cells and error values. References and arrays are built from these in
// excel_arguments.hpp; results are handed back in excel_results.hpp.

#include <optional>
#include <string>
#include <string_view>

#include "excel_c_api.hpp"
#include "kpilot/value.hpp"

namespace kpilot::xll {

// The xltype without the xlbitXLFree / xlbitDLLFree flags.
inline std::uint32_t base_type(const XLOPER12& oper) { return oper.xltype & ~(xlbitXLFree | xlbitDLLFree); }

// The core knows four of Excel's errors; the others (#NULL!, #REF!, #NAME?,
// #GETTING_DATA) have no kind there and are passed through by the add-in itself.
std::optional<ErrorKind> error_kind_from_excel(int code);
int excel_error_code(ErrorKind kind);
// "#REF!" for 23, and so on; "#VALUE!" for a code Excel does not document.
std::string excel_error_text(int code);

// A cell as the core reads it. `oper` must not be a reference or an array.
// Missing counts as an empty cell (an empty slot in an array constant); a type
// a cell cannot hold becomes #VALUE!.
Value cell_value(const XLOPER12& oper);

// Text of an xltypeStr, as UTF-8.
std::string text_of(const XLOPER12& oper);

}  // namespace kpilot::xll
