#pragma once
// The vocabulary the registry describes KPIs in: units, direction, family,
// leading or lagging. Front ends use these to format cells and to type columns.

#include <optional>
#include <string_view>

namespace kpilot {

enum class Unit {
    ratio,     // a fraction: 0.25 is shown as 25%
    multiple,  // times: ROAS 4.0 means 4 of revenue per 1 of spend
    currency,  // money, in whatever currency the inputs are in
    count,     // people, leads, emails, orders
    days,
    hours,
    months,
    years,
    duration,  // a length of time in any unit, used the same for every argument
    date,      // a spreadsheet date serial (days since 1899-12-30)
    score,     // a survey scale or an index such as NPS (-100..100)
    text,      // a choice among named options
    status,    // "on track", "at risk", "off track"
    any,       // whatever unit the KPI being compared is in
};

enum class Direction { higher_is_better, lower_is_better };
enum class Family { activity, efficiency, outcome, qualitative };
enum class Timing { leading, lagging };

std::string_view to_string(Unit unit);
std::string_view to_string(Direction direction);
std::string_view to_string(Family family);
std::string_view to_string(Timing timing);

std::optional<Unit> unit_from_string(std::string_view name);

// Sums of these units still mean something, so a KPI over groups can be
// computed from summed inputs (ratio of sums). Rates and scores are not additive.
bool is_additive(Unit unit);

}  // namespace kpilot
