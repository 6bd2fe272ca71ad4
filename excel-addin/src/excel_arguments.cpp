#include "excel_arguments.hpp"

#include "excel_callback.hpp"
#include "excel_values.hpp"

namespace kpilot::xll {

namespace {

class ArgumentReader {
public:
    explicit ArgumentReader(ExcelArguments& out) : out_(out) {}

    Argument read(const XLOPER12* oper, std::size_t position) {
        position_ = position;
        if (!oper) return Argument::omitted();
        switch (base_type(*oper)) {
            case xltypeMissing: return Argument::omitted();
            case xltypeMulti: {
                std::vector<Value> cells;
                append_array(*oper, cells);
                return Argument::range(std::move(cells));
            }
            case xltypeSRef: return read_reference(*oper, oper->val.sref.ref, 1);
            case xltypeRef: {
                const XLMREF12* areas = oper->val.mref.lpmref;
                if (!areas || areas->count == 0) return unreadable();
                return read_reference(*oper, areas->reftbl[0], areas->count);
            }
            default: {
                Value cell = cell_value(*oper);
                note_error(*oper);
                return Argument::scalar(std::move(cell));
            }
        }
    }

private:
    void note_error(const XLOPER12& cell) {
        if (base_type(cell) == xltypeErr && !out_.first_error_code) {
            out_.first_error_code = cell.val.err;
            out_.first_error_argument = position_;
        }
    }

    void append_array(const XLOPER12& array, std::vector<Value>& cells) {
        const RW rows = array.val.array.rows;
        const COL columns = array.val.array.columns;
        if (rows <= 0 || columns <= 0 || !array.val.array.lparray) return;
        const std::size_t count = static_cast<std::size_t>(rows) * static_cast<std::size_t>(columns);
        cells.reserve(cells.size() + count);
        const XLOPER12* cell = array.val.array.lparray;
        for (std::size_t i = 0; i < count; ++i, ++cell) {
            // Numbers first: they are nearly every cell of a large range.
            if (cell->xltype == xltypeNum) {
                cells.emplace_back(cell->val.num);
                continue;
            }
            cells.push_back(cell_value(*cell));
            note_error(*cell);
        }
    }

    // A reference to one cell reads as that cell, as Excel passes it to a type Q
    // argument; a larger or multi-area one reads as a range.
    Argument read_reference(const XLOPER12& reference, const XLREF12& first_area, std::size_t area_count) {
        std::vector<Value> cells;
        if (base_type(reference) == xltypeSRef || area_count == 1) {
            if (!append_area(reference, cells)) return Argument::omitted();
        } else {
            for (std::size_t k = 0; k < area_count; ++k) {
                // xlCoerce reads one area at a time; pass each as a one-area reference.
                XLMREF12 one{1, {reference.val.mref.lpmref->reftbl[k]}};
                XLOPER12 area{};
                area.xltype = xltypeRef;
                area.val.mref.lpmref = &one;
                area.val.mref.idSheet = reference.val.mref.idSheet;
                if (!append_area(area, cells)) return Argument::omitted();
            }
        }
        const bool one_cell = area_count == 1 && first_area.rwFirst == first_area.rwLast &&
                              first_area.colFirst == first_area.colLast && cells.size() == 1;
        if (one_cell) return Argument::scalar(std::move(cells.front()));
        return Argument::range(std::move(cells));
    }

    bool append_area(const XLOPER12& reference, std::vector<Value>& cells) {
        XLOPER12 wanted{};
        wanted.xltype = xltypeInt;
        wanted.val.w = static_cast<int>(xltypeMulti);
        ExcelOwned values;
        const int rc = excel12(xlCoerce, values.fill(), {const_cast<XLOPER12*>(&reference), &wanted});
        if (rc == xlretUncalced) {
            out_.uncalculated = true;
            return false;
        }
        if (rc != xlretSuccess) {
            unreadable();
            return false;
        }
        values.adopt();
        if (base_type(values.value()) == xltypeMulti) {
            append_array(values.value(), cells);
        } else {
            cells.push_back(cell_value(values.value()));
            note_error(values.value());
        }
        return true;
    }

    Argument unreadable() {
        out_.unreadable_argument = position_;
        return Argument::omitted();
    }

    ExcelArguments& out_;
    std::size_t position_ = 0;
};

}  // namespace

ExcelArguments read_arguments(std::span<XLOPER12* const> opers) {
    ExcelArguments out;
    out.arguments.reserve(opers.size());
    ArgumentReader reader(out);
    for (std::size_t i = 0; i < opers.size(); ++i) {
        out.arguments.push_back(reader.read(opers[i], i));
        if (!out.complete()) break;
    }
    return out;
}

}  // namespace kpilot::xll
