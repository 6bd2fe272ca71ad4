#include "excel_values.hpp"

#include "utf16.hpp"

namespace kpilot::xll {

std::optional<ErrorKind> error_kind_from_excel(int code) {
    switch (code) {
        case xlerrDiv0: return ErrorKind::div0;
        case xlerrValue: return ErrorKind::value;
        case xlerrNum: return ErrorKind::num;
        case xlerrNA: return ErrorKind::na;
        default: return std::nullopt;
    }
}

int excel_error_code(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::div0: return xlerrDiv0;
        case ErrorKind::value: return xlerrValue;
        case ErrorKind::num: return xlerrNum;
        case ErrorKind::na: return xlerrNA;
    }
    return xlerrValue;
}

std::string excel_error_text(int code) {
    if (auto kind = error_kind_from_excel(code)) return std::string(error_code(*kind));
    switch (code) {
        case xlerrNull: return "#NULL!";
        case xlerrRef: return "#REF!";
        case xlerrName: return "#NAME?";
        case xlerrGettingData: return "#GETTING_DATA";
        default: return "#VALUE!";
    }
}

std::string text_of(const XLOPER12& oper) {
    const XCHAR* str = oper.val.str;
    if (!str) return {};
    return utf8_from_utf16(std::u16string_view(str + 1, str[0]));
}

Value cell_value(const XLOPER12& oper) {
    switch (base_type(oper)) {
        case xltypeNum: return Value(oper.val.num);
        case xltypeInt: return Value(static_cast<double>(oper.val.w));
        case xltypeStr: return Value(text_of(oper));
        case xltypeBool: return Value(oper.val.xbool != 0);
        case xltypeNil:
        case xltypeMissing: return Value();
        case xltypeErr: {
            // A placeholder kind for errors the core cannot name: the caller passes those
            // through itself when one is the first error, and otherwise the core never looks.
            const auto kind = error_kind_from_excel(oper.val.err);
            return Value(Error{kind.value_or(ErrorKind::value), kind ? "" : "holds " + excel_error_text(oper.val.err)});
        }
        default: return Value(Error{ErrorKind::value, "holds a value of a type a cell cannot hold"});
    }
}

}  // namespace kpilot::xll
