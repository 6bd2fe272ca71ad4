// From detail groups to the result: subtotals and totals by merging measure
// accumulators (ROLLUP over period and dimensions), KPIs from the merged
// measures, then period-over-period, running and trailing values, and targets.
#include "kpilot/kpi_engine.hpp"

#include <algorithm>
#include <map>

#include "dataset/detail_groups.hpp"
#include "dataset/kpi_calculator.hpp"
#include "errors_as_values.hpp"

namespace kpilot {

namespace {

using dataset::MeasureAccumulator;

// A group of the result before its KPIs: which period and which dimension
// values (a prefix of them, the rest rolled up), and its merged measures.
struct RollupKey {
    std::optional<std::int64_t> period;
    std::vector<std::uint32_t> values;  // the kept prefix
    bool operator<(const RollupKey& o) const {
        if (period != o.period) return period < o.period;
        return values < o.values;
    }
};

struct RollupGroup {
    std::size_t rows = 0;
    std::vector<MeasureAccumulator> measures;

    void merge(const dataset::DetailGroup& detail) {
        rows += detail.rows;
        if (measures.empty()) measures.resize(detail.measures.size());
        for (std::size_t m = 0; m < measures.size(); ++m) measures[m].merge(detail.measures[m]);
    }
    void merge(const RollupGroup& other) {
        rows += other.rows;
        if (measures.empty()) measures.resize(other.measures.size());
        for (std::size_t m = 0; m < measures.size(); ++m) measures[m].merge(other.measures[m]);
    }
};

std::vector<Value> measure_values(const KpiModel& model, const std::vector<MeasureAccumulator>& measures) {
    std::vector<Value> values;
    values.reserve(model.measures.size());
    for (std::size_t m = 0; m < model.measures.size(); ++m) values.push_back(measures[m].value(model.measures[m]));
    return values;
}

class TargetMatcher {
public:
    TargetMatcher(const TargetsTable& table, const KpiModel& model, const ComputeOptions& options,
                  const Calendar& calendar, std::vector<std::string>& notes) {
        for (const auto& entry : table.entries) {
            Prepared p{&entry, std::nullopt, {}, true};
            if (!model.find_kpi(entry.kpi)) {
                notes.push_back(table.source_name + ": line " + std::to_string(entry.line) + ": no KPI \"" + entry.kpi +
                                "\" in the model; target ignored");
                continue;
            }
            if (!entry.period.empty() && options.grain)
                if (auto serial = parse_date(entry.period, DateOrder::iso)) p.period = calendar.period_of(*serial);
            for (const auto& [column, value] : entry.dimensions) {
                auto it = std::find(options.by.begin(), options.by.end(), column);
                if (it == options.by.end()) {
                    notes.push_back(table.source_name + ": line " + std::to_string(entry.line) + ": column \"" +
                                    column + "\" is not grouped by; target ignored");
                    p.usable = false;
                    break;
                }
                p.dimensions.emplace_back(static_cast<std::size_t>(it - options.by.begin()), value);
            }
            if (p.usable) prepared_.push_back(std::move(p));
        }
    }

