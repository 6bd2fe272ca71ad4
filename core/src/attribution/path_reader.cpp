#include <charconv>
#include <cmath>
#include <functional>

#include "errors_as_values.hpp"
#include "kpilot/attribution_input.hpp"
#include "kpilot/csv_stream.hpp"
#include "kpilot/number_text.hpp"

namespace kpilot::attribution {

namespace {

struct RowProblem {
    std::string column;
    std::string reason;
};

class PathRowReader {
public:
    PathRowReader(const PathReadOptions& options, const std::vector<std::string>& header) : options_(options) {
        const PathColumns& c = options.columns;
        path_ = column_named(header, c.path);
        conversions_ = column_named(header, c.conversions);
        value_ = column_named(header, c.value);
        nulls_ = column_named(header, c.nulls);
        lead_ = column_named(header, c.lead_touch);
        opportunity_ = column_named(header, c.opportunity_touch);
        days_ = column_named(header, c.days);
    }

    std::string missing_columns() const {
        std::string missing;
        if (!path_) missing += "\"" + options_.columns.path + "\"";
        if (!conversions_)
            missing += std::string(missing.empty() ? "" : " and ") + "\"" + options_.columns.conversions + "\"";
        return missing;
    }

    // Reads the row into `path` (reused from row to row, so its vectors keep their room).
    std::optional<RowProblem> read(std::span<const std::string_view> fields, PathSet& channels, Path& path) {
        path.touches.clear();
        path.days_before_conversion.clear();
        path.conversions = path.value = path.nulls = 0.0;
        path.lead_touch.reset();
        path.opportunity_touch.reset();
        if (auto problem = split_path_into(fields[*path_], options_.touch_separator, names_))
            return RowProblem{options_.columns.path, problem->message};
        const std::size_t n = names_.size();

        auto conversions = count(fields, *conversions_, options_.columns.conversions, false);
        if (!conversions) return conversions.error();
        path.conversions = *conversions;
        if (value_) {
            auto value = count(fields, *value_, options_.columns.value, false);
            if (!value) return value.error();
            path.value = *value;
        }
        if (nulls_) {
            auto nulls = count(fields, *nulls_, options_.columns.nulls, true);
            if (!nulls) return nulls.error();
            path.nulls = *nulls;
        }
        if (lead_) {
            auto lead = position(fields, *lead_, options_.columns.lead_touch, n);
            if (!lead) return lead.error();
            path.lead_touch = *lead;
        }
        if (opportunity_) {
            auto opportunity = position(fields, *opportunity_, options_.columns.opportunity_touch, n);
            if (!opportunity) return opportunity.error();
            path.opportunity_touch = *opportunity;
        }
        if (days_ && !trimmed_cell(fields[*days_]).empty()) {
            if (auto problem = split_path_into(fields[*days_], options_.touch_separator, days_text_))
                return RowProblem{options_.columns.days, problem->message};
            if (days_text_.size() != n)
                return RowProblem{options_.columns.days, "has " + std::to_string(days_text_.size()) +
                                                             " entries for a path of " + std::to_string(n) +
                                                             " touches"};
            path.days_before_conversion.reserve(n);
            for (std::string_view d : days_text_) {
                const auto x = parse_number_text(d, options_.csv.decimal_comma);
                if (!x || !std::isfinite(*x) || *x < 0.0)
                    return RowProblem{options_.columns.days,
                                      "\"" + std::string(d) + "\" is not a number of days (0 or more)"};
                path.days_before_conversion.push_back(*x);
            }
        }
        // Channels are added only now: a rejected row must not leave its names behind.
        path.touches.reserve(n);
        for (std::string_view name : names_) path.touches.push_back(channels.channel(name));
        return std::nullopt;
    }

private:
    template <class T>
    struct Read {
        std::optional<T> ok;
        RowProblem problem;
        explicit operator bool() const { return ok.has_value(); }
        const T& operator*() const { return *ok; }
        const RowProblem& error() const { return problem; }
    };

    Read<double> count(std::span<const std::string_view> fields, std::size_t i, const std::string& column,
                       bool blank_is_zero) const {
        const std::string_view text = trimmed_cell(fields[i]);
        if (text.empty()) {
            if (blank_is_zero) return {0.0, {}};
            return {std::nullopt, {column, "is blank"}};
        }
        const auto x = parse_number_text(text, options_.csv.decimal_comma);
        if (!x) return {std::nullopt, {column, "\"" + std::string(text) + "\" is not a number"}};
        if (!std::isfinite(*x) || *x < 0.0)
            return {std::nullopt, {column, "\"" + std::string(text) + "\" is negative"}};
        return {*x, {}};
    }

