#pragma once
// Targets as a consultant writes them, one CSV row per target:
//
//   kpi,period,channel,target,on_track_at,at_risk_at
//   lead_to_opportunity_ratio,2026-07,,0.15,,
//   customer_acquisition_cost,,Paid Search,900,1,0.85
//
// period and dimension cells left blank match any; the most specific matching
// row wins. on_track_at and at_risk_at are optional thresholds on attainment.

#include <optional>
#include <string>
#include <vector>

#include "kpilot/csv.hpp"
#include "kpilot/targets.hpp"

namespace kpilot {

struct TargetEntry {
    std::size_t line = 0;
    std::string kpi;
    std::string period;  // a period label such as 2026-07 or 2026-Q3, or a date inside the period; empty: any
    std::vector<std::pair<std::string, std::string>> dimensions;  // column and value; blank cells are left out
    double target = 0.0;
    StatusThresholds thresholds;
};

struct TargetsTable {
    std::string source_name;
    std::vector<TargetEntry> entries;
    std::vector<std::pair<std::size_t, std::string>> rejected;  // line and reason
};

// #VALUE! naming the file when it cannot be read or lacks a kpi or target column.
Result<TargetsTable> read_targets_file(const std::string& path, const CsvOptions& options);

}  // namespace kpilot
