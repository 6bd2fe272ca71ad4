#pragma once
// A KPI's arguments after the registry has checked them against their
// declarations: types coerced, errors propagated, domains enforced. A KPI's
// own code sees only clean numbers and canonical choices.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "kpilot/arguments.hpp"

namespace kpilot {

struct CheckedInput {
    bool given = false;  // false when an optional argument took its default
    double number = 0.0;
    std::vector<double> numbers;           // a range's numbers, when they had to be gathered from cells
    std::span<const double> numbers_view;  // what numbers() gives: those, or the caller's own doubles
    std::vector<std::optional<double>> aligned;
    std::string text;
    const Argument* raw = nullptr;  // null when omitted
};

class Inputs {
public:
    explicit Inputs(std::vector<CheckedInput> inputs) : inputs_(std::move(inputs)) {}

    double number(std::size_t i) const { return inputs_.at(i).number; }
    // A range argument's numbers; viewed in place when the caller passed plain doubles.
    std::span<const double> numbers(std::size_t i) const {
        const CheckedInput& in = inputs_.at(i);
        return in.numbers_view.data() ? in.numbers_view : std::span<const double>(in.numbers);
    }
    const std::vector<std::optional<double>>& aligned(std::size_t i) const { return inputs_.at(i).aligned; }
    const std::string& text(std::size_t i) const { return inputs_.at(i).text; }
    bool given(std::size_t i) const { return inputs_.at(i).given; }
    const Argument* raw(std::size_t i) const { return inputs_.at(i).raw; }

private:
    std::vector<CheckedInput> inputs_;
};

}  // namespace kpilot
