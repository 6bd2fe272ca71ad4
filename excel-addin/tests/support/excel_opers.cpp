#include "excel_opers.hpp"

#include <cstdio>
#include <cstring>

#include "excel_values.hpp"
#include "utf16.hpp"

namespace kpilot::xll::fake {

int code_of(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::div0: return 7;
        case ErrorKind::value: return 15;
        case ErrorKind::num: return 36;
        case ErrorKind::na: return 42;
    }
    return -1;
}

std::optional<ErrorKind> kind_of(int code) {
    for (ErrorKind kind : {ErrorKind::div0, ErrorKind::value, ErrorKind::num, ErrorKind::na})
        if (code_of(kind) == code) return kind;
    return std::nullopt;
}

XLOPER12* Opers::keep(XLOPER12 oper) { return &opers_.emplace_back(oper); }

XLOPER12 cell_oper(const Value& v, std::deque<std::u16string>& strings) {
    XLOPER12 oper{};
    if (v.is_number()) {
        oper.xltype = xltypeNum;
        oper.val.num = v.number();
    } else if (v.is_text()) {
        const std::u16string text = utf16_from_utf8(v.text());
        std::u16string& stored = strings.emplace_back();
        stored += static_cast<char16_t>(text.size());
        stored += text;
        oper.xltype = xltypeStr;
        oper.val.str = stored.data();
    } else if (v.is_boolean()) {
        oper.xltype = xltypeBool;
        oper.val.xbool = v.boolean() ? 1 : 0;
    } else if (v.is_error()) {
        oper.xltype = xltypeErr;
        oper.val.err = code_of(v.error().kind);
    } else {
        oper.xltype = xltypeNil;
    }
    return oper;
}

XLOPER12 Opers::cell(const Value& v) { return cell_oper(v, strings_); }

XLOPER12* Opers::value(const Value& v) { return keep(cell(v)); }

XLOPER12* Opers::number(double x) { return value(Value(x)); }

XLOPER12* Opers::text(std::u16string_view text) {
    std::u16string& stored = strings_.emplace_back();
    stored += static_cast<char16_t>(text.size());
    stored += text;
    XLOPER12* oper = typed(xltypeStr);
    oper->val.str = stored.data();
    return oper;
}

XLOPER12* Opers::typed(std::uint32_t type) {
    XLOPER12 oper{};
    oper.xltype = type;
    return keep(oper);
}

XLOPER12* Opers::error(int code) {
    XLOPER12* oper = typed(xltypeErr);
    oper->val.err = code;
    return oper;
}

XLOPER12* Opers::missing() { return typed(xltypeMissing); }

XLOPER12* Opers::nil() { return typed(xltypeNil); }

XLOPER12* Opers::integer(int w) {
    XLOPER12* oper = typed(xltypeInt);
    oper->val.w = w;
    return oper;
}

XLOPER12* Opers::multi(RW rows, COL columns, const std::vector<XLOPER12>& cells) {
    std::vector<XLOPER12>& stored = arrays_.emplace_back(cells);
    XLOPER12 oper{};
    oper.xltype = xltypeMulti;
    oper.val.array.lparray = stored.data();
    oper.val.array.rows = rows;
    oper.val.array.columns = columns;
    return keep(oper);
}

XLOPER12* Opers::argument(const Argument& argument, RW rows) {
    switch (argument.shape()) {
        case Argument::Shape::omitted: return missing();
        case Argument::Shape::scalar: return value(argument.cells().front());
        case Argument::Shape::range: {
            std::vector<XLOPER12> cells;
            for (const Value& v : argument.cells()) cells.push_back(cell(v));
            const auto count = static_cast<RW>(cells.size());
            if (rows <= 0 || count % rows != 0) rows = count;
            return multi(rows, rows == 0 ? 0 : count / rows, cells);
        }
    }
    return missing();
}

XLOPER12* Opers::sref(XLREF12 area) {
    XLOPER12 oper{};
    oper.xltype = xltypeSRef;
    oper.val.sref.count = 1;
    oper.val.sref.ref = area;
    return keep(oper);
}

