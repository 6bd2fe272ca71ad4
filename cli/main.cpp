// kpilot: the command line front end of the KPI core.
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "commands.hpp"

namespace {

constexpr auto usage = R"(kpilot: marketing and sales KPIs, computed once and correctly

Usage: kpilot <command> [options]

Commands:
  compute   KPIs from exported rows (CSV) with a KPI model, by columns and period, with totals
  check     validate a KPI model (and that it fits a data file)
  list      the KPI catalogue: worksheet names, units, definitions
  docs      write the KPI catalogue as Markdown (docs/kpis.md)
  template  a template workbook: data table, KPI formulas, charts, targets, read me
  attribute multi-touch attribution: which channels earned the conversions, every model side by side

Run 'kpilot <command> --help' for a command's options.
)";

}  // namespace

int main(int argc, char** argv) {
    using namespace kpilot::cli;
    if (argc < 2) {
        std::cerr << usage;
        return exit_usage;
    }
    const std::string command = argv[1];
    const std::vector<std::string> args(argv + 2, argv + argc);
    try {
        if (command == "compute") return compute_command(args);
        if (command == "list") return list_command(args);
        if (command == "check") return check_command(args);
        if (command == "docs") return docs_command(args);
        if (command == "template") return template_command(args);
        if (command == "attribute") return attribute_command(args);
        if (command == "--help" || command == "-h" || command == "help") {
            std::cout << usage;
            return exit_ok;
        }
        std::cerr << "kpilot: unknown command '" << command << "'\n\n" << usage;
        return exit_usage;
    } catch (const std::bad_alloc&) {
        std::cerr << "kpilot " << command << ": not enough memory\n";
        return exit_failure;
    } catch (const std::exception&) {
        // The core returns its errors as values; what still arrives here is a
        // library's exception, whose text names its internals, not the problem.
        std::cerr << "kpilot " << command << ": failed unexpectedly (please report the command and its files)\n";
        return exit_failure;
    }
}
