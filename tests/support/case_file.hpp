#pragma once
// KPI test vectors as data: one line a case, written as a user would type the
// function in a cell, with the value they would check by hand.
//
//   KPI.ROMI(1000, 0.4, 200) -> 1                      # (1000*0.4 - 200) / 200
//   KPI.NPS({10, 9, 6, "n/a", EMPTY}) -> 0              # text and blanks skipped
//   KPI.ROMI(1000, 0.4, 0) -> #DIV/0! "marketing_spend" # message must name it
//
// Arguments: numbers, "text", TRUE/FALSE, EMPTY (an empty cell), error codes
// (#N/A), {...} for a range, and nothing between commas for an omitted one.
// The same file drives the core, the XLL host and the bridge.

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "kpilot/arguments.hpp"
#include "kpilot/value.hpp"

namespace kpilot::testing {

struct Expected {
    Value value;                  // number, text or error (kind only)
    std::string message_contains; // for errors: a fragment the message must hold
};

struct KpiCase {
    std::string file;
    int line = 0;
    std::string source;        // the line as written, for failure messages
    std::string function;      // "KPI.ROMI"
    std::vector<Argument> arguments;
    Expected expected;
    std::string note;          // the arithmetic, after '# '
};

struct CaseFile {
    std::vector<KpiCase> cases;
    std::vector<std::string> problems;  // "kpis.cases:12: expected '->'"
};

CaseFile read_case_file(const std::string& path);
std::optional<ErrorKind> error_kind_from_code(std::string_view code);

// How GoogleTest names a case in its output: the line as written.
inline void PrintTo(const KpiCase& c, std::ostream* os) { *os << c.file << ":" << c.line << ": " << c.source; }

// Whether a result matches: numbers within 1e-9 relative, text exactly,
// errors by kind and message fragment. Returns why not, or empty.
std::string mismatch(const Expected& expected, const Value& actual, const std::string& actual_message);

}  // namespace kpilot::testing
