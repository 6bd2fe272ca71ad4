// Raw touchpoints into paths: each journey's touches in time order, cut at
// each conversion (the converting touch is the path's last), with touches
// older than the lookback window left out and counted.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <unordered_map>

#include "errors_as_values.hpp"
#include "kpilot/attribution_input.hpp"
#include "kpilot/csv_stream.hpp"
#include "kpilot/number_text.hpp"
#include "kpilot/text_case.hpp"

namespace kpilot::attribution {

namespace {

// "2026-03-01", "2026-03-01T14:05", "2026-03-01 14:05:30" (a trailing Z or
// offset is ignored: one file, one clock), in days since 1899-12-30 as
// Excel counts them.
std::optional<double> parse_timestamp(std::string_view text, DateOrder order) {
    const auto date = parse_date(text, order);
    if (!date) return std::nullopt;
    double days = *date;
    const std::size_t t = text.find_first_of("T ");
    if (t == std::string_view::npos) return days;
    std::string_view time = text.substr(t + 1);
    int parts[3] = {0, 0, 0};
    for (int k = 0; k < 3 && !time.empty(); ++k) {
        // Digits only: from_chars would take "-5" for an hour, and "14:xx" is no time at all.
        if (time.front() < '0' || time.front() > '9') return std::nullopt;
        const auto [end, ec] = std::from_chars(time.data(), time.data() + time.size(), parts[k]);
        if (ec != std::errc()) return std::nullopt;
        time.remove_prefix(static_cast<std::size_t>(end - time.data()));
        if (time.empty() || time.front() != ':') break;
        time.remove_prefix(1);
    }
    if (parts[0] > 23 || parts[1] > 59 || parts[2] > 60) return std::nullopt;
    return days + (parts[0] * 3600.0 + parts[1] * 60.0 + parts[2]) / 86400.0;
}

std::optional<bool> parse_flag(std::string_view text) {
    const std::string t = lowercase(trimmed_cell(text));
    if (t == "1" || t == "true" || t == "yes" || t == "y") return true;
    if (t == "0" || t == "false" || t == "no" || t == "n" || t.empty()) return false;
    return std::nullopt;
}

// Bits: a touch may create both the lead and the opportunity ("lead+opportunity").
enum Stage : std::uint8_t { no_stage = 0, lead_stage = 1, opportunity_stage = 2 };

// "lead", "opportunity", both joined by + , ; / or a space, or blank.
std::optional<std::uint8_t> parse_stage(std::string_view text) {
    std::uint8_t stage = no_stage;
    std::string word;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        const char ch = i < text.size() ? text[i] : ' ';
        if (std::isalpha(static_cast<unsigned char>(ch))) {
            word += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            continue;
        }
        if (word.empty()) continue;
        if (word == "lead")
            stage |= lead_stage;
        else if (word == "opportunity")
            stage |= opportunity_stage;
        else
            return std::nullopt;
        word.clear();
    }
    return stage;
}

struct Touch {
    std::uint32_t journey;
    std::uint32_t order;  // row order, to keep ties in file order
    std::size_t line;     // the file line, so a model's complaint can name it
    double time;
    ChannelId channel;
    bool converted;
    std::uint8_t stage;
    double value;
};

struct Problem {
    std::string column;
    std::string reason;
};

}  // namespace

