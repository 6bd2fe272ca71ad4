#include <fstream>

#include "command_options.hpp"
#include "kpilot/catalog.hpp"

namespace kpilot::cli {

int docs_command(const std::vector<std::string>& args) {
    namespace po = boost::program_options;
    po::options_description options("Options");
    options.add_options()("output,o", po::value<std::string>(), "file to write (default: standard output)");
    po::variables_map values;
    if (auto done = parse_options("docs", "Writes the KPI catalogue, generated from the registry, as Markdown.", options,
                                  args, values))
        return *done;
    const std::string markdown = catalog_markdown(Registry::builtin());
    if (!values.count("output")) {
        std::cout << markdown;
        return exit_ok;
    }
    const std::string path = values["output"].as<std::string>();
    std::ofstream out(path, std::ios::binary);
    out << markdown;
    if (!out) {
        std::cerr << "kpilot docs: cannot write " << path << '\n';
        return exit_failure;
    }
    return exit_ok;
}

}  // namespace kpilot::cli
