#pragma once
// KPIs over exported rows: one pass over a CSV file, measures aggregated per
// group (dimension values and a calendar period), then every KPI computed from
// the aggregated measures (ratio of sums, never average of ratios), with
// subtotals and totals from measures too, period-over-period values, running
// and trailing windows, and attainment and status against targets.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kpilot/csv.hpp"
#include "kpilot/dates.hpp"
#include "kpilot/input_rejection.hpp"
#include "kpilot/kpi_model.hpp"
#include "kpilot/targets_file.hpp"

namespace kpilot {

struct ComputeOptions {
    std::vector<std::string> by;
    std::optional<Grain> grain;
    int fiscal_year_start_month = 1;
    int trailing_periods = 0;  // 3: each period also gets the KPI over the last three periods
    std::optional<DateOrder> date_order;  // overrides the model's
    CsvOptions csv;
    bool strict = false;  // stop at the first rejected row
    bool subtotals = true;
    std::function<void(std::uint64_t bytes_done, std::uint64_t bytes_total)> progress;
};

// One group of the result: a period (or all periods) and dimension values,
// where a rolled-up dimension (a subtotal) has no value.
struct KpiRow {
    std::optional<std::int64_t> period;
    std::string period_label;                // "2026-07"; empty for all periods
    std::optional<std::int32_t> period_start;
    std::vector<std::optional<std::string>> dimensions;
    std::size_t level = 0;                   // how many dimensions are kept, from the first
    std::size_t input_rows = 0;
    std::vector<Value> measures;             // per model measure
    std::vector<Value> kpis;                 // per model KPI, in the model's order
    // Per KPI, filled only when the result has a grain:
    std::vector<Value> previous;             // the same group in the period before
    std::vector<Value> running;              // from the first period up to this one
    std::vector<Value> trailing;             // over the last trailing_periods periods
    // Per KPI, filled only when targets were given and one matched:
    std::vector<std::optional<double>> targets;
    std::vector<Value> attainment;
    std::vector<Value> status;
};

struct KpiResults {
    std::vector<std::string> dimensions;
    std::optional<Grain> grain;
    int trailing_periods = 0;
    bool has_targets = false;
    std::vector<KpiRow> rows;  // periods in order; within one, groups in order, each subtotal after its members
    std::size_t rows_read = 0;
    std::size_t rows_used = 0;
    std::vector<InputRejection> rejected;
    std::vector<std::string> notes;  // e.g. targets that matched nothing
};

// #VALUE! with every problem listed when the model does not fit the data
// (a column it names is missing, a filter compares text with a number), or
// with the line and reason of the first bad row under strict.
// What compute_kpis would refuse, found from the header and the first rows
// only: missing columns, filters that do not fit the column types. Empty when
// the model fits.
std::vector<std::string> check_model_fits(const KpiModel& model, const std::string& data_path, const ComputeOptions& options);

Result<KpiResults> compute_kpis(const KpiModel& model, const std::string& data_path, const ComputeOptions& options,
                                const TargetsTable* targets = nullptr);

}  // namespace kpilot
