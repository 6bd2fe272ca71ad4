#include "readme_section.hpp"

#include <sstream>

#include "attribution_function.hpp"
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

std::string code_list(const std::vector<std::string>& items, std::string_view last_joint) {
    std::string text;
    for (std::size_t i = 0; i < items.size(); ++i)
        text += std::string(i == 0 ? "" : i + 1 == items.size() ? last_joint : ", ") + "`" + items[i] + "`";
    return text;
}

// KPI.ATTRIBUTION spills a table, which a cell of the function table cannot show: its
// example follows that table, computed by the add-in's own code on the core.
void write_attribution_example(std::ostringstream& md) {
    std::vector<std::string> models, measures, options;
    for (attribution::Model m : attribution::all_models()) models.emplace_back(attribution::model_id(m));
    for (std::string_view m : measure_names()) measures.push_back("\"" + std::string(m) + "\"");
    for (std::string_view o : option_names()) options.emplace_back(o);
    const auto& parameters = attribution_parameters();

    md << "\n`" << attribution_worksheet_name << "` spills one row per channel, in the order the paths first name it, "
       << "and one column per model: " << code_list(models, " and ")
       << " (`\"all\"`, the default, or a list). Each cell "
       << "shows the " << code_list(measures, " or ") << " the model credits to the channel";
    for (const ModelNeed& need : model_needs()) {
        std::vector<std::string> arguments;
        for (AttributionParameter p : need.needs) arguments.push_back(parameters[static_cast<std::size_t>(p)].name);
        md << "; `" << attribution::model_id(need.model) << "` needs " << code_list(arguments, " and ")
           << ", else its column is `#N/A`";
    }
    md << ". `days` gives each touch's days before the conversion with the path's separator (`\"12 > 3 > 0\"`), "
       << "`lead_touches` and `opportunity_touches` the touch, counted from 1, that created each; a blank is not "
       << "known. `options` is a two-column range of names and values: " << code_list(options, " and ")
       << ". For example\n\n";
    const std::vector<Argument> example = attribution_example();
    md << "```\n" << formula_text(attribution_worksheet_name, example) << "\n```\n\ngives\n\n";
    const AttributionAnswer answer = answer_attribution(example);
    if (answer.failure.value.is_error()) {
        md << explanation(answer) << "\n";
    } else {
        for (std::size_t r = 0; r < answer.table.size(); ++r) {
            md << "|";
            for (const Value& v : answer.table[r]) md << " " << cell(to_display_text(v)) << " |";
            md << "\n";
            if (r == 0) {
                md << "|";
                for (std::size_t c = 0; c < answer.table[r].size(); ++c) md << (c == 0 ? "---|" : "---:|");
                md << "\n";
            }
        }
    }
    const std::vector<Argument> bad = attribution_bad_row_example();
    std::vector<Argument> explained{Argument::scalar(std::string(attribution_worksheet_name))};
    explained.insert(explained.end(), bad.begin(), bad.end());
    md << "\nA row it cannot read makes the call `#VALUE!` rather than leave a journey out; "
       << "`" << formula_text("KPI.EXPLAIN", explained)
       << "` says which: " << shown(Value(explanation(answer_attribution(bad)))) << ".\n";
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
    md << "| `" << attribution_signature() << "` | Multi-touch attribution: what each model credits to each channel "
       << "| below | a table of channels by models |\n";
    write_attribution_example(md);
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
