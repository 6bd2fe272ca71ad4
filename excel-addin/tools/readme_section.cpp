#include "readme_section.hpp"

#include <sstream>

#include "examples.hpp"
#include "kpilot/catalog.hpp"
#include "worksheet_functions.hpp"

namespace kpilot::xll {

namespace {

std::string cell(std::string text) {
    std::string out;
    for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
}

std::string shown(const Value& v) {
    if (v.is_text()) return "\"" + v.text() + "\"";
    return to_display_text(v);
}

}  // namespace

std::string readme_function_list(const Registry& registry, const testing::CaseFile& cases) {
    std::ostringstream md;
    md << readme_begin_marker << "\n\n"
       << "| Worksheet function | KPI | Example | Gives |\n|---|---|---|---|\n";
    for (const auto& e : kpi_examples(registry, cases)) {
        md << "| `" << worksheet_signature(*e.kpi) << "` | " << cell(e.kpi->title) << " | ";
        if (e.call)
            md << "`" << cell(formula_text(*e.call)) << "` | " << cell(shown(e.result)) << " |\n";
        else
            md << " | |\n";
    }
    md << "| `KPI.EXPLAIN(kpi, [argument1], ...)` | Why a KPI call gives an error | ";
    if (const testing::KpiCase* c = explain_example(registry, cases)) {
        testing::KpiCase explained = *c;
        explained.function = "KPI.EXPLAIN";
        explained.arguments.insert(explained.arguments.begin(),
                                   Argument::scalar(registry.all().front().worksheet_name));
        KpiAnswer answer;
        answer.value = evaluated(registry.all().front(), *c);
        md << "`" << cell(formula_text(explained)) << "` | " << cell(shown(Value(explanation(answer)))) << " |\n";
    } else {
        md << " | |\n";
    }
    md << "| `KPI.CATALOG()` | Every KPI, one row each | `=KPI.CATALOG()` | " << registry.all().size() + 1
       << " rows (a header, then one per KPI) of function, title, unit, direction, formula |\n";
    md << "\n" << readme_end_marker;
    return md.str();
}

std::optional<std::string> with_function_list(const std::string& readme, const std::string& function_list) {
    const std::size_t begin = readme.find(readme_begin_marker);
    const std::size_t end = readme.find(readme_end_marker);
    if (begin == std::string::npos || end == std::string::npos || end < begin) return std::nullopt;
    return readme.substr(0, begin) + function_list + readme.substr(end + std::string(readme_end_marker).size());
}

}  // namespace kpilot::xll
