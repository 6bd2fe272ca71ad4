#include "examples.hpp"

#include <algorithm>

namespace kpilot::xll {

namespace {

bool spelled_inline(const testing::KpiCase& c) {
    return std::all_of(c.arguments.begin(), c.arguments.end(), [](const Argument& a) {
        return std::all_of(a.cells().begin(), a.cells().end(),
                           [](const Value& v) { return !v.is_empty() && !v.is_error(); });
    });
}

std::string cell_text(const Value& v) {
    if (v.is_number()) return to_display_text(v);  // 500000, not 5e+05: as a user types it
    if (v.is_text()) {
        std::string quoted = "\"";
        for (char ch : v.text()) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
        return quoted + "\"";
    }
    if (v.is_boolean()) return v.boolean() ? "TRUE" : "FALSE";
    if (v.is_error()) return std::string(error_code(v.error().kind));
    return "";
}

const testing::KpiCase* first_case(const Registry& registry, const KpiDefinition& kpi, const testing::CaseFile& cases,
                                   bool wants_error) {
    const testing::KpiCase* fallback = nullptr;
    for (const auto& c : cases.cases) {
        if (registry.find(c.function) != &kpi || c.expected.value.is_error() != wants_error) continue;
        if (spelled_inline(c)) return &c;
        if (!fallback) fallback = &c;
    }
    return fallback;
}

}  // namespace

std::string formula_argument(const Argument& argument) {
    switch (argument.shape()) {
        case Argument::Shape::omitted: return "";
        case Argument::Shape::scalar: return cell_text(argument.cells().front());
        case Argument::Shape::range: {
            std::string text = "{";
            for (std::size_t i = 0; i < argument.cells().size(); ++i)
                text += (i ? ", " : "") + cell_text(argument.cells()[i]);
            return text + "}";
        }
    }
    return "";
}

std::string formula_text(std::string_view function, std::span<const Argument> arguments) {
    std::string text = "=" + std::string(function) + "(";
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string argument = formula_argument(arguments[i]);
        text += (i ? (argument.empty() ? "," : ", ") : "") + argument;
    }
    return text + ")";
}

std::string formula_text(const testing::KpiCase& call) { return formula_text(call.function, call.arguments); }

Value evaluated(const KpiDefinition& kpi, const testing::KpiCase& call) {
    const Result<Value> result = evaluate(kpi, call.arguments);
    return result ? result.value() : Value(result.error());
}

std::vector<KpiExample> kpi_examples(const Registry& registry, const testing::CaseFile& cases) {
    std::vector<KpiExample> examples;
    for (const auto& kpi : registry.all()) {
        KpiExample e;
        e.kpi = &kpi;
        e.call = first_case(registry, kpi, cases, false);
        if (e.call) e.result = evaluated(kpi, *e.call);
        examples.push_back(std::move(e));
    }
    return examples;
}

const testing::KpiCase* explain_example(const Registry& registry, const testing::CaseFile& cases) {
    if (registry.all().empty()) return nullptr;
    return first_case(registry, registry.all().front(), cases, true);
}

std::vector<Argument> attribution_example() {
    return {
        Argument::range({"Paid Search > Email > Direct", "Social > Email", "Paid Search > Direct", "Social"}),
        Argument::range({3, 1, 2, 0}),       // conversions
        Argument::range({360, 90, 150, 0}),  // conversion value
        Argument::range({2, 6, 4, 12}),      // journeys that did not convert
        Argument::scalar("last_touch, last_non_direct_touch, linear, markov, shapley"),
    };
}

std::vector<Argument> attribution_bad_row_example() {
    return {Argument::range({"Paid Search > Email", "Social > > Email"}), Argument::range({3, 1})};
}

}  // namespace kpilot::xll
