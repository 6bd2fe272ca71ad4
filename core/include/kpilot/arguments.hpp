#pragma once
// What a caller hands a KPI for one parameter: nothing (omitted), one cell,
// or a range of cells. Excel, the bridge and the command line all build these.

#include <cstddef>
#include <span>
#include <vector>

#include "kpilot/value.hpp"

namespace kpilot {

class Argument {
public:
    enum class Shape { omitted, scalar, range };

    static Argument omitted() { return Argument(Shape::omitted, {}); }
    static Argument scalar(Value value) { return Argument(Shape::scalar, {std::move(value)}); }
    static Argument range(std::vector<Value> cells) { return Argument(Shape::range, std::move(cells)); }
    // A range of plain numbers: a million survey scores need no Value each.
    static Argument range_of_numbers(std::vector<double> numbers) {
        Argument a(Shape::range, {});
        a.numbers_ = std::move(numbers);
        a.only_numbers_ = true;
        return a;
    }
    // The same, viewing numbers the caller keeps alive until the call returns:
    // a front end that reuses one buffer across calls pays no allocation.
    static Argument view_of_numbers(std::span<const double> numbers) {
        Argument a(Shape::range, {});
        a.view_ = numbers;
        a.viewed_ = true;
        a.only_numbers_ = true;
        return a;
    }

    Shape shape() const { return shape_; }
    bool is_omitted() const { return shape_ == Shape::omitted; }
    std::size_t size() const { return only_numbers_ ? numbers().size() : cells_.size(); }
    // True when every cell is a number, held as doubles (see numbers()).
    bool holds_only_numbers() const { return only_numbers_; }
    std::span<const double> numbers() const { return viewed_ ? view_ : std::span<const double>(numbers_); }
    // Cells in row-major order; one cell for a scalar, none when omitted. A
    // range of numbers is turned into cells only if someone asks for them.
    const std::vector<Value>& cells() const {
        if (only_numbers_ && cells_.size() != numbers().size()) cells_.assign(numbers().begin(), numbers().end());
        return cells_;
    }

private:
    Argument(Shape shape, std::vector<Value> cells) : shape_(shape), cells_(std::move(cells)) {}
    Shape shape_;
    mutable std::vector<Value> cells_;
    std::vector<double> numbers_;
    std::span<const double> view_;
    bool viewed_ = false;
    bool only_numbers_ = false;
};

}  // namespace kpilot
