#pragma once
// Arithmetic every KPI shares, with the spreadsheet error rules built in, so
// each KPI's body reads as its formula.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kpilot/result.hpp"

namespace kpilot::kpis {

Error division_by_zero(std::string_view denominator_name);
Error out_of_domain(std::string message);
Error missing_data(std::string message);
Error wrong_type(std::string message);

// numerator / denominator; #DIV/0! naming the denominator when it is zero.
Result<Value> divide(double numerator, double denominator, std::string_view denominator_name);

// part / whole where part cannot exceed whole (clicks of impressions);
// #NUM! when it does, #DIV/0! when whole is zero.
Result<Value> share_of(double part, std::string_view part_name, double whole, std::string_view whole_name);

// Arithmetic mean; #DIV/0! naming the range when it holds no numbers, as AVERAGE does.
Result<Value> mean_of(std::span<const double> values, std::string_view range_name);
Result<Value> median_of(std::vector<double> values, std::string_view range_name);

// Elapsed times between paired start and end cells (created and closed dates).
// A pair without an end is still open and is left out; an end without a start
// is #N/A; an end before its start is #NUM!; ranges of different sizes are #VALUE!.
Result<std::vector<double>> elapsed_between(std::span<const std::optional<double>> starts, std::string_view starts_name,
                                            std::span<const std::optional<double>> ends, std::string_view ends_name);

// 0.5 -> "0.5", 1e-7 -> "1e-07": numbers as they appear in messages.
std::string number_text(double x);

}  // namespace kpilot::kpis
