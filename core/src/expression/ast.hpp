#pragma once
// The parsed form of a formula: a tree of nodes, each with its static type and
// the text it came from (so an error can say "spend is zero").

#include <memory>
#include <string>
#include <vector>

#include "kpilot/expression.hpp"

namespace kpilot {

struct Expression::Node {
    enum class Op {
        number, text, boolean, slot,
        negate, logical_not,
        add, subtract, multiply, divide, power,
        equal, not_equal, less, less_equal, greater, greater_equal,
        logical_and, logical_or,
        if_then_else, minimum, maximum, absolute, safe_divide,
        kpi_call,
    };
    Op op = Op::number;
    ExprType type = ExprType::number;
    std::size_t column = 0;   // 1-based position in the formula
    std::size_t height = 1;   // levels below and including this node
    std::string source;       // the text of this node, for messages
    double number = 0.0;
    bool boolean = false;
    std::string text;
    std::size_t slot = 0;
    const KpiDefinition* kpi = nullptr;
    std::vector<std::unique_ptr<Node>> children;
};

}  // namespace kpilot
