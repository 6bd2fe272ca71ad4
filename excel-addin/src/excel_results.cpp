#include "excel_results.hpp"

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>
#include <string>

#include "excel_values.hpp"
#include "utf16.hpp"

namespace kpilot::xll {

namespace {

std::atomic<std::size_t> blocks_out{0};

XLOPER12& thread_slot() {
    thread_local XLOPER12 slot{};
    return slot;
}

std::u16string cell_text(std::string_view utf8) {
    std::u16string text = utf16_from_utf8(utf8);
    if (text.size() > xlMaxStringLength) {
        text.resize(xlMaxStringLength);
        // Do not leave half of a surrogate pair at the end.
        if (text.back() >= 0xD800 && text.back() <= 0xDBFF) text.pop_back();
    }
    return text;
}

// Writes a length-prefixed Excel string at `at` and returns the position after it.
XCHAR* put_string(XCHAR* at, const std::u16string& text) {
    at[0] = static_cast<XCHAR>(text.size());
    text.copy(at + 1, text.size());
    return at + 1 + text.size();
}

// One block: the XLOPER12s first (so the block starts at the one Excel gets
// back), then the strings they point to. Null when out of memory.
void* allocate_block(std::size_t opers, std::size_t string_units) {
    void* block = std::malloc(opers * sizeof(XLOPER12) + string_units * sizeof(XCHAR));
    if (block) blocks_out.fetch_add(1, std::memory_order_relaxed);
    return block;
}

}  // namespace

XLOPER12* number_for_excel(double number) {
    // The core never returns a non-finite number; if one slipped through, Excel would show
    // #NUM! for a NaN anyway, so say so explicitly.
    if (!std::isfinite(number)) return error_for_excel(xlerrNum);
    XLOPER12& slot = thread_slot();
    slot.xltype = xltypeNum;
    slot.val.num = number;
    return &slot;
}

XLOPER12* error_for_excel(int code) {
    XLOPER12& slot = thread_slot();
    slot.xltype = xltypeErr;
    slot.val.err = code;
    return &slot;
}

XLOPER12* text_for_excel(std::string_view utf8) {
    const std::u16string text = cell_text(utf8);
    void* block = allocate_block(1, 1 + text.size());
    if (!block) return error_for_excel(xlerrValue);
    auto* oper = new (block) XLOPER12{};
    auto* chars = reinterpret_cast<XCHAR*>(oper + 1);
    put_string(chars, text);
    oper->xltype = xltypeStr | xlbitDLLFree;
    oper->val.str = chars;
    return oper;
}

XLOPER12* value_for_excel(const Value& value) {
    if (value.is_number()) return number_for_excel(value.number());
    if (value.is_text()) return text_for_excel(value.text());
    if (value.is_error()) return error_for_excel(excel_error_code(value.error().kind));
    XLOPER12& slot = thread_slot();
    if (value.is_boolean()) {
        slot.xltype = xltypeBool;
        slot.val.xbool = value.boolean() ? 1 : 0;
    } else {
        slot.xltype = xltypeNil;
    }
    return &slot;
}

XLOPER12* result_for_excel(const Result<Value>& result) {
    if (!result) return error_for_excel(excel_error_code(result.error().kind));
    return value_for_excel(result.value());
}

XLOPER12* table_for_excel(const std::vector<std::vector<Value>>& rows) {
    if (rows.empty() || rows.front().empty()) return error_for_excel(xlerrNA);
    const std::size_t columns = rows.front().size();
    const std::size_t cells = rows.size() * columns;
    std::vector<std::u16string> texts;
    std::size_t string_units = 0;
    for (const auto& row : rows)
        for (std::size_t c = 0; c < columns && c < row.size(); ++c)
            if (row[c].is_text()) string_units += 1 + texts.emplace_back(cell_text(row[c].text())).size();

    void* block = allocate_block(1 + cells, string_units);
    if (!block) return error_for_excel(xlerrValue);
    auto* root = new (block) XLOPER12{};
    XLOPER12* cell = root + 1;
    auto* chars = reinterpret_cast<XCHAR*>(root + 1 + cells);
    std::size_t next_text = 0;
    for (const auto& row : rows) {
        for (std::size_t c = 0; c < columns; ++c, ++cell) {
            new (cell) XLOPER12{};
            const Value empty;
            const Value& v = c < row.size() ? row[c] : empty;
            if (v.is_text()) {
                cell->xltype = xltypeStr;
                cell->val.str = chars;
                chars = put_string(chars, texts[next_text++]);
            } else if (v.is_number() && std::isfinite(v.number())) {
                cell->xltype = xltypeNum;
                cell->val.num = v.number();
            } else if (v.is_boolean()) {
                cell->xltype = xltypeBool;
                cell->val.xbool = v.boolean() ? 1 : 0;
            } else if (v.is_error()) {
                cell->xltype = xltypeErr;
                cell->val.err = excel_error_code(v.error().kind);
            } else {
                cell->xltype = xltypeNil;
            }
        }
    }
    root->xltype = xltypeMulti | xlbitDLLFree;
    root->val.array.lparray = root + 1;
    root->val.array.rows = static_cast<RW>(rows.size());
    root->val.array.columns = static_cast<COL>(columns);
    return root;
}

void free_for_excel(XLOPER12* oper) {
    // Only blocks made above carry xlbitDLLFree; the per-thread slot never does.
    if (!oper || !(oper->xltype & xlbitDLLFree)) return;
    std::free(oper);
    blocks_out.fetch_sub(1, std::memory_order_relaxed);
}

std::size_t blocks_held_by_excel() { return blocks_out.load(std::memory_order_relaxed); }

}  // namespace kpilot::xll
