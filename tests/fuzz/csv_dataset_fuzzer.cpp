// The CSV readers and the dataset engine over arbitrary bytes: the bytes are a
// data file computed with a small fixed model at every grain (so dates are
// parsed and periods labelled), grouped, with targets, under both decimal
// marks and every date order (each input at two of them). Any crash,
// sanitizer report, hang or runaway allocation is a finding; errors returned
// as values are not.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <string_view>
#include <utility>
#include <vector>

#include "../support/fuzz_input_file.hpp"
#include "kpilot/csv.hpp"
#include "kpilot/csv_stream.hpp"
#include "kpilot/kpi_engine.hpp"
#include "kpilot/kpi_tables.hpp"

namespace {

constexpr std::string_view model_json = R"json({
  "name": "fuzz",
  "date_column": "date",
  "columns": {"date": "date", "channel": "text", "campaign": "text"},
  "measures": {
    "spend": {"aggregate": "sum", "column": "spend"},
    "clicks": {"aggregate": "sum", "column": "clicks"},
    "impressions": {"aggregate": "sum", "column": "impressions"},
    "revenue": {"aggregate": "sum", "column": "revenue"},
    "rows": {"aggregate": "count"},
    "paid_rows": {"aggregate": "count", "filter": "spend > 0 and channel <> 'direct'"},
    "channels": {"aggregate": "count_distinct", "column": "channel"},
    "search_days": {"aggregate": "count_distinct", "column": "date", "filter": "channel == 'search' or clicks >= 10"},
    "largest_spend": {"aggregate": "max", "column": "spend"},
    "fewest_clicks": {"aggregate": "min", "column": "clicks"},
    "average_spend": {"aggregate": "average", "column": "spend"}
  },
  "kpis": {
    "click_through_rate": "KPI.CTR(clicks, impressions)",
    "romi": {"formula": "(revenue * 0.6 - spend) / spend", "unit": "ratio"},
    "cost_per_click": {"formula": "safe_divide(spend, clicks, 0)", "unit": "currency", "direction": "lower"},
    "paid_share": "paid_rows / rows",
    "spend_range": "largest_spend - average_spend * channels / search_days"
  }
})json";

constexpr std::string_view targets_csv =
    "kpi,period,channel,target,on_track_at,at_risk_at\n"
    "romi,,,1.5,,\n"
    "romi,2026-07,search,2,1,0.8\n"
    "cost_per_click,2026-Q3,,0.9,,\n"
    "click_through_rate,2026-07-15,,0.02,,\n"
    "paid_share,FY2027,display,0.5,,\n";

struct Setup {
    kpilot::KpiModel model;
    kpilot::TargetsTable targets;
};

const Setup& setup() {
    static const Setup fixed = [] {
        Setup s;
        auto loaded = kpilot::parse_kpi_model(model_json, "fuzz_model.json");
        if (!loaded.model) {
            for (const auto& p : loaded.problems) std::fprintf(stderr, "%s\n", p.text().c_str());
            std::abort();
        }
        s.model = std::move(*loaded.model);
        kpilot::testing::FuzzInputFile file("targets");
        auto targets = kpilot::read_targets_file(file.holding(std::string(targets_csv)), {});
        if (!targets) std::abort();
        s.targets = std::move(targets.value());
        return s;
    }();
    return fixed;
}

// What a stream gives: the header, each record's line and fields, and how it ended.
struct Reading {
    std::vector<std::string> header;
    std::vector<std::pair<std::size_t, std::vector<std::string>>> records;
    std::string error;
    bool operator==(const Reading&) const = default;
};

Reading drain(kpilot::Result<kpilot::CsvStream> opened) {
    Reading reading;
    if (!opened) {
        reading.error = opened.error().message;
        return reading;
    }
    kpilot::CsvStream& stream = opened.value();
    reading.header = stream.header();
    for (std::size_t records = 0; records < 100000; ++records) {
        auto more = stream.next();
        if (!more) reading.error = more.error().message;
        if (!more || !more.value()) break;
        reading.records.push_back({stream.line(), {stream.fields().begin(), stream.fields().end()}});
    }
    return reading;
}

// The file read in chunks of a few bytes must give exactly what the same bytes
// held whole give: the chunk-boundary code (a quote, a CRLF or a record cut in
// two) is otherwise never reached, since fuzz inputs are far smaller than 4 MB.
void read_in_chunks_and_whole(std::string_view text, const std::string& path, const kpilot::CsvOptions& options,
                              std::size_t chunk_bytes) {
    const Reading whole = drain(kpilot::CsvStream::over_text(text, options, path));
    const Reading chunked = drain(kpilot::CsvStream::open_file(path, options, chunk_bytes));
    if (whole == chunked) return;
    std::fprintf(stderr,
                 "read in chunks of %zu bytes: %zu records, error \"%s\"; held whole: %zu records, error \"%s\"\n",
                 chunk_bytes, chunked.records.size(), chunked.error.c_str(), whole.records.size(), whole.error.c_str());
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace kpilot;
    const Setup& fixed = setup();
    static testing::FuzzInputFile file("data");
    const std::string& path = file.holding(data, size);
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    const std::size_t chunk_bytes = 1 + (size > 0 ? data[size - 1] % 64 : 0);
    read_in_chunks_and_whole(text, path, {}, chunk_bytes);
    read_in_chunks_and_whole(text, path, {';', true}, 1 + chunk_bytes / 2);
    (void)parse_csv(text, {}, "fuzz.csv");

    struct Run {
        Grain grain;
        std::vector<std::string> by;
        DateOrder order;
        bool decimal_comma;
        int fiscal_year_start_month;
        int trailing;
        bool strict;
    };
    static const Run runs[] = {
        {Grain::month, {"channel"}, DateOrder::iso, false, 1, 3, false},
        {Grain::week, {"channel", "campaign"}, DateOrder::day_first, true, 1, 2, false},
        {Grain::quarter, {"campaign"}, DateOrder::month_first, false, 1, 0, false},
        {Grain::day, {}, DateOrder::day_first, false, 1, 7, true},
        {Grain::year, {"channel"}, DateOrder::iso, true, 1, 1, false},
        {Grain::fiscal_year, {"channel"}, DateOrder::month_first, false, 7, 2, false},
    };
    // Every input runs at the grain a user most often asks for, and at one
    // more chosen by its size, so the others are covered without six passes each.
    for (const Run* run : {&runs[0], &runs[1 + size % (std::size(runs) - 1)]}) {
        ComputeOptions options;
        options.by = run->by;
        options.grain = run->grain;
        options.date_order = run->order;
        options.csv.decimal_comma = run->decimal_comma;
        options.fiscal_year_start_month = run->fiscal_year_start_month;
        options.trailing_periods = run->trailing;
        options.strict = run->strict;
        if (run != &runs[0]) (void)check_model_fits(fixed.model, path, options);
        auto results = compute_kpis(fixed.model, path, options, &fixed.targets);
        if (!results) continue;
        (void)long_form_table(results.value(), fixed.model, true);
        (void)wide_form_table(results.value(), fixed.model);
    }
    // No grain: one group per channel, over all periods.
    ComputeOptions ungrouped;
    ungrouped.by = {"channel"};
    ungrouped.subtotals = false;
    if (auto results = compute_kpis(fixed.model, path, ungrouped)) (void)long_form_table(results.value(), fixed.model);
    return 0;
}
