#pragma once
// What one measure has gathered over the rows of a group. Mergeable, so that
// subtotals, totals and windows over periods come from the same accumulators
// as the groups themselves: an average is sum over count, never a mean of means.

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_set>

#include "kpilot/kpi_model.hpp"
#include "kpilot/value.hpp"

namespace kpilot::dataset {

struct TransparentHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

struct MeasureAccumulator {
    double sum = 0.0;
    std::int64_t count = 0;
    double min = std::numeric_limits<double>::infinity();
    double max = -std::numeric_limits<double>::infinity();
    std::unordered_set<std::string, TransparentHash, std::equal_to<>> distinct;

    void add_number(double x) {
        sum += x;
        ++count;
        if (x < min) min = x;
        if (x > max) max = x;
    }
    void add_row() { ++count; }
    void add_distinct(std::string_view text) {
        if (distinct.find(text) == distinct.end()) distinct.emplace(text);
    }
    void merge(const MeasureAccumulator& other);
    Value value(const MeasureDefinition& measure) const;
};

}  // namespace kpilot::dataset
