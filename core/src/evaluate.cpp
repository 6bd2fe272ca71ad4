// Checking a KPI's arguments against its declared parameters, once, for every
// KPI: this is where spreadsheet semantics live (errors propagate, blanks and
// text in ranges are skipped, domains give #NUM!).
#include <algorithm>
#include <cctype>
#include <cmath>

#include "kpilot/text_case.hpp"
#include "kpilot/number_text.hpp"
#include "kpilot/registry.hpp"
#include "kpis/kpi_math.hpp"

namespace kpilot {

namespace {

using kpis::number_text;

std::string quoted(std::string_view name) { return "'" + std::string(name) + "'"; }

std::string trimmed(std::string_view text) {
    std::size_t b = 0, e = text.size();
    while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
    return std::string(text.substr(b, e - b));
}

Error domain_error(const Parameter& p, double x, std::string_view where = {}) {
    return kpis::out_of_domain("argument " + quoted(p.name) + (where.empty() ? "" : " ") + std::string(where) +
                               " must be " + p.domain_text() + ", got " + number_text(x));
}

Result<double> scalar_number(const Parameter& p, const Argument& arg) {
    if (arg.size() != 1)
        return kpis::wrong_type("argument " + quoted(p.name) + " takes one value, got a range of " +
                                std::to_string(arg.size()) + " cells");
    const Value& v = arg.cells().front();
    double x = 0.0;  // an empty cell reads as 0, as in =A1+1
    if (v.is_number())
        x = v.number();
    else if (v.is_boolean())
        x = v.boolean() ? 1.0 : 0.0;
    else if (v.is_text()) {
        // Numeric text reads as its number, as Excel reads "12", "1,234" or "25%" in =A1+1.
        auto parsed = parse_number_text(v.text(), false);
        if (!parsed)
            return kpis::wrong_type("argument " + quoted(p.name) + " must be a number, got text \"" + v.text() + "\"");
        x = *parsed;
    }
    if (!p.admits(x)) return domain_error(p, x);
    return x;
}

std::string choices_text(const Parameter& p) {
    std::string text;
    for (const auto& c : p.choices) text += (text.empty() ? "\"" : ", \"") + c + "\"";
    return text;
}

Result<CheckedInput> check(const Parameter& p, const Argument* arg) {
    CheckedInput in;
    in.raw = arg;
    in.given = arg != nullptr;
    if (!arg) {
        if (!p.optional) return kpis::wrong_type("argument " + quoted(p.name) + " is required");
        if (p.default_value.is_number()) in.number = p.default_value.number();
        if (p.default_value.is_text()) in.text = p.default_value.text();
        return in;
    }
    switch (p.kind) {
        case ParameterKind::number: {
            auto x = scalar_number(p, *arg);
            if (!x) return x.error();
            in.number = x.value();
            return in;
        }
        case ParameterKind::numbers:
        case ParameterKind::aligned_numbers: {
            const bool aligned = p.kind == ParameterKind::aligned_numbers;
            if (arg->holds_only_numbers()) {
                const auto& numbers = arg->numbers();
                for (std::size_t i = 0; i < numbers.size(); ++i)
                    if (!p.admits(numbers[i])) return domain_error(p, numbers[i], "(cell " + std::to_string(i + 1) + ")");
                if (aligned)
                    in.aligned.assign(numbers.begin(), numbers.end());
                else
                    in.numbers_view = numbers;  // no copy: the argument outlives the call
                return in;
            }
            if (aligned) in.aligned.reserve(arg->cells().size());
            else in.numbers.reserve(arg->cells().size());
            std::size_t position = 0;
            for (const Value& v : arg->cells()) {
                ++position;
                if (!v.is_number()) {
                    if (aligned) in.aligned.emplace_back();
                    continue;
                }
                if (!p.admits(v.number()))
                    return domain_error(p, v.number(), "(cell " + std::to_string(position) + ")");
                if (aligned)
                    in.aligned.emplace_back(v.number());
                else
                    in.numbers.push_back(v.number());
            }
            return in;
        }
        case ParameterKind::choice:
        case ParameterKind::text: {
            if (arg->size() != 1)
                return kpis::wrong_type("argument " + quoted(p.name) + " takes one value, not a range");
            const Value& v = arg->cells().front();
            if (v.is_empty()) {
                in.given = false;
                in.text = p.default_value.is_text() ? p.default_value.text() : "";
                return in;
            }
            if (!v.is_text())
                return kpis::wrong_type("argument " + quoted(p.name) + " must be text" +
                                        (p.choices.empty() ? "" : ": one of " + choices_text(p)));
            if (p.kind == ParameterKind::text) {
                in.text = trimmed(v.text());
                return in;
            }
            const std::string wanted = canonical_choice(v.text());
            if (std::find(p.choices.begin(), p.choices.end(), wanted) == p.choices.end())
                return kpis::wrong_type("argument " + quoted(p.name) + " must be one of " + choices_text(p) +
                                        ", got \"" + v.text() + "\"");
            in.text = wanted;
            return in;
        }
    }
    return kpis::wrong_type("argument " + quoted(p.name) + " has an unknown kind");
}

// The first error among the inputs, in argument order, comes back unchanged.
std::optional<Error> first_input_error(const KpiDefinition& kpi, std::span<const Argument> arguments) {
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        if (arguments[i].holds_only_numbers()) continue;  // numbers hold no errors
        for (const Value& v : arguments[i].cells()) {
            if (!v.is_error()) continue;
            Error e = v.error();
            if (e.message.empty()) {
                const std::string name = i < kpi.parameters.size() ? kpi.parameters[i].name : std::to_string(i + 1);
                e.message = "argument " + quoted(name) + " holds " + std::string(error_code(e.kind));
            }
            return e;
        }
    }
    return std::nullopt;
}

}  // namespace

Result<Value> evaluate(const KpiDefinition& kpi, std::span<const Argument> arguments) {
    try {
        if (auto e = first_input_error(kpi, arguments)) return *e;
        for (std::size_t i = kpi.parameters.size(); i < arguments.size(); ++i)
            if (!arguments[i].is_omitted())
                return kpis::wrong_type(kpi.worksheet_name + " takes at most " + std::to_string(kpi.parameters.size()) +
                                        " arguments, got " + std::to_string(arguments.size()));
        std::vector<CheckedInput> checked;
        checked.reserve(kpi.parameters.size());
        for (std::size_t i = 0; i < kpi.parameters.size(); ++i) {
            const Argument* arg = i < arguments.size() && !arguments[i].is_omitted() ? &arguments[i] : nullptr;
            auto in = check(kpi.parameters[i], arg);
            if (!in) return in.error();
            checked.push_back(std::move(in).value());
        }
        Result<Value> result = kpi.compute(Inputs(std::move(checked)));
        if (result && result.value().is_number() && !std::isfinite(result.value().number()))
            return kpis::out_of_domain(kpi.worksheet_name + " has no finite result for these arguments");
        return result;
    } catch (const std::exception& e) {
        // Nothing may escape the core: out of memory and the like become a value too.
        return kpis::wrong_type(kpi.worksheet_name + " failed: " + e.what());
    } catch (...) {
        return kpis::wrong_type(kpi.worksheet_name + " failed");
    }
}

Result<Value> evaluate(std::string_view name, std::span<const Argument> arguments) {
    const KpiDefinition* kpi = Registry::builtin().find(name);
    if (!kpi) return kpis::wrong_type("unknown KPI \"" + std::string(name) + "\"");
    return evaluate(*kpi, arguments);
}

}  // namespace kpilot
