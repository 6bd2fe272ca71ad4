#include "excel_arguments.hpp"

#include "excel_callback.hpp"
#include "excel_values.hpp"

namespace kpilot::xll {

namespace {

// A range's cells, kept as plain doubles for as long as every cell is a
// number (nearly always, for a large range): a million survey scores then
// cost eight bytes each on their way to the core, in a buffer reused from
// earlier calls.
class RangeCells {
public:
    RangeCells(std::vector<NumberBuffer>& buffers, std::size_t argument_count)
        : buffers_(buffers), argument_count_(argument_count) {}

    void reserve(std::size_t n) {
        if (values_mode_) values_.reserve(n);
        else numbers().reserve(n);
    }
    void add_number(double x) {
        if (values_mode_) values_.emplace_back(x);
        else numbers_->push_back(x);
    }
    void add(Value v) {
        if (!values_mode_) {
            std::vector<double>& numbers_so_far = numbers();
            values_.reserve(numbers_so_far.capacity());
            values_.assign(numbers_so_far.begin(), numbers_so_far.end());
            numbers_so_far.clear();
            values_mode_ = true;
        }
        values_.push_back(std::move(v));
    }
    std::size_t size() const { return values_mode_ ? values_.size() : numbers_ ? numbers_->size() : 0; }
    Value front() const { return values_mode_ ? values_.front() : Value(numbers_->front()); }
    Argument to_range() {
        if (values_mode_) return Argument::range(std::move(values_));
        return Argument::view_of_numbers(numbers());
    }

private:
    std::vector<double>& numbers() {
        if (!numbers_) {
            // One buffer at most per argument: room for all of them is made
            // once, so none moves while a RangeCells points at it (and a call
            // with no range allocates nothing here).
            if (buffers_.capacity() < argument_count_) buffers_.reserve(argument_count_);
            numbers_ = &buffers_.emplace_back().numbers();
        }
        return *numbers_;
    }

    std::vector<NumberBuffer>& buffers_;
    std::size_t argument_count_;
    std::vector<double>* numbers_ = nullptr;  // in buffers_
    bool values_mode_ = false;
    std::vector<Value> values_;
};

class ArgumentReader {
public:
    ArgumentReader(ExcelArguments& out, std::size_t argument_count) : out_(out), argument_count_(argument_count) {}

    Argument read(const XLOPER12* oper, std::size_t position) {
        position_ = position;
        if (!oper) return Argument::omitted();
        switch (base_type(*oper)) {
            case xltypeMissing: return Argument::omitted();
            case xltypeMulti: {
                RangeCells cells(out_.range_numbers, argument_count_);
                append_array(*oper, cells);
                return cells.to_range();
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

    void append_array(const XLOPER12& array, RangeCells& cells) {
        const RW rows = array.val.array.rows;
        const COL columns = array.val.array.columns;
        if (rows <= 0 || columns <= 0 || !array.val.array.lparray) return;
        const std::size_t count = static_cast<std::size_t>(rows) * static_cast<std::size_t>(columns);
        cells.reserve(cells.size() + count);
        const XLOPER12* cell = array.val.array.lparray;
        for (std::size_t i = 0; i < count; ++i, ++cell) {
            // Numbers first: they are nearly every cell of a large range.
            if (cell->xltype == xltypeNum) {
                cells.add_number(cell->val.num);
                continue;
            }
            cells.add(cell_value(*cell));
            note_error(*cell);
        }
    }

    // A reference to one cell reads as that cell, as Excel passes it to a type Q
    // argument; a larger or multi-area one reads as a range.
    Argument read_reference(const XLOPER12& reference, const XLREF12& first_area, std::size_t area_count) {
        RangeCells cells(out_.range_numbers, argument_count_);
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
        if (one_cell) return Argument::scalar(cells.front());
        return cells.to_range();
    }

    bool append_area(const XLOPER12& reference, RangeCells& cells) {
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
            cells.add(cell_value(values.value()));
            note_error(values.value());
        }
        return true;
    }

    Argument unreadable() {
        out_.unreadable_argument = position_;
        return Argument::omitted();
    }

    ExcelArguments& out_;
    std::size_t argument_count_;
    std::size_t position_ = 0;
};

}  // namespace

ExcelArguments read_arguments(std::span<XLOPER12* const> opers) {
    ExcelArguments out;
    out.arguments.reserve(opers.size());
    ArgumentReader reader(out, opers.size());
    for (std::size_t i = 0; i < opers.size(); ++i) {
        out.arguments.push_back(reader.read(opers[i], i));
        if (!out.complete()) break;
    }
    return out;
}

}  // namespace kpilot::xll
