#pragma once
// What a caller hands a KPI for one parameter: nothing (omitted), one cell,
// or a range of cells. Excel, the bridge and the command line all build these.

#include <cstddef>
#include <vector>

#include "kpilot/value.hpp"

namespace kpilot {

class Argument {
public:
    enum class Shape { omitted, scalar, range };

    static Argument omitted() { return Argument(Shape::omitted, {}); }
    static Argument scalar(Value value) { return Argument(Shape::scalar, {std::move(value)}); }
    static Argument range(std::vector<Value> cells) { return Argument(Shape::range, std::move(cells)); }

    Shape shape() const { return shape_; }
    bool is_omitted() const { return shape_ == Shape::omitted; }
    // Cells in row-major order; one cell for a scalar, none when omitted.
    const std::vector<Value>& cells() const { return cells_; }

private:
    Argument(Shape shape, std::vector<Value> cells) : shape_(shape), cells_(std::move(cells)) {}
    Shape shape_;
    std::vector<Value> cells_;
};

}  // namespace kpilot
