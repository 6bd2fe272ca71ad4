// kpilot-xll-gen: what the build derives from the KPI registry for the Excel
// add-in, so none of it is written by hand:
//
//   kpilot-xll-gen exports OUT.cpp                      the XLL's exports (rewritten only when they change)
//   kpilot-xll-gen readme README.md CASES --check       exit 1 when the README's function list is stale
//   kpilot-xll-gen readme README.md CASES --update      rewrite that list
//   kpilot-xll-gen workbook OUT.xlsx CASES              the sample workbook
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "case_file.hpp"
#include "export_source.hpp"
#include "readme_section.hpp"
#include "sample_workbook.hpp"

namespace {

using namespace kpilot;

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

bool write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    return static_cast<bool>(out);
}

std::optional<testing::CaseFile> cases_from(const std::string& path) {
    testing::CaseFile cases = testing::read_case_file(path);
    for (const auto& problem : cases.problems) std::cerr << problem << "\n";
    if (!cases.problems.empty() || cases.cases.empty()) return std::nullopt;
    return cases;
}

int exports(const std::string& path) {
    const std::string source = xll::export_source(Registry::builtin());
    // Unchanged output keeps its timestamp, so the cross builds do not recompile it.
    if (read_file(path) == source) return 0;
    if (!write_file(path, source)) {
        std::cerr << "cannot write " << path << "\n";
        return 1;
    }
    return 0;
}

int readme(const std::string& path, const std::string& cases_path, const std::string& mode) {
    const auto cases = cases_from(cases_path);
    const auto text = read_file(path);
    if (!cases || !text) {
        std::cerr << "cannot read " << (cases ? path : cases_path) << "\n";
        return 1;
    }
    const auto updated = xll::with_function_list(*text, xll::readme_function_list(Registry::builtin(), *cases));
    if (!updated) {
        std::cerr << path << " has no Excel function list markers:\n"
                  << xll::readme_begin_marker << "\n"
                  << xll::readme_end_marker << "\n";
        return 1;
    }
    if (mode == "--check") {
        if (*updated == *text) return 0;
        std::cerr << path << ": the Excel add-in's function list is stale; run: "
                  << "cmake --build build --target update-readme-xll\n";
        return 1;
    }
    if (*updated != *text && !write_file(path, *updated)) {
        std::cerr << "cannot write " << path << "\n";
        return 1;
    }
    return 0;
}

int workbook(const std::string& path, const std::string& cases_path) {
    const auto cases = cases_from(cases_path);
    if (!cases) {
        std::cerr << "cannot read " << cases_path << "\n";
        return 1;
    }
    const std::string problem = xll::write_sample_workbook(path, Registry::builtin(), *cases);
    if (!problem.empty()) {
        std::cerr << problem << "\n";
        return 1;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string command = argc > 1 ? argv[1] : "";
    if (command == "exports" && argc == 3) return exports(argv[2]);
    if (command == "readme" && argc == 5 && (std::string(argv[4]) == "--check" || std::string(argv[4]) == "--update"))
        return readme(argv[2], argv[3], argv[4]);
    if (command == "workbook" && argc == 4) return workbook(argv[2], argv[3]);
    std::cerr << "usage: kpilot-xll-gen exports OUT.cpp\n"
                 "       kpilot-xll-gen readme README.md CASES --check|--update\n"
                 "       kpilot-xll-gen workbook OUT.xlsx CASES\n";
    return 2;
}