    // The most specific target for this KPI and group; the earlier line wins a tie.
    const TargetEntry* find(const std::string& kpi, const KpiRow& row) const {
        const TargetEntry* best = nullptr;
        std::size_t best_score = 0;
        for (const auto& p : prepared_) {
            if (p.entry->kpi != kpi) continue;
            std::size_t score = 1;
            if (!p.entry->period.empty()) {
                const bool same = p.period ? row.period == p.period : p.entry->period == row.period_label;
                if (!same || !row.period) continue;
                ++score;
            }
            bool matches = true;
            for (const auto& [d, value] : p.dimensions)
                if (d >= row.level || row.dimensions[d] != value) matches = false;
            if (!matches) continue;
            score += p.dimensions.size();
            // Unconstrained dimensions match a detail row and its subtotals alike.
            if (score > best_score) {
                best = p.entry;
                best_score = score;
            }
        }
        return best;
    }

private:
    struct Prepared {
        const TargetEntry* entry;
        std::optional<std::int64_t> period;
        std::vector<std::pair<std::size_t, std::string>> dimensions;
        bool usable;
    };
    std::vector<Prepared> prepared_;
};

}  // namespace

std::vector<std::string> check_model_fits(const KpiModel& model, const std::string& data_path,
                                          const ComputeOptions& options) {
    auto bound = errors_as_values(data_path, [&] { return dataset::scan_rows(model, data_path, options, true); });
    if (bound) return {};
    std::vector<std::string> problems;
    std::string message = bound.error().message;
    for (std::size_t start = 0; start < message.size();) {
        std::size_t end = message.find('\n', start);
        if (end == std::string::npos) end = message.size();
        std::string line = message.substr(start, end - start);
        while (!line.empty() && line.front() == ' ') line.erase(line.begin());
        if (!line.empty() && !line.ends_with("does not fit the model:")) problems.push_back(data_path + ": " + line);
        start = end + 1;
    }
    if (problems.empty()) problems.push_back(message);
    return problems;
}

Result<KpiResults> compute_kpis(const KpiModel& model, const std::string& data_path, const ComputeOptions& options,
                                const TargetsTable* targets) {
    try {
        auto scanned = dataset::scan_rows(model, data_path, options);
        if (!scanned) return scanned.error();
        dataset::ScannedRows& scan = scanned.value();
        const std::size_t dims = options.by.size();
        const Calendar calendar{options.grain.value_or(Grain::day), options.fiscal_year_start_month};

        // ROLLUP(period, d1, ..., dk): every prefix, then the total over all periods.
        std::map<RollupKey, RollupGroup> groups;
        for (const auto& detail : scan.groups) {
            const std::optional<std::int64_t> period = options.grain ? std::optional(detail.period) : std::nullopt;
            for (std::size_t level = dims + 1; level-- > 0;) {
                const bool subtotal = level < dims;
                if (subtotal && !options.subtotals && !(level == 0 && !options.grain)) continue;
                groups[{period,
                        std::vector(detail.values.begin(), detail.values.begin() + static_cast<std::ptrdiff_t>(level))}]
                    .merge(detail);
            }
            if (options.grain) groups[{std::nullopt, {}}].merge(detail);
        }
        if (groups.empty()) groups[{std::nullopt, {}}];  // no rows: a total of nothing still says so

        const dataset::KpiCalculator calculator(model);
        KpiResults results;
        results.dimensions = options.by;
        results.grain = options.grain;
        results.trailing_periods = options.trailing_periods;
        results.has_targets = targets != nullptr;
        results.rows_read = scan.rows_read;
        results.rows_used = scan.rows_used;
        results.rejected = std::move(scan.rejected);

        // Periods of each dimension prefix, for previous, running and trailing values.
        std::map<std::vector<std::uint32_t>, std::map<std::int64_t, const RollupGroup*>> periods_of;
        for (const auto& [key, group] : groups)
            if (key.period) periods_of[key.values][*key.period] = &group;

        for (const auto& [key, group] : groups) {
            KpiRow row;
            row.period = key.period;
            if (key.period) {
                row.period_label = calendar.label_of(*key.period);
                row.period_start = calendar.start_of(*key.period);
            }
            row.level = key.values.size();
            for (std::size_t d = 0; d < dims; ++d)
                row.dimensions.push_back(d < key.values.size() ? std::optional(scan.dimension_values[d][key.values[d]])
                                                               : std::nullopt);
            row.input_rows = group.rows;
            if (group.measures.empty()) {
                std::vector<MeasureAccumulator> none(model.measures.size());
                row.measures = measure_values(model, none);
            } else {
                row.measures = measure_values(model, group.measures);
            }
            row.kpis = calculator.evaluate(row.measures);
            if (key.period) {
                const auto& series = periods_of[key.values];
                const std::int64_t p = *key.period;
                if (auto it = series.find(p - 1); it != series.end()) {
                    row.previous = calculator.evaluate(measure_values(model, it->second->measures));
                } else {
                    const Value missing(Error{ErrorKind::na, "no data in " + calendar.label_of(p - 1)});
                    row.previous.assign(model.kpis.size(), missing);
                }
                RollupGroup running, trailing;
                for (auto it = series.begin(); it != series.end() && it->first <= p; ++it) {
                    running.merge(*it->second);
                    if (options.trailing_periods > 0 && it->first > p - options.trailing_periods)
                        trailing.merge(*it->second);
                }
                row.running = calculator.evaluate(measure_values(model, running.measures));
                if (options.trailing_periods > 0)
                    row.trailing = calculator.evaluate(measure_values(model, trailing.measures));
            }
            results.rows.push_back(std::move(row));
        }

        // Dimension values in text order, each subtotal after its members, periods in time order.
        std::stable_sort(results.rows.begin(), results.rows.end(), [dims](const KpiRow& a, const KpiRow& b) {
            if (a.period.has_value() != b.period.has_value()) return a.period.has_value();
            if (a.period != b.period) return *a.period < *b.period;
            for (std::size_t d = 0; d < dims; ++d) {
                const auto& x = a.dimensions[d];
                const auto& y = b.dimensions[d];
                if (x.has_value() != y.has_value()) return x.has_value();
                if (x && *x != *y) return *x < *y;
            }
            return false;
        });

        if (targets) {
            TargetMatcher matcher(*targets, model, options, calendar, results.notes);
            for (const auto& [line, reason] : targets->rejected)
                results.notes.push_back(targets->source_name + ": line " + std::to_string(line) + ": " + reason +
                                        "; target ignored");
            for (auto& row : results.rows) {
                row.targets.assign(model.kpis.size(), std::nullopt);
                row.attainment.assign(model.kpis.size(), Value());
                row.status.assign(model.kpis.size(), Value());
                for (std::size_t k = 0; k < model.kpis.size(); ++k) {
                    const TargetEntry* entry = matcher.find(model.kpis[k].name, row);
                    if (!entry) continue;
                    row.targets[k] = entry->target;
                    const Value& actual = row.kpis[k];
                    if (!actual.is_number()) {
                        const Value missing =
                            actual.is_error() ? actual : Value(Error{ErrorKind::value, "not a number"});
                        row.attainment[k] = missing;
                        row.status[k] = missing;
                        continue;
                    }
                    auto a = attainment(actual.number(), entry->target, model.kpis[k].direction);
                    row.attainment[k] = a ? Value(a.value()) : Value(a.error());
                    auto s = status_against_target(actual.number(), entry->target, model.kpis[k].direction,
                                                   entry->thresholds);
                    row.status[k] = s ? Value(std::string(to_string(s.value()))) : Value(s.error());
                }
            }
        }
        return results;
    } catch (const std::bad_alloc&) {
        return make_error(ErrorKind::value, data_path + ": not enough memory for this many groups");
    } catch (const std::exception&) {
        // A library's exception text is nothing a user can act on.
        return make_error(ErrorKind::value, data_path +
                                                ": could not be computed (kpilot failed on something in it; "
                                                "please report the file)");
    }
}

}  // namespace kpilot
