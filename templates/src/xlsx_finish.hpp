#pragma once
// What libxlsxwriter 1.1.4 cannot write, put into the finished file:
//
// - A formula's cached error. The library caches a result as a number or a
//   string only; Excel's files hold an error result as t="e". Cells whose
//   cached string is an error code (#DIV/0!, #N/A...) become errors.
// - No recalculation on load. The library always sets fullCalcOnLoad, so Excel
//   recalculates every formula on opening, and where the kpilot add-in is not
//   installed every KPI.* cell turns to #NAME?. Without it, and with the
//   calcId of current Excel (which otherwise recalculates files an older
//   version saved), the values kpilot computed show until the data changes.
//
// The named parts are rewritten; every other part is copied as it is
// compressed, so a million-row Data sheet costs a copy, not a recompression.

#include <string>
#include <vector>

#include "kpilot/result.hpp"

namespace kpilot::templates {

// Rewrites `path` in place; `sheet_parts` are the worksheets (xl/worksheets/sheetN.xml) to scan for errors.
Result<bool> finish_xlsx(const std::string& path, const std::vector<std::string>& sheet_parts);

// The two rewrites on a part's text, exposed for tests.
std::string cache_errors_as_errors(std::string sheet_xml);
std::string load_without_recalculation(std::string workbook_xml);

}  // namespace kpilot::templates
