#include <nlohmann/json.hpp>

#include "command_options.hpp"
#include "kpilot/catalog.hpp"
#include "text_table.hpp"

namespace kpilot::cli {

namespace {

nlohmann::json kpi_as_json(const KpiDefinition& kpi) {
    nlohmann::json arguments = nlohmann::json::array();
    for (const auto& p : kpi.parameters) {
        nlohmann::json a{{"name", p.name},
                         {"kind", to_string(p.kind)},
                         {"unit", to_string(p.unit)},
                         {"description", p.description},
                         {"optional", p.optional},
                         {"domain", p.domain_text()}};
        if (!p.choices.empty()) a["choices"] = p.choices;
        arguments.push_back(a);
    }
    return {{"id", kpi.id},
            {"worksheet_name", kpi.worksheet_name},
            {"title", kpi.title},
            {"description", kpi.description},
            {"arguments", arguments},
            {"unit", to_string(kpi.unit)},
            {"direction", to_string(kpi.direction)},
            {"family", to_string(kpi.family)},
            {"timing", to_string(kpi.timing)},
            {"formula", kpi.formula},
            {"source", kpi.source},
            {"notes", kpi.notes}};
}

}  // namespace

int list_command(const std::vector<std::string>& args) {
    namespace po = boost::program_options;
    po::options_description options("Options");
    options.add_options()("format,f", po::value<std::string>()->default_value("text"), "text or json");
    po::variables_map values;
    if (auto done = parse_options("list", "Lists every KPI kpilot computes, from its registry.", options, args, values))
        return *done;
    const std::string format = values["format"].as<std::string>();
    const auto& kpis = Registry::builtin().all();
    if (format == "json") {
        nlohmann::json all = nlohmann::json::array();
        for (const auto& kpi : kpis) all.push_back(kpi_as_json(kpi));
        std::cout << all.dump(2) << '\n';
        return exit_ok;
    }
    if (format != "text") {
        std::cerr << "kpilot list: --format must be text or json, got '" << format << "'\n";
        return exit_usage;
    }
    std::vector<std::vector<std::string>> rows{{"Function", "Unit", "Better", "Definition"}};
    for (const auto& kpi : kpis)
        rows.push_back({worksheet_signature(kpi), std::string(to_string(kpi.unit)),
                        kpi.direction == Direction::higher_is_better ? "higher" : "lower", kpi.formula});
    print_text_table(std::cout, rows, Alignment::all_left);
    return exit_ok;
}

}  // namespace kpilot::cli
