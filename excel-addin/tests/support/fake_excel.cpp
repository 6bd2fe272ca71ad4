#include "fake_excel.hpp"

#include "excel_opers.hpp"
#include "excel_values.hpp"

namespace kpilot::xll::fake {

namespace {

std::u16string string_of(const XLOPER12& oper) {
    if (base_type(oper) != xltypeStr || !oper.val.str) return {};
    return std::u16string(oper.val.str + 1, oper.val.str[0]);
}

bool is_thread_safe_callback(int xlfn) {
    // The C-API-only functions (xlFree, xlCoerce, xlGetName...) may be called from any
    // calculation thread; the XLM functions (xlfRegister...) only from the main one.
    return (xlfn & xlSpecial) != 0;
}

}  // namespace

FakeExcel& FakeExcel::instance() {
    static FakeExcel excel;
    return excel;
}

void FakeExcel::reset(std::u16string dll_path) {
    std::lock_guard lock(mutex_);
    main_thread_ = std::this_thread::get_id();
    dll_path_ = std::move(dll_path);
    cells_.clear();
    number_columns_.clear();
    handed_out_.clear();
    handed_out_count_ = freed_count_ = 0;
    registrations_.clear();
    unregistered_.clear();
    deleted_names_.clear();
    problems_.clear();
    next_register_id_ = 1001;
    coerce_calls_ = 0;
}

void FakeExcel::set_cell(RW row, COL column, Value value) {
    std::lock_guard lock(mutex_);
    cells_[{row, column}].value = std::move(value);
}

void FakeExcel::set_uncalculated(RW row, COL column, bool uncalculated) {
    std::lock_guard lock(mutex_);
    cells_[{row, column}].uncalculated = uncalculated;
}

void FakeExcel::set_number_column(COL column, std::vector<double> numbers) {
    std::lock_guard lock(mutex_);
    number_columns_[column] = std::move(numbers);
}

std::size_t FakeExcel::blocks_handed_out() const {
    std::lock_guard lock(mutex_);
    return handed_out_count_;
}

std::size_t FakeExcel::blocks_freed() const {
    std::lock_guard lock(mutex_);
    return freed_count_;
}

std::vector<Registration> FakeExcel::registrations() const {
    std::lock_guard lock(mutex_);
    return registrations_;
}

std::vector<double> FakeExcel::unregistered_ids() const {
    std::lock_guard lock(mutex_);
    return unregistered_;
}

std::vector<std::u16string> FakeExcel::deleted_names() const {
    std::lock_guard lock(mutex_);
    return deleted_names_;
}

std::size_t FakeExcel::blocks_outstanding() const {
    std::lock_guard lock(mutex_);
    return handed_out_.size();
}

std::vector<std::string> FakeExcel::problems() const {
    std::lock_guard lock(mutex_);
    return problems_;
}

void FakeExcel::problem(std::string what) { problems_.push_back(std::move(what)); }

int FakeExcel::callback(int xlfn, int count, XLOPER12** opers, XLOPER12* result) {
    std::lock_guard lock(mutex_);
    if (count < 0 || (count > 0 && !opers)) {
        problem("callback " + std::to_string(xlfn) + " with a bad argument list");
        return xlretInvCount;
    }
    if (!is_thread_safe_callback(xlfn) && std::this_thread::get_id() != main_thread_) {
        problem("callback " + std::to_string(xlfn) + " from a calculation thread: Excel forbids it there");
        return xlretNotThreadSafe;
    }
    switch (xlfn) {
        case xlGetName: return get_name(result);
        case xlCoerce: return coerce(count, opers, result);
        case xlFree: return free(count, opers);
        case xlfRegister: return register_function(count, opers, result);
        case xlfUnregister:
            if (count != 1 || base_type(*opers[0]) != xltypeNum) return xlretInvXloper;
            unregistered_.push_back(opers[0]->val.num);
            result->xltype = xltypeBool;
            result->val.xbool = 1;
            return xlretSuccess;
        case xlfSetName:
            // With only the name, Excel deletes it.
            if (count == 1 && base_type(*opers[0]) == xltypeStr) deleted_names_.push_back(string_of(*opers[0]));
            result->xltype = xltypeBool;
            result->val.xbool = 1;
            return xlretSuccess;
        default: problem("callback " + std::to_string(xlfn) + " that this host does not play"); return xlretInvXlfn;
    }
}

void FakeExcel::hand_out(std::unique_ptr<Block> block, const void* key) {
    handed_out_[key] = std::move(block);
    ++handed_out_count_;
}

int FakeExcel::get_name(XLOPER12* result) {
    auto block = std::make_unique<Block>();
    std::u16string& text = block->strings.emplace_back();
    text += static_cast<char16_t>(dll_path_.size());
    text += dll_path_;
    result->xltype = xltypeStr;
    result->val.str = text.data();
    const void* key = text.data();
    hand_out(std::move(block), key);
    return xlretSuccess;
}

int FakeExcel::coerce(int count, XLOPER12** opers, XLOPER12* result) {
    ++coerce_calls_;
    if (count < 1 || count > 2) return xlretInvCount;
    const XLOPER12& source = *opers[0];
    const std::uint32_t wanted = count == 2 && base_type(*opers[1]) == xltypeInt
                                     ? static_cast<std::uint32_t>(opers[1]->val.w)
                                     : (xltypeNum | xltypeStr | xltypeBool | xltypeErr | xltypeMulti | xltypeNil);
    switch (base_type(source)) {
        case xltypeSRef: return coerce_area(source.val.sref.ref, wanted, result);
        case xltypeRef: {
            const XLMREF12* areas = source.val.mref.lpmref;
            if (source.val.mref.idSheet != sheet_id || !areas) return xlretFailed;
            // Excel cannot coerce a multi-area reference to values in one go.
            if (areas->count != 1) return xlretFailed;
            return coerce_area(areas->reftbl[0], wanted, result);
        }
        case xltypeNum:
        case xltypeBool:
        case xltypeErr:
        case xltypeNil:
            if (!(base_type(source) & wanted)) return xlretFailed;
            *result = source;
            result->xltype = base_type(source);
            return xlretSuccess;
        default: return xlretFailed;
    }
}

int FakeExcel::coerce_area(const XLREF12& area, std::uint32_t wanted, XLOPER12* result) {
    if (area.rwFirst < 0 || area.colFirst < 0 || area.rwLast < area.rwFirst || area.colLast < area.colFirst ||
        area.rwLast >= sheet_rows || area.colLast >= sheet_columns)
        return xlretFailed;
    for (const auto& [where, cell] : cells_)
        if (cell.uncalculated && where.first >= area.rwFirst && where.first <= area.rwLast &&
            where.second >= area.colFirst && where.second <= area.colLast)
            return xlretUncalced;
    auto value_at = [&](RW r, COL c) {
        const auto found = cells_.find({r, c});
        if (found != cells_.end()) return found->second.value;
        const auto column = number_columns_.find(c);
        if (column != number_columns_.end() && static_cast<std::size_t>(r) < column->second.size())
            return Value(column->second[static_cast<std::size_t>(r)]);
        return Value();
    };
    auto block = std::make_unique<Block>();
    const bool one_cell = area.rwFirst == area.rwLast && area.colFirst == area.colLast;
    if (one_cell && !(wanted & xltypeMulti)) {
        *result = cell_oper(value_at(area.rwFirst, area.colFirst), block->strings);
        if (base_type(*result) != xltypeStr) return xlretSuccess;  // nothing allocated to free
        const void* key = result->val.str;
        hand_out(std::move(block), key);
        return xlretSuccess;
    }
    if (!(wanted & xltypeMulti)) return xlretFailed;
    const RW rows = area.rwLast - area.rwFirst + 1;
    const COL columns = area.colLast - area.colFirst + 1;
    // Excel's xlCoerce fails when it cannot hold an area's values; this one's limit is 4M cells (128 MB).
    if (static_cast<std::int64_t>(rows) * columns > (std::int64_t{1} << 22)) return xlretFailed;
    // Blank cells first, then the number columns and the cells set one by one over them:
    // a whole column costs its size, not a lookup per cell.
    XLOPER12 blank{};
    blank.xltype = xltypeNil;
    block->opers.assign(static_cast<std::size_t>(rows) * static_cast<std::size_t>(columns), blank);
    auto at = [&](RW r, COL c) -> XLOPER12& {
        return block->opers[static_cast<std::size_t>(r - area.rwFirst) * static_cast<std::size_t>(columns) +
                            static_cast<std::size_t>(c - area.colFirst)];
    };
    for (const auto& [c, numbers] : number_columns_) {
        if (c < area.colFirst || c > area.colLast) continue;
        for (RW r = area.rwFirst; r <= area.rwLast && static_cast<std::size_t>(r) < numbers.size(); ++r) {
            XLOPER12& cell = at(r, c);
            cell.xltype = xltypeNum;
            cell.val.num = numbers[static_cast<std::size_t>(r)];
        }
    }
    for (auto it = cells_.lower_bound({area.rwFirst, area.colFirst});
         it != cells_.end() && it->first.first <= area.rwLast; ++it)
        if (it->first.second >= area.colFirst && it->first.second <= area.colLast)
            at(it->first.first, it->first.second) = cell_oper(it->second.value, block->strings);
    result->xltype = xltypeMulti;
    result->val.array.lparray = block->opers.data();
    result->val.array.rows = rows;
    result->val.array.columns = columns;
    const void* key = block->opers.data();
    hand_out(std::move(block), key);
    return xlretSuccess;
}

int FakeExcel::free(int count, XLOPER12** opers) {
    for (int i = 0; i < count; ++i) {
        const XLOPER12& oper = *opers[i];
        const void* key = nullptr;
        if (base_type(oper) == xltypeStr) key = oper.val.str;
        if (base_type(oper) == xltypeMulti) key = oper.val.array.lparray;
        if (!key) continue;  // xlFree of a value that owns no memory does nothing
        if (handed_out_.erase(key) == 0)
            problem("xlFree of memory Excel did not hand out");
        else
            ++freed_count_;
    }
    return xlretSuccess;
}

int FakeExcel::register_function(int count, XLOPER12** opers, XLOPER12* result) {
    if (count < 10) {
        problem("xlfRegister with " + std::to_string(count) + " arguments; a function needs at least 10");
        return xlretInvCount;
    }
    Registration r;
    for (int i = 0; i < count; ++i) r.argument_types.push_back(base_type(*opers[i]));
    r.module = string_of(*opers[0]);
    r.procedure = string_of(*opers[1]);
    r.type_text = string_of(*opers[2]);
    r.function_text = string_of(*opers[3]);
    r.argument_text = string_of(*opers[4]);
    r.macro_type = base_type(*opers[5]) == xltypeNum ? opers[5]->val.num : -1;
    r.category = string_of(*opers[6]);
    r.function_help = string_of(*opers[9]);
    for (int i = 10; i < count; ++i) r.argument_help.push_back(string_of(*opers[i]));
    r.register_id = next_register_id_++;
    registrations_.push_back(r);
    result->xltype = xltypeNum;
    result->val.num = r.register_id;
    return xlretSuccess;
}

int KPILOT_XLL_STDCALL fake_md_callback12(int xlfn, int count, XLOPER12** opers, XLOPER12* result) {
    return FakeExcel::instance().callback(xlfn, count, opers, result);
}

}  // namespace kpilot::xll::fake
