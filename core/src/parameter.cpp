#include "kpilot/parameter.hpp"

#include <cmath>

#include "kpis/kpi_math.hpp"

namespace kpilot {

std::string_view to_string(ParameterKind kind) {
    switch (kind) {
        case ParameterKind::number: return "number";
        case ParameterKind::numbers: return "range";
        case ParameterKind::aligned_numbers: return "range";
        case ParameterKind::choice: return "choice";
        case ParameterKind::text: return "text";
    }
    return "?";
}

std::string Parameter::domain_text() const {
    using kpis::number_text;
    std::string text;
    if (minimum && maximum && !minimum_exclusive)
        text = number_text(*minimum) + " to " + number_text(*maximum);
    else {
        if (minimum) text = (minimum_exclusive ? "> " : ">= ") + number_text(*minimum);
        if (maximum) text += (text.empty() ? "" : " and ") + ("<= " + number_text(*maximum));
    }
    if (whole_number) text += text.empty() ? "whole number" : ", whole number";
    return text;
}

bool Parameter::admits(double x) const {
    if (!std::isfinite(x)) return false;
    if (minimum && (minimum_exclusive ? x <= *minimum : x < *minimum)) return false;
    if (maximum && x > *maximum) return false;
    if (whole_number && x != std::floor(x)) return false;
    return true;
}

namespace {
Parameter make(std::string name, ParameterKind kind, Unit unit, std::string description) {
    Parameter p;
    p.name = std::move(name);
    p.kind = kind;
    p.unit = unit;
    p.description = std::move(description);
    return p;
}
}  // namespace

Parameter number(std::string name, Unit unit, std::string description) {
    return make(std::move(name), ParameterKind::number, unit, std::move(description));
}
Parameter numbers(std::string name, Unit unit, std::string description) {
    return make(std::move(name), ParameterKind::numbers, unit, std::move(description));
}
Parameter aligned_numbers(std::string name, Unit unit, std::string description) {
    return make(std::move(name), ParameterKind::aligned_numbers, unit, std::move(description));
}
Parameter choice(std::string name, std::vector<std::string> choices, std::string description) {
    Parameter p = make(std::move(name), ParameterKind::choice, Unit::text, std::move(description));
    p.optional = true;
    p.default_value = choices.front();
    p.choices = std::move(choices);
    return p;
}
Parameter text(std::string name, std::string description) {
    return make(std::move(name), ParameterKind::text, Unit::text, std::move(description));
}

}  // namespace kpilot
