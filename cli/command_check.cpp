#include "command_options.hpp"
#include "kpilot/kpi_engine.hpp"

namespace kpilot::cli {

int check_command(const std::vector<std::string>& args) {
    namespace po = boost::program_options;
    po::options_description options("Options");
    options.add_options()
        ("model,m", po::value<std::string>()->required(), "KPI model (JSON) to validate")
        ("data,d", po::value<std::string>(), "also check that the model fits this CSV file's columns")
        ("by,b", po::value<std::vector<std::string>>()->multitoken(), "with --data: the columns you will group by")
        ("grain,g", po::value<std::string>(), "with --data: the grain you will use (checks the date column)")
        ("separator", po::value<char>(), "field separator (default: detected)")
        ("decimal-comma", po::bool_switch(), "numbers use ',' as the decimal mark");
    po::variables_map values;
    if (auto done = parse_options("check",
                                  "Validates a KPI model and lists every problem with its place: unknown names, "
                                  "type errors, cycles between KPIs, formulas nested too deep; with --data, also "
                                  "the columns it needs.",
                                  options, args, values))
        return *done;
    const std::string path = values["model"].as<std::string>();
    LoadedModel loaded = load_kpi_model(path);
    for (const auto& problem : loaded.problems) std::cerr << problem.text() << '\n';
    if (!loaded.model) {
        std::cerr << path << ": " << loaded.problems.size() << (loaded.problems.size() == 1 ? " problem" : " problems") << '\n';
        return exit_failure;
    }
    const KpiModel& model = *loaded.model;
    if (values.count("data")) {
        ComputeOptions compute;
        compute.csv.decimal_comma = values["decimal-comma"].as<bool>();
        if (values.count("separator")) compute.csv.separator = values["separator"].as<char>();
        if (values.count("by"))
            for (const auto& b : values["by"].as<std::vector<std::string>>()) compute.by.push_back(b);
        if (values.count("grain")) compute.grain = grain_from_string(values["grain"].as<std::string>());
        const auto problems = check_model_fits(model, values["data"].as<std::string>(), compute);
        for (const auto& problem : problems) std::cerr << problem << '\n';
        if (!problems.empty()) return exit_failure;
    }
    std::cout << path << ": ok, " << model.measures.size() << " measures, " << model.kpis.size() << " KPIs, "
              << model.groupings.size() << " groupings\n";
    return exit_ok;
}

}  // namespace kpilot::cli
