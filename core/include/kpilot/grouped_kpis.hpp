#pragma once
// The built-in KPIs computed straight from exported rows: every column named
// after a KPI argument (leads, opportunities, marketing_spend...) is summed per
// group, and each KPI whose inputs are all there is computed from the sums:
// ratio of sums, never average of ratios. Totals come from the sums too.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kpilot/csv.hpp"
#include "kpilot/registry.hpp"

namespace kpilot {

// A row that was read but not used, with the place and the reason.
struct RejectedRow {
    std::size_t line = 0;
    std::string column;  // empty when the whole row is malformed
    std::string reason;
};

struct KpiGroup {
    std::vector<std::string> key;  // one value per group column; empty for the total
    std::vector<double> sums;      // per input column
    std::size_t rows = 0;
};

struct GroupedKpis {
    std::vector<std::string> group_columns;
    std::vector<std::string> input_columns;    // the columns that were summed
    std::vector<const KpiDefinition*> kpis;    // the KPIs the columns allow, in registry order
    std::vector<KpiGroup> groups;              // sorted by key, the total last
    std::vector<std::vector<Result<Value>>> values;  // [group][kpi]
    std::size_t rows_read = 0;
    std::size_t rows_used = 0;
    std::vector<RejectedRow> rejected;
};

// Only KPIs whose required arguments are all additive quantities (counts,
// money, durations) qualify: a column of rates or scores cannot be summed.
// #VALUE! naming the column when a group column is not in the header, or when
// no KPI can be computed from the columns there are.
Result<GroupedKpis> compute_builtin_kpis_by_group(const CsvTable& table, std::span<const std::string> group_by,
                                                  bool decimal_comma, const Registry& registry = Registry::builtin());

}  // namespace kpilot