XLOPER12* Opers::ref(const std::vector<XLREF12>& areas, IDSHEET sheet) {
    // XLMREF12 declares one area; room for all of them follows it in one allocation.
    std::vector<unsigned char>& bytes =
        area_lists_.emplace_back(sizeof(XLMREF12) + sizeof(XLREF12) * (areas.empty() ? 0 : areas.size() - 1));
    auto* list = reinterpret_cast<XLMREF12*>(bytes.data());
    list->count = static_cast<std::uint16_t>(areas.size());
    std::memcpy(list->reftbl, areas.data(), areas.size() * sizeof(XLREF12));
    XLOPER12 oper{};
    oper.xltype = xltypeRef;
    oper.val.mref.lpmref = list;
    oper.val.mref.idSheet = sheet;
    return keep(oper);
}

ReadResult read_result(const XLOPER12* result) {
    ReadResult read;
    if (!result) {
        read.problem = "a null result";
        return read;
    }
    read.dll_free = (result->xltype & xlbitDLLFree) != 0;
    switch (base_type(*result)) {
        case xltypeNum: read.value = Value(result->val.num); break;
        case xltypeStr:
            if (!result->val.str)
                read.problem = "a string result without characters";
            else
                read.value = Value(text_of(*result));
            break;
        case xltypeBool: read.value = Value(result->val.xbool != 0); break;
        case xltypeNil: break;
        case xltypeErr: {
            read.excel_error = result->val.err;
            const auto kind = kind_of(result->val.err);
            read.value =
                Value(Error{kind.value_or(ErrorKind::value), "Excel error " + std::to_string(result->val.err)});
            break;
        }
        case xltypeMulti: {
            read.value = Value("(array)");
            const auto& array = result->val.array;
            if (array.rows <= 0 || array.columns <= 0 || !array.lparray) {
                read.problem = "an array without cells";
                break;
            }
            read.rows = array.rows;
            read.columns = array.columns;
            const std::size_t count = static_cast<std::size_t>(array.rows) * static_cast<std::size_t>(array.columns);
            read.cells.reserve(count);
            for (std::size_t i = 0; i < count; ++i) {
                ReadResult cell = read_result(&array.lparray[i]);
                // Only the array as a whole goes back to xlAutoFree12; a flag on a cell is a mistake.
                if (cell.dll_free) read.problem = "cell " + std::to_string(i + 1) + " of an array carries xlbitDLLFree";
                if (cell.is_array()) read.problem = "cell " + std::to_string(i + 1) + " of an array is an array";
                if (!cell.problem.empty() && read.problem.empty()) read.problem = cell.problem;
                read.cells.push_back(std::move(cell));
            }
            break;
        }
        default: read.problem = "a result of type " + std::to_string(result->xltype) + " that a cell cannot hold";
    }
    return read;
}

std::string shown(const ReadResult& read) {
    if (!read.problem.empty()) return "(" + read.problem + ")";
    if (read.excel_error >= 0) return excel_error_text(read.excel_error);
    if (read.value.is_text()) return "\"" + read.value.text() + "\"";
    return to_display_text(read.value);
}

std::string bits_of(const ReadResult& read) {
    if (!read.problem.empty()) return "problem:" + read.problem;
    if (read.excel_error >= 0) return "e:" + std::to_string(read.excel_error);
    if (read.is_array()) {
        std::string cells = "a:" + std::to_string(read.rows) + "x" + std::to_string(read.columns) + "[";
        for (std::size_t i = 0; i < read.cells.size(); ++i) cells += (i ? "," : "") + bits_of(read.cells[i]);
        return cells + "]";
    }
    const Value& v = read.value;
    if (v.is_number()) {
        std::uint64_t bits = 0;
        const double x = v.number();
        std::memcpy(&bits, &x, sizeof bits);
        char hex[20];
        std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(bits));
        return std::string("n:") + hex;
    }
    if (v.is_text()) return "s:" + v.text();
    if (v.is_boolean()) return v.boolean() ? "b:1" : "b:0";
    return "nil";
}

}  // namespace kpilot::xll::fake
