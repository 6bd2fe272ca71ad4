#pragma once
// Reading attribution inputs: a paths export (one row per path, such as
// "search > display > email" with its conversions, value and non-converting
// journeys) or raw touchpoints (one row per touch of a journey), which are
// turned into paths. Bad rows are rejected with line, column and reason.
//
//   kpilot::attribution::PathReadOptions options;   // columns path, conversions, value, nulls
//   auto input = kpilot::attribution::read_paths_csv("paths.csv", options);
//   if (!input) return input.error();               // missing file or column: #VALUE! naming it
//   for (const auto& r : input.value().rejected) warn(r.line, r.column, r.reason);

#include <functional>
#include <string>
#include <vector>

#include "kpilot/attribution.hpp"
#include "kpilot/csv.hpp"
#include "kpilot/dates.hpp"
#include "kpilot/input_rejection.hpp"

namespace kpilot::attribution {

struct PathColumns {
    std::string path = "path";
    std::string conversions = "conversions";
    std::string value = "value";                          // optional: 0 when the file has no such column
    std::string nulls = "nulls";                          // optional: 0 when absent; a blank cell is 0
    std::string lead_touch = "lead_touch";                // optional, 1-based (W-shaped)
    std::string opportunity_touch = "opportunity_touch";  // optional, 1-based (W-shaped)
    std::string days = "days_before_conversion";          // optional, "12 > 3 > 0" (time decay)
};

struct PathReadOptions {
    CsvOptions csv;
    std::string touch_separator = ">";
    PathColumns columns;
    bool strict = false;  // stop at the first bad row
};

struct TouchpointColumns {
    std::string journey = "journey_id";
    std::string timestamp = "timestamp";
    std::string channel = "channel";
    std::string converted = "converted";  // 1/0, true/false, yes/no
    std::string value = "value";          // optional: conversion value on converting rows
    std::string stage =
        "stage";  // optional: "lead", "opportunity" or "lead+opportunity" marks the touch that created it
};

struct TouchpointReadOptions {
    CsvOptions csv;
    TouchpointColumns columns;
    DateOrder date_order = DateOrder::iso;
    // Touches more than this many days before the conversion (or, for a
    // journey that never converts, before its last touch) are left out and
    // counted. 0 keeps every touch.
    double lookback_days = 30.0;
    bool strict = false;
};

struct PathInput {
    PathSet paths;
    std::size_t rows_read = 0;
    std::vector<InputRejection> rejected;
    std::size_t journeys = 0;                  // touchpoints: journeys met
    std::size_t touches_outside_lookback = 0;  // touchpoints: touches left out by the lookback window
    std::size_t values_not_on_conversions = 0;  // touchpoints: value cells on touches that did not convert (unused)
};

Result<PathInput> read_paths_csv(const std::string& file, const PathReadOptions& options);

// The same without keeping the paths: each accepted row goes to `each_path`
// as it is read (the Path is reused: copy what you keep), its channels into
// `channels`. What a PathAttributor needs to attribute a file of any length.
struct PathReadReport {
    std::size_t rows_read = 0;
    std::vector<InputRejection> rejected;
};
Result<PathReadReport> stream_paths_csv(const std::string& file, const PathReadOptions& options, PathSet& channels,
                                        const std::function<void(const Path&)>& each_path);
Result<PathInput> read_touchpoints_csv(const std::string& file, const TouchpointReadOptions& options);

// "search > display > email" into trimmed channel names; nullopt (with the
// reason) when a name is empty.
Result<std::vector<std::string_view>> split_path(std::string_view text, std::string_view separator);
// The same into a vector the caller reuses from row to row (no allocation per row).
std::optional<Error> split_path_into(std::string_view text, std::string_view separator,
                                     std::vector<std::string_view>& names);

}  // namespace kpilot::attribution
