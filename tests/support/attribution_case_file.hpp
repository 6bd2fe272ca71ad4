#pragma once
// Attribution test vectors as data: a case is a path set, the options it
// runs with, and what each model must give, checked by hand in its note.
//
//   case A repeated channel takes a share for each of its touches
//   # linear: three touches, 1/3 each; A holds two: 2/3 * 3 = 2 and 2/3 * 90 = 60
//   path A > B > A; conversions 3; value 90
//   expect linear: A = 2, 60; B = 1, 30
//   expect time_decay: #N/A "path 1"
//
// An expectation gives each channel's conversions and value, or the error
// kind and a fragment of its message.
//
// tests/cases/attribution.cases describes the whole syntax in its header.
// Plain structs and no test framework, so that the core's driver, the Excel
// add-in's host and the bridge can all run the same file.

#include <optional>
#include <string>
#include <vector>

#include "kpilot/attribution.hpp"
#include "kpilot/value.hpp"

namespace kpilot::testing {

struct ExpectedCredit {
    std::string channel;
    double conversions = 0.0;
    double value = 0.0;
};

struct ExpectedError {
    ErrorKind kind = ErrorKind::value;
    std::string message_contains;  // may be empty: any message
};

// What one model must give on the case's paths: an error, or every channel's credit.
struct ModelExpectation {
    attribution::Model model = attribution::Model::linear;
    int line = 0;
    std::string source;                   // the line as written
    std::optional<ExpectedError> error;   // set: the model must fail with this
    std::vector<ExpectedCredit> credits;  // otherwise: one per channel of the case, in the file's order
};

struct ExpectedRemovalEffect {
    std::string channel;
    double effect = 0.0;
};

struct AttributionCase {
    std::string file;   // the case file's name, for messages
    int line = 0;       // where "case" stands
    std::string title;  // the text after "case"
    std::string note;   // the arithmetic, from the case's "# " lines
    attribution::PathSet paths;
    attribution::ModelOptions options;
    std::vector<std::string> options_set;  // "half_life_days 3.5", as written: what a host passes on
    std::vector<ModelExpectation> expectations;
    // Markov's intermediate results, when the case gives them (it then also expects markov).
    std::vector<ExpectedRemovalEffect> removal_effects;
    std::optional<double> conversion_probability;
};

struct AttributionCaseFile {
    std::vector<AttributionCase> cases;
    std::vector<std::string> problems;  // "attribution.cases:12: expected 'channel = conversions, value'"
};

AttributionCaseFile read_attribution_case_file(const std::string& path);

// Why a model's result differs from what the case expects: one line per
// difference (numbers within 1e-9 relative, errors by kind and message
// fragment); empty when it matches. A host that reads the numbers back from
// cells can fill an Attribution with them and ask the same question.
std::vector<std::string> attribution_mismatches(const AttributionCase& c, const ModelExpectation& expected,
                                                const Result<attribution::Attribution>& actual);

}  // namespace kpilot::testing
