#pragma once
// How a KPI value reads to a person, by its unit: 25.0% for a ratio, 4.00x
// for a multiple, 1,234.56 for money. Used by text output; files keep raw numbers.

#include <string>

#include "kpilot/units.hpp"
#include "kpilot/value.hpp"

namespace kpilot {

std::string format_for_display(const Value& value, Unit unit);

// The same number format as a spreadsheet format code ("0.0%", "#,##0.00").
std::string spreadsheet_number_format(Unit unit);

}  // namespace kpilot
