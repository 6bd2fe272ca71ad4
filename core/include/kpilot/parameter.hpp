#pragma once
// One argument of a KPI as the registry declares it: name, kind, unit, help
// text and the domain rule whose breach is #NUM!. The XLL's argument help,
// the bridge's schema and docs/kpis.md are all read from here.

#include <optional>
#include <string>
#include <vector>

#include "kpilot/units.hpp"
#include "kpilot/value.hpp"

namespace kpilot {

enum class ParameterKind {
    number,           // one value; an empty cell counts as 0, numeric text as its number
    numbers,          // a range; blanks, text and booleans are skipped, as AVERAGE skips them
    aligned_numbers,  // a range read cell by cell beside another; blank or text is "no value here"
    choice,           // one of a few named options, matched without regard to case
    text,             // free text
};

std::string_view to_string(ParameterKind kind);

struct Parameter {
    std::string name;
    ParameterKind kind = ParameterKind::number;
    Unit unit = Unit::count;
    std::string description;
    bool optional = false;
    Value default_value;               // used when an optional argument is omitted
    std::vector<std::string> choices;  // for ParameterKind::choice; the first is the default
    std::optional<double> minimum;
    bool minimum_exclusive = false;
    std::optional<double> maximum;
    bool whole_number = false;

    // The domain, in words: "≥ 0", "0 to 1", "> 0, whole number". Empty when unbounded.
    std::string domain_text() const;
    // Whether a number lies in the domain.
    bool admits(double x) const;

    // Named-parameter style, so a declaration reads as one sentence.
    Parameter&& at_least(double low) && { minimum = low; return std::move(*this); }
    Parameter&& above(double low) && { minimum = low; minimum_exclusive = true; return std::move(*this); }
    Parameter&& at_most(double high) && { maximum = high; return std::move(*this); }
    Parameter&& between(double low, double high) && { minimum = low; maximum = high; return std::move(*this); }
    Parameter&& whole() && { whole_number = true; return std::move(*this); }
    Parameter&& defaults_to(Value value) && { optional = true; default_value = std::move(value); return std::move(*this); }
};

Parameter number(std::string name, Unit unit, std::string description);
Parameter numbers(std::string name, Unit unit, std::string description);
Parameter aligned_numbers(std::string name, Unit unit, std::string description);
// The first choice is the default.
Parameter choice(std::string name, std::vector<std::string> choices, std::string description);
Parameter text(std::string name, std::string description);

}  // namespace kpilot