    // A 1-based touch position; blank when the path has none.
    Read<std::optional<std::size_t>> position(std::span<const std::string_view> fields, std::size_t i,
                                              const std::string& column, std::size_t touches) const {
        const std::string_view text = trimmed_cell(fields[i]);
        if (text.empty()) return {std::optional<std::size_t>{}, {}};
        std::size_t k = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), k);
        if (ec != std::errc() || end != text.data() + text.size() || k < 1 || k > touches)
            return {std::nullopt,
                    {column, "\"" + std::string(text) + "\" is not a touch of the path (1 to " +
                                 std::to_string(touches) + ")"}};
        return {std::optional<std::size_t>(k - 1), {}};
    }

    const PathReadOptions& options_;
    std::vector<std::string_view> names_, days_text_;  // reused from row to row
    std::optional<std::size_t> path_, conversions_, value_, nulls_, lead_, opportunity_, days_;
};

}  // namespace

std::optional<Error> split_path_into(std::string_view text, std::string_view separator,
                                     std::vector<std::string_view>& names) {
    names.clear();
    if (separator.empty()) return Error{ErrorKind::value, "the touch separator is empty"};
    if (trimmed_cell(text).empty()) return Error{ErrorKind::value, "the path is blank"};
    std::size_t start = 0;
    while (true) {
        const std::size_t at = text.find(separator, start);
        const std::string_view name =
            trimmed_cell(text.substr(start, at == std::string_view::npos ? text.npos : at - start));
        if (name.empty())
            return Error{ErrorKind::value, "touch " + std::to_string(names.size() + 1) + " has no channel name"};
        names.push_back(name);
        if (at == std::string_view::npos) break;
        start = at + separator.size();
    }
    return std::nullopt;
}

Result<std::vector<std::string_view>> split_path(std::string_view text, std::string_view separator) {
    std::vector<std::string_view> names;
    if (auto problem = split_path_into(text, separator, names)) return *problem;
    return names;
}

namespace {

Result<PathReadReport> stream_path_rows(const std::string& file, const PathReadOptions& options, PathSet& channels,
                                        const std::function<void(const Path&)>& each_path) {
    auto opened = CsvStream::open_file(file, options.csv);
    if (!opened) return opened.error();
    CsvStream& csv = opened.value();
    PathRowReader reader(options, csv.header());
    if (const std::string missing = reader.missing_columns(); !missing.empty())
        return Error{ErrorKind::value, file + ": no column " + missing + " in the header"};
    PathReadReport report;
    const std::size_t columns = csv.header().size();
    Path path;
    while (true) {
        auto more = csv.next();
        if (!more) return more.error();
        if (!more.value()) break;
        ++report.rows_read;
        std::optional<RowProblem> problem;
        if (csv.fields().size() != columns)
            problem = RowProblem{"", "has " + std::to_string(csv.fields().size()) + " fields, the header has " +
                                         std::to_string(columns)};
        else
            problem = reader.read(csv.fields(), channels, path);
        if (!problem) {
            path.source_line = csv.line();
            each_path(path);
            continue;
        }
        if (options.strict)
            return Error{ErrorKind::value, file + ":" + std::to_string(csv.line()) +
                                               (problem->column.empty() ? "" : " column \"" + problem->column + "\"") +
                                               ": " + problem->reason};
        report.rejected.push_back({csv.line(), problem->column, problem->reason});
    }
    return report;
}

}  // namespace

Result<PathReadReport> stream_paths_csv(const std::string& file, const PathReadOptions& options, PathSet& channels,
                                        const std::function<void(const Path&)>& each_path) {
    return errors_as_values(file, [&] { return stream_path_rows(file, options, channels, each_path); });
}

Result<PathInput> read_paths_csv(const std::string& file, const PathReadOptions& options) {
    PathInput input;
    auto report = stream_paths_csv(file, options, input.paths, [&](const Path& path) { input.paths.add(path); });
    if (!report) return report.error();
    input.rows_read = report.value().rows_read;
    input.rejected = std::move(report.value().rejected);
    return input;
}

}  // namespace kpilot::attribution
