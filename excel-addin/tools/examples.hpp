#pragma once
// One worked example per worksheet function, taken from tests/cases/kpis.cases
// (the first case of each KPI that gives a value), so the README and the sample
// workbook show calls that the test suite checks by hand.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "case_file.hpp"
#include "kpilot/registry.hpp"

namespace kpilot::xll {

struct KpiExample {
    const KpiDefinition* kpi = nullptr;
    const testing::KpiCase* call = nullptr;  // null when kpis.cases has no value case for the KPI
    Value result;                            // what the core computes for the call
};

// In registry order. A case with an empty cell or an error among its arguments is
// passed over while a plainer one exists, because a formula cannot spell those inline.
std::vector<KpiExample> kpi_examples(const Registry& registry, const testing::CaseFile& cases);

// The first error case of the registry's first KPI, for KPI.EXPLAIN's example.
const testing::KpiCase* explain_example(const Registry& registry, const testing::CaseFile& cases);

// "=KPI.ROMI(1000, 0.4, 200)": the call as typed in a cell.
std::string formula_text(const testing::KpiCase& call);
std::string formula_text(std::string_view function, std::span<const Argument> arguments);
std::string formula_argument(const Argument& argument);

// What the core gives for a case: its value, or its Error.
Value evaluated(const KpiDefinition& kpi, const testing::KpiCase& call);

// KPI.ATTRIBUTION's example for the README and the sample workbook: a path table
// small enough to read at a glance, typed inline, with the models that tell
// most apart (a "Direct" last touch, the Markov chain's nulls).
std::vector<Argument> attribution_example();
// A call with a bad row, for KPI.EXPLAIN's example.
std::vector<Argument> attribution_bad_row_example();

}  // namespace kpilot::xll
