#include "kpis/kpi_math.hpp"

#include <algorithm>
#include <numeric>

namespace kpilot::kpis {

Error division_by_zero(std::string_view denominator_name) {
    return make_error(ErrorKind::div0, std::string(denominator_name) + " is zero, so the ratio is undefined");
}
Error out_of_domain(std::string message) { return make_error(ErrorKind::num, std::move(message)); }
Error missing_data(std::string message) { return make_error(ErrorKind::na, std::move(message)); }
Error wrong_type(std::string message) { return make_error(ErrorKind::value, std::move(message)); }

std::string number_text(double x) { return to_display_text(Value(x)); }

Result<Value> divide(double numerator, double denominator, std::string_view denominator_name) {
    if (denominator == 0.0) return division_by_zero(denominator_name);
    return Value(numerator / denominator);
}

Result<Value> share_of(double part, std::string_view part_name, double whole, std::string_view whole_name) {
    if (whole == 0.0) return division_by_zero(whole_name);
    if (part > whole)
        return out_of_domain(std::string(part_name) + " (" + number_text(part) + ") cannot exceed " +
                             std::string(whole_name) + " (" + number_text(whole) + ")");
    return Value(part / whole);
}

Result<Value> mean_of(std::span<const double> values, std::string_view range_name) {
    if (values.empty()) return make_error(ErrorKind::div0, std::string(range_name) + " holds no numbers to average");
    return Value(std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size()));
}

Result<Value> median_of(std::vector<double> values, std::string_view range_name) {
    if (values.empty()) return make_error(ErrorKind::div0, std::string(range_name) + " holds no numbers");
    const std::size_t mid = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
    const double upper = values[mid];
    if (values.size() % 2 == 1) return Value(upper);
    const double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid));
    return Value((lower + upper) / 2.0);
}

Result<std::vector<double>> elapsed_between(std::span<const std::optional<double>> starts, std::string_view starts_name,
                                            std::span<const std::optional<double>> ends, std::string_view ends_name) {
    if (starts.size() != ends.size())
        return wrong_type(std::string(starts_name) + " has " + std::to_string(starts.size()) + " cells but " +
                          std::string(ends_name) + " has " + std::to_string(ends.size()) + "; they must pair up");
    std::vector<double> elapsed;
    elapsed.reserve(starts.size());
    for (std::size_t i = 0; i < starts.size(); ++i) {
        if (!ends[i]) continue;  // still open
        const std::string position = " at position " + std::to_string(i + 1);
        if (!starts[i]) return missing_data(std::string(ends_name) + position + " has no matching " + std::string(starts_name));
        if (*ends[i] < *starts[i])
            return out_of_domain(std::string(ends_name) + position + " (" + number_text(*ends[i]) + ") is before its " +
                                 std::string(starts_name) + " (" + number_text(*starts[i]) + ")");
        elapsed.push_back(*ends[i] - *starts[i]);
    }
    return elapsed;
}

}  // namespace kpilot::kpis
