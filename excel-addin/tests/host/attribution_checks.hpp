#pragma once
// KPI.ATTRIBUTION through the XLL under wine: the spilled table against the
// core's models called directly and against the hand-worked path set of
// hand_attribution.hpp, with arrays, references read through xlCoerce and
// multi-area references; its errors and KPI.EXPLAIN's reasons; and every
// xlbitDLLFree array handed back through xlAutoFree12.

#include <string>
#include <vector>

#include "attribution_case_file.hpp"
#include "host_session.hpp"

namespace kpilot::xll::host {

// paths, conversions, values, nulls, models, measure, separator, days, lead_touches,
// opportunity_touches, options: what the export must take.
inline constexpr std::size_t attribution_arity = 11;

// What the XLL registered for KPI.ATTRIBUTION beyond what every registration is checked for:
// the models' help names every model of the core.
std::string attribution_help_problems(const std::vector<std::u16string>& argument_help);

// Sets cells of the fake sheet; call before the threads, which read them too.
void check_attribution(Host& host);

// Every case of tests/cases/attribution.cases that a path table on a sheet can state (days,
// lead and opportunity touches and options included) through KPI.ATTRIBUTION, each
// channel's conversions and value read back from the spilled tables and held to the case's
// hand-worked numbers; the others (a channel name holding the separator) are reported skipped.
void check_attribution_cases(Host& host, const testing::AttributionCaseFile& cases);

// A few KPI.ATTRIBUTION calls (arrays, references, a bad row), for each calculation thread
// to repeat and compare with what one thread got.
std::vector<ReadResult> attribution_calls_for_threads(const Host& host);
// Whether two results are the same, to the last bit and cell by cell (fake::bits_of).
bool same_result(const ReadResult& a, const ReadResult& b);

}  // namespace kpilot::xll::host
