#pragma once
// XLOPER12 arguments built the way Excel builds them for a call, from the
// core's Arguments and Values, owning their memory; and results read back.

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "excel_c_api.hpp"
#include "kpilot/arguments.hpp"

namespace kpilot::xll::fake {

// Excel's error codes as Excel documents them, kept apart from the add-in's own
// mapping so that a mistake there cannot cancel out here.
int code_of(ErrorKind kind);
std::optional<ErrorKind> kind_of(int code);

// A cell's XLOPER12; its text, if any, is kept in `strings`.
XLOPER12 cell_oper(const Value& value, std::deque<std::u16string>& strings);

class Opers {
public:
    // Omitted -> xltypeMissing; a cell -> its value (an empty cell is xltypeNil);
    // a range -> an xltypeMulti of `rows` rows (a column when 0), row-major.
    XLOPER12* argument(const Argument& argument, RW rows = 0);
    XLOPER12* value(const Value& value);
    XLOPER12* number(double x);
    XLOPER12* text(std::u16string_view text);
    XLOPER12* error(int code);
    XLOPER12* missing();
    XLOPER12* nil();
    XLOPER12* integer(int w);
    XLOPER12* multi(RW rows, COL columns, const std::vector<XLOPER12>& cells);
    // A reference to an area of the sheet being calculated, as a type U argument receives it.
    XLOPER12* sref(XLREF12 area);
    // A reference to areas of the sheet `sheet`.
    XLOPER12* ref(const std::vector<XLREF12>& areas, IDSHEET sheet);

    // A cell's XLOPER12 whose strings live here.
    XLOPER12 cell(const Value& value);

private:
    XLOPER12* keep(XLOPER12 oper);
    XLOPER12* typed(std::uint32_t type);
    std::deque<XLOPER12> opers_;
    std::deque<std::u16string> strings_;
    std::deque<std::vector<XLOPER12>> arrays_;
    std::deque<std::vector<unsigned char>> area_lists_;
};

// What a result reads as. Errors keep their Excel code in `excel_error`.
struct ReadResult {
    Value value;
    int excel_error = -1;
    bool dll_free = false;  // Excel must hand it back to xlAutoFree12
    std::string problem;    // a result Excel could not take, in words
    // An array (xltypeMulti, whose value reads "(array)"): each cell read the same way, row-major.
    RW rows = 0;
    COL columns = 0;
    std::vector<ReadResult> cells;

    bool is_array() const { return rows > 0; }
    const ReadResult& at(RW row, COL column) const { return cells[static_cast<std::size_t>(row * columns + column)]; }
};
ReadResult read_result(const XLOPER12* result);

// How a read cell shows in a message: 0.25, "text", #N/A.
std::string shown(const ReadResult& read);

// A result spelled to the last bit: a number as the hex of its IEEE 754 bits
// ("n:3ff0000000000000", so -0 and 0 differ), an error as its code ("e:7"), text
// in full, an array cell by cell. Two results are identical when their spellings are.
std::string bits_of(const ReadResult& read);

}  // namespace kpilot::xll::fake
