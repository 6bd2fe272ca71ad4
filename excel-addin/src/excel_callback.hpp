#pragma once
// Calling back into Excel (Excel12v in the SDK's terms), through the
// MdCallBack12 entry point that EXCEL.EXE exports. Tests and the wine host set
// the entry point themselves; inside Excel it is looked up on first use.

#include <initializer_list>

#include "excel_c_api.hpp"

namespace kpilot::xll {

// Replaces the entry point; null makes the next call look it up again.
void set_excel_entry_point(MdCallBack12Proc entry_point);

// Excel12v: calls Excel function `xlfn` with `count` arguments. xlretFailed
// when there is no Excel to call.
int excel12v(int xlfn, XLOPER12* result, int count, XLOPER12** opers);
int excel12(int xlfn, XLOPER12* result, std::initializer_list<XLOPER12*> opers);

// An XLOPER12 that Excel filled in (xlGetName, xlCoerce): its memory belongs to
// Excel and goes back through xlFree when this goes out of scope.
class ExcelOwned {
public:
    ExcelOwned() = default;
    ExcelOwned(const ExcelOwned&) = delete;
    ExcelOwned& operator=(const ExcelOwned&) = delete;
    ~ExcelOwned();

    // Where Excel writes its result; the call's return code says whether it did.
    XLOPER12* fill() { return &value_; }
    // After a successful call: this now needs xlFree.
    void adopt() { owned_ = true; }
    const XLOPER12& value() const { return value_; }

private:
    XLOPER12 value_{};
    bool owned_ = false;
};

}  // namespace kpilot::xll
