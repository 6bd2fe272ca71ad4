#pragma once
// Parsing a subcommand's options the same way for every subcommand: --help
// prints the options to stdout, a wrong option is a usage error on stderr.

#include <boost/program_options.hpp>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"

namespace kpilot::cli {

// nullopt: go on. A value: the subcommand ends with that exit code.
inline std::optional<int> parse_options(const std::string& command, const std::string& summary,
                                        boost::program_options::options_description& options,
                                        const std::vector<std::string>& args,
                                        boost::program_options::variables_map& values) {
    namespace po = boost::program_options;
    options.add_options()("help,h", "show this help");
    try {
        po::store(po::command_line_parser(args).options(options).run(), values);
        if (values.count("help")) {
            std::cout << "Usage: kpilot " << command << " [options]\n" << summary << "\n\n" << options;
            return exit_ok;
        }
        po::notify(values);
    } catch (const po::error& e) {
        std::cerr << "kpilot " << command << ": " << e.what() << "\n(see 'kpilot " << command << " --help')\n";
        return exit_usage;
    }
    return std::nullopt;
}

}  // namespace kpilot::cli
