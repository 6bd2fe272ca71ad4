// Evaluating a compiled formula with spreadsheet error semantics: the first
// error among the operands comes back unchanged, x / 0 is #DIV/0!, a result
// that is not a finite number is #NUM!.
#include <algorithm>
#include <cmath>
#include <strings.h>

#include "expression/ast.hpp"

namespace kpilot {

namespace {

using Node = Expression::Node;
using Op = Node::Op;

Scalar evaluate_node(const Node& node, std::span<const Scalar> slots);

// Reads a slot in place and evaluates anything else into `scratch`, so a row
// filter comparing a column with a literal copies no text.
const Scalar& operand(const Node& node, std::span<const Scalar> slots, Scalar& scratch) {
    if (node.op == Op::slot) return slots[node.slot];
    scratch = evaluate_node(node, slots);
    return scratch;
}

bool truth(const Scalar& s) { return s.kind == Scalar::Kind::boolean ? s.boolean : s.number != 0.0; }

Scalar finite(double x, const Node& node) {
    if (std::isfinite(x)) return Scalar::of_number(x);
    return Scalar::of_error(ErrorKind::num, "'" + node.source + "' has no finite value");
}

// Text compares without regard to case, as Excel compares it.
int compare_text(const std::string& a, const std::string& b) { return ::strcasecmp(a.c_str(), b.c_str()); }

Scalar compare(const Node& node, const Scalar& a, const Scalar& b) {
    int order = 0;
    if (a.kind == Scalar::Kind::text)
        order = compare_text(a.text, b.text);
    else if (a.kind == Scalar::Kind::boolean)
        order = static_cast<int>(a.boolean) - static_cast<int>(b.boolean);
    else
        order = a.number < b.number ? -1 : (a.number > b.number ? 1 : 0);
    switch (node.op) {
        case Op::equal: return Scalar::of_boolean(order == 0);
        case Op::not_equal: return Scalar::of_boolean(order != 0);
        case Op::less: return Scalar::of_boolean(order < 0);
        case Op::less_equal: return Scalar::of_boolean(order <= 0);
        case Op::greater: return Scalar::of_boolean(order > 0);
        default: return Scalar::of_boolean(order >= 0);
    }
}

Scalar arithmetic(const Node& node, double a, double b) {
    switch (node.op) {
        case Op::add: return finite(a + b, node);
        case Op::subtract: return finite(a - b, node);
        case Op::multiply: return finite(a * b, node);
        case Op::divide:
            if (b == 0.0) return Scalar::of_error(ErrorKind::div0, node.children[1]->source + " is zero in '" + node.source + "'");
            return finite(a / b, node);
        default: return finite(std::pow(a, b), node);
    }
}

Scalar call_kpi(const Node& node, std::span<const Scalar> slots) {
    std::vector<Argument> args;
    args.reserve(node.children.size());
    for (const auto& child : node.children) {
        Scalar scratch;
        const Scalar& value = operand(*child, slots, scratch);
        args.push_back(Argument::scalar(value.to_value()));
    }
    const Result<Value> result = evaluate(*node.kpi, args);
    return Scalar::from_value(result ? result.value() : Value(result.error()));
}

Scalar evaluate_node(const Node& node, std::span<const Scalar> slots) {
    switch (node.op) {
        case Op::number: return Scalar::of_number(node.number);
        case Op::text: return Scalar::of_text(node.text);
        case Op::boolean: return Scalar::of_boolean(node.boolean);
        case Op::slot: return slots[node.slot];
        case Op::negate: {
            Scalar v = evaluate_node(*node.children[0], slots);
            if (!v.is_error()) v.number = -v.number;
            return v;
        }
        case Op::logical_not: {
            Scalar scratch;
            const Scalar& v = operand(*node.children[0], slots, scratch);
            return v.is_error() ? v : Scalar::of_boolean(!truth(v));
        }
        case Op::add:
        case Op::subtract:
        case Op::multiply:
        case Op::divide:
        case Op::power: {
            Scalar left_scratch, right_scratch;
            const Scalar& a = operand(*node.children[0], slots, left_scratch);
            if (a.is_error()) return a;
            const Scalar& b = operand(*node.children[1], slots, right_scratch);
            if (b.is_error()) return b;
            return arithmetic(node, a.number, b.number);
        }
        case Op::equal:
        case Op::not_equal:
        case Op::less:
        case Op::less_equal:
        case Op::greater:
        case Op::greater_equal: {
            Scalar left_scratch, right_scratch;
            const Scalar& a = operand(*node.children[0], slots, left_scratch);
            if (a.is_error()) return a;
            const Scalar& b = operand(*node.children[1], slots, right_scratch);
            if (b.is_error()) return b;
            return compare(node, a, b);
        }
        case Op::logical_and:
        case Op::logical_or: {
            Scalar left_scratch, right_scratch;
            const Scalar& a = operand(*node.children[0], slots, left_scratch);
            if (a.is_error()) return a;
            // Short-circuits, so "lost > 0 and won / lost > 2" never divides by zero.
            const bool is_and = node.op == Op::logical_and;
            if (truth(a) != is_and) return Scalar::of_boolean(!is_and);
            const Scalar& b = operand(*node.children[1], slots, right_scratch);
            if (b.is_error()) return b;
            return Scalar::of_boolean(truth(b));
        }
        case Op::if_then_else: {
            Scalar scratch;
            const Scalar& condition = operand(*node.children[0], slots, scratch);
            if (condition.is_error()) return condition;
            return evaluate_node(*node.children[truth(condition) ? 1 : 2], slots);
        }
        case Op::minimum:
        case Op::maximum: {
            double best = 0.0;
            for (std::size_t i = 0; i < node.children.size(); ++i) {
                Scalar scratch;
                const Scalar& v = operand(*node.children[i], slots, scratch);
                if (v.is_error()) return v;
                if (i == 0 || (node.op == Op::minimum ? v.number < best : v.number > best)) best = v.number;
            }
            return Scalar::of_number(best);
        }
        case Op::absolute: {
            Scalar v = evaluate_node(*node.children[0], slots);
            if (!v.is_error()) v.number = std::fabs(v.number);
            return v;
        }
        case Op::safe_divide: {
            Scalar a_scratch, b_scratch;
            const Scalar& a = operand(*node.children[0], slots, a_scratch);
            if (a.is_error()) return a;
            const Scalar& b = operand(*node.children[1], slots, b_scratch);
            if (b.is_error()) return b;
            if (b.number == 0.0) return evaluate_node(*node.children[2], slots);
            return finite(a.number / b.number, node);
        }
        case Op::kpi_call: return call_kpi(node, slots);
    }
    return Scalar::of_error(ErrorKind::value, "unknown operation");
}

}  // namespace

Scalar Expression::evaluate(std::span<const Scalar> slots) const { return evaluate_node(*root_, slots); }

bool Expression::holds(std::span<const Scalar> slots) const {
    Scalar scratch;
    const Scalar& result = operand(*root_, slots, scratch);
    return !result.is_error() && truth(result);
}

}  // namespace kpilot