namespace {

Result<PathInput> touchpoints_as_paths(const std::string& file, const TouchpointReadOptions& options) {
    if (!std::isfinite(options.lookback_days) || options.lookback_days < 0.0)
        return Error{ErrorKind::num, "the lookback window must be 0 (none) or more days"};
    auto opened = CsvStream::open_file(file, options.csv);
    if (!opened) return opened.error();
    CsvStream& csv = opened.value();
    const TouchpointColumns& c = options.columns;
    const auto journey_at = column_named(csv.header(), c.journey);
    const auto time_at = column_named(csv.header(), c.timestamp);
    const auto channel_at = column_named(csv.header(), c.channel);
    const auto converted_at = column_named(csv.header(), c.converted);
    const auto value_at = column_named(csv.header(), c.value);
    const auto stage_at = column_named(csv.header(), c.stage);
    std::string missing;
    for (const auto& [at, name] : {std::pair{journey_at, &c.journey},
                                   {time_at, &c.timestamp},
                                   {channel_at, &c.channel},
                                   {converted_at, &c.converted}})
        if (!at) missing += (missing.empty() ? "\"" : ", \"") + *name + "\"";
    if (!missing.empty()) return Error{ErrorKind::value, file + ": no column " + missing + " in the header"};

    PathInput input;
    std::unordered_map<std::string, std::uint32_t> journeys;
    std::vector<Touch> touches;
    const std::size_t columns = csv.header().size();
    while (true) {
        auto more = csv.next();
        if (!more) return more.error();
        if (!more.value()) break;
        ++input.rows_read;
        const auto fields = csv.fields();
        std::optional<Problem> problem;
        Touch touch{};
        bool value_unused = false;
        if (fields.size() != columns) {
            problem = Problem{
                "", "has " + std::to_string(fields.size()) + " fields, the header has " + std::to_string(columns)};
        } else if (const std::string_view id = trimmed_cell(fields[*journey_at]); id.empty()) {
            problem = Problem{c.journey, "is blank"};
        } else if (const auto time = parse_timestamp(trimmed_cell(fields[*time_at]), options.date_order); !time) {
            problem =
                Problem{c.timestamp, "\"" + std::string(trimmed_cell(fields[*time_at])) + "\" is not a date and time"};
        } else if (const std::string_view channel = trimmed_cell(fields[*channel_at]); channel.empty()) {
            problem = Problem{c.channel, "is blank"};
        } else if (const auto converted = parse_flag(fields[*converted_at]); !converted) {
            problem = Problem{c.converted, "\"" + std::string(trimmed_cell(fields[*converted_at])) +
                                               "\" is not 1/0, true/false or yes/no"};
        } else {
            touch.time = *time;
            touch.converted = *converted;
            if (value_at && touch.converted) {
                const std::string_view v = trimmed_cell(fields[*value_at]);
                const auto value =
                    v.empty() ? std::optional<double>(0.0) : parse_number_text(v, options.csv.decimal_comma);
                if (!value || !std::isfinite(*value) || *value < 0.0)
                    problem = Problem{c.value, "\"" + std::string(v) + "\" is not a value (0 or more)"};
                else
                    touch.value = *value;
            } else if (value_at && !trimmed_cell(fields[*value_at]).empty()) {
                // A value belongs to a conversion; on any other touch it is not used, and said so.
                value_unused = true;
            }
            if (stage_at && !problem) {
                const std::string_view text = trimmed_cell(fields[*stage_at]);
                if (const auto stage = parse_stage(text))
                    touch.stage = *stage;
                else
                    problem = Problem{c.stage,
                                      "\"" + std::string(text) + "\" is not \"lead\", \"opportunity\", both or blank"};
            }
            if (!problem) {
                auto [it, added] = journeys.try_emplace(std::string(id), static_cast<std::uint32_t>(journeys.size()));
                touch.journey = it->second;
                touch.order = static_cast<std::uint32_t>(touches.size());
                touch.line = csv.line();
                if (value_unused) ++input.values_not_on_conversions;
                touch.channel = input.paths.channel(channel);
                touches.push_back(touch);
            }
        }
        if (!problem) continue;
        if (options.strict)
            return Error{ErrorKind::value, file + ":" + std::to_string(csv.line()) +
                                               (problem->column.empty() ? "" : " column \"" + problem->column + "\"") +
                                               ": " + problem->reason};
        input.rejected.push_back({csv.line(), problem->column, problem->reason});
    }
    input.journeys = journeys.size();

    std::sort(touches.begin(), touches.end(), [](const Touch& a, const Touch& b) {
        if (a.journey != b.journey) return a.journey < b.journey;
        if (a.time != b.time) return a.time < b.time;
        return a.order < b.order;
    });
    // One path per conversion, and one (a null) for touches after a journey's last conversion.
    auto close_path = [&](std::size_t first, std::size_t last, bool converted) {
        const double end_time = touches[last].time;
        Path path;
        for (std::size_t k = first; k <= last; ++k) {
            const Touch& t = touches[k];
            const double days = end_time - t.time;
            if (options.lookback_days > 0.0 && days > options.lookback_days) {
                ++input.touches_outside_lookback;
                continue;
            }
            if ((t.stage & lead_stage) && !path.lead_touch) path.lead_touch = path.touches.size();
            if ((t.stage & opportunity_stage) && !path.opportunity_touch) path.opportunity_touch = path.touches.size();
            path.touches.push_back(t.channel);
            path.days_before_conversion.push_back(days);
        }
        path.source_line = touches[last].line;
        if (converted) {
            path.conversions = 1.0;
            path.value = touches[last].value;
        } else {
            path.nulls = 1.0;
        }
        input.paths.add(std::move(path));
    };
    std::size_t start = 0;
    for (std::size_t k = 0; k < touches.size(); ++k) {
        const bool journey_ends = k + 1 == touches.size() || touches[k + 1].journey != touches[k].journey;
        if (touches[k].converted) {
            close_path(start, k, true);
            start = k + 1;
        } else if (journey_ends) {
            close_path(start, k, false);
        }
        if (journey_ends) start = k + 1;
    }
    return input;
}

}  // namespace

Result<PathInput> read_touchpoints_csv(const std::string& file, const TouchpointReadOptions& options) {
    return errors_as_values(file, [&] { return touchpoints_as_paths(file, options); });
}

}  // namespace kpilot::attribution
