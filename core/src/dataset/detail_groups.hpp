#pragma once
// The first stage of computing KPIs over a file: one pass over the rows into
// detail groups (a period and one value per dimension), each holding its
// measures' accumulators. The second stage (rollup.cpp) derives everything
// else from these.

#include <cstdint>
#include <string>
#include <vector>

#include "dataset/measure_accumulator.hpp"
#include "kpilot/kpi_engine.hpp"

namespace kpilot::dataset {

struct DetailGroup {
    std::int64_t period = 0;            // meaningful only with a grain
    std::vector<std::uint32_t> values;  // per dimension, an index into ScannedRows::dimension_values
    std::size_t rows = 0;
    std::vector<MeasureAccumulator> measures;
};

struct ScannedRows {
    std::vector<std::vector<std::string>> dimension_values;  // per dimension: the distinct values seen
    std::vector<DetailGroup> groups;
    std::size_t rows_read = 0;
    std::size_t rows_used = 0;
    std::vector<InputRejection> rejected;
};

// With bind_only, stops after checking the header and the first rows; the
// problems found are the error's message, one a line.
Result<ScannedRows> scan_rows(const KpiModel& model, const std::string& data_path, const ComputeOptions& options,
                              bool bind_only = false);

}  // namespace kpilot::dataset
